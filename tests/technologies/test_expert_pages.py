"""The expert reviewer's pages: "my reviews", the review form, the other reviews (after one's
own only, without names), the conflict-of-interest declaration, and who is refused."""

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from technologies import services
from technologies.models import AssignmentStatus, Recommendation, Review, TechnologyStatus
from tests.factories import PartnerFactory, StaffCuratorFactory, UserFactory
from tests.technologies.builders import (
    assigned,
    expert,
    open_call,
    reviewed,
    under_review,
)
from tests.technologies.factories import CriterionFactory

pytestmark = pytest.mark.django_db

S = TechnologyStatus
MY_REVIEWS = reverse("technologies:my_reviews")
LOGIN = reverse("accounts:login")


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def form_url(assignment):
    return reverse("technologies:review_form", args=[assignment.pk])


def conflict_url(assignment):
    return reverse("technologies:declare_conflict", args=[assignment.pk])


def review_data(assignment, score="4", recommendation=Recommendation.ACCEPT, **extra):
    data = {"recommendation": recommendation, "comment": "Sound and affordable."}
    for criterion in assignment.technology.call.criteria.all():
        data[f"score_{criterion.pk}"] = score
        data[f"comment_{criterion.pk}"] = f"My view on {criterion.name}"
    return {**data, **extra}


@pytest.fixture
def two_experts():
    """A declaration under review (scale 0 to 10, two criteria) with two assigned experts."""
    curator = StaffCuratorFactory()
    technology = under_review(
        call=open_call(score_scale_max=10), name="Rice husk boiler", curator=curator
    )
    area = technology.green_area
    first = assigned(
        technology,
        curator=curator,
        expert_user=expert(area=area, user__first_name="Hana", user__last_name="One"),
    )
    second = assigned(
        technology,
        curator=curator,
        expert_user=expert(area=area, user__first_name="Ravi", user__last_name="Two"),
    )
    return first, second


def logged_in(client, user):
    client.force_login(user)
    return client


# --- who is refused --------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, two_experts):
    first, _ = two_experts

    for url in (MY_REVIEWS, form_url(first)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)
    response = client.post(conflict_url(first), {"confirm": "on"})
    assert response.url.startswith(LOGIN)


@pytest.mark.parametrize(
    "who",
    ["partner", "curator", "staff user"],
)
def test_people_who_are_not_expert_reviewers_get_403(client, two_experts, who):
    first, _ = two_experts
    person = {
        "partner": lambda: PartnerFactory(institution=first.technology.provider),
        "curator": StaffCuratorFactory,
        "staff user": lambda: UserFactory(is_staff=True),
    }[who]()
    logged_in(client, person)

    for url in (MY_REVIEWS, form_url(first)):
        response = client.get(url)
        assert response.status_code == 403
        assert "Rice husk boiler" not in response.content.decode()
    assert client.post(form_url(first), review_data(first)).status_code == 403
    assert client.post(conflict_url(first), {"confirm": "on"}).status_code == 403
    first.refresh_from_db()
    assert first.status == AssignmentStatus.ASSIGNED


def test_an_expert_gets_404_for_an_assignment_that_is_not_theirs(client, two_experts):
    first, _ = two_experts
    stranger = expert(area=first.technology.green_area)
    logged_in(client, stranger)

    assert client.get(form_url(first)).status_code == 404
    assert client.post(form_url(first), review_data(first)).status_code == 404
    assert client.post(conflict_url(first), {"confirm": "on"}).status_code == 404
    first.refresh_from_db()
    assert first.status == AssignmentStatus.ASSIGNED
    assert not Review.objects.exists()


def test_an_assigned_expert_cannot_open_a_colleagues_assignment(client, two_experts):
    first, second = two_experts
    logged_in(client, first.expert)

    assert client.get(form_url(second)).status_code == 404


# --- my reviews ------------------------------------------------------------------------------


