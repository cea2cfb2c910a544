"""The staff decision page: the arithmetic on a worked example, the thresholds' warning that
must be confirmed before accepting, deciding now or staging, and releasing one staged decision.

The worked example: a call scored from 0 to 5, three criteria weighted 1, 2 and 1, a warning
threshold of 3.50 on the second criterion and a call minimum of 3.60 overall.

    criterion       weight   Expert A   Expert B   mean   spread
    Advanced          1        4.00       2.00     3.00    2.00  (>= 40 % of 5: flagged)
    Practicable       2        3.00       3.50     3.25    0.50  (below its 3.50 threshold)
    Economy           1        5.00       4.00     4.50    1.00

    overall = (1 x 3.00 + 2 x 3.25 + 1 x 4.50) / (1 + 2 + 1) = 14.00 / 4 = 3.50 (< 3.60)
    recommendations: 1 accept (A), 1 revise (B), 0 reject
"""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from technologies import services
from technologies.models import DecisionOutcome, Recommendation, TechnologyStatus
from tests.factories import StaffCuratorFactory
from tests.technologies.builders import assigned, expert, open_call, reviewed, under_review
from tests.technologies.factories import CriterionFactory

pytestmark = pytest.mark.django_db

S = TechnologyStatus


def text(response) -> str:
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def decision_url(technology):
    return reverse("technologies:decision", args=[technology.pk])


def worked_example(curator):
    call = open_call(criteria=0, score_scale_max=5, min_overall_score=Decimal("3.60"))
    advanced = CriterionFactory(call=call, name="Advanced", weight=1, position=1)
    practicable = CriterionFactory(
        call=call, name="Practicable", weight=2, position=2, min_score=Decimal("3.50")
    )
    economy = CriterionFactory(call=call, name="Economy", weight=1, position=3)
    technology = under_review(call=call, curator=curator, name="Biogas digester")
    area = technology.green_area
    expert_a = expert(area=area, user__first_name="Amina", user__last_name="Reviewer")
    expert_b = expert(area=area, user__first_name="Bo", user__last_name="Reviewer")
    for person, scores, recommendation in (
        (expert_a, ("4", "3", "5"), Recommendation.ACCEPT),
        (expert_b, ("2", "3.5", "4"), Recommendation.REVISE),
    ):
        reviewed(
            assigned(technology, curator=curator, expert_user=person),
            recommendation=recommendation,
            scores={
                criterion.pk: (Decimal(score), f"{person.first_name} on {criterion.name}")
                for criterion, score in zip((advanced, practicable, economy), scores, strict=True)
            },
        )
    return technology


@pytest.fixture
def example(curator):
    return worked_example(curator)


def row_of(response, name):
    return next(row for row in response.context["rows"] if row["criterion"].name == name)


def test_the_decision_page_shows_the_arithmetic_of_the_worked_example(curator_client, example):
    response = curator_client.get(decision_url(example))

    assert response.status_code == 200
    expected = {
        "Advanced": (["4.00", "2.00"], "3.00", "2.00", True, False),
        "Practicable": (["3.00", "3.50"], "3.25", "0.50", False, True),
        "Economy": (["5.00", "4.00"], "4.50", "1.00", False, False),
    }
    for name, (scores, mean, spread, large, below) in expected.items():
        row = row_of(response, name)
        assert [str(cell.score) for cell in row["cells"]] == scores
        assert (str(row["mean"]), str(row["spread"])) == (mean, spread)
        assert (row["criterion"].large_spread, row["criterion"].below_minimum) == (large, below)
    assert str(response.context["overall"]) == "3.50"
    assert dict(response.context["recommendations"]) == {
        "Accept": 1,
        "Ask for a revision": 1,
        "Reject": 0,
    }
    page = text(response)
    # Staff see the reviewers' names, in submission order, and their comments.
    assert page.index("Amina Reviewer") < page.index("Bo Reviewer")
    assert "Bo on Practicable" in page
    assert "Advanced 1.00 4.00 Amina on Advanced 2.00 Bo on Advanced 3.00 2.00" in page
    assert "Weighted overall score Call minimum 3.60 3.50" in page
    assert "Large disagreement" in page
    assert "Practicable: the mean score 3.25 is below the threshold 3.50." in page
    assert "The overall score 3.50 is below the call's minimum of 3.60." in page
    assert "Advanced: reviewers disagree (scores from 2.00 to 4.00)." in page


