"""Absolute links to the technology pool's pages, for e-mails and API responses.

The one place these paths are written down: the pages serve exactly these paths (route names in
parentheses, in technologies/urls.py, which must list them before the pool's catch-all
`<slug>/` route). Services put these links in notification contexts; an e-mail is rendered
later by a worker, outside any request, so it needs absolute URLs built from SITE_URL.
"""

from django.conf import settings

PREFIX = "/technologies"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{PREFIX}{path}"


def my_submissions() -> str:
    """A partner's declarations (technologies:my_submissions)."""
    return _absolute("/submissions/")


def submission_detail(pk: int) -> str:
    """One declaration as its partner sees it (technologies:submission_detail)."""
    return _absolute(f"/submissions/{pk}/")


def my_reviews() -> str:
    """An expert's assignments (technologies:my_reviews)."""
    return _absolute("/reviews/")


def review_form(assignment_pk: int) -> str:
    """An expert's review form for one assignment (technologies:review_form)."""
    return _absolute(f"/reviews/{assignment_pk}/")


def staff_submission(pk: int) -> str:
    """A declaration on the staff pages: screening and assignments
    (technologies:staff_submission)."""
    return _absolute(f"/staff/submissions/{pk}/")


def decision(pk: int) -> str:
    """The staff decision page of a declaration (technologies:decision)."""
    return _absolute(f"/staff/submissions/{pk}/decision/")


def attachment_download(pk: int) -> str:
    """An attachment, served to people who may see its declaration
    (technologies:attachment_download)."""
    return _absolute(f"/attachments/{pk}/")


def pool_detail(slug: str) -> str:
    """A published technology's public page (technologies:pool_detail)."""
    return _absolute(f"/{slug}/")


def revalidate(token: str) -> str:
    """The provider's signed link to confirm a pool entry is current
    (technologies_revalidation:confirm)."""
    return _absolute(f"/revalidate/{token}/")


# First path segments the pages above use: a technology slug must never be one of them, or its
# pool page would be hidden behind a page route.
RESERVED_SLUGS = frozenset(
    {"submissions", "reviews", "staff", "attachments", "calls", "needs", "revalidate"}
)
