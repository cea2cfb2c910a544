"""The staff curator's pages: the screening queue, a declaration's staff page (screening and
experts) and who is refused."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from technologies import services
from technologies.models import AssignmentStatus, ReviewAssignment, TechnologyStatus
from tests.factories import (
    ExpertProfileFactory,
    InstitutionFactory,
    PartnerFactory,
    StaffCuratorFactory,
    SuperuserFactory,
    UserFactory,
)
from tests.technologies.builders import (
    area_of,
    assigned,
    complete_draft,
    expert,
    in_status,
    open_call,
    reviewed,
    submitted,
    under_review,
)

pytestmark = pytest.mark.django_db

S = TechnologyStatus
QUEUE = reverse("technologies:staff_queue")
LOGIN = reverse("accounts:login")


def page_url(technology):
    return reverse("technologies:staff_submission", args=[technology.pk])


def text(response) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def optgroup(response, label_start: str) -> str:
    """The HTML of the expert select's option group whose label starts with `label_start`."""
    html = response.content.decode()
    match = re.search(
        rf'<optgroup label="{re.escape(label_start)}[^"]*">(.*?)</optgroup>', html, re.S
    )
    return match.group(1) if match else ""


def in_future(days=14):
    return timezone.localdate() + dt.timedelta(days=days)


# --- who is refused --------------------------------------------------------------------------


def not_curators():
    return {
        "partner": lambda: PartnerFactory(),
        "expert": lambda: ExpertProfileFactory().user,
        "staff user outside the curator group": lambda: UserFactory(is_staff=True),
        "curator group without staff status": lambda: StaffCuratorFactory(is_staff=False),
    }


def staff_urls(technology, assignment):
    pk = technology.pk
    return {
        "queue": QUEUE,
        "submission": page_url(technology),
        "decision": reverse("technologies:decision", args=[pk]),
        "release": reverse("technologies:release_decisions", args=[technology.call.slug]),
    }


def staff_posts(technology, assignment):
    pk = technology.pk
    return {
        "start screening": (reverse("technologies:start_screening", args=[pk]), {}),
        "accept for review": (reverse("technologies:accept_for_review", args=[pk]), {}),
        "return to draft": (
            reverse("technologies:return_to_draft", args=[pk]),
            {"reason": "Incomplete."},
        ),
        "assign": (
            reverse("technologies:assign_expert", args=[pk]),
            {"expert": assignment.expert.pk, "due_on": in_future().isoformat()},
        ),
        "release assignment": (
            reverse("technologies:release_assignment", args=[pk, assignment.pk]),
            {"note": "Conflict."},
        ),
        "decide": (
            reverse("technologies:decision", args=[pk]),
            {"outcome": "reject", "feedback": "No.", "release": "now"},
        ),
        "release one decision": (reverse("technologies:release_decision", args=[pk]), {}),
        "release the call": (
            reverse("technologies:release_decisions", args=[technology.call.slug]),
            {},
        ),
    }


@pytest.fixture
def under_review_with_expert():
    technology = under_review()
    assignment = assigned(technology)
    return technology, assignment


@pytest.mark.parametrize("page", ["queue", "submission", "decision", "release"])
def test_anonymous_visitors_are_sent_to_log_in(client, under_review_with_expert, page):
    url = staff_urls(*under_review_with_expert)[page]

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "next=" in response.url


@pytest.mark.parametrize("who", list(not_curators()))
@pytest.mark.parametrize("page", ["queue", "submission", "decision", "release"])
def test_people_who_are_not_curators_get_403_on_every_staff_page(
    client, under_review_with_expert, who, page
):
    client.force_login(not_curators()[who]())
    technology, _ = under_review_with_expert

    response = client.get(staff_urls(*under_review_with_expert)[page])

    assert response.status_code == 403
    assert technology.name not in response.content.decode()