def test_accepting_below_the_thresholds_needs_the_warning_confirmed(curator_client, example):
    response = curator_client.get(decision_url(example))
    assert "accept_below_minimum" in response.context["form"].fields

    refused = curator_client.post(
        decision_url(example), {"outcome": "accept", "feedback": "", "release": "now"}
    )

    assert refused.status_code == 200
    errors = refused.context["form"].errors["accept_below_minimum"]
    assert errors[0] == "The scores are below the call's thresholds; confirm to accept anyway."
    example.refresh_from_db()
    assert example.status == S.UNDER_REVIEW

    accepted = curator_client.post(
        decision_url(example),
        {"outcome": "accept", "feedback": "", "release": "now", "accept_below_minimum": "on"},
        follow=True,
    )

    example.refresh_from_db()
    assert example.status == S.ACCEPTED
    assert "is accepted and published in the pool" in text(accepted)
    assert f'href="{reverse("technologies:pool_detail", args=[example.slug])}"' in (
        accepted.content.decode()
    )
    assert accepted.context["form"] is None  # decided: nothing left to decide


def test_without_thresholds_there_is_no_confirmation_to_give(curator_client, curator):
    technology = under_review(curator=curator)
    reviewed(assigned(technology, curator=curator), score=Decimal(4))

    response = curator_client.get(decision_url(technology))

    assert "accept_below_minimum" not in response.context["form"].fields
    assert response.context["summary"].warnings == []


def test_a_revision_request_needs_feedback(curator_client, example):
    response = curator_client.post(
        decision_url(example), {"outcome": "revise", "feedback": " ", "release": "now"}
    )

    assert response.context["form"].errors == {
        "feedback": ["Tell the submitter what to change or why the declaration is refused."]
    }
    example.refresh_from_db()
    assert example.status == S.UNDER_REVIEW


def test_releasing_a_revision_request_now_mails_the_submitter_without_reviewer_names(
    curator_client, example, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(
            decision_url(example),
            {"outcome": "revise", "feedback": "Add the 2022 data.", "release": "now"},
        )

    example.refresh_from_db()
    assert example.status == S.REVISION_REQUESTED
    [mail] = mailoutbox
    assert mail.to == [example.submitted_by.email]
    assert "Add the 2022 data." in mail.body
    assert "Reviewer" not in mail.body


def test_a_staged_decision_changes_nothing_for_the_submitter_until_released_one_by_one(
    curator_client, curator, example, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staged = curator_client.post(
            decision_url(example),
            {"outcome": "reject", "feedback": "Not mature enough.", "release": "stage"},
            follow=True,
        )

    example.refresh_from_db()
    assert (example.status, example.staged_outcome) == (S.UNDER_REVIEW, DecisionOutcome.REJECT)
    assert mailoutbox == []
    page = text(staged)
    assert "is staged" in page
    assert f"Reject, staged by {curator}" in page
    assert staged.context["form"].initial["outcome"] == DecisionOutcome.REJECT
    assert staged.context["can_release_staged"] is True

    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(reverse("technologies:release_decision", args=[example.pk]))

    example.refresh_from_db()
    assert (example.status, example.staged_outcome) == (S.REJECTED, "")
    assert example.feedback == "Not mature enough."
    [mail] = mailoutbox
    assert mail.to == [example.submitted_by.email]


def test_releasing_when_nothing_is_staged_says_so(curator_client, example):
    response = curator_client.post(
        reverse("technologies:release_decision", args=[example.pk]), follow=True
    )

    assert "This declaration has no staged decision." in text(response)
    example.refresh_from_db()
    assert example.status == S.UNDER_REVIEW


def test_a_declaration_not_under_review_shows_the_scores_but_takes_no_decision(
    curator_client, example
):
    curator = StaffCuratorFactory()
    services.technology_decide(
        technology=example,
        outcome="reject",
        feedback="Not mature enough.",
        by=curator,
    )

    page = curator_client.get(decision_url(example))
    late = curator_client.post(
        decision_url(example),
        {"outcome": "accept", "release": "now", "accept_below_minimum": "on"},
        follow=True,
    )

    assert page.context["form"] is None
    assert str(page.context["overall"]) == "3.50"
    assert "Not mature enough." in text(page)
    assert "Only a declaration under review can be decided" in text(late)
    example.refresh_from_db()
    assert example.status == S.REJECTED


def test_an_empty_decision_form_names_the_missing_fields(curator_client, example):
    response = curator_client.post(decision_url(example), {})

    assert set(response.context["form"].errors) == {"outcome", "release"}
    assert response.status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_the_decision_page_keeps_a_fixed_number_of_queries(
    client, curator, django_assert_max_num_queries, items
):
    technology = under_review(curator=curator)
    for _ in range(items):
        reviewed(assigned(technology, curator=curator))
    client.force_login(curator)

    # Session, user, groups; the declaration; criteria, reviews, their scores, pending count.
    with django_assert_max_num_queries(8):
        response = client.get(decision_url(technology))

    assert len(response.context["reviewers"]) == items
