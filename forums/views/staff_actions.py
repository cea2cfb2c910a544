"""Staff actions on an event's registrations: mark attended, cancel. Curators only (anonymous
visitors go to the login page, anyone else gets a 403); every change is a POST through a
service, then back to the page with a message."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from .. import services
from ..exceptions import ForumsError
from ..forms import AttendedForm, CancelForm, add_service_error
from ..models import Registration, RegistrationStatus
from .staff_exports import EventStaffMixin

S = RegistrationStatus


class StaffActionView(EventStaffMixin, TemplateView):
    """A staff page of one event that shows a form on GET and acts on POST."""

    http_method_names = ["get", "post"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)

    def get(self, request, *args, **kwargs):
        self.event = self.get_event()
        return self.render_to_response(self.get_context_data(**self.forms()))

    def post(self, request, *args, **kwargs):
        self.event = self.get_event()
        return self.act(**self.forms(data=request.POST))

    def forms(self, data=None) -> dict:
        raise NotImplementedError

    def act(self, **forms):
        raise NotImplementedError


class AttendanceView(StaffActionView):
    """The confirmed registrants, to tick those present; and those already marked attended."""

    template_name = "forums/staff_actions_attendance.html"

    def forms(self, data=None):
        confirmed = Registration.objects.filter(event=self.event, status=S.CONFIRMED).order_by(
            "last_name", "first_name", "pk"
        )
        return {"form": AttendedForm(data, queryset=confirmed)}

    def get_context_data(self, **kwargs):
        attended = Registration.objects.filter(event=self.event, status=S.ATTENDED).order_by(
            "last_name", "first_name", "pk"
        )
        return super().get_context_data(attended=attended, **kwargs)

    def act(self, form):
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        failures, saved = [], 0
        for registration in form.cleaned_data["registrations"]:
            try:
                services.registration_mark_attended(registration=registration, by=self.request.user)
            except ForumsError as exc:
                failures.append((registration, exc))
            else:
                saved += 1
        if saved:
            messages.success(
                self.request,
                ngettext(
                    "%(count)d registrant marked as attended.",
                    "%(count)d registrants marked as attended.",
                    saved,
                )
                % {"count": saved},
            )
        for registration, exc in failures:
            messages.error(self.request, f"{registration.full_name}: {' '.join(exc.messages)}")
        return redirect(self.request.path)


class StaffCancelView(StaffActionView):
    """Cancel one registration (GET asks for confirmation and an optional reason)."""

    template_name = "forums/staff_actions_cancel.html"

    def forms(self, data=None):
        self.registration = get_object_or_404(
            Registration.objects.filter(event=self.event), pk=self.kwargs["pk"]
        )
        return {"form": CancelForm(data)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registration=self.registration,
            can_cancel=self.registration.can_transition_to(S.CANCELLED),
            **kwargs,
        )

    def act(self, form):
        if form.is_valid():
            try:
                services.registration_cancel(
                    registration=self.registration,
                    by=self.request.user,
                    note=form.cleaned_data["note"],
                )
            except ForumsError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    self.request,
                    _("The registration of %(name)s is cancelled.")
                    % {"name": self.registration.full_name},
                )
                return redirect("forums:event_staff", slug=self.event.slug)
        return self.render_to_response(self.get_context_data(form=form))