@pytest.mark.parametrize(
    "action",
    [
        "start screening",
        "accept for review",
        "return to draft",
        "assign",
        "release assignment",
        "decide",
        "release one decision",
        "release the call",
    ],
)
def test_staff_actions_are_refused_to_a_partner_and_an_expert_and_change_nothing(
    client, under_review_with_expert, action
):
    technology, assignment = under_review_with_expert
    provider_partner = PartnerFactory(institution=technology.provider)
    url, data = staff_posts(technology, assignment)[action]

    for person in (provider_partner, assignment.expert):
        client.force_login(person)
        response = client.post(url, data)
        assert response.status_code == 403

    client.logout()
    response = client.post(url, data)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    technology.refresh_from_db()
    assignment.refresh_from_db()
    assert technology.status == S.UNDER_REVIEW
    assert assignment.status == AssignmentStatus.ASSIGNED
    assert technology.transitions.count() == 3  # submitted, screening, under review


def test_a_superuser_may_use_the_staff_pages(client, under_review_with_expert):
    technology, _ = under_review_with_expert
    client.force_login(SuperuserFactory())

    response = client.get(page_url(technology))

    assert response.status_code == 200
    assert response.context["technology"] == technology


def test_an_unknown_declaration_is_a_404_for_curators(curator_client):
    response = curator_client.get(reverse("technologies:staff_submission", args=[999_999]))

    assert response.status_code == 404


# --- the queue -------------------------------------------------------------------------------


def test_the_queue_lists_submitted_screening_and_under_review_declarations_oldest_first(
    curator_client,
):
    call = open_call()
    first = submitted(call=call, name="First submitted")
    second = in_status(S.SCREENING, call=call, name="In screening")
    third = under_review(call=call, name="Under review")
    for technology, days_ago in ((first, 3), (second, 2), (third, 1)):
        type(technology).objects.filter(pk=technology.pk).update(
            submitted_at=timezone.now() - dt.timedelta(days=days_ago)
        )
    for status in (S.DRAFT, S.ACCEPTED, S.REJECTED, S.WITHDRAWN, S.REVISION_REQUESTED):
        in_status(status, call=call, name=f"Not in the queue ({status})")

    response = curator_client.get(QUEUE)

    assert response.status_code == 200
    assert [t.name for t in response.context["technologies"]] == [
        "First submitted",
        "In screening",
        "Under review",
    ]
    page = text(response)
    assert "Not in the queue" not in page
    counts = {c["status"]: c["count"] for c in response.context["counts"]}
    assert counts == {S.SUBMITTED: 1, S.SCREENING: 1, S.UNDER_REVIEW: 1}
    assert "3 in all" in page
    html = response.content.decode()
    for technology in (first, second, third):
        assert f'href="{page_url(technology)}"' in html


def test_the_queue_filters_by_call_and_status_and_counts_within_the_chosen_call(curator_client):
    call_a, call_b = open_call(), open_call()
    submitted(call=call_a, name="A submitted")
    under_review(call=call_a, name="A under review")
    submitted(call=call_b, name="B submitted")

    by_call = curator_client.get(QUEUE, {"call": call_a.slug})
    by_both = curator_client.get(QUEUE, {"call": call_a.slug, "status": S.UNDER_REVIEW})
    by_status = curator_client.get(QUEUE, {"status": S.SUBMITTED})

    assert sorted(t.name for t in by_call.context["technologies"]) == [
        "A submitted",
        "A under review",
    ]
    assert {c["status"]: c["count"] for c in by_call.context["counts"]} == {
        S.SUBMITTED: 1,
        S.SCREENING: 0,
        S.UNDER_REVIEW: 1,
    }
    assert [t.name for t in by_both.context["technologies"]] == ["A under review"]
    assert sorted(t.name for t in by_status.context["technologies"]) == [
        "A submitted",
        "B submitted",
    ]


def test_an_invalid_filter_is_ignored_and_named(curator_client):
    submitted(name="Still listed")

    response = curator_client.get(QUEUE, {"call": "no-such-call", "status": "accepted"})

    assert response.status_code == 200
    assert [t.name for t in response.context["technologies"]] == ["Still listed"]
    assert response.context["form"].errors.keys() == {"call", "status"}


