"""Role predicates shared by every app's rules."""

import rules

from .models import Role


@rules.predicate
def is_staff_curator(user) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (user.is_staff and _in_group(user, Role.STAFF_CURATOR))


@rules.predicate
def is_partner_submitter(user) -> bool:
    return _in_group(user, Role.PARTNER_SUBMITTER)


@rules.predicate
def is_expert_reviewer(user) -> bool:
    return _in_group(user, Role.EXPERT_REVIEWER)


def _in_group(user, role: Role) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    # Cache the user's group names on the instance: a page asks several times.
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return role.value in names


rules.add_perm("accounts.access_staff_pages", is_staff_curator)
rules.add_rule("accounts.show_staff_pages", is_staff_curator)
rules.add_rule("accounts.show_expert_pages", is_expert_reviewer)


@rules.predicate
def is_profile_owner(user, profile) -> bool:
    """The expert profile is the person's own (saved or about to be created)."""
    return (
        profile is not None
        and user is not None
        and user.is_authenticated
        and profile.user_id == user.pk
    )


# Staff decide on institution link requests and invite partners and experts.
rules.add_perm("accounts.review_membership", is_staff_curator)
rules.add_perm("accounts.invite_people", is_staff_curator)
# Experts keep their own expertise profile; staff edit any profile in the admin.
rules.add_perm("accounts.edit_expert_profile", is_expert_reviewer & is_profile_owner)
