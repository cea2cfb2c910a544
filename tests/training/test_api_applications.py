"""The application API: apply, confirm, see and cancel by token; staff lists, selection and
attendance; a person's own applications."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import StaffCuratorFactory, UserFactory
from tests.training.factories import ApplicationFactory
from tests.training.helpers import confirmed, mails_to, upcoming_cohort, waitlisted
from training.models import Application, ApplicationStatus, Attendance, CohortStatus
from training.signing import make_confirm_token, make_manage_token

pytestmark = pytest.mark.django_db

S = ApplicationStatus
CONFIRM = reverse("application-confirm")
CANCEL = reverse("application-cancel")
LIST = reverse("application-list")
MINE = reverse("my-application-list")


def apply_url(cohort):
    return reverse("cohort-apply", args=[cohort.slug])


def manage_url(token):
    return reverse("application-manage", args=[token])


FORM = {
    "first_name": "Amina",
    "last_name": "Diallo",
    "email": "amina@example.org",
    "country": "SN",
    "institution_name": "Université Cheikh Anta Diop",
    "position": "Research engineer",
    "field_of_work": "Wastewater treatment",
    "motivation": "Membrane filtration.",
    "consent_to_data_use": True,
}


# --- Apply -----------------------------------------------------------------------------------


def test_anyone_applies_and_gets_the_confirm_email(client):
    cohort = upcoming_cohort()

    response = client.post(apply_url(cohort), FORM, content_type="application/json")

    assert response.status_code == 201
    assert response.json()["status"] == S.PENDING_CONFIRMATION
    application = Application.objects.get()
    assert (application.cohort, application.email) == (cohort, "amina@example.org")
    assert mails_to("amina@example.org", "training_please_confirm")
    assert "amina@example.org" not in response.content.decode()


def test_apply_with_missing_fields_answers_with_field_errors(client):
    response = client.post(
        apply_url(upcoming_cohort()),
        {**FORM, "email": "not-an-address", "first_name": "", "consent_to_data_use": False},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"email", "first_name", "consent_to_data_use"}
    assert not Application.objects.exists()


def test_apply_after_the_deadline_is_a_400_with_the_reason(client):
    cohort = upcoming_cohort(application_deadline=timezone.now() - datetime.timedelta(hours=1))
    response = client.post(apply_url(cohort), FORM, content_type="application/json")
    assert response.status_code == 400
    assert "deadline" in response.json()["non_field_errors"][0]
    assert not Application.objects.exists()


def test_apply_to_a_cancelled_cohort_is_a_400(client):
    cohort = upcoming_cohort(status=CohortStatus.CANCELLED)
    response = client.post(apply_url(cohort), FORM, content_type="application/json")
    assert response.status_code == 400
    assert "cancelled" in response.json()["non_field_errors"][0]


def test_apply_to_a_draft_cohort_is_not_found(client):
    cohort = upcoming_cohort(status=CohortStatus.DRAFT)
    response = client.post(apply_url(cohort), FORM, content_type="application/json")
    assert response.status_code == 404


def test_a_second_application_gets_the_new_application_answer_and_the_owner_an_e_mail(client):
    cohort = upcoming_cohort()
    existing = ApplicationFactory(
        cohort=cohort,
        email="amina@example.org",
        first_name="Secret",
        last_name="Person",
        status=S.WAITLISTED,
        waitlist_position=4,
    )
    before = Application.objects.values().get(pk=existing.pk)
    fresh = client.post(
        apply_url(cohort), {**FORM, "email": "new@example.org"}, content_type="application/json"
    )

    response = client.post(
        apply_url(cohort), {**FORM, "email": "AMINA@example.org"}, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (fresh.status_code, fresh.json())
    assert response.status_code == 201
    assert response.json()["status"] == "pending_confirmation"
    for private in ("Secret", "Person", "aitlist", "already"):
        assert private not in response.content.decode()
    assert Application.objects.values().get(pk=existing.pk) == before
    [told] = mails_to("amina@example.org", "training_links")
    assert told.context["waitlist_position"] == 4
    assert told.context["manage_url"]


def test_a_logged_in_applicant_is_linked_when_the_address_is_theirs(client):
    user = UserFactory(email="amina@example.org")
    client.force_login(user)
    client.post(apply_url(upcoming_cohort()), FORM, content_type="application/json")
    assert Application.objects.get().user == user


# --- Confirm, see, cancel by token -----------------------------------------------------------


def test_confirming_by_token_gives_the_place(client):
    application = ApplicationFactory(cohort=upcoming_cohort())

    response = client.post(
        CONFIRM, {"token": make_confirm_token(application)}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == S.CONFIRMED
    application.refresh_from_db()
    assert application.status == S.CONFIRMED


def test_confirming_a_full_cohort_by_token_answers_the_waitlist_position(client):
    cohort = upcoming_cohort(capacity=1)
    confirmed(cohort)
    application = ApplicationFactory(cohort=cohort)

    data = client.post(
        CONFIRM, {"token": make_confirm_token(application)}, content_type="application/json"
    ).json()

    assert (data["status"], data["waitlist_position"]) == (S.WAITLISTED, 1)


def test_a_tampered_token_is_refused_as_a_field_error(client):
    application = ApplicationFactory(cohort=upcoming_cohort())
    token = make_confirm_token(application)[:-2] + "xx"
    response = client.post(CONFIRM, {"token": token}, content_type="application/json")
    assert response.status_code == 400
    assert "token" in response.json()
    application.refresh_from_db()
    assert application.status == S.PENDING_CONFIRMATION


def test_a_manage_token_does_not_confirm(client):
    application = ApplicationFactory(cohort=upcoming_cohort())
    response = client.post(
        CONFIRM, {"token": make_manage_token(application)}, content_type="application/json"
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == S.PENDING_CONFIRMATION


def test_cancelling_by_token_frees_the_place_for_the_waitlist(client):
    cohort = upcoming_cohort(capacity=1)
    application = confirmed(cohort)
    waiting = waitlisted(cohort, 1)

    response = client.post(
        CANCEL, {"token": make_manage_token(application)}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == S.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED


def test_a_confirm_token_does_not_cancel(client):
    application = confirmed(upcoming_cohort())
    response = client.post(
        CANCEL, {"token": make_confirm_token(application)}, content_type="application/json"
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == S.CONFIRMED


def test_cancelling_an_attended_application_is_a_400(client):
    application = ApplicationFactory(cohort=upcoming_cohort(), status=S.ATTENDED)
    response = client.post(
        CANCEL, {"token": make_manage_token(application)}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"]


def test_the_manage_token_shows_the_application_to_its_owner(client):
    application = waitlisted(upcoming_cohort(), 2, first_name="Amina")

    response = client.get(manage_url(make_manage_token(application)))

    assert response.status_code == 200
    data = response.json()
    assert (data["first_name"], data["status"], data["waitlist_position"]) == (
        "Amina",
        S.WAITLISTED,
        2,
    )
    assert data["cohort"]["slug"] == application.cohort.slug
    assert data["can_cancel"] is True
    assert "id" not in data


def test_a_bad_manage_token_is_not_found(client):
    assert client.get(manage_url("1:abc:def")).status_code == 404


# --- Staff -----------------------------------------------------------------------------------


def test_only_staff_list_applications(client):
    ApplicationFactory()
    assert client.get(LIST).status_code == 401  # anonymous: log in (or send a token) first
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 403


def test_staff_list_the_applications_of_a_cohort(curator_client):
    cohort = upcoming_cohort()
    mine = ApplicationFactory(cohort=cohort, email="in@example.org")
    ApplicationFactory(email="other@example.org")

    data = curator_client.get(LIST, {"cohort": cohort.slug}).json()

    assert [row["email"] for row in data["results"]] == ["in@example.org"]
    assert data["results"][0]["id"] == mine.pk


@pytest.mark.parametrize("count", [1, 3])
def test_the_staff_list_query_count_does_not_grow(
    curator_client, django_assert_max_num_queries, count
):
    cohort = upcoming_cohort()
    for _index in range(count):
        application = confirmed(cohort)
        Attendance.objects.create(application=application, day=cohort.starts_on)
    with django_assert_max_num_queries(8):
        response = curator_client.get(LIST, {"cohort": cohort.slug})
    assert len(response.json()["results"]) == count


def test_staff_record_attendance(curator_client):
    cohort = upcoming_cohort()
    application = confirmed(cohort)

    response = curator_client.post(
        reverse("application-attendance", args=[application.pk]),
        {"day": cohort.starts_on.isoformat(), "present": True},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["attendance"] == [{"day": cohort.starts_on.isoformat(), "present": True}]


def test_attendance_outside_the_cohort_is_a_field_error(curator_client):
    cohort = upcoming_cohort()
    application = confirmed(cohort)
    response = curator_client.post(
        reverse("application-attendance", args=[application.pk]),
        {"day": (cohort.ends_on + datetime.timedelta(days=1)).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "day" in response.json()


def test_others_cannot_record_attendance(client):
    cohort = upcoming_cohort()
    application = confirmed(cohort)
    url = reverse("application-attendance", args=[application.pk])
    body = {"day": cohort.starts_on.isoformat()}
    assert client.post(url, body, content_type="application/json").status_code == 401
    client.force_login(UserFactory(email=application.email))
    assert client.post(url, body, content_type="application/json").status_code == 403
    assert not Attendance.objects.exists()


def test_attendance_for_an_unknown_application_is_not_found(curator_client):
    response = curator_client.post(
        reverse("application-attendance", args=[999999]),
        {"day": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_staff_select_an_application(curator_client):
    cohort = upcoming_cohort(requires_selection=True)
    application = ApplicationFactory(cohort=cohort, status=S.PENDING_SELECTION)

    response = curator_client.post(
        reverse("application-select", args=[application.pk]),
        {"outcome": "accept"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == S.CONFIRMED


def test_selection_of_an_application_not_pending_selection_is_a_400(curator_client):
    application = ApplicationFactory(cohort=upcoming_cohort())
    response = curator_client.post(
        reverse("application-select", args=[application.pk]),
        {"outcome": "decline"},
        content_type="application/json",
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == S.PENDING_CONFIRMATION


def test_others_cannot_select(client):
    application = ApplicationFactory(
        cohort=upcoming_cohort(requires_selection=True), status=S.PENDING_SELECTION
    )
    client.force_login(UserFactory())
    response = client.post(
        reverse("application-select", args=[application.pk]),
        {"outcome": "accept"},
        content_type="application/json",
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == S.PENDING_SELECTION


# --- A person's own applications -------------------------------------------------------------


def test_my_applications_need_a_login(client):
    assert client.get(MINE).status_code == 401


def test_my_applications_are_mine_by_account_or_verified_address(client):
    user = UserFactory(email="amina@example.org", email_verified_at=timezone.now())
    linked = ApplicationFactory(user=user, email="old.address@example.org")
    by_address = ApplicationFactory(email="AMINA@example.org")
    ApplicationFactory(email="someone.else@example.org")
    client.force_login(user)

    data = client.get(MINE).json()

    assert {row["email"] for row in data["results"]} == {linked.email, by_address.email}


def test_an_unverified_address_does_not_claim_applications(client):
    user = UserFactory(email="amina@example.org", email_verified_at=None)
    ApplicationFactory(email="amina@example.org")
    client.force_login(user)
    assert client.get(MINE).json()["results"] == []


@pytest.mark.parametrize("count", [1, 3])
def test_my_applications_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    user = UserFactory()
    for _index in range(count):
        ApplicationFactory(user=user)
    client.force_login(user)
    with django_assert_max_num_queries(5):
        response = client.get(MINE)
    assert len(response.json()["results"]) == count


def test_a_curator_sees_every_application_in_the_staff_list_not_in_theirs(client):
    curator = StaffCuratorFactory()
    ApplicationFactory()
    client.force_login(curator)
    assert client.get(MINE).json()["results"] == []
    assert len(client.get(LIST).json()["results"]) == 1
