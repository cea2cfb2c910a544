"""Staff invite people by e-mail to become partner submitters or expert reviewers."""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Institution
from greentech.notifications import notify

from ..exceptions import AccountsError
from ..models import (
    INVITABLE_ROLES,
    INVITATION_TRANSITIONS,
    InstitutionMembership,
    Invitation,
    InvitationStatus,
    MembershipStatus,
    Role,
    User,
)
from ..tokens import invitation_max_age_days, make_invitation_token
from ._common import absolute_url, add_role, display_name
from .memberships import membership_close_for_invitation

logger = logging.getLogger(__name__)


def invitation_check(*, email: str, role: str, institution: Institution | None) -> str:
    """Whether staff may invite this address to this role; returns the normalised address.
    Errors are keyed by field so a form shows them next to the input."""
    email = User.objects.normalize_email(email or "").strip().lower()
    if role not in {r.value for r in INVITABLE_ROLES}:
        raise AccountsError({"role": _("Invite people as partner submitters or expert reviewers.")})
    if role == Role.PARTNER_SUBMITTER and institution is None:
        raise AccountsError(
            {"institution": _("A partner submitter invitation must name the institution.")}
        )
    still_open = (
        Invitation.objects.filter(
            email__iexact=email,
            role=role,
            status=InvitationStatus.PENDING,
            expires_at__gt=timezone.now(),
        )
        .order_by("-expires_at")
        .first()
    )
    if still_open is not None:
        raise AccountsError(
            {
                "email": _(
                    "An invitation for this address and role is still open until %(date)s. "
                    "Revoke it first to send a new one."
                )
                % {"date": timezone.localtime(still_open.expires_at).date().isoformat()}
            }
        )
    user = User.objects.filter(email__iexact=email).select_related("institution").first()
    if user is not None:
        _check_existing_account(user, role=role, institution=institution)
    return email


def _check_existing_account(user: User, *, role: str, institution: Institution | None) -> None:
    if user.groups.filter(name=role).exists():
        raise AccountsError(
            {
                "email": _("%(email)s already has the role %(role)s.")
                % {"email": user.email, "role": Role(role).label}
            }
        )
    _refuse_conflicting_link(user, role=role, institution=institution)


def _refuse_conflicting_link(user: User, *, role: str, institution: Institution | None) -> None:
    if not user.is_active:
        raise AccountsError({"email": _("The account of this address is deactivated.")})
    if (
        role == Role.PARTNER_SUBMITTER
        and user.institution_id is not None
        and user.institution_id != institution.pk
    ):
        raise AccountsError(
            {
                "institution": _("%(email)s is linked to %(institution)s.")
                % {"email": user.email, "institution": user.institution.name}
            }
        )


def invitation_create(
    *, email: str, role: str, institution: Institution | None = None, invited_by: User
) -> Invitation:
    """Record the invitation and e-mail its link; it expires after
    ACCOUNT_INVITATION_MAX_AGE_DAYS."""
    with transaction.atomic():
        email = invitation_check(email=email, role=role, institution=institution)
        invitation = Invitation.objects.create(
            email=email,
            role=role,
            institution=institution,
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=invitation_max_age_days()),
        )
        logger.info("Invitation %s created by user %s", invitation.pk, invited_by.pk)
        notify(
            recipient=email,
            template="notifications/accounts_invitation",
            context={
                "role": str(Role(role).label),
                "is_expert": role == Role.EXPERT_REVIEWER,
                "institution": institution.name if institution else "",
                "invited_by": display_name(invited_by),
                "has_account": User.objects.filter(email__iexact=email).exists(),
                "accept_url": absolute_url(
                    "accounts:accept_invitation", make_invitation_token(invitation)
                ),
                "expires_on": timezone.localtime(invitation.expires_at).date().isoformat(),
            },
            subject=_("You are invited to the GreenTech Cooperation Portal"),
        )
    return invitation


def _locked(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("institution")
        .get(pk=invitation.pk)
    )


