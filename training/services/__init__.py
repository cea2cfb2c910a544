"""Every write of the training workflow: apply, confirm, select, cancel, waitlist promotion,
attendance, certificates, reminders. Views, the API, admin actions and tasks call these."""

from .applications import (
    SelectionOutcome,
    application_cancel,
    application_confirm,
    application_resend_link,
    application_select,
    application_submit,
    application_tell_owner,
    application_transition,
    cohort_fill_from_waitlist,
)
from .attendance import (
    application_mark_attended,
    attendance_mark,
    certificate_issue,
    cohort_days,
)
from .reminders import applications_send_start_reminders

__all__ = [
    "SelectionOutcome",
    "application_cancel",
    "application_confirm",
    "application_mark_attended",
    "application_resend_link",
    "application_select",
    "application_submit",
    "application_tell_owner",
    "application_transition",
    "applications_send_start_reminders",
    "attendance_mark",
    "certificate_issue",
    "cohort_days",
    "cohort_fill_from_waitlist",
]
