"""Helpers the account services share."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from ..models import Role, User


def absolute_url(viewname: str, *args) -> str:
    """A link for an e-mail: SITE_URL plus the path."""
    return f"{settings.SITE_URL}{reverse(viewname, args=args)}"


def add_role(user: User, role: Role) -> None:
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    # The role predicates cache the group names on the instance.
    user.__dict__.pop("_role_names", None)


def display_name(user: User) -> str:
    return user.get_full_name() or user.email
