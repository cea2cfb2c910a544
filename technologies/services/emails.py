"""The technology pool's e-mails, written to the outbox inside the caller's transaction.

Contexts hold only JSON-friendly values (ids, strings, ISO dates, absolute links). E-mails to
submitters never name reviewers nor show scores.
"""

from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop

from greentech.accounts.models import Role, User
from greentech.notifications import notify

from .. import links
from ..models import DecisionOutcome, ReviewAssignment, Technology
from ..selectors import curators_of


def _format(message, params):
    return gettext(message) % params


_lazy_format = lazy(_format, str)


def _subject(message: str, **params):
    """A subject translated in the notification's language (`message` is marked with
    gettext_noop), filled with `params`."""
    return _lazy_format(message, params)


def _technology_context(technology: Technology) -> dict:
    return {
        "technology_id": technology.pk,
        "technology_name": technology.name,
        "call_title": technology.call.title,
        "provider_name": str(technology.provider),
        "status": technology.status,
    }


def submitter_recipients(technology: Technology) -> list[User]:
    """Who hears about a declaration: the person who declared it, or, when that account is gone
    or inactive, the provider's active partner submitters."""
    declarer = technology.submitted_by
    if declarer is not None and declarer.is_active:
        return [declarer]
    return list(
        User.objects.filter(
            is_active=True,
            institution_id=technology.provider_id,
            groups__name=Role.PARTNER_SUBMITTER.value,
        )
        .distinct()
        .order_by("email")
    )


def _send(users, *, template: str, context: dict, subject, dedupe_key: str = "") -> int:
    """Write one e-mail per user; with a `dedupe_key`, each user gets it once ever (the key is
    made per user). Returns how many were written."""
    written = 0
    for user in users:
        notification = notify(
            recipient=user.email,
            recipient_user=user,
            template=f"notifications/technologies_{template}",
            context={**context, "recipient_name": user.get_full_name() or user.email},
            subject=subject,
            dedupe_key=f"{dedupe_key}:user-{user.pk}" if dedupe_key else "",
        )
        written += notification is not None
    return written


def submission_received(technology: Technology, *, by) -> None:
    _send(
        [by],
        template="submission_received",
        context={**_technology_context(technology), "link": links.submission_detail(technology.pk)},
        subject=_subject(gettext_noop("Declaration received: %(name)s"), name=technology.name),
    )


def returned_to_draft(technology: Technology, *, reason: str) -> None:
    _send(
        submitter_recipients(technology),
        template="returned_to_draft",
        context={
            **_technology_context(technology),
            "reason": reason,
            "link": links.submission_detail(technology.pk),
        },
        subject=_subject(
            gettext_noop("Declaration returned for completion: %(name)s"), name=technology.name
        ),
    )


def expert_assigned(assignment: ReviewAssignment) -> None:
    technology = assignment.technology
    _send(
        [assignment.expert],
        template="expert_assigned",
        context={
            **_technology_context(technology),
            "assignment_id": assignment.pk,
            "due_on": assignment.due_on.isoformat(),
            "link": links.review_form(assignment.pk),
            "my_reviews_link": links.my_reviews(),
        },
        subject=_subject(gettext_noop("Review requested: %(name)s"), name=technology.name),
    )


def reviews_complete(technology: Technology, *, count: int) -> None:
    _send(
        curators_of(technology),
        template="reviews_complete",
        context={
            **_technology_context(technology),
            "review_count": count,
            "link": links.decision(technology.pk),
        },
        subject=_subject(gettext_noop("All reviews are in: %(name)s"), name=technology.name),
    )


def conflict_declared(assignment: ReviewAssignment, *, note: str) -> None:
    technology = assignment.technology
    _send(
        curators_of(technology),
        template="conflict_declared",
        context={
            **_technology_context(technology),
            "expert_name": str(assignment.expert),
            "note": note,
            "link": links.staff_submission(technology.pk),
        },
        subject=_subject(
            gettext_noop("Conflict of interest declared: %(name)s"), name=technology.name
        ),
    )


def decision_released(technology: Technology, *, outcome: str) -> None:
    """The decision to the submitter: with the staff's feedback, never reviewers or scores."""
    context = {
        **_technology_context(technology),
        "outcome": outcome,
        "feedback": technology.feedback,
        "link": links.submission_detail(technology.pk),
    }
    if outcome == DecisionOutcome.REVISE:
        _send(
            submitter_recipients(technology),
            template="revision_requested",
            context=context,
            subject=_subject(gettext_noop("Revision requested: %(name)s"), name=technology.name),
        )
        return
    if outcome == DecisionOutcome.ACCEPT:
        context["pool_link"] = links.pool_detail(technology.slug)
        context["valid_until"] = technology.valid_until.isoformat()
    _send(
        submitter_recipients(technology),
        template="decision",
        context=context,
        subject=_subject(
            gettext_noop("Decision on your declaration: %(name)s"), name=technology.name
        ),
    )


def review_reminder(assignment: ReviewAssignment, *, stage: str, today) -> int:
    """To the expert: a review is due soon (`stage` "before") or today ("due")."""
    technology = assignment.technology
    days_left = (assignment.due_on - today).days
    if stage == "due":
        subject = _subject(gettext_noop("Review due today: %(name)s"), name=technology.name)
    else:
        subject = _subject(
            gettext_noop("Review due on %(date)s: %(name)s"),
            date=assignment.due_on.isoformat(),
            name=technology.name,
        )
    return _send(
        [assignment.expert],
        template="review_reminder",
        context={
            **_technology_context(technology),
            "assignment_id": assignment.pk,
            "due_on": assignment.due_on.isoformat(),
            "days_left": days_left,
            "stage": stage,
            "link": links.review_form(assignment.pk),
            "my_reviews_link": links.my_reviews(),
        },
        subject=subject,
        dedupe_key=f"review-reminder:{assignment.pk}:{stage}:{assignment.due_on.isoformat()}",
    )


def review_overdue(assignment: ReviewAssignment, *, today) -> int:
    """To staff: an expert's review is past its due date."""
    technology = assignment.technology
    return _send(
        curators_of(technology),
        template="review_overdue",
        context={
            **_technology_context(technology),
            "assignment_id": assignment.pk,
            "expert_name": str(assignment.expert),
            "expert_email": assignment.expert.email,
            "due_on": assignment.due_on.isoformat(),
            "days_overdue": (today - assignment.due_on).days,
            "link": links.staff_submission(technology.pk),
        },
        subject=_subject(
            gettext_noop("Review overdue: %(name)s (%(expert)s)"),
            name=technology.name,
            expert=str(assignment.expert),
        ),
        dedupe_key=f"review-overdue:{assignment.pk}:{assignment.due_on.isoformat()}",
    )


def revalidation_requested(technology: Technology, *, link_token: str) -> int:
    """To the provider: confirm that the pool entry is still current before it expires."""
    return _send(
        submitter_recipients(technology),
        template="revalidation_requested",
        context={
            **_technology_context(technology),
            "valid_until": technology.valid_until.isoformat(),
            "pool_link": links.pool_detail(technology.slug),
            "link": links.revalidate(link_token),
        },
        subject=_subject(
            gettext_noop("Please confirm your pool entry is current: %(name)s"),
            name=technology.name,
        ),
        dedupe_key=f"revalidate:{technology.pk}:{technology.valid_until.isoformat()}",
    )
