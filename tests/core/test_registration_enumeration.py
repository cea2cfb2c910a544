"""Training applications and forum registrations tell a stranger nothing about who is
registered: a second one with an address that has one already gets the page and the API answer
of a new one, after the same work (one e-mail written), and changes nothing of the existing one;
the owner of the address is told by e-mail, at most once per registration and interval. Both
are rate-limited per client address and per address, on the pages and in the API."""

import datetime
import re
from dataclasses import dataclass
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Registration
from greentech.notifications.models import Notification
from tests.forums.factories import RegistrationFactory
from tests.forums.helpers import upcoming_event
from tests.training.factories import ApplicationFactory
from tests.training.helpers import upcoming_cohort
from training.models import Application, ApplicationStatus

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@dataclass
class Flow:
    """One of the two registration flows, as a stranger sees it."""

    name: str
    model: type
    links_template: str
    form: dict
    api_form: dict

    def parent(self):
        return upcoming_cohort() if self.name == "training" else upcoming_event()

    def existing(self, parent, **kwargs):
        if self.name == "training":
            return ApplicationFactory(
                cohort=parent, status=ApplicationStatus.WAITLISTED, waitlist_position=2, **kwargs
            )
        return RegistrationFactory(event=parent, **kwargs)

    def page_url(self, parent):
        if self.name == "training":
            return reverse("training:apply", kwargs={"slug": parent.slug})
        return reverse("forums:register", kwargs={"slug": parent.slug})

    def api_url(self, parent):
        if self.name == "training":
            return reverse("cohort-apply", args=[parent.slug])
        return reverse("forum-event-register", args=[parent.slug])


TRAINING = Flow(
    name="training",
    model=Application,
    links_template="notifications/training_links",
    form={
        "first_name": "Nguyen",
        "last_name": "Thi Lan",
        "country": "VN",
        "institution_name": "Vietnam Academy of Science and Technology",
        "consent_to_data_use": "on",
    },
    api_form={
        "first_name": "Nguyen",
        "last_name": "Thi Lan",
        "country": "VN",
        "consent_to_data_use": True,
    },
)
FORUMS = Flow(
    name="forums",
    model=Registration,
    links_template="notifications/forums_links",
    form={
        "registration_type": "delegate",
        "first_name": "Ana",
        "last_name": "Silva",
        "country": "BR",
    },
    api_form={
        "registration_type": "delegate",
        "first_name": "Ana",
        "last_name": "Silva",
        "country": "BR",
    },
)


@pytest.fixture(params=[TRAINING, FORUMS], ids=lambda flow: flow.name)
def flow(request):
    return request.param


def snapshot(instance):
    return type(instance).objects.values().get(pk=instance.pk)


def owner_mails(flow, email):
    return Notification.objects.filter(recipient=email, template=flow.links_template)


def test_the_page_answers_the_same_after_the_same_work_for_a_known_and_a_new_address(client, flow):
    parent = flow.parent()
    existing = flow.existing(parent, email="known@example.org", first_name="Hidden")
    before = snapshot(existing)
    answers = []
    for email in ["known@example.org", "new@example.org"]:
        written = Notification.objects.count()
        response = client.post(flow.page_url(parent), {**flow.form, "email": email})
        page = client.get(response["Location"])
        answers.append(
            (
                response.status_code,
                response["Location"],
                Notification.objects.count() - written,
                page.status_code,
                CSRF.sub("", page.content.decode()),
            )
        )

    assert answers[0] == answers[1]
    assert answers[0][0] == 302 and answers[0][2] == 1  # one e-mail written either way
    assert "Hidden" not in answers[0][4]
    assert snapshot(existing) == before
    assert flow.model.objects.filter(email__iexact="known@example.org").count() == 1


def test_the_api_answers_the_same_for_a_known_and_a_new_address(client, flow):
    parent = flow.parent()
    existing = flow.existing(parent, email="known@example.org", first_name="Hidden")
    before = snapshot(existing)
    answers = []
    for email in ["KNOWN@example.org", "new@example.org"]:
        written = Notification.objects.count()
        response = client.post(
            flow.api_url(parent), {**flow.api_form, "email": email}, content_type="application/json"
        )
        answers.append(
            (response.status_code, response.json(), Notification.objects.count() - written)
        )

    assert answers[0] == answers[1]
    assert answers[0][0] == 201
    assert answers[0][1]["status"] == "pending_confirmation"
    assert snapshot(existing) == before


