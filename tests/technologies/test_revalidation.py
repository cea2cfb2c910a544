"""Yearly re-validation: providers are asked before an entry's validity ends, confirm with
the signed link, and unconfirmed entries are archived (hidden from the pool) until staff
restore them."""

import datetime as dt
import time

import pytest
from django.core import signing
from django.urls import reverse

from greentech.notifications.models import Notification
from technologies import services
from technologies.models import Technology, TechnologyStatus
from technologies.services.reminders import (
    REVALIDATION_SALT,
    revalidation_token,
    technologies_request_revalidation,
)
from tests.factories import PartnerFactory, StaffCuratorFactory
from tests.technologies.factories import PublishedTechnologyFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 10)


def entry(valid_until, **kwargs):
    partner = PartnerFactory()
    return PublishedTechnologyFactory(
        provider=partner.institution, submitted_by=partner, valid_until=valid_until, **kwargs
    )


def requests():
    return Notification.objects.filter(template="notifications/technologies_revalidation_requested")


def confirm_url(technology):
    return reverse("technologies_revalidation:confirm", args=[revalidation_token(technology)])


def test_provider_is_asked_once_when_validity_ends_within_the_notice_period(settings):
    settings.TECHNOLOGY_REVALIDATION_NOTICE_DAYS = 30
    soon = entry(TODAY + dt.timedelta(days=20))
    entry(TODAY + dt.timedelta(days=31))
    entry(TODAY - dt.timedelta(days=1))

    first = technologies_request_revalidation(today=TODAY)
    same_day_again = technologies_request_revalidation(today=TODAY)

    assert (first, same_day_again) == (1, 0)
    email = requests().get()
    assert email.recipient == soon.submitted_by.email
    assert "/technologies/revalidate/" in email.context["link"]


def test_opening_the_link_confirms_nothing_until_the_button_is_pressed(client):
    technology = entry(TODAY + dt.timedelta(days=20))

    response = client.get(confirm_url(technology))

    assert response.status_code == 200
    assert technology.name in response.content.decode()
    technology.refresh_from_db()
    assert technology.valid_until == TODAY + dt.timedelta(days=20)


def test_confirming_keeps_the_entry_a_year_past_its_date_and_the_link_then_says_so(client):
    valid_until = TODAY + dt.timedelta(days=20)
    technology = entry(valid_until)
    url = confirm_url(technology)

    response = client.post(url)
    again = client.post(url)

    technology.refresh_from_db()
    assert response.status_code == 200
    assert technology.valid_until == valid_until.replace(year=valid_until.year + 1)
    assert "already confirmed" in again.content.decode()
    technology.refresh_from_db()
    assert technology.valid_until == valid_until.replace(year=valid_until.year + 1)


def test_tampered_link_is_refused(client):
    technology = entry(TODAY + dt.timedelta(days=20))
    token = revalidation_token(technology)

    response = client.post(reverse("technologies_revalidation:confirm", args=[token[:-2] + "xx"]))

    assert response.status_code == 400
    technology.refresh_from_db()
    assert technology.valid_until == TODAY + dt.timedelta(days=20)


def test_link_for_another_entry_id_is_refused_without_a_signature(client):
    forged = signing.dumps({"t": 1, "v": "2026-01-01"}, salt="another-salt")
    assert (
        client.get(reverse("technologies_revalidation:confirm", args=[forged])).status_code == 400
    )


def test_expired_link_is_refused(client, settings):
    technology = entry(TODAY + dt.timedelta(days=20))
    settings.TECHNOLOGY_REVALIDATION_NOTICE_DAYS = 1  # links then last 31 days
    token = signing.dumps(
        {"t": technology.pk, "v": technology.valid_until.isoformat()}, salt=REVALIDATION_SALT
    )
    real_time = time.time
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(time, "time", lambda: real_time() + 32 * 86400)
        response = client.get(reverse("technologies_revalidation:confirm", args=[token]))
    assert response.status_code == 400


def test_archived_entry_cannot_be_confirmed_from_the_link_and_staff_can_restore_it(client):
    technology = entry(TODAY - dt.timedelta(days=1))
    url = confirm_url(technology)
    assert services.technologies_archive_expired(today=TODAY) == 1

    response = client.post(url)

    assert response.status_code == 409
    assert "restore" in response.content.decode()
    technology.refresh_from_db()
    assert technology.status == TechnologyStatus.ARCHIVED
    assert not Technology.objects.published().filter(pk=technology.pk).exists()
    assert (
        client.get(reverse("technologies:pool_detail", args=[technology.slug])).status_code == 404
    )

    services.technology_restore(technology=technology, by=StaffCuratorFactory())
    technology.refresh_from_db()
    assert technology.status == TechnologyStatus.ACCEPTED
    assert Technology.objects.published().filter(pk=technology.pk).exists()