def test_the_queue_shows_reviews_in_and_the_calls_with_staged_decisions(curator_client):
    curator = StaffCuratorFactory()
    technology = under_review(curator=curator)
    first = assigned(technology, curator=curator)
    assigned(technology, curator=curator)
    reviewed(first)
    services.technology_decide(
        technology=technology, outcome="reject", feedback="Out of scope.", by=curator, release=False
    )

    response = curator_client.get(QUEUE)

    [row] = response.context["technologies"]
    assert (row.reviews, row.experts) == (1, 2)
    page = text(response)
    assert "1 of 2" in page
    assert "Staged: Reject" in page
    [call] = response.context["staged_calls"]
    assert call == technology.call and call.staged == 1
    assert reverse("technologies:release_decisions", args=[call.slug]) in (
        response.content.decode()
    )


@pytest.mark.parametrize("items", [1, 3])
def test_the_queue_keeps_a_fixed_number_of_queries(client, django_assert_max_num_queries, items):
    curator = StaffCuratorFactory()
    call = open_call()
    for number in range(items):
        technology = under_review(call=call, curator=curator, name=f"Queued {number}")
        assigned(technology, curator=curator)
        submitted(call=call, name=f"Waiting {number}")
    client.force_login(curator)

    # Session, user, groups; call choices, counts, paginator count, rows, staged calls.
    with django_assert_max_num_queries(8):
        response = client.get(QUEUE)

    assert len(response.context["technologies"]) == 2 * items


# --- one declaration: screening ----------------------------------------------------------


def test_the_staff_page_shows_the_whole_declaration_attachments_and_the_log_with_names(
    curator_client,
):
    partner = PartnerFactory(first_name="Ana", last_name="Submitter")
    technology = submitted(partner=partner, name="Solar dryer")
    attachment = technology.attachments.get()

    response = curator_client.get(page_url(technology))

    assert response.status_code == 200
    page = text(response)
    assert "Solar dryer" in page
    assert "Reed beds and gravel filter the water." in page  # technical principle
    assert "COD removal above 85 %." in page
    assert "Clean water for 800." in page  # the application case
    assert "Ana Submitter" in page  # submitted by, and in the log
    assert f'href="/technologies/attachments/{attachment.pk}/"' in response.content.decode()
    [transition] = response.context["transitions"]
    assert (transition.from_status, transition.to_status) == (S.DRAFT, S.SUBMITTED)
    assert "Draft Submitted Ana Submitter" in page
    assert response.context["accept_form"] is not None
    assert response.context["can_start_screening"] is True
    assert response.context["assign_form"] is None  # not under review yet


def test_start_screening_logs_the_curator(curator_client, curator):
    technology = submitted()

    response = curator_client.post(reverse("technologies:start_screening", args=[technology.pk]))

    assert response.status_code == 302 and response.url == page_url(technology)
    technology.refresh_from_db()
    assert technology.status == S.SCREENING
    assert technology.transitions.last().by == curator


def test_accept_for_review_moves_the_declaration_on_with_the_note_logged(curator_client, curator):
    technology = submitted()

    response = curator_client.post(
        reverse("technologies:accept_for_review", args=[technology.pk]),
        {"note": "Complete."},
        follow=True,
    )

    technology.refresh_from_db()
    assert technology.status == S.UNDER_REVIEW
    last = technology.transitions.last()
    assert (last.to_status, last.by, last.note) == (S.UNDER_REVIEW, curator, "Complete.")
    assert "is under review: assign the experts" in text(response)
    assert response.context["assign_form"] is not None


def test_returning_to_draft_needs_a_reason_and_changes_nothing_without_one(curator_client):
    technology = submitted()

    response = curator_client.post(
        reverse("technologies:return_to_draft", args=[technology.pk]), {"reason": "  "}
    )

    assert response.status_code == 200
    assert response.context["return_form"].errors == {
        "reason": ["Tell the submitter why the declaration goes back to them."]
    }
    technology.refresh_from_db()
    assert technology.status == S.SUBMITTED