def test_my_reviews_lists_only_my_assignments_with_due_dates_and_flags_the_overdue(client):
    me = expert()
    late = assigned(under_review(name="Late one"), expert_user=me)
    soon = assigned(under_review(name="Due soon"), expert_user=me, due_in_days=5)
    done = assigned(under_review(name="Already reviewed"), expert_user=me)
    reviewed(done)
    declined = assigned(under_review(name="Declined one"), expert_user=me)
    services.assignment_declare_conflict(assignment=declined, note="", by=me)
    assigned(under_review(name="Someone else's"))
    late.due_on = timezone.localdate() - dt.timedelta(days=2)
    late.save(update_fields=["due_on"])
    logged_in(client, me)

    response = client.get(MY_REVIEWS)

    assert response.status_code == 200
    rows = response.context["assignments"]
    assert [a.technology.name for a in rows] == ["Late one", "Due soon", "Already reviewed"]
    assert [a.is_overdue for a in rows] == [True, False, False]
    assert (response.context["open_count"], response.context["overdue_count"]) == (2, 1)
    html = response.content.decode()
    for assignment in (late, soon, done):
        assert f'href="{form_url(assignment)}"' in html
    page = text(response)
    assert "Overdue" in page
    assert soon.due_on.strftime("%Y-%m-%d") in html
    assert "Review submitted" in page
    assert "Someone else's" not in page and "Declined one" not in page


@pytest.mark.parametrize("items", [1, 3])
def test_my_reviews_keeps_a_fixed_number_of_queries(client, django_assert_max_num_queries, items):
    me = expert()
    for number in range(items):
        assignment = assigned(under_review(name=f"Assigned {number}"), expert_user=me)
        if number % 2:
            reviewed(assignment)
    logged_in(client, me)

    # Session, user, groups, the assignments with their declarations and reviews.
    with django_assert_max_num_queries(4):
        response = client.get(MY_REVIEWS)

    assert len(response.context["assignments"]) == items


# --- the review form -------------------------------------------------------------------------


def test_the_review_form_shows_the_declaration_the_criteria_and_the_scale(client, two_experts):
    first, _ = two_experts
    technology = first.technology
    CriterionFactory(
        call=technology.call, name="Service capability", description="Support abroad.", weight=2
    )
    attachment = technology.attachments.get()
    logged_in(client, first.expert)

    response = client.get(form_url(first))

    assert response.status_code == 200
    page = text(response)
    assert "Review of “Rice husk boiler”" in page
    assert "Reed beds and gravel filter the water." in page
    assert "Clean water for 800." in page
    assert f'href="/technologies/attachments/{attachment.pk}/"' in response.content.decode()
    assert "Each criterion is scored from 0 to 10." in page
    form = response.context["form"]
    assert [item.criterion.name for item in form.criterion_fields()] == [
        "Criterion 1",
        "Criterion 2",
        "Service capability",
    ]
    score = form.fields[f"score_{technology.call.criteria.get(name='Criterion 1').pk}"]
    assert (score.min_value, score.max_value) == (0, 10)
    assert "Score for Service capability (0 to 10)" in page
    assert "(weight 2.00)" in page
    assert "Support abroad." in page
    assert "Accept Ask for a revision Reject" in page
    assert response.context["conflict_form"] is not None
    # The submitter's contact details are for the staff.
    assert technology.contact_email not in page


def test_the_attachment_link_downloads_for_the_assigned_expert_only(client, two_experts):
    first, _ = two_experts
    attachment = first.technology.attachments.get()
    logged_in(client, first.expert)
    link = f"/technologies/attachments/{attachment.pk}/"
    assert f'href="{link}"' in client.get(form_url(first)).content.decode()

    download = client.get(link)

    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    logged_in(client, expert(area=first.technology.green_area))
    assert client.get(link).status_code == 404


def test_other_reviews_are_hidden_before_my_own_and_shown_without_names_after(client, two_experts):
    first, second = two_experts
    reviewed(second, score=Decimal(7), recommendation=Recommendation.REJECT)
    Review.objects.filter(assignment=second).update(comment="Ravi's secret view.")
    logged_in(client, first.expert)

    before = client.get(form_url(first))

    assert before.context["other_reviews"] == []
    before_page = text(before)
    assert "Ravi's secret view." not in before_page
    assert "The other reviews" not in before_page
    assert "Ravi" not in before_page

    response = client.post(form_url(first), review_data(first, score="8.5"), follow=True)

    assert response.redirect_chain == [(form_url(first), 302)]
    first.refresh_from_db()
    assert first.status == AssignmentStatus.SUBMITTED
    page = text(response)
    assert "Thank you: your review is submitted." in page
    assert "Recommendation: Accept" in page  # mine
    assert "Reviewer 1" in page
    assert "Recommendation: Reject" in page  # theirs
    assert "Ravi's secret view." in page
    assert "7.00" in page and "8.50" in page
    assert "Ravi" not in page.replace("Ravi's secret view.", "")
    assert second.expert.email not in page
    assert response.context["form"] is None
    assert response.context["conflict_form"] is None


