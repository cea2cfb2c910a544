"""Every model registered in the admin: its changelist, add and change pages open for staff."""

import importlib
import pkgutil

import factory
import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

import tests

SUPERUSER_ONLY_MODELS = {"auth.group"}


def _factories_by_model():
    found = {}
    modules = [importlib.import_module("tests.factories")]
    for info in pkgutil.iter_modules(tests.__path__):
        if info.ispkg:
            try:
                modules.append(importlib.import_module(f"tests.{info.name}.factories"))
            except ModuleNotFoundError:
                continue
    for module in modules:
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
            ):
                found.setdefault(value._meta.model, value)
    return found


def _third_party_object(model):
    if model is IntervalSchedule:
        return IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    if model is CrontabSchedule:
        return CrontabSchedule.objects.create(minute="0", hour="6")
    if model is SolarSchedule:
        return SolarSchedule.objects.create(event="sunrise", latitude=39.9, longitude=116.4)
    if model is ClockedSchedule:
        return ClockedSchedule.objects.create(clocked_time=timezone.now())
    if model is PeriodicTask:
        schedule = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
        return PeriodicTask.objects.create(
            name="walk", task="notifications.send", interval=schedule
        )
    from axes.models import AccessAttempt
    from django.contrib.auth.models import Group

    if model is AccessAttempt:
        return AccessAttempt.objects.create(
            username="walk@example.org",
            ip_address="198.51.100.1",
            user_agent="walk",
            failures_since_start=1,
            attempt_time=timezone.now(),
        )
    if model is Group:
        return Group.objects.create(name="Walk group")
    raise LookupError(model)


def _an_object(model, factories):
    existing = model._default_manager.first()
    if existing is not None:
        return existing
    if model in factories:
        return factories[model]()
    return _third_party_object(model)


REGISTERED = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=[m._meta.label_lower for m in REGISTERED])
def test_staff_opens_changelist_add_and_change_pages(client, curator, superuser, model):
    opts = model._meta
    user = superuser if opts.label_lower in SUPERUSER_ONLY_MODELS else curator
    client.force_login(user)
    obj = _an_object(model, _factories_by_model())
    model_admin = admin.site._registry[model]
    prefix = f"admin:{opts.app_label}_{opts.model_name}"

    changelist = client.get(reverse(f"{prefix}_changelist"))
    assert changelist.status_code == 200, opts.label
    assert str(obj.pk) in changelist.content.decode() or changelist.context["cl"].result_count

    change = client.get(reverse(f"{prefix}_change", args=[obj.pk]))
    assert change.status_code == 200, opts.label

    request = change.wsgi_request
    if model_admin.has_add_permission(request):
        add = client.get(reverse(f"{prefix}_add"))
        assert add.status_code == 200, opts.label


@pytest.mark.django_db
def test_every_domain_model_is_registered_in_the_admin():
    from django.apps import apps

    domain_apps = [
        "core",
        "accounts",
        "centres",
        "labs",
        "technologies",
        "training",
        "forums",
        "notifications",
    ]
    missing = [
        model._meta.label
        for app in domain_apps
        for model in apps.get_app_config(app).get_models()
        if model not in admin.site._registry and not model._meta.auto_created
    ]
    assert missing == []


@pytest.mark.django_db
def test_a_curator_cannot_edit_groups(client, curator):
    client.force_login(curator)
    assert client.get(reverse("admin:auth_group_add")).status_code == 403
