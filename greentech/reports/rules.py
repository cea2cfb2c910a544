"""Who may request, see, download and retry which report.

- A staff curator requests any kind of report and sees every report.
- A partner submitter who belongs to an institution requests the technology pool report
  restricted to their own institution, and nothing else; they see their own reports only.
- Nobody else reaches the reports page (anonymous visitors are sent to the login page).

`reports.request_report` is checked on an unsaved `Report` (its kind and parameters), so the
service and the page ask the same question before anything is written.
"""

import rules

from greentech.accounts.rules import is_partner_submitter, is_staff_curator

from .models import ReportKind


@rules.predicate
def has_institution(user) -> bool:
    return bool(user and user.is_authenticated and user.institution_id is not None)


@rules.predicate
def is_requester(user, report) -> bool:
    return report is not None and user.is_authenticated and report.requested_by_id == user.pk


@rules.predicate
def is_pool_report(user, report) -> bool:
    return report is not None and report.kind == ReportKind.POOL


@rules.predicate
def is_for_own_institution(user, report) -> bool:
    """The report is restricted to the user's institution (a pool report's "institution")."""
    if report is None or not has_institution(user):
        return False
    return (report.parameters or {}).get("institution") == user.institution_id


is_institution_partner = is_partner_submitter & has_institution

rules.add_perm("reports.access_reports", is_staff_curator | is_institution_partner)
# For the navigation: a rule, so no model permissions are loaded on every page.
rules.add_rule("reports.show_reports_page", is_staff_curator | is_institution_partner)
rules.add_perm(
    "reports.request_report",
    is_staff_curator | (is_institution_partner & is_pool_report & is_for_own_institution),
)
rules.add_perm("reports.view_report", is_staff_curator | is_requester)
rules.add_perm("reports.retry_report", is_staff_curator | is_requester)
