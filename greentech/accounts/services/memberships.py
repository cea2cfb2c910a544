"""Institution links: a person asks to act for an institution (or proposes a new one); staff
approve or reject. Approval sets `User.institution` and makes the person a partner submitter."""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from centres.models import Institution
from greentech.notifications import notify

from ..exceptions import AccountsError
from ..models import (
    MEMBERSHIP_TRANSITIONS,
    InstitutionMembership,
    MembershipStatus,
    Role,
    User,
)
from ..selectors import may_request_membership, staff_curators
from ._common import absolute_url, add_role, display_name

logger = logging.getLogger(__name__)

SLUG_MAX_LENGTH = 255


@dataclass(frozen=True)
class InstitutionProposal:
    """A new institution a person asks to add to the directory."""

    name: str
    country: str
    kind: str
    city: str = ""
    website: str = ""


def institution_choice_check(
    *, institution: Institution | None, proposal: InstitutionProposal | None
) -> None:
    """Exactly one of: an institution of the directory, or a proposal for one not listed."""
    if (institution is None) == (proposal is None):
        raise AccountsError(
            {"institution": _("Choose your institution from the list, or propose a new one.")}
        )
    if proposal is None:
        return
    if not proposal.name.strip():
        raise AccountsError({"proposed_name": _("Give the name of the institution.")})
    existing = Institution.objects.filter(name__iexact=proposal.name.strip()).first()
    if existing is not None:
        raise AccountsError(
            {
                "proposed_name": _(
                    "%(name)s is already in the directory: choose it from the list instead."
                )
                % {"name": existing.name}
            }
        )


def partner_membership_request(
    *,
    user: User,
    institution: Institution | None = None,
    proposal: InstitutionProposal | None = None,
) -> InstitutionMembership:
    """Ask to act for `institution` (or for a proposed new one). Staff hear of it once the
    person's address is confirmed (now, or when they follow the verification link)."""
    institution_choice_check(institution=institution, proposal=proposal)
    with transaction.atomic():
        user = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
        if not may_request_membership(user):
            raise AccountsError(
                _("You already have a link to an institution or a request waiting for a decision.")
            )
        membership = InstitutionMembership(user=user, institution=institution)
        if proposal is not None:
            membership.proposed_name = proposal.name.strip()
            membership.proposed_country = proposal.country
            membership.proposed_kind = proposal.kind
            membership.proposed_city = proposal.city.strip()
            membership.proposed_website = proposal.website.strip()
        membership.save()
        logger.info("Institution link request %s by user %s: pending", membership.pk, user.pk)
        if user.email_verified:
            notify_staff_of_request(membership)
    return membership


def notify_staff_of_request(membership: InstitutionMembership) -> None:
    user = membership.user
    context = {
        "person": display_name(user),
        "email": user.email,
        "country": user.country.name if user.country else "",
        "institution": membership.institution.name if membership.institution_id else "",
        "proposed_name": membership.proposed_name,
        "proposed_country": membership.proposed_country.name if membership.proposed_country else "",
        "queue_url": absolute_url("accounts:membership_queue"),
    }
    for curator in staff_curators():
        notify(
            recipient=curator.email,
            recipient_user=curator,
            template="notifications/accounts_membership_requested",
            context=context,
            subject=_("New institution link request from %(person)s")
            % {"person": context["person"]},
        )


def _locked_pending(membership: InstitutionMembership, new_status: str) -> InstitutionMembership:
    locked = (
        InstitutionMembership.objects.select_for_update(of=("self",))
        .select_related("user", "institution")
        .get(pk=membership.pk)
    )
    if new_status not in MEMBERSHIP_TRANSITIONS[locked.status]:
        raise AccountsError(
            _("The request of %(person)s was already %(status)s.")
            % {"person": display_name(locked.user), "status": locked.get_status_display().lower()}
        )
    return locked


def _decide(membership: InstitutionMembership, status: str, *, by: User | None, note: str) -> None:
    old = membership.status
    membership.status = status
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.note = note
    membership.save(
        update_fields=["status", "institution", "decided_by", "decided_at", "note", "modified"]
    )
    logger.info(
        "Institution link request %s: %s -> %s by user %s",
        membership.pk,
        old,
        status,
        by.pk if by else None,
    )


