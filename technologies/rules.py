"""Who may see or do what with which technology, declaration, assignment or attachment.

Two kinds of predicates:

- relations (who): `is_provider_partner` (a partner submitter of the providing institution),
  `is_assigned_expert` (an expert with an assignment they have not declined), `is_staff_curator`;
- states (when): `is_editable`, `is_withdrawable`, `is_in_screening`, `is_under_review`.

The permissions combine both, so pages can show a button only when it works. The API checks the
relation only and lets the service refuse a wrong state with its own message (a 400 that says
why, rather than a bare 403). The services check the relation again themselves.

What each person sees:

- a partner submitter: their own institution's declarations, their status, and the decision
  with the staff's feedback once it is released; never reviewer names or scores;
- an expert reviewer: the declarations assigned to them (not declined); the other reviews of the
  same declaration only once their own is submitted, and then scores, recommendations and
  comments without reviewers' names;
- a staff curator: everything.
"""

import rules

from greentech.accounts.rules import is_expert_reviewer, is_partner_submitter, is_staff_curator

from .models import (
    EDITABLE_BY_SUBMITTER,
    PUBLISHED_STATES,
    WITHDRAWABLE,
    AssignmentStatus,
    ReviewAssignment,
    TechnologyStatus,
)

SCREENABLE_STATES = frozenset({TechnologyStatus.SUBMITTED, TechnologyStatus.SCREENING})
ACTIVE_ASSIGNMENT_STATES = frozenset({AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED})


@rules.predicate
def is_published(user, technology) -> bool:
    """The technology is in the public pool (accepted)."""
    return technology is not None and technology.status in PUBLISHED_STATES


# --- relations -----------------------------------------------------------------------------


@rules.predicate
def is_provider_partner(user, technology) -> bool:
    """A partner submitter of the institution that provides the technology."""
    if technology is None or not is_partner_submitter(user):
        return False
    return user.institution_id is not None and user.institution_id == technology.provider_id


def _own_assignment_states(user, technology) -> set[str]:
    """The statuses of the user's assignments to this technology (one at most)."""
    return set(
        ReviewAssignment.objects.filter(technology=technology, expert=user).values_list(
            "status", flat=True
        )
    )


@rules.predicate
def is_assigned_expert(user, technology) -> bool:
    """An expert reviewer assigned to the technology who has not declined it."""
    if technology is None or technology.pk is None or not is_expert_reviewer(user):
        return False
    return bool(_own_assignment_states(user, technology) & ACTIVE_ASSIGNMENT_STATES)


@rules.predicate
def has_reviewed(user, technology) -> bool:
    """An expert reviewer whose own review of the technology is submitted."""
    if technology is None or technology.pk is None or not is_expert_reviewer(user):
        return False
    return AssignmentStatus.SUBMITTED in _own_assignment_states(user, technology)


@rules.predicate
def is_assignment_expert(user, assignment) -> bool:
    """The expert of this assignment (still an expert reviewer)."""
    return (
        assignment is not None
        and is_expert_reviewer(user)
        and assignment.expert_id == getattr(user, "pk", None)
    )


# --- states --------------------------------------------------------------------------------


@rules.predicate
def is_editable(user, technology) -> bool:
    return technology is not None and technology.status in EDITABLE_BY_SUBMITTER


@rules.predicate
def is_withdrawable(user, technology) -> bool:
    return technology is not None and technology.status in WITHDRAWABLE


@rules.predicate
def is_in_screening(user, technology) -> bool:
    return technology is not None and technology.status in SCREENABLE_STATES


@rules.predicate
def is_under_review(user, technology) -> bool:
    return technology is not None and technology.status == TechnologyStatus.UNDER_REVIEW


@rules.predicate
def is_open_assignment(user, assignment) -> bool:
    """Waiting for its review, on a technology still under review."""
    return (
        assignment is not None
        and assignment.status == AssignmentStatus.ASSIGNED
        and assignment.technology.status == TechnologyStatus.UNDER_REVIEW
    )


can_view_submission = is_staff_curator | is_provider_partner | is_assigned_expert


@rules.predicate
def may_view_attachment_submission(user, attachment) -> bool:
    return attachment is not None and can_view_submission.test(user, attachment.technology)


# Anyone sees a pool entry; staff curators see every declaration in every state.
rules.add_perm("technologies.view_technology", is_published | is_staff_curator)

rules.add_perm("technologies.view_submission", can_view_submission)
rules.add_perm("technologies.change_submission", is_provider_partner & is_editable)
rules.add_perm("technologies.submit_submission", is_provider_partner & is_editable)
rules.add_perm("technologies.withdraw_submission", is_provider_partner & is_withdrawable)
rules.add_perm("technologies.screen_submission", is_staff_curator & is_in_screening)
rules.add_perm("technologies.assign_experts", is_staff_curator & is_under_review)
rules.add_perm("technologies.decide_submission", is_staff_curator & is_under_review)
rules.add_perm("technologies.review_assignment", is_assignment_expert & is_open_assignment)
rules.add_perm("technologies.view_review_of_others", is_staff_curator | has_reviewed)
rules.add_perm("technologies.download_attachment", may_view_attachment_submission)

# Who sees the partner pages (open calls, my submissions) in the navigation. A rule, not a
# permission: the navigation must not load the user's model permissions on every page.
rules.add_perm("technologies.declare_technology", is_partner_submitter)
rules.add_rule("technologies.show_partner_pages", is_partner_submitter)


# --- Technology needs and their matches ----------------------------------------------------


@rules.predicate
def is_published_need(user, need) -> bool:
    """The need is public (staff may unpublish one while they curate it)."""
    return need is not None and need.is_published


# Anyone sees a published need and its suggested technologies; staff curators see every need.
rules.add_perm("technologies.view_need", is_published_need | is_staff_curator)
# Staff curators confirm that a technology answers a need, or dismiss a suggestion.
rules.add_perm("technologies.decide_need_match", is_staff_curator)
