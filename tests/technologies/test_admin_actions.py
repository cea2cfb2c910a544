"""Admin actions on declarations and calls call the services and report refusals."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from technologies import services
from technologies.models import DecisionOutcome, Technology, TechnologyStatus
from tests.technologies.builders import assigned, in_status, open_call, reviewed, under_review

pytestmark = pytest.mark.django_db

S = TechnologyStatus
TECHNOLOGIES = reverse("admin:technologies_technology_changelist")
CALLS = reverse("admin:technologies_collectioncall_changelist")


def run_action(client, url, action, objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **extra}
    return client.post(url, data, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_screening_actions_start_and_accept(curator_client):
    first, second = in_status(S.SUBMITTED), in_status(S.SUBMITTED)

    run_action(curator_client, TECHNOLOGIES, "start_screening", [first])
    response = run_action(curator_client, TECHNOLOGIES, "screen_accept", [first, second])

    statuses = set(Technology.objects.values_list("status", flat=True))
    assert statuses == {S.UNDER_REVIEW}
    assert "2 declarations accepted for review." in messages_of(response)


def test_an_action_reports_each_refusal_in_the_services_words(curator_client):
    draft = in_status(S.DRAFT)
    submitted = in_status(S.SUBMITTED)

    response = run_action(curator_client, TECHNOLOGIES, "screen_accept", [draft, submitted])

    messages = messages_of(response)
    assert "1 declaration accepted for review." in messages
    assert f"{draft}: A technology that is “Draft” cannot become “Under review”." in messages
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_return_to_draft_asks_for_the_reason_first(curator_client, mailoutbox):
    technology = in_status(S.SUBMITTED)
    mailoutbox.clear()

    form = run_action(curator_client, TECHNOLOGIES, "return_to_draft", [technology])
    empty = run_action(
        curator_client, TECHNOLOGIES, "return_to_draft", [technology], apply="1", reason=""
    )
    technology.refresh_from_db()
    assert technology.status == S.SUBMITTED
    done = run_action(
        curator_client,
        TECHNOLOGIES,
        "return_to_draft",
        [technology],
        apply="1",
        reason="The test report is missing.",
    )

    assert 'name="reason"' in form.content.decode()
    assert "This field is required." in empty.content.decode()
    technology.refresh_from_db()
    assert technology.status == S.DRAFT
    assert technology.transitions.last().note == "The test report is missing."
    assert "1 declaration returned to draft." in messages_of(done)


def test_release_decisions_of_selected_calls(curator_client, curator):
    call = open_call()
    technology = under_review(call=call, curator=curator)
    reviewed(assigned(technology, curator=curator))
    services.technology_decide(
        technology=technology, outcome=DecisionOutcome.ACCEPT, by=curator, release=False
    )
    empty_call = open_call()

    response = run_action(curator_client, CALLS, "release_call_decisions", [call, empty_call])

    technology.refresh_from_db()
    assert technology.status == S.ACCEPTED
    assert f"{call}: 1 decision released." in messages_of(response)
    assert f"{empty_call}: 0 decisions released." in messages_of(response)


def test_release_one_staged_decision(curator_client, curator):
    technology = under_review(curator=curator)
    reviewed(assigned(technology, curator=curator))
    services.technology_decide(
        technology=technology,
        outcome=DecisionOutcome.REJECT,
        feedback="No",
        by=curator,
        release=False,
    )

    page = curator_client.get(reverse("admin:technologies_technology_change", args=[technology.pk]))
    response = run_action(curator_client, TECHNOLOGIES, "release_decision", [technology])

    assert "Staged decision (not released yet)" in page.content.decode()
    technology.refresh_from_db()
    assert technology.status == S.REJECTED
    assert "1 decision released." in messages_of(response)


def test_staff_archive_an_entry_and_restore_it_from_the_admin(curator_client):
    technology = in_status(TechnologyStatus.ACCEPTED)

    archived = run_action(curator_client, TECHNOLOGIES, "archive_entries", [technology])
    technology.refresh_from_db()
    assert technology.status == TechnologyStatus.ARCHIVED
    assert "1 entry archived." in messages_of(archived)
    assert not Technology.objects.published().filter(pk=technology.pk).exists()

    restored = run_action(curator_client, TECHNOLOGIES, "restore_entries", [technology])
    technology.refresh_from_db()
    assert technology.status == TechnologyStatus.ACCEPTED
    assert "1 entry restored to the pool." in messages_of(restored)
    assert technology.transitions.filter(to_status=TechnologyStatus.ARCHIVED).exists()


def test_restoring_an_entry_that_is_not_archived_is_refused_with_the_reason(curator_client):
    technology = in_status(TechnologyStatus.ACCEPTED)

    response = run_action(curator_client, TECHNOLOGIES, "restore_entries", [technology])

    assert any("cannot become" in message for message in messages_of(response))
    technology.refresh_from_db()
    assert technology.status == TechnologyStatus.ACCEPTED