def _guard(invitation: Invitation, new_status: str) -> None:
    if invitation.status == InvitationStatus.ACCEPTED:
        raise AccountsError(_("This invitation has already been used."), code="used")
    if invitation.status == InvitationStatus.REVOKED:
        raise AccountsError(_("This invitation was revoked."), code="revoked")
    if new_status not in INVITATION_TRANSITIONS[invitation.status]:
        raise AccountsError(_("This invitation cannot change any more."), code="closed")


def invitation_check_usable(invitation: Invitation) -> None:
    """Refuse an invitation that was used, revoked or has expired (AccountsError, with code
    used / revoked / expired)."""
    _guard(invitation, InvitationStatus.ACCEPTED)
    if invitation.is_expired:
        raise AccountsError(
            _("This invitation has expired. Ask the portal staff for a new one."), code="expired"
        )


def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """End a pending invitation (expired or not): its link stops working."""
    with transaction.atomic():
        invitation = _locked(invitation)
        _guard(invitation, InvitationStatus.REVOKED)
        invitation.status = InvitationStatus.REVOKED
        invitation.revoked_by = by
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["status", "revoked_by", "revoked_at", "modified"])
        logger.info("Invitation %s: pending -> revoked by user %s", invitation.pk, by.pk)
    return invitation


def invitation_accept(*, invitation: Invitation, user: User) -> Invitation:
    """The person the invitation was sent to, logged in with their existing account, takes the
    role (and, for a partner, the institution link)."""
    with transaction.atomic():
        invitation = _locked(invitation)
        invitation_check_usable(invitation)
        if user.email.lower() != invitation.email.lower():
            raise AccountsError(
                _("This invitation was sent to %(email)s, not to the account you are using.")
                % {"email": invitation.email},
                code="other_account",
            )
        user = (
            User.objects.select_for_update(of=("self",))
            .select_related("institution")
            .get(pk=user.pk)
        )
        _refuse_conflicting_link(user, role=invitation.role, institution=invitation.institution)
        _apply(invitation, user)
    return invitation


def invitation_accept_with_signup(
    *,
    invitation: Invitation,
    first_name: str,
    last_name: str,
    password: str,
    country: str = "",
) -> User:
    """Create the invited person's account (the link proves the address) and give the role."""
    with transaction.atomic():
        invitation = _locked(invitation)
        invitation_check_usable(invitation)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise AccountsError(
                _("An account with this address exists already: log in to accept."),
                code="has_account",
            )
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    invitation.email,
                    password,
                    first_name=first_name.strip(),
                    last_name=last_name.strip(),
                    country=country,
                    consented_at=timezone.now(),
                )
        except IntegrityError:
            raise AccountsError(
                _("An account with this address exists already: log in to accept."),
                code="has_account",
            ) from None
        logger.info("User %s signed up by invitation %s", user.pk, invitation.pk)
        _apply(invitation, user)
    return user


def _apply(invitation: Invitation, user: User) -> None:
    now = timezone.now()
    if not user.email_verified:
        user.email_verified_at = now
        user.save(update_fields=["email_verified_at"])
    institution = invitation.institution
    if invitation.role == Role.PARTNER_SUBMITTER:
        membership_close_for_invitation(
            user=user, institution=institution, by=invitation.invited_by
        )
        _link(user, institution)
    elif institution is not None and user.institution_id is None and not _has_pending(user):
        # An expert's institution matters for conflicts of interest.
        membership_close_for_invitation(
            user=user, institution=institution, by=invitation.invited_by
        )
        _link(user, institution)
    add_role(user, Role(invitation.role))
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_by = user
    invitation.accepted_at = now
    invitation.save(update_fields=["status", "accepted_by", "accepted_at", "modified"])
    logger.info("Invitation %s: pending -> accepted by user %s", invitation.pk, user.pk)


def _link(user: User, institution: Institution) -> None:
    if user.institution_id != institution.pk:
        user.institution = institution
        user.save(update_fields=["institution"])


def _has_pending(user: User) -> bool:
    return InstitutionMembership.objects.filter(user=user, status=MembershipStatus.PENDING).exists()
