"""Keeps the role groups' model permissions in step with the models after every migrate."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .models import Role

# Staff curators curate every domain model in the admin, manage people's accounts (approve
# partners, invite experts) and edit the periodic-task schedules. Only superusers grant
# permissions or edit groups.
CURATED_APPS = [
    "core",
    "accounts",
    "centres",
    "labs",
    "technologies",
    "training",
    "forums",
    "notifications",
    "django_celery_beat",
]
CURATOR_READ_ONLY_APPS = ["auth"]
# Login failures (django-axes): curators see them and lift lock-outs (deleting the records).
CURATOR_LOCKOUT_PERMISSIONS = ["view_accessattempt", "delete_accessattempt"]
# API tokens: curators see them (never a secret: none is stored) and revoke them.
CURATOR_TOKEN_PERMISSIONS = ["view_apitoken", "change_apitoken"]


def curator_permissions():
    return Permission.objects.filter(
        Q(content_type__app_label__in=CURATED_APPS)
        | Q(content_type__app_label__in=CURATOR_READ_ONLY_APPS, codename__startswith="view_")
        | Q(content_type__app_label="axes", codename__in=CURATOR_LOCKOUT_PERMISSIONS)
        | Q(content_type__app_label="apitokens", codename__in=CURATOR_TOKEN_PERMISSIONS)
    )


def sync_role_groups(*, using="default", **kwargs):
    # Runs once per migrated app; the last app (the domain apps come last) leaves it complete.
    for role in Role:
        Group.objects.using(using).get_or_create(name=role.value)
    curators = Group.objects.using(using).get(name=Role.STAFF_CURATOR.value)
    curators.permissions.set(list(curator_permissions()))