def test_the_owner_is_told_once_per_interval_with_the_manage_link(client, flow, settings):
    settings.REGISTRATION_NOTICE_INTERVAL_MINUTES = 24 * 60
    parent = flow.parent()
    existing = flow.existing(parent, email="known@example.org")
    before = snapshot(existing)
    data = {**flow.api_form, "email": "known@example.org"}
    for _ in range(3):
        response = client.post(flow.api_url(parent), data, content_type="application/json")
        assert response.status_code == 201

    [told] = owner_mails(flow, "known@example.org")
    assert "/registrations/manage/" in told.context["manage_url"] or (
        "/applications/manage/" in told.context["manage_url"]
    )

    a_day_later = timezone.now() + datetime.timedelta(days=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=a_day_later):
        client.post(flow.api_url(parent), data, content_type="application/json")

    assert owner_mails(flow, "known@example.org").count() == 2
    assert snapshot(existing) == before


def test_over_the_links_limit_the_owner_mail_is_skipped_and_the_answer_stays_the_same(
    client, flow, settings
):
    settings.RATE_LIMITS = {
        "registration": {"client": "50/h", "target": "50/h"},
        "registration_links": {"target": "1/d"},
    }
    first, second = flow.parent(), flow.parent()
    flow.existing(first, email="known@example.org")
    flow.existing(second, email="known@example.org")
    data = {**flow.api_form, "email": "known@example.org"}

    answers = [
        client.post(flow.api_url(parent), data, content_type="application/json")
        for parent in (first, second)
    ]

    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert owner_mails(flow, "known@example.org").count() == 1


@pytest.fixture
def tight(settings):
    settings.RATE_LIMITS = {
        "registration": {"client": "3/h", "target": "2/h"},
        "registration_links": {"client": "10/h", "target": "5/d"},
    }


def test_the_api_is_limited_per_address_and_per_client_with_retry_after(client, flow, tight):
    parent = flow.parent()
    url = flow.api_url(parent)
    for _ in range(2):
        response = client.post(
            url, {**flow.api_form, "email": "ana@example.org"}, content_type="application/json"
        )
        assert response.status_code == 201

    refused = client.post(
        url, {**flow.api_form, "email": "ANA@example.org"}, content_type="application/json"
    )
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600

    # A fresh client for that address is refused too; the first client, over its own limit,
    # is refused for any address.
    other = client.__class__(REMOTE_ADDR="203.0.113.60")
    again = other.post(
        url, {**flow.api_form, "email": "ana@example.org"}, content_type="application/json"
    )
    assert again.status_code == 429
    elsewhere = client.post(
        url, {**flow.api_form, "email": "bo@example.org"}, content_type="application/json"
    )
    assert elsewhere.status_code == 429
    assert flow.model.objects.count() == 1


def test_the_page_is_limited_and_says_when_to_try_again(client, flow, tight):
    parent = flow.parent()
    url = flow.page_url(parent)
    for email in ["a@example.org", "b@example.org", "c@example.org"]:
        assert client.post(url, {**flow.form, "email": email}).status_code == 302

    refused = client.post(url, {**flow.form, "email": "d@example.org"})

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Please try again in about" in refused.content.decode()
    assert not flow.model.objects.filter(email="d@example.org").exists()


def test_known_and_new_addresses_reach_the_limit_alike(client, flow, tight):
    parent = flow.parent()
    flow.existing(parent, email="known@example.org")
    codes = {}
    for email, address in [
        ("known@example.org", "203.0.113.1"),
        ("new@example.org", "203.0.113.2"),
    ]:
        visitor = client.__class__(REMOTE_ADDR=address)
        codes[email] = [
            visitor.post(flow.page_url(parent), {**flow.form, "email": email}).status_code
            for _ in range(3)
        ]

    assert codes["known@example.org"] == codes["new@example.org"] == [302, 302, 429]