def test_returning_to_draft_with_a_reason_mails_it_to_the_submitter(
    curator_client, mailoutbox, django_capture_on_commit_callbacks
):
    technology = submitted()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            reverse("technologies:return_to_draft", args=[technology.pk]),
            {"reason": "The economics step is empty."},
        )

    assert response.status_code == 302
    technology.refresh_from_db()
    assert technology.status == S.DRAFT
    assert technology.transitions.last().note == "The economics step is empty."
    [mail] = mailoutbox
    assert mail.to == [technology.submitted_by.email]
    assert "The economics step is empty." in mail.body


def test_screening_a_declaration_already_under_review_is_refused_with_the_services_message(
    curator_client,
):
    technology = under_review()

    response = curator_client.post(
        reverse("technologies:return_to_draft", args=[technology.pk]),
        {"reason": "Too late."},
        follow=True,
    )

    assert "cannot become “Draft”" in text(response)
    technology.refresh_from_db()
    assert technology.status == S.UNDER_REVIEW


# --- one declaration: experts ------------------------------------------------------------


@pytest.fixture
def experts_around():
    """A declaration under review and experts: two matching its area (one busier), one of
    another area, one of the provider's institution, one who declared a conflict with the
    provider, one unavailable."""
    call = open_call()
    area = area_of(call)
    technology = under_review(call=call)
    busy = expert(area=area, user__last_name="Busy")
    assigned(under_review(call=call), expert_user=busy)
    people = {
        "free": expert(area=area, user__last_name="Free"),
        "busy": busy,
        "other area": expert(user__last_name="Elsewhere"),
        "colleague": expert(
            area=area, institution=technology.provider, user__last_name="Colleague"
        ),
        "declared": expert(area=area, user__last_name="Declared"),
        "unavailable": expert(area=area, user__last_name="Resting", is_available=False),
    }
    people["declared"].expert_profile.conflict_institutions.add(technology.provider)
    return technology, people


def test_the_assign_form_suggests_matching_experts_first_and_offers_the_others_without_conflict(
    curator_client, experts_around
):
    technology, people = experts_around

    response = curator_client.get(page_url(technology))

    suggested = optgroup(response, "Suggested")
    others = optgroup(response, "Any other expert without a conflict")
    assert [e.pk for e in response.context["assign_form"].suggested] == [
        people["free"].pk,
        people["busy"].pk,
    ]
    assert suggested.index("Free") < suggested.index("Busy")
    assert "1 open review" in suggested
    assert "Elsewhere" in others and "Resting" in others
    for conflicted in ("Colleague", "Declared"):
        assert conflicted not in suggested
        assert conflicted not in others


def test_assigning_an_expert_records_the_due_date_and_mails_the_expert(
    curator_client, curator, experts_around, mailoutbox, django_capture_on_commit_callbacks
):
    technology, people = experts_around
    due = in_future(10)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            reverse("technologies:assign_expert", args=[technology.pk]),
            {"expert": people["free"].pk, "due_on": due.isoformat()},
            follow=True,
        )

    assignment = ReviewAssignment.objects.get(technology=technology)
    assert (assignment.expert, assignment.due_on, assignment.assigned_by) == (
        people["free"],
        due,
        curator,
    )
    assert [row.pk for row in response.context["assignments"]] == [assignment.pk]
    assert people["free"].pk not in [e.pk for e in response.context["assign_form"].suggested]
    [mail] = mailoutbox
    assert mail.to == [people["free"].email]
    assert f"/technologies/reviews/{assignment.pk}/" in mail.body


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("colleague", "works for the provider"),
        ("declared", "declared a conflict of interest with"),
    ],
)
def test_forcing_a_conflicted_expert_is_refused_with_the_services_message(
    curator_client, experts_around, who, message
):
    technology, people = experts_around

    response = curator_client.post(
        reverse("technologies:assign_expert", args=[technology.pk]),
        {"expert": people[who].pk, "due_on": in_future().isoformat()},
    )

    assert response.status_code == 200
    [error] = response.context["assign_form"].errors["expert"]
    assert message in error
    assert message in text(response)
    assert not ReviewAssignment.objects.filter(technology=technology).exists()


