"""The reports page: request a report, watch its progress, download it, retry a failed one.

Staff curators and partner submitters of an institution only (rules.py): anonymous visitors go
to the login page, anyone else gets a 403. Each report is looked up among those the user may see,
so someone else's report is a 404.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from greentech.accounts.rules import is_staff_curator
from greentech.core.downloads import XLSX_TYPE, safe_filename
from greentech.core.files import stored_file_response

from .forms import ReportRequestForm
from .models import ReportFormat
from .selectors import report_for_user, reports_visible_to
from .services import report_request, report_retry

PAGE_SIZE = 25
CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: XLSX_TYPE,
    ReportFormat.CSV: "text/csv; charset=utf-8",
}


class ReportsAccessMixin(PermissionRequiredMixin):
    permission_required = "reports.access_reports"

    def get_permission_object(self):
        return None


def _add_errors(form, exc: ValidationError) -> None:
    """Show a service error on the field it is about, or above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = field if field in form.fields else None
        if field == NON_FIELD_ERRORS:
            target = None
        form.add_error(target, errors)


class ReportListView(ReportsAccessMixin, View):
    template_name = "reports/list.html"

    def get_form(self, data=None) -> ReportRequestForm:
        user = self.request.user
        return ReportRequestForm(
            data, user=user, may_choose_anything=is_staff_curator(user), prefix="report"
        )

    def render_page(self, form, status=200):
        user = self.request.user
        page = Paginator(reports_visible_to(user), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context = {
            "form": form,
            "page": page,
            "reports": page.object_list,
            "is_staff": is_staff_curator(user),
            "institution": user.institution if not is_staff_curator(user) else None,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(self.get_form())

    def post(self, request):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                report = report_request(
                    kind=form.cleaned_data["kind"],
                    format=form.cleaned_data["format"],
                    parameters=form.parameters(),
                    requested_by=request.user,
                    language=get_language(),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Report requested: %(kind)s, %(description)s. It appears below when ready.")
                    % {"kind": report.get_kind_display(), "description": report.description},
                )
                return redirect("reports:list")
        return self.render_page(form, status=400)


class ReportStatusView(ReportsAccessMixin, View):
    """One row of the list, for htmx to swap in every two seconds while the report is queued
    or running (the row stops asking once it is done or failed)."""

    def get(self, request, pk):
        report = report_for_user(request.user, pk)
        return render(
            request,
            "reports/_report_row.html",
            {"report": report, "is_staff": is_staff_curator(request.user)},
        )


class ReportDownloadView(ReportsAccessMixin, View):
    def get(self, request, pk):
        report = report_for_user(request.user, pk)
        if not report.is_done or not report.file:
            raise Http404(_("This report has no file yet."))
        stem = slugify(f"{report.kind}-{report.description}")[:80] or report.kind
        return stored_file_response(
            report.file,
            filename=safe_filename(f"{stem}-{report.pk}", report.format),
            content_type=CONTENT_TYPES[report.format],
            missing=_("The report's file is missing; request it again."),
        )


class ReportRetryView(ReportsAccessMixin, View):
    def post(self, request, pk):
        report = report_for_user(request.user, pk)
        try:
            report_retry(report_id=report.pk, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The report is queued again."))
        return redirect("reports:list")
