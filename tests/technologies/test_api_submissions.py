"""The authenticated API of declarations: partners, staff, and everyone who must be refused."""

import datetime as dt

import pytest
from django.utils import timezone

from technologies.models import (
    AssignmentStatus,
    Attachment,
    DecisionOutcome,
    Technology,
    TechnologyStatus,
)
from tests.factories import ExpertFactory, PartnerFactory, StaffCuratorFactory, UserFactory
from tests.technologies.builders import (
    PDF,
    PNG,
    area_of,
    assigned,
    complete_draft,
    expert,
    in_status,
    open_call,
    reviewed,
    under_review,
    upload,
)
from tests.technologies.factories import (
    ApplicationCaseFactory,
    AttachmentFactory,
    TechnologyFactory,
)

pytestmark = pytest.mark.django_db

S = TechnologyStatus
URL = "/api/submissions/"


def detail(technology, suffix=""):
    return f"{URL}{technology.pk}/{suffix}"


def as_user(client, user):
    client.force_login(user)
    return client


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


# --- anonymous visitors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", ""),
        ("post", ""),
        ("get", "{pk}/"),
        ("patch", "{pk}/"),
        ("post", "{pk}/submit/"),
        ("post", "{pk}/withdraw/"),
        ("post", "{pk}/attachments/"),
        ("post", "{pk}/screen/"),
        ("post", "{pk}/assign/"),
        ("post", "{pk}/decide/"),
        ("get", "{pk}/decision-summary/"),
    ],
)
def test_anonymous_visitors_are_refused_everything(client, method, suffix):
    technology = TechnologyFactory()

    response = getattr(client, method)(URL + suffix.format(pk=technology.pk))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert "Bearer" in response["WWW-Authenticate"]


def test_a_draft_is_not_in_the_public_pool_api(client):
    technology = TechnologyFactory()

    assert client.get(f"/api/technologies/{technology.slug}/").status_code == 404


# --- partners ------------------------------------------------------------------------------


def test_a_partner_lists_only_their_institutions_declarations(client):
    partner = PartnerFactory()
    mine = TechnologyFactory(provider=partner.institution, status=S.UNDER_REVIEW)
    TechnologyFactory()

    response = as_user(client, partner).get(URL)

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["id"], row["status"], row["status_display"]) == (
        mine.pk,
        "under_review",
        "Under review",
    )


def test_a_partner_gets_a_404_for_another_institutions_draft(client):
    theirs = TechnologyFactory()
    api = as_user(client, PartnerFactory())

    for response in [
        api.get(detail(theirs)),
        patch(api, detail(theirs), {"summary": "x"}),
        post(api, detail(theirs, "submit/")),
        post(api, detail(theirs, "withdraw/")),
        api.post(detail(theirs, "attachments/"), {"file": upload("a.pdf", PDF)}),
        post(api, detail(theirs, "application-cases/"), {"place": "X"}),
    ]:
        assert response.status_code == 404
    assert theirs.summary not in api.get(URL).content.decode()


