"""Reads shared by the account pages, the staff pages and the services."""

from django.db.models import F, Q, QuerySet

from centres.models import Institution

from .models import (
    InstitutionMembership,
    Invitation,
    InvitationStatus,
    MembershipStatus,
    Role,
    User,
)


def staff_curators() -> QuerySet[User]:
    """The people `is_staff_curator` accepts: active staff in the curator group, and
    superusers."""
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__name=Role.STAFF_CURATOR.value))
        .distinct()
        .order_by("email")
    )


def institution_directory() -> QuerySet[Institution]:
    """The institutions a person may pick from, for select lists."""
    return Institution.objects.only("pk", "name", "name_zh", "country").order_by("name")


def pending_membership_requests() -> QuerySet[InstitutionMembership]:
    """The staff queue: requests staff can decide now (address confirmed) first, oldest first."""
    return (
        InstitutionMembership.objects.filter(status=MembershipStatus.PENDING)
        .select_related("user", "institution")
        .order_by(F("user__email_verified_at").asc(nulls_last=True), "created", "pk")
    )


def latest_membership(user: User) -> InstitutionMembership | None:
    return (
        InstitutionMembership.objects.filter(user=user)
        .select_related("institution", "decided_by")
        .order_by("-created", "-pk")
        .first()
    )


def pending_membership(user: User) -> InstitutionMembership | None:
    return (
        InstitutionMembership.objects.filter(user=user, status=MembershipStatus.PENDING)
        .select_related("institution")
        .first()
    )


def may_request_membership(user: User) -> bool:
    """No institution yet and no request waiting. (`User.institution` is the link in force:
    staff may also set or clear it in the admin.)"""
    return user.institution_id is None and pending_membership(user) is None


def open_invitations() -> QuerySet[Invitation]:
    """Invitations not yet accepted or revoked (expired ones included: staff may revoke them)."""
    return (
        Invitation.objects.filter(status=InvitationStatus.PENDING)
        .select_related("institution", "invited_by")
        .order_by("expires_at", "pk")
    )


def role_labels(user: User) -> list[str]:
    """The person's portal roles, translated, in the order of `Role`."""
    names = set(user.groups.values_list("name", flat=True))
    return [str(role.label) for role in Role if role.value in names]
