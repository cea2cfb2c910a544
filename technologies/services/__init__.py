"""Writes on the technology pool: one function per use case (`<entity>_<action>`), keyword
arguments, each in a transaction, raising `technologies.exceptions` errors, changing a
technology's status only through `technology_transition`, and writing e-mails to the outbox in
the same transaction. Pages, the API, the admin and tasks call these."""

from .assignments import (
    assignment_create,
    assignment_declare_conflict,
    assignment_release,
    notify_if_all_reviews_in,
)
from .attachments import (
    attachment_add,
    attachment_max_bytes,
    attachment_remove,
    detect_type,
    name_for_type,
    submission_max_bytes,
)
from .decisions import (
    call_release_decisions,
    technologies_archive_expired,
    technology_archive,
    technology_decide,
    technology_release_decision,
    technology_restore,
)
from .declarations import (
    DECLARATION_FIELDS,
    application_case_add,
    application_case_remove,
    application_case_update,
    technology_create_draft,
    technology_submit,
    technology_update_draft,
    technology_withdraw,
    unique_slug,
)
from .matching import need_match_confirm, need_match_dismiss  # noqa: F401
from .reviews import review_submit
from .screening import (
    technology_return_to_draft,
    technology_screen_accept,
    technology_start_screening,
)
from .transitions import technology_transition

__all__ = [
    "DECLARATION_FIELDS",
    "application_case_add",
    "application_case_remove",
    "application_case_update",
    "assignment_create",
    "assignment_declare_conflict",
    "assignment_release",
    "attachment_add",
    "attachment_max_bytes",
    "attachment_remove",
    "call_release_decisions",
    "detect_type",
    "name_for_type",
    "notify_if_all_reviews_in",
    "review_submit",
    "submission_max_bytes",
    "technologies_archive_expired",
    "technology_archive",
    "technology_create_draft",
    "technology_decide",
    "technology_release_decision",
    "technology_restore",
    "technology_return_to_draft",
    "technology_screen_accept",
    "technology_start_screening",
    "technology_submit",
    "technology_transition",
    "technology_update_draft",
    "technology_withdraw",
    "unique_slug",
]