def test_the_assign_form_refuses_a_past_due_date_and_someone_who_is_not_an_expert(
    curator_client, experts_around
):
    technology, people = experts_around
    url = reverse("technologies:assign_expert", args=[technology.pk])

    past = curator_client.post(
        url,
        {
            "expert": people["free"].pk,
            "due_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        },
    )
    partner = curator_client.post(
        url, {"expert": PartnerFactory().pk, "due_on": in_future().isoformat()}
    )

    assert past.context["assign_form"].errors == {"due_on": ["The due date cannot be in the past."]}
    assert partner.context["assign_form"].errors == {
        "expert": ["Choose an active expert reviewer."]
    }
    assert not ReviewAssignment.objects.filter(technology=technology).exists()


def test_staff_can_release_an_expert_who_reported_a_conflict(curator_client):
    technology = under_review()
    assignment = assigned(technology)

    response = curator_client.post(
        reverse("technologies:release_assignment", args=[technology.pk, assignment.pk]),
        {"note": "Reported by e-mail: advised the provider."},
        follow=True,
    )

    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DECLINED_CONFLICT
    assert assignment.conflict_note == "Reported by e-mail: advised the provider."
    page = text(response)
    assert "no longer reviews this declaration" in page
    assert "Declined (conflict of interest)" in page


def test_an_assignment_of_another_declaration_cannot_be_released_through_this_one(
    curator_client,
):
    technology = under_review()
    elsewhere = assigned(under_review())

    response = curator_client.post(
        reverse("technologies:release_assignment", args=[technology.pk, elsewhere.pk])
    )

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == AssignmentStatus.ASSIGNED


def test_an_expert_without_a_profile_can_still_be_chosen_among_the_others(curator_client):
    technology = under_review()
    no_profile = UserFactory(last_name="Profileless", roles=["Expert reviewer"])
    InstitutionFactory()  # unrelated data does not change the lists

    response = curator_client.get(page_url(technology))

    assert "Profileless" in optgroup(response, "Any other expert without a conflict")
    assert "Profileless" not in optgroup(response, "Suggested")
    assert no_profile.pk not in [e.pk for e in response.context["assign_form"].suggested]


def test_a_draft_is_not_on_the_staff_page_actions(curator_client):
    technology = complete_draft()

    response = curator_client.get(page_url(technology))

    assert response.status_code == 200
    assert response.context["accept_form"] is None
    assert response.context["assign_form"] is None
    assert "Accept for review" not in text(response)


@pytest.mark.parametrize("items", [1, 3])
def test_the_staff_page_keeps_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, items
):
    curator = StaffCuratorFactory()
    technology = under_review(curator=curator)
    for _ in range(items):
        assigned(technology, curator=curator)
        expert(area=technology.green_area)  # one more suggestion
        expert()  # one more "other" expert
    client.force_login(curator)

    # Session, user, groups; the declaration, its cases, attachments and call areas; the
    # assignments, the log, the suggestions and the other experts.
    with django_assert_max_num_queries(11):
        response = client.get(page_url(technology))

    assert len(response.context["assignments"]) == items
    assert len(response.context["assign_form"].suggested) == items


def test_a_superuser_sees_only_the_actions_the_state_allows(client):
    technology = in_status(S.REJECTED)
    client.force_login(SuperuserFactory())

    page = client.get(page_url(technology))
    decision = client.get(reverse("technologies:decision", args=[technology.pk]))

    assert page.context["accept_form"] is None
    assert page.context["return_form"] is None
    assert page.context["assign_form"] is None
    assert decision.context["form"] is None
    assert "Rejected" in text(decision)