def test_a_submitted_review_is_stored_with_every_score_and_comment(client, two_experts):
    first, _ = two_experts
    logged_in(client, first.expert)

    client.post(
        form_url(first),
        review_data(first, score="9.25", recommendation=Recommendation.REVISE),
    )

    review = Review.objects.get(assignment=first)
    assert review.recommendation == Recommendation.REVISE
    assert review.comment == "Sound and affordable."
    assert sorted((s.criterion.name, s.score, s.comment) for s in review.scores.all()) == [
        ("Criterion 1", Decimal("9.25"), "My view on Criterion 1"),
        ("Criterion 2", Decimal("9.25"), "My view on Criterion 2"),
    ]


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("11", "Ensure this value is less than or equal to 10."),
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("4.125", "Ensure that there are no more than 2 decimal places."),
        ("", "This field is required."),
    ],
)
def test_a_score_off_the_scale_is_refused_next_to_its_field(client, two_experts, score, message):
    first, _ = two_experts
    criterion = first.technology.call.criteria.first()
    logged_in(client, first.expert)

    response = client.post(form_url(first), review_data(first, **{f"score_{criterion.pk}": score}))

    assert response.status_code == 200
    assert response.context["form"].errors == {f"score_{criterion.pk}": [message]}
    assert message in text(response)
    assert not Review.objects.exists()


def test_a_review_without_a_recommendation_is_refused(client, two_experts):
    first, _ = two_experts
    logged_in(client, first.expert)

    response = client.post(form_url(first), review_data(first, recommendation=""))

    assert "recommendation" in response.context["form"].errors
    assert not Review.objects.exists()


def test_a_second_review_is_refused_and_the_first_kept(client, two_experts):
    first, _ = two_experts
    logged_in(client, first.expert)
    client.post(form_url(first), review_data(first, score="3"))

    response = client.post(form_url(first), review_data(first, score="9"), follow=True)

    assert "Your review of this declaration is submitted already." in text(response)
    assert {s.score for s in Review.objects.get(assignment=first).scores.all()} == {Decimal(3)}


def test_a_declaration_decided_meanwhile_takes_no_review(client, two_experts):
    first, second = two_experts
    curator = StaffCuratorFactory()
    reviewed(second)
    services.technology_decide(
        technology=first.technology, outcome="reject", feedback="No.", by=curator
    )
    logged_in(client, first.expert)

    page = client.get(form_url(first))
    response = client.post(form_url(first), review_data(first), follow=True)

    assert page.context["form"] is None
    assert "it no longer takes reviews" in text(response)
    assert not Review.objects.filter(assignment=first).exists()


# --- conflict of interest --------------------------------------------------------------------


def test_declaring_a_conflict_releases_the_assignment_and_tells_the_staff(
    client, two_experts, mailoutbox, django_capture_on_commit_callbacks
):
    first, _ = two_experts
    curator = first.assigned_by
    logged_in(client, first.expert)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            conflict_url(first),
            {"confirm": "on", "note": "I advised the provider in 2022."},
            follow=True,
        )

    assert response.redirect_chain == [(MY_REVIEWS, 302)]
    first.refresh_from_db()
    assert first.status == AssignmentStatus.DECLINED_CONFLICT
    assert first.conflict_note == "I advised the provider in 2022."
    assert "Your conflict of interest is recorded" in text(response)
    assert response.context["assignments"] == []
    [mail] = mailoutbox
    assert mail.to == [curator.email]
    assert "I advised the provider in 2022." in mail.body
    assert client.get(form_url(first)).status_code == 404


def test_a_conflict_must_be_ticked(client, two_experts):
    first, _ = two_experts
    logged_in(client, first.expert)

    response = client.post(conflict_url(first), {"note": "Maybe."})

    assert response.status_code == 200
    assert response.context["conflict_form"].errors == {
        "confirm": ["Tick the box to declare the conflict of interest."]
    }
    first.refresh_from_db()
    assert first.status == AssignmentStatus.ASSIGNED


def test_after_reviewing_no_conflict_can_be_declared(client, two_experts):
    first, _ = two_experts
    reviewed(first)
    logged_in(client, first.expert)

    response = client.post(conflict_url(first), {"confirm": "on"}, follow=True)

    assert "Only an assignment waiting for its review can be released" in text(response)
    first.refresh_from_db()
    assert first.status == AssignmentStatus.SUBMITTED
