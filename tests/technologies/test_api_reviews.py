"""The experts' API: their assignments only, reviews, conflicts, and other reviews after their
own (without names)."""

import pytest

from technologies.models import AssignmentStatus, Review, TechnologyStatus
from tests.factories import ExpertFactory, PartnerFactory, StaffCuratorFactory
from tests.technologies.builders import assigned, in_status, reviewed
from tests.technologies.factories import ReviewAssignmentFactory

pytestmark = pytest.mark.django_db

URL = "/api/review-assignments/"


def as_user(client, user):
    client.force_login(user)
    return client


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


@pytest.fixture
def assignment():
    return assigned(in_status(TechnologyStatus.UNDER_REVIEW))


def review_body(assignment, score="4", recommendation="accept"):
    return {
        "scores": [
            {"criterion": c.pk, "score": score, "comment": f"About {c.name}"}
            for c in assignment.technology.call.criteria.all()
        ],
        "recommendation": recommendation,
        "comment": "Convincing.",
    }


def test_an_expert_lists_their_open_and_reviewed_assignments_only(client, assignment):
    declined = ReviewAssignmentFactory(
        expert=assignment.expert, status=AssignmentStatus.DECLINED_CONFLICT
    )
    ReviewAssignmentFactory()

    rows = as_user(client, assignment.expert).get(URL).json()["results"]

    assert [r["id"] for r in rows] == [assignment.pk]
    assert rows[0]["technology"]["id"] == assignment.technology.pk
    assert rows[0]["review_form_url"].endswith(f"/technologies/reviews/{assignment.pk}/")
    assert declined.pk not in [r["id"] for r in rows]


def test_the_review_form_data_has_the_declaration_criteria_and_scale(client, assignment):
    body = as_user(client, assignment.expert).get(f"{URL}{assignment.pk}/").json()

    assert body["score_scale_max"] == 5
    assert [c["id"] for c in body["criteria"]] == list(
        assignment.technology.call.criteria.values_list("pk", flat=True)
    )
    assert body["technology"]["summary"] == assignment.technology.summary
    assert body["review"] is None


def test_another_experts_assignment_is_a_404(client, assignment):
    api = as_user(client, ExpertFactory())

    assert api.get(f"{URL}{assignment.pk}/").status_code == 404
    assert post(api, f"{URL}{assignment.pk}/review/", review_body(assignment)).status_code == 404
    assert post(api, f"{URL}{assignment.pk}/declare-conflict/").status_code == 404
    assert not Review.objects.exists()


@pytest.mark.parametrize("make_user", [PartnerFactory, StaffCuratorFactory])
def test_non_experts_get_a_403(client, assignment, make_user):
    api = as_user(client, make_user())

    assert api.get(URL).status_code == 403
    assert post(api, f"{URL}{assignment.pk}/review/", review_body(assignment)).status_code == 403


def test_anonymous_visitors_get_a_401(client, assignment):
    assert client.get(URL).status_code == 401


def test_an_expert_posts_a_review_once(client, assignment):
    api = as_user(client, assignment.expert)

    first = post(api, f"{URL}{assignment.pk}/review/", review_body(assignment))
    again = post(api, f"{URL}{assignment.pk}/review/", review_body(assignment))

    assert first.status_code == 201, first.content
    assert first.json()["recommendation"] == "accept"
    assert {s["score"] for s in first.json()["scores"]} == {"4.00"}
    assert again.status_code == 400
    assert "submitted already" in again.json()["non_field_errors"][0]
    own = api.get(f"{URL}{assignment.pk}/").json()
    assert own["status"] == "submitted"
    assert own["review"]["comment"] == "Convincing."


def test_a_review_off_the_scale_or_incomplete_is_a_400(client, assignment):
    api = as_user(client, assignment.expert)
    body = review_body(assignment, score="7")
    body["scores"] = body["scores"][:1]

    response = post(api, f"{URL}{assignment.pk}/review/", body)

    assert response.status_code == 400
    messages = response.json()["scores"]
    assert "the score must lie between 0 and 5" in messages[0]
    assert "a score is required" in messages[1]


def test_scoring_a_criterion_twice_is_a_400(client, assignment):
    body = review_body(assignment)
    body["scores"].append(body["scores"][0])

    response = post(as_user(client, assignment.expert), f"{URL}{assignment.pk}/review/", body)

    assert response.status_code == 400
    assert "scores" in response.json()


def test_declaring_a_conflict_hands_the_assignment_back(client, assignment):
    api = as_user(client, assignment.expert)

    response = post(api, f"{URL}{assignment.pk}/declare-conflict/", {"note": "Former employer"})

    assert response.status_code == 200
    assert response.json()["status"] == AssignmentStatus.DECLINED_CONFLICT
    assert api.get(f"{URL}{assignment.pk}/").status_code == 404
    assert api.get(f"/api/submissions/{assignment.technology.pk}/").status_code == 404


def test_other_reviews_appear_after_ones_own_without_names(client, assignment):
    other = assigned(assignment.technology)
    reviewed(other)
    api = as_user(client, assignment.expert)

    before = api.get(f"{URL}{assignment.pk}/other-reviews/")
    post(api, f"{URL}{assignment.pk}/review/", review_body(assignment))
    after = api.get(f"{URL}{assignment.pk}/other-reviews/")

    assert (before.status_code, before.json()) == (200, [])
    [review] = after.json()
    assert review["reviewer"] == "Reviewer 1"
    assert review["comment"] == "Overall sound."
    assert len(review["scores"]) == 2
    body = after.content.decode()
    assert other.expert.email not in body
    assert other.expert.last_name not in body


@pytest.mark.parametrize("count", [1, 3])
def test_assignment_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    expert = ExpertFactory()
    ReviewAssignmentFactory.create_batch(count, expert=expert)
    api = as_user(client, expert)

    # session, user, groups, count, assignments with technology, call, provider, area, review
    with django_assert_max_num_queries(5):
        response = api.get(URL)

    assert len(response.json()["results"]) == count