def partner_membership_approve(
    *,
    membership: InstitutionMembership,
    by: User,
    institution: Institution | None = None,
    note: str = "",
) -> InstitutionMembership:
    """Link the person to the institution and make them a partner submitter.

    The institution is `institution` when staff choose one, else the one requested, else one
    created from the proposal (or the directory's institution of that name in the same country).
    Refused until the person has confirmed their e-mail address: the link opens the institution's
    declarations to them.
    """
    with transaction.atomic():
        membership = _locked_pending(membership, MembershipStatus.APPROVED)
        user = User.objects.select_for_update(of=("self",)).get(pk=membership.user_id)
        if not user.email_verified:
            raise AccountsError(
                _("%(person)s has not confirmed their e-mail address yet.")
                % {"person": display_name(user)}
            )
        target = institution or membership.institution or _institution_from_proposal(membership)
        if user.institution_id is not None and user.institution_id != target.pk:
            raise AccountsError(
                _("%(person)s is already linked to %(institution)s.")
                % {"person": display_name(user), "institution": user.institution.name}
            )
        membership.institution = target
        _decide(membership, MembershipStatus.APPROVED, by=by, note=note.strip())
        user.institution = target
        user.save(update_fields=["institution"])
        add_role(user, Role.PARTNER_SUBMITTER)
        notify(
            recipient=user.email,
            recipient_user=user,
            template="notifications/accounts_membership_approved",
            context={
                "person": display_name(user),
                "institution": target.name,
                "note": membership.note,
                "profile_url": absolute_url("accounts:profile"),
            },
            subject=_("You can now declare technologies for %(institution)s")
            % {"institution": target.name},
        )
    return membership


def partner_membership_reject(
    *, membership: InstitutionMembership, by: User, reason: str
) -> InstitutionMembership:
    """Refuse the link; the person gets the reason by e-mail and may ask again."""
    reason = (reason or "").strip()
    if not reason:
        raise AccountsError({"reason": _("Give the reason: the person receives it by e-mail.")})
    with transaction.atomic():
        membership = _locked_pending(membership, MembershipStatus.REJECTED)
        _decide(membership, MembershipStatus.REJECTED, by=by, note=reason)
        user = membership.user
        notify(
            recipient=user.email,
            recipient_user=user,
            template="notifications/accounts_membership_rejected",
            context={
                "person": display_name(user),
                "institution": membership.requested_name,
                "reason": reason,
                "request_url": absolute_url("accounts:request_membership"),
            },
            subject=_("Your institution link request was not approved"),
        )
    return membership


def membership_close_for_invitation(
    *, user: User, institution: Institution, by: User | None
) -> InstitutionMembership:
    """An invitation links the person to `institution`: a pending request for it is approved, a
    pending request for another one is closed as superseded (no e-mail: the invitation says it
    all), and the approved link is returned."""
    pending = (
        InstitutionMembership.objects.select_for_update(of=("self",))
        .filter(user=user, status=MembershipStatus.PENDING)
        .first()
    )
    note = str(_("Linked by invitation."))
    approved = (
        InstitutionMembership.objects.filter(
            user=user, institution=institution, status=MembershipStatus.APPROVED
        )
        .order_by("-decided_at")
        .first()
    )
    if approved is not None and pending is None and user.institution_id == institution.pk:
        return approved
    if pending is not None and pending.institution_id == institution.pk:
        _decide(pending, MembershipStatus.APPROVED, by=by, note=note)
        return pending
    if pending is not None:
        _decide(
            pending,
            MembershipStatus.REJECTED,
            by=by,
            note=str(_("Replaced by an invitation to %(institution)s."))
            % {"institution": institution.name},
        )
    membership = InstitutionMembership(
        user=user,
        institution=institution,
        status=MembershipStatus.APPROVED,
        decided_by=by,
        decided_at=timezone.now(),
        note=note,
    )
    membership.save()
    logger.info("Institution link %s for user %s: approved by invitation", membership.pk, user.pk)
    return membership


def _institution_from_proposal(membership: InstitutionMembership) -> Institution:
    name = membership.proposed_name.strip()
    existing = Institution.objects.filter(name__iexact=name).first()
    if existing is not None:
        if existing.country == membership.proposed_country:
            return existing
        raise AccountsError(
            _(
                "The directory already has an institution named %(name)s, in %(country)s, "
                "while the request says %(proposed_country)s. Choose the institution to link "
                "to, or correct the proposal first."
            )
            % {
                "name": existing.name,
                "country": existing.country.name,
                "proposed_country": membership.proposed_country.name
                if membership.proposed_country
                else "-",
            }
        )
    institution = Institution(
        name=name,
        slug=_unique_slug(name),
        kind=membership.proposed_kind,
        country=membership.proposed_country,
        city=membership.proposed_city,
        website=membership.proposed_website,
    )
    try:
        institution.full_clean()
    except ValidationError as exc:
        raise AccountsError(
            _("The proposed institution cannot be created: %(errors)s")
            % {"errors": " ".join(exc.messages)}
        ) from exc
    institution.save()
    logger.info("Institution %s created from link request %s", institution.pk, membership.pk)
    return institution


def _unique_slug(name: str) -> str:
    base = slugify(name)[: SLUG_MAX_LENGTH - 8] or "institution"
    slug, number = base, 1
    while Institution.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
