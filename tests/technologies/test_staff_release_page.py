"""Releasing a call's staged decisions together: the page lists them, one POST releases them all
(publication and every e-mail at once), other calls' staged decisions stay staged."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from technologies import services
from technologies.models import DecisionOutcome, TechnologyStatus
from tests.factories import StaffCuratorFactory
from tests.technologies.builders import assigned, open_call, reviewed, under_review

pytestmark = pytest.mark.django_db

S = TechnologyStatus


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def staged(call, curator, outcome, name, feedback="Feedback."):
    technology = under_review(call=call, curator=curator, name=name)
    reviewed(assigned(technology, curator=curator), score=Decimal(4))
    return services.technology_decide(
        technology=technology, outcome=outcome, feedback=feedback, by=curator, release=False
    )


@pytest.fixture
def staged_call(curator):
    call = open_call()
    accepted = staged(call, curator, DecisionOutcome.ACCEPT, "Heat pump dryer", "Welcome.")
    rejected = staged(call, curator, DecisionOutcome.REJECT, "Coal washer", "Out of scope.")
    return call, accepted, rejected


def release_url(call):
    return reverse("technologies:release_decisions", args=[call.slug])


def test_the_release_page_lists_the_calls_staged_decisions_only(curator_client, staged_call):
    call, accepted, rejected = staged_call
    other = staged(open_call(), StaffCuratorFactory(), DecisionOutcome.ACCEPT, "Other call's")
    undecided = under_review(call=call, name="Not decided yet")

    response = curator_client.get(release_url(call))

    assert response.status_code == 200
    assert [t.pk for t in response.context["staged"]] == [accepted.pk, rejected.pk]
    page = text(response)
    assert "Heat pump dryer" in page and "Coal washer" in page
    assert "Out of scope." in page
    assert other.name not in page and undecided.name not in page
    assert dict(response.context["outcome_counts"]) == {
        "Accept and publish": 1,
        "Request a revision": 0,
        "Reject": 1,
    }
    assert "Release all 2 decisions" in page


def test_one_post_releases_every_staged_decision_of_the_call_and_sends_every_email(
    curator_client, staged_call, client, mailoutbox, django_capture_on_commit_callbacks
):
    call, accepted, rejected = staged_call
    other = staged(open_call(), StaffCuratorFactory(), DecisionOutcome.ACCEPT, "Other call's")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(release_url(call), follow=True)

    for technology in (accepted, rejected, other):
        technology.refresh_from_db()
    assert (accepted.status, rejected.status) == (S.ACCEPTED, S.REJECTED)
    assert (other.status, other.staged_outcome) == (S.UNDER_REVIEW, DecisionOutcome.ACCEPT)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [accepted.submitted_by.email, rejected.submitted_by.email]
    )
    assert "2 decisions released" in text(response)
    assert response.context["staged"] == []
    pool = client.get(reverse("technologies:pool"))
    assert [t.name for t in pool.context["technologies"]] == ["Heat pump dryer"]


def test_releasing_a_call_without_staged_decisions_says_so(curator_client):
    call = open_call()

    response = curator_client.post(release_url(call), follow=True)

    assert "There was no staged decision to release." in text(response)


def test_an_unknown_call_is_a_404(curator_client):
    assert (
        curator_client.get(reverse("technologies:release_decisions", args=["nope"])).status_code
        == 404
    )


@pytest.mark.parametrize("items", [1, 3])
def test_the_release_page_keeps_a_fixed_number_of_queries(
    client, curator, django_assert_max_num_queries, items
):
    call = open_call()
    for number in range(items):
        staged(call, curator, DecisionOutcome.ACCEPT, f"Staged {number}")
    client.force_login(curator)

    # Session, user, groups; the call; the staged declarations.
    with django_assert_max_num_queries(5):
        response = client.get(release_url(call))

    assert len(response.context["staged"]) == items
