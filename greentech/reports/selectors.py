"""Read queries on reports, restricted to what the user may see (rules.py): a staff curator sees
every report, anyone else their own. A wrong id and someone else's report both give a 404."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from greentech.accounts.rules import is_staff_curator

from .models import Report


def reports_visible_to(user) -> QuerySet[Report]:
    """Newest first, with the requester (the list shows who asked for each)."""
    if not user or not user.is_authenticated:
        return Report.objects.none()
    reports = Report.objects.select_related("requested_by").order_by("-created", "-pk")
    if is_staff_curator(user):
        return reports
    return reports.filter(requested_by=user)


def report_for_user(user, report_id: int) -> Report:
    return get_object_or_404(reports_visible_to(user), pk=report_id)
