"""Staff actions on a cohort's applications: selection, attendance per day, the attended status,
certificates, cancellation. Curators only (anonymous visitors go to the login page, anyone else
gets a 403); every change is a POST through a service, then back to the page with a message."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from .. import services
from ..exceptions import TrainingError
from ..forms import (
    ApplicationChoiceForm,
    AttendanceGridForm,
    CancelForm,
    SelectionForm,
    add_service_error,
)
from ..models import HOLDS_PLACE, Application, ApplicationStatus, Cohort
from .staff_exports import CohortStaffMixin

S = ApplicationStatus


def _by_name(queryset):
    return queryset.order_by("last_name", "first_name", "pk")


def _report_errors(request, failures: list[tuple[Application, TrainingError]]) -> None:
    for application, exc in failures:
        messages.error(request, f"{application.full_name}: {' '.join(exc.messages)}")


class StaffActionView(CohortStaffMixin, TemplateView):
    """A staff page of one cohort that shows a form on GET and acts on POST."""

    http_method_names = ["get", "post"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(cohort=self.cohort, **kwargs)

    def get(self, request, *args, **kwargs):
        self.cohort = self.get_cohort()
        return self.render_to_response(self.get_context_data(**self.forms()))

    def post(self, request, *args, **kwargs):
        self.cohort = self.get_cohort()
        return self.act(**self.forms(data=request.POST))

    def forms(self, data=None) -> dict:
        raise NotImplementedError

    def act(self, **forms):
        raise NotImplementedError

    def back(self):
        return redirect(self.request.path)


class SelectionView(StaffActionView):
    """Accept, waitlist or decline the applications pending selection, several at once (in the
    order of the list: an acceptance takes a place while there is one)."""

    template_name = "training/staff_actions_selection.html"

    def pending(self):
        return Application.objects.filter(cohort=self.cohort, status=S.PENDING_SELECTION).order_by(
            "created", "pk"
        )

    def forms(self, data=None):
        return {"form": SelectionForm(data, applications=self.pending())}

    def get_context_data(self, **kwargs):
        held = (
            Application.objects.filter(cohort=self.cohort, status__in=HOLDS_PLACE)
            .values("country")
            .annotate(n=Count("pk"))
            .order_by()
        )
        places_by_country = {row["country"]: row["n"] for row in held}
        for application in kwargs["form"].applications:
            application.country_places = places_by_country.get(application.country.code, 0)
        return super().get_context_data(**kwargs)

    def act(self, form):
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        decisions = form.decisions()
        if not decisions:
            form.add_error(None, _("Choose a decision for at least one application."))
            return self.render_to_response(self.get_context_data(form=form))
        note = form.cleaned_data["note"]
        failures, saved = [], 0
        for application, outcome in decisions:
            try:
                result = services.application_select(
                    application=application, outcome=outcome, by=self.request.user, note=note
                )
            except TrainingError as exc:
                failures.append((application, exc))
                continue
            saved += 1
            if outcome == services.SelectionOutcome.ACCEPT and result.status == S.WAITLISTED:
                messages.warning(
                    self.request,
                    _(
                        "%(name)s was accepted but no place was free (or the country's limit "
                        "is reached): waitlisted, position %(position)s."
                    )
                    % {"name": result.full_name, "position": result.waitlist_position},
                )
        if saved:
            messages.success(
                self.request,
                ngettext("%(count)d decision saved.", "%(count)d decisions saved.", saved)
                % {"count": saved},
            )
        _report_errors(self.request, failures)
        return self.back()


class AttendanceView(StaffActionView):
    """A grid of the participants (confirmed or attended) and the cohort's days; one POST saves
    every changed cell through the attendance service. Present on every day makes the
    application attended."""

    template_name = "training/staff_actions_attendance.html"

    def participants(self):
        return _by_name(
            Application.objects.filter(
                cohort=self.cohort, status__in=[S.CONFIRMED, S.ATTENDED]
            ).prefetch_related("attendance")
        )

    def forms(self, data=None):
        return {
            "form": AttendanceGridForm(
                data, applications=self.participants(), days=services.cohort_days(self.cohort)
            ),
            "attended_form": attended_form(self.cohort),
        }

    def act(self, form, attended_form):
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, attended_form=attended_form)
            )
        failures, saved = [], 0
        for application, day, present in form.changes():
            try:
                services.attendance_mark(
                    application=application, day=day, present=present, by=self.request.user
                )
            except TrainingError as exc:
                failures.append((application, exc))
            else:
                saved += 1
        if saved or not failures:
            messages.success(
                self.request,
                ngettext(
                    "Attendance saved (%(count)d change).",
                    "Attendance saved (%(count)d changes).",
                    saved,
                )
                % {"count": saved},
            )
        _report_errors(self.request, failures)
        return self.back()


def attended_form(cohort: Cohort, data=None) -> ApplicationChoiceForm:
    """Confirmed participants who can be marked as having attended the whole cohort."""
    queryset = _by_name(Application.objects.filter(cohort=cohort, status=S.CONFIRMED))
    return ApplicationChoiceForm(data, queryset=queryset, prefix="attended")


class MarkAttendedView(StaffActionView):
    """Mark confirmed participants as having attended the whole cohort (no day records)."""

    http_method_names = ["post"]
    template_name = "training/staff_actions_attendance.html"

    def forms(self, data=None):
        return {"attended_form": attended_form(self.cohort, data)}

    def act(self, attended_form):
        if not attended_form.is_valid():
            for error in attended_form.errors.get("applications", []):
                messages.error(self.request, error)
            return redirect("training:cohort_attendance", slug=self.cohort.slug)
        failures, saved = [], 0
        for application in attended_form.cleaned_data["applications"]:
            try:
                services.application_mark_attended(application=application, by=self.request.user)
            except TrainingError as exc:
                failures.append((application, exc))
            else:
                saved += 1
        if saved:
            messages.success(
                self.request,
                ngettext(
                    "%(count)d participant marked as attended.",
                    "%(count)d participants marked as attended.",
                    saved,
                )
                % {"count": saved},
            )
        _report_errors(self.request, failures)
        return redirect("training:cohort_attendance", slug=self.cohort.slug)


class CertificatesView(StaffActionView):
    """The attended applications with their certificates; issue the missing ones."""

    template_name = "training/staff_actions_certificates.html"

    def forms(self, data=None):
        without = _by_name(
            Application.objects.filter(
                cohort=self.cohort, status=S.ATTENDED, certificate__isnull=True
            )
        )
        return {"form": ApplicationChoiceForm(data, queryset=without)}

    def get_context_data(self, **kwargs):
        attended = _by_name(
            Application.objects.filter(cohort=self.cohort, status=S.ATTENDED).select_related(
                "certificate"
            )
        )
        return super().get_context_data(attended=attended, **kwargs)

    def act(self, form):
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        failures, issued = [], 0
        for application in form.cleaned_data["applications"]:
            try:
                services.certificate_issue(application=application, by=self.request.user)
            except TrainingError as exc:
                failures.append((application, exc))
            else:
                issued += 1
        if issued:
            messages.success(
                self.request,
                ngettext(
                    "%(count)d certificate issued; its holder was e-mailed.",
                    "%(count)d certificates issued; their holders were e-mailed.",
                    issued,
                )
                % {"count": issued},
            )
        _report_errors(self.request, failures)
        return self.back()


class StaffCancelView(StaffActionView):
    """Cancel one application (GET asks for confirmation and an optional reason)."""

    template_name = "training/staff_actions_cancel.html"

    def forms(self, data=None):
        self.application = get_object_or_404(
            Application.objects.filter(cohort=self.cohort), pk=self.kwargs["pk"]
        )
        return {"form": CancelForm(data)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.application,
            can_cancel=self.application.can_transition_to(S.CANCELLED),
            **kwargs,
        )

    def act(self, form):
        if form.is_valid():
            try:
                services.application_cancel(
                    application=self.application,
                    by=self.request.user,
                    note=form.cleaned_data["note"],
                )
            except TrainingError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    self.request,
                    _("The application of %(name)s is cancelled.")
                    % {"name": self.application.full_name},
                )
                return redirect("training:cohort_staff", slug=self.cohort.slug)
        return self.render_to_response(self.get_context_data(form=form))