def test_a_partner_starts_a_draft(client):
    call = open_call()
    partner = PartnerFactory()

    response = post(
        as_user(client, partner),
        URL,
        {
            "call": call.slug,
            "green_area": area_of(call).code,
            "name": "Biochar kiln",
            "trl": 5,
            "target_countries": ["KE"],
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    technology = Technology.objects.get()
    assert body["id"] == technology.pk
    assert (body["status"], body["trl"], body["target_countries"]) == ("draft", 5, ["KE"])
    assert technology.provider == partner.institution
    assert "basics" in body["missing_items"]


def test_a_draft_for_a_closed_call_is_a_400_with_the_reason(client):
    now = timezone.now()
    call = open_call(opens_on=now - dt.timedelta(days=9), closes_on=now - dt.timedelta(days=1))

    response = post(
        as_user(client, PartnerFactory()),
        URL,
        {"call": call.slug, "green_area": area_of(call).code, "name": "Late"},
    )

    assert response.status_code == 400
    assert response.json() == {
        "call": [f"The collection call “{call.title}” is not open for submissions."]
    }


def test_an_expert_cannot_start_a_draft(client):
    call = open_call()

    response = post(
        as_user(client, ExpertFactory()),
        URL,
        {"call": call.slug, "green_area": area_of(call).code, "name": "X"},
    )

    assert response.status_code == 403


def test_a_partner_saves_draft_fields_and_sees_field_errors(client):
    technology = TechnologyFactory()
    api = as_user(client, technology.submitted_by)

    saved = patch(api, detail(technology), {"summary": "Updated", "trl": 4})
    refused = patch(api, detail(technology), {"trl": 12, "contact_email": "nope"})

    assert saved.status_code == 200
    assert (saved.json()["summary"], saved.json()["trl"]) == ("Updated", 4)
    assert refused.status_code == 400
    assert set(refused.json()) == {"trl", "contact_email"}


def test_changing_a_submitted_declaration_is_a_409_conflict_with_its_state(client):
    technology = TechnologyFactory(status=S.SUBMITTED)

    response = patch(as_user(client, technology.submitted_by), detail(technology), {"trl": 3})

    assert response.status_code == 409
    assert "only while it is a draft" in response.json()["detail"]
    assert response.json()["code"]


def test_submitting_an_incomplete_draft_lists_everything_by_step(client):
    call = open_call()
    technology = TechnologyFactory(call=call, green_area=area_of(call), summary="", trl=8)

    response = post(as_user(client, technology.submitted_by), detail(technology, "submit/"))

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [
        "basics",
        "technical_detail",
        "application_cases",
        "economics",
        "attachments",
    ]
    assert "Fill in “Summary”." in errors["basics"]


def test_a_partner_submits_and_withdraws(client):
    technology = complete_draft()
    api = as_user(client, technology.submitted_by)

    submitted = post(api, detail(technology, "submit/"))
    withdrawn = post(api, detail(technology, "withdraw/"), {"note": "Changed plans"})

    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")
    # Withdrawing twice: the state no longer allows it (409, a forbidden status change).
    assert post(api, detail(technology, "withdraw/")).status_code == 409


def test_a_partner_uploads_and_removes_attachments(client):
    technology = TechnologyFactory()
    api = as_user(client, technology.submitted_by)

    png = api.post(detail(technology, "attachments/"), {"file": upload("scan.pdf", PNG)})
    text = api.post(detail(technology, "attachments/"), {"file": upload("cv.pdf", b"plain text")})

    assert png.status_code == 201
    assert png.json()["content_type"] == "image/png"
    assert png.json()["download_url"].endswith(f"/technologies/attachments/{png.json()['id']}/")
    assert text.status_code == 400
    assert "Only PDF, PNG and JPEG" in text.json()["file"][0]
    removed = api.delete(detail(technology, f"attachments/{png.json()['id']}/"))
    assert removed.status_code == 204
    assert not Attachment.objects.exists()


def test_an_attachment_of_another_declaration_is_a_404(client):
    technology = TechnologyFactory()
    other = AttachmentFactory()

    response = as_user(client, technology.submitted_by).delete(
        detail(technology, f"attachments/{other.pk}/")
    )

    assert response.status_code == 404
    assert Attachment.objects.filter(pk=other.pk).exists()


def test_a_partner_adds_changes_and_removes_application_cases(client):
    technology = TechnologyFactory()
    api = as_user(client, technology.submitted_by)

    added = post(
        api,
        detail(technology, "application-cases/"),
        {"place": "Nakuru", "country": "KE", "year": 2019},
    )
    case_url = detail(technology, f"application-cases/{added.json()['id']}/")
    changed = patch(api, case_url, {"scale": "500 m3/day"})
    bad_year = patch(api, case_url, {"year": 1700})
    removed = api.delete(case_url)

    assert added.status_code == 201
    assert changed.json()["scale"] == "500 m3/day"
    assert bad_year.status_code == 400 and "year" in bad_year.json()
    assert removed.status_code == 204
    assert not technology.application_cases.exists()


def test_an_assigned_expert_reads_but_cannot_change_a_declaration(client):
    assignment = assigned(in_status(S.UNDER_REVIEW))
    api = as_user(client, assignment.expert)

    read = api.get(detail(assignment.technology))
    change = patch(api, detail(assignment.technology), {"summary": "x"})

    assert read.status_code == 200
    assert change.status_code == 403


def test_an_expert_gets_a_404_for_an_unassigned_declaration(client):
    technology = in_status(S.UNDER_REVIEW)

    response = as_user(client, expert()).get(detail(technology))

    assert response.status_code == 404


def test_partners_never_see_reviewers_scores_or_staged_decisions(client):
    curator = StaffCuratorFactory()
    technology = under_review(curator=curator)
    assignment = assigned(technology, curator=curator)
    reviewed(assignment)
    post(
        as_user(client, curator),
        detail(technology, "decide/"),
        {"outcome": "reject", "feedback": "Secret staged feedback", "release": False},
    )

    body = as_user(client, technology.submitted_by).get(detail(technology)).content.decode()

    for secret in [
        assignment.expert.email,
        assignment.expert.last_name,
        "Overall sound.",
        "Secret staged feedback",
        "staged_outcome",
        "assignments",
    ]:
        assert secret not in body


# --- staff ---------------------------------------------------------------------------------

STAFF_ENDPOINTS = [
    ("post", "start-screening/", {}),
    ("post", "screen/", {"action": "accept"}),
    ("get", "suggested-experts/", None),
    ("post", "assign/", {"expert": 1, "due_on": "2099-01-01"}),
    ("post", "release-assignment/", {"assignment": 1}),
    ("get", "decision-summary/", None),
    ("post", "decide/", {"outcome": "accept"}),
    ("post", "release-decision/", {}),
]


@pytest.mark.parametrize(("method", "suffix", "data"), STAFF_ENDPOINTS)
def test_partners_and_experts_get_403_from_staff_endpoints(client, method, suffix, data):
    technology = in_status(S.SUBMITTED)
    assignment = assigned(in_status(S.UNDER_REVIEW))

    for user, target in [
        (technology.submitted_by, technology),
        (assignment.expert, assignment.technology),
    ]:
        api = as_user(client, user)
        url = detail(target, suffix)
        response = api.get(url) if method == "get" else post(api, url, data)
        assert response.status_code == 403, (user, suffix)
    technology.refresh_from_db()
    assert technology.status == S.SUBMITTED


def test_staff_list_every_declaration_and_filter_by_status(curator_client):
    submitted = in_status(S.SUBMITTED)
    in_status(S.DRAFT)

    everything = curator_client.get(URL).json()["results"]
    queue = curator_client.get(URL, {"status": ["submitted", "screening"]}).json()["results"]

    assert len(everything) == 2
    assert [row["id"] for row in queue] == [submitted.pk]


def test_staff_screen_start_accept_and_return_with_a_reason(
    curator_client, mailoutbox, django_capture_on_commit_callbacks
):
    accepted, returned = in_status(S.SUBMITTED), in_status(S.SUBMITTED)
    mailoutbox.clear()

    started = post(curator_client, detail(accepted, "start-screening/"))
    screened = post(curator_client, detail(accepted, "screen/"), {"action": "accept"})
    no_reason = post(curator_client, detail(returned, "screen/"), {"action": "return_to_draft"})
    with django_capture_on_commit_callbacks(execute=True):
        sent_back = post(
            curator_client,
            detail(returned, "screen/"),
            {"action": "return_to_draft", "reason": "Attach the test report."},
        )

    assert started.json()["status"] == "screening"
    assert screened.json()["status"] == "under_review"
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    assert sent_back.json()["status"] == "draft"
    [mail] = mailoutbox
    assert mail.to == [returned.submitted_by.email]
    assert "Attach the test report." in mail.body


def test_staff_get_suggestions_and_assign_with_conflicts_refused(curator_client):
    technology = in_status(S.UNDER_REVIEW)
    suggested = expert(area=technology.green_area)
    conflicted = expert(area=technology.green_area, institution=technology.provider)
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()

    suggestions = curator_client.get(detail(technology, "suggested-experts/")).json()
    created = post(
        curator_client, detail(technology, "assign/"), {"expert": suggested.pk, "due_on": due}
    )
    conflict = post(
        curator_client, detail(technology, "assign/"), {"expert": conflicted.pk, "due_on": due}
    )

    assert [e["id"] for e in suggestions] == [suggested.pk]
    assert created.status_code == 201
    assert (created.json()["expert"]["id"], created.json()["due_on"]) == (suggested.pk, due)
    assert conflict.status_code == 400
    assert "works for the provider" in conflict.json()["expert"][0]


def test_staff_release_an_assignment(curator_client):
    assignment = assigned(in_status(S.UNDER_REVIEW))

    response = post(
        curator_client,
        detail(assignment.technology, "release-assignment/"),
        {"assignment": assignment.pk, "note": "Reported by phone"},
    )

    assert response.status_code == 200
    assert response.json()["status"] == AssignmentStatus.DECLINED_CONFLICT


def test_staff_see_the_decision_summary_with_reviewer_names(curator_client, curator):
    technology = under_review(curator=curator)
    assignment = assigned(technology, curator=curator)
    reviewed(assignment)

    summary = curator_client.get(detail(technology, "decision-summary/")).json()
    staff_detail = curator_client.get(detail(technology)).json()

    assert summary["overall"] == "4.00"
    assert summary["recommendation_counts"] == {"accept": 1, "revise": 0, "reject": 0}
    assert summary["reviewers"][0]["reviewer"] == str(assignment.expert)
    assert [c["mean"] for c in summary["criteria"]] == ["4.00", "4.00"]
    assert staff_detail["assignments"][0]["expert"]["email"] == assignment.expert.email


def test_staff_decide_now_or_stage_and_release_a_whole_call(client, curator_client, curator):
    call = open_call()
    first, second = (
        under_review(call=call, curator=curator),
        under_review(call=call, curator=curator),
    )
    for technology in (first, second):
        reviewed(assigned(technology, curator=curator))

    staged = post(
        curator_client,
        detail(first, "decide/"),
        {"outcome": DecisionOutcome.ACCEPT, "release": False},
    )
    missing_feedback = post(curator_client, detail(second, "decide/"), {"outcome": "reject"})
    post(
        curator_client,
        detail(second, "decide/"),
        {"outcome": "reject", "feedback": "Out of scope.", "release": False},
    )
    partner_release = post(
        as_user(client, first.submitted_by), f"/api/collection-calls/{call.slug}/release-decisions/"
    )
    client.force_login(curator)
    released = post(client, f"/api/collection-calls/{call.slug}/release-decisions/")

    assert (staged.status_code, staged.json()["staged_outcome"]) == (200, "accept")
    assert staged.json()["status"] == "under_review"
    assert missing_feedback.status_code == 400 and "feedback" in missing_feedback.json()
    assert partner_release.status_code == 403
    assert released.status_code == 200
    assert released.json()["count"] == 2
    statuses = dict(Technology.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[second.pk]) == (S.ACCEPTED, S.REJECTED)
    assert client.get(f"/api/technologies/{first.slug}/").status_code == 200


def test_the_partner_sees_the_released_feedback(client, curator):
    technology = under_review(curator=curator)
    reviewed(assigned(technology, curator=curator))
    api = as_user(client, curator)
    post(api, detail(technology, "decide/"), {"outcome": "revise", "feedback": "Add 2024 data."})

    body = as_user(client, technology.submitted_by).get(detail(technology)).json()

    assert (body["status"], body["feedback"]) == ("revision_requested", "Add 2024 data.")


def test_release_decisions_for_an_unknown_call_is_a_404(curator_client):
    assert post(curator_client, "/api/collection-calls/nope/release-decisions/").status_code == 404


def test_anonymous_visitors_cannot_release_decisions(client):
    call = open_call()

    assert post(client, f"/api/collection-calls/{call.slug}/release-decisions/").status_code == 401


def test_a_user_without_role_sees_an_empty_list(client):
    TechnologyFactory()

    response = as_user(client, UserFactory()).get(URL)

    assert (response.status_code, response.json()["results"]) == (200, [])


# --- query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_partner_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    partner = PartnerFactory()
    for _ in range(count):
        technology = TechnologyFactory(provider=partner.institution)
        ApplicationCaseFactory(technology=technology)
    api = as_user(client, partner)

    # session, user, groups, count, declarations with call/provider/area
    with django_assert_max_num_queries(5):
        response = api.get(URL)

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_staff_list_query_count_does_not_grow(curator_client, django_assert_max_num_queries, count):
    for _ in range(count):
        TechnologyFactory(status=S.SUBMITTED)

    with django_assert_max_num_queries(5):
        response = curator_client.get(URL)

    assert len(response.json()["results"]) == count
