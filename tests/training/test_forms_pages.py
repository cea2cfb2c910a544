"""The participant's pages: apply, confirm from the e-mailed link, see or cancel from the manage
link, and "my registrations" — with the real services and the e-mails they send."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from greentech.core import registrations
from tests.factories import InstitutionFactory, PartnerFactory, UserFactory
from tests.forums.factories import RegistrationFactory
from tests.forums.helpers import upcoming_event
from tests.training.factories import ApplicationFactory, CertificateFactory, CohortFactory
from tests.training.helpers import confirmed, upcoming_cohort, waitlisted
from training import signing
from training.models import Application, ApplicationStatus, CohortStatus

pytestmark = pytest.mark.django_db
S = ApplicationStatus

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/training/applications/confirm/[^/\s]+/)")
MANAGE_LINK = re.compile(r"https?://[^/\s]+(/training/applications/manage/[^/\s]+/)")


def apply_url(cohort):
    return reverse("training:apply", kwargs={"slug": cohort.slug})


def confirm_url(application):
    return reverse("training:confirm", kwargs={"token": signing.make_confirm_token(application)})


def manage_url(application):
    return reverse("training:manage", kwargs={"token": signing.make_manage_token(application)})


def form_data(**overrides):
    data = {
        "first_name": "Nguyen",
        "last_name": "Thi Lan",
        "email": "lan@example.org",
        "country": "VN",
        "institution_name": "Vietnam Academy of Science and Technology",
        "position": "Researcher",
        "field_of_work": "Solid waste",
        "motivation": "To bring composting to our province.",
        "consent_to_data_use": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def places_left_on_cohort_page(client, cohort) -> int:
    response = client.get(reverse("training:cohort_detail", kwargs={"slug": cohort.slug}))
    return int(re.search(r'data-places-left="(\d+)"', response.content.decode()).group(1))


# --- The whole path of a visitor ------------------------------------------------------------


def test_a_visitor_applies_confirms_and_cancels_and_the_first_waitlisted_person_is_promoted(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    cohort = upcoming_cohort(capacity=2)
    confirmed(cohort)
    assert places_left_on_cohort_page(client, cohort) == 1

    # Apply: a "check your e-mail" page and an e-mail with the confirm link.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(cohort), form_data(), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "training:apply_sent", kwargs={"slug": cohort.slug}
    )
    assert "Check your e-mail" in response.content.decode()
    [mail] = mailoutbox
    assert mail.to == ["lan@example.org"]
    confirm_path = CONFIRM_LINK.search(mail.body).group(1)

    # GET only shows the button: a mail scanner opening the link confirms nothing.
    response = client.get(confirm_path)
    application = Application.objects.get(email="lan@example.org")
    assert application.status == S.PENDING_CONFIRMATION
    assert "Confirm my application" in response.content.decode()

    # POST confirms: the place count on the cohort page falls.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_path, follow=True)
    application.refresh_from_db()
    assert application.status == S.CONFIRMED
    assert "Your place is confirmed." in response.content.decode()
    assert places_left_on_cohort_page(client, cohort) == 0
    confirmed_mail = mailoutbox[-1]
    manage_path = MANAGE_LINK.search(confirmed_mail.body).group(1)

    # Someone else waits for a place.
    next_in_line = waitlisted(cohort, 1, email="next@example.org")

    # The manage link asks before cancelling, then cancels.
    response = client.get(manage_path)
    assert "Cancel my application" in response.content.decode()
    cancel_path = reverse(
        "training:manage_cancel", kwargs={"token": manage_path.rstrip("/").split("/")[-1]}
    )
    response = client.get(cancel_path)
    assert "Yes, cancel my application" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.CONFIRMED

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_path, follow=True)
    application.refresh_from_db()
    next_in_line.refresh_from_db()
    assert application.status == S.CANCELLED
    assert "This application is cancelled." in response.content.decode()
    assert next_in_line.status == S.CONFIRMED
    assert next_in_line.waitlist_position is None
    assert {tuple(mail.to) for mail in mailoutbox} == {("lan@example.org",), ("next@example.org",)}
    [promoted_mail] = [mail for mail in mailoutbox if mail.to == ["next@example.org"]]
    assert "A place is free for you" in promoted_mail.subject
    assert places_left_on_cohort_page(client, cohort) == 0


# --- The application form -------------------------------------------------------------------


def test_the_form_has_a_label_for_every_input(client):
    cohort = upcoming_cohort()

    html = client.get(apply_url(cohort)).content.decode()

    for name in form_data():
        assert f'for="id_{name}"' in html
        assert f'name="{name}"' in html


def test_an_empty_post_shows_each_missing_field_and_a_summary_on_top(client):
    cohort = upcoming_cohort()

    response = client.post(apply_url(cohort), {})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the following:" in html
    for field in ("first_name", "last_name", "email", "country", "consent_to_data_use"):
        assert field in response.context["form"].errors
    assert "Consent to the use of the data is required." in html
    assert not Application.objects.exists()


def test_bad_values_are_field_errors_not_server_errors(client):
    cohort = upcoming_cohort()

    response = client.post(
        apply_url(cohort),
        form_data(
            email="not-an-address",
            country="XX",
            first_name="A" * 10_000,
            motivation="m" * 50_000,
            position="null\x00byte",
        ),
    )

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert set(errors) == {"email", "country", "first_name", "motivation", "position"}
    assert not Application.objects.exists()


def test_without_consent_nothing_is_recorded(client):
    cohort = upcoming_cohort()

    response = client.post(apply_url(cohort), form_data(consent_to_data_use=None))

    assert "consent_to_data_use" in response.context["form"].errors
    assert not Application.objects.exists()


def test_a_full_cohort_still_takes_applications_for_the_waitlist(client):
    cohort = upcoming_cohort(capacity=1)
    confirmed(cohort)

    html = client.get(apply_url(cohort)).content.decode()

    assert "new applications go on the waiting list" in html
    assert 'name="email"' in html


@pytest.mark.parametrize(
    ("cohort_kwargs", "says"),
    [
        (
            {"application_deadline": timezone.now() - datetime.timedelta(hours=1)},
            "the deadline",
        ),
        ({"status": CohortStatus.CANCELLED}, "has been cancelled"),
        ({"status": CohortStatus.CLOSED}, "Applications are closed."),
    ],
)
def test_a_cohort_that_takes_no_applications_says_why_and_refuses_a_post(
    client, mailoutbox, cohort_kwargs, says
):
    cohort = upcoming_cohort(**cohort_kwargs)

    page = client.get(apply_url(cohort))
    refused = client.post(apply_url(cohort), form_data())

    assert says in page.content.decode()
    assert 'name="email"' not in page.content.decode()
    assert refused.status_code == 403
    assert says in refused.content.decode()
    assert not Application.objects.exists()
    assert mailoutbox == []


def test_a_draft_cohort_has_no_form_for_visitors(client):
    cohort = upcoming_cohort(status=CohortStatus.DRAFT)

    assert client.get(apply_url(cohort)).status_code == 404
    assert client.post(apply_url(cohort), form_data()).status_code == 404
    assert not Application.objects.exists()


def test_a_second_application_with_the_same_address_gets_the_new_application_page(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    cohort = upcoming_cohort(capacity=1)
    confirmed(cohort)
    existing = waitlisted(
        cohort, 3, email="owner@example.org", first_name="Sokha", last_name="Chan"
    )
    before = Application.objects.values().get(pk=existing.pk)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            apply_url(cohort),
            form_data(email="Owner@Example.org", first_name="Someone", last_name="Else"),
            follow=True,
        )

    html = response.content.decode()
    assert "Thank you for applying to" in html
    assert "already" not in html
    for secret in ("Sokha", "Chan", "aitlist", "position 3", "owner@example.org"):
        assert secret not in html
    assert Application.objects.filter(cohort=cohort).count() == 2
    assert Application.objects.values().get(pk=existing.pk) == before
    [mail] = mailoutbox
    assert mail.to == [existing.email]
    assert MANAGE_LINK.search(mail.body)


def test_the_sent_page_opened_directly_shows_the_generic_text(client):
    cohort = upcoming_cohort()

    html = client.get(reverse("training:apply_sent", kwargs={"slug": cohort.slug})).content
    html = html.decode()

    assert "Check your e-mail" in html
    assert "already" not in html


def test_a_logged_in_person_gets_the_form_prefilled(client):
    institution = InstitutionFactory(name="Kenya Industrial Research Institute")
    user = PartnerFactory(
        email="wanjiru@example.org",
        first_name="Wanjiru",
        last_name="Kamau",
        country="KE",
        institution=institution,
        position="Process engineer",
    )
    client.force_login(user)

    form = client.get(apply_url(upcoming_cohort())).context["form"]

    assert form.initial == {
        "first_name": "Wanjiru",
        "last_name": "Kamau",
        "email": "wanjiru@example.org",
        "country": "KE",
        "institution_name": "Kenya Industrial Research Institute",
        "position": "Process engineer",
    }
    html = form.as_div()
    assert 'value="Wanjiru"' in html
    assert 'value="Kenya Industrial Research Institute"' in html


def test_an_application_by_a_logged_in_person_is_linked_to_their_account_and_institution(
    client,
):
    institution = InstitutionFactory(name="Kenya Industrial Research Institute")
    user = PartnerFactory(email="wanjiru@example.org", institution=institution)
    client.force_login(user)
    cohort = upcoming_cohort()

    client.post(
        apply_url(cohort),
        form_data(email="wanjiru@example.org", institution_name=institution.name),
    )

    application = Application.objects.get(cohort=cohort)
    assert application.user == user
    assert application.institution == institution


def test_applying_with_another_address_links_neither_the_account_nor_its_institution(client):
    institution = InstitutionFactory(name="Kenya Industrial Research Institute")
    client.force_login(PartnerFactory(email="wanjiru@example.org", institution=institution))
    cohort = upcoming_cohort()

    client.post(
        apply_url(cohort),
        form_data(email="colleague@example.org", institution_name=institution.name),
    )

    application = Application.objects.get(cohort=cohort)
    assert (application.user, application.institution) == (None, None)
    assert application.institution_name == institution.name


def test_an_anonymous_visitor_gets_an_empty_form(client):
    response = client.get(apply_url(upcoming_cohort()))

    assert response.context["form"].initial == {}
    assert isinstance(response.context["user"], AnonymousUser)


# --- Confirm link -----------------------------------------------------------------------------


def test_confirming_a_full_cohort_shows_the_waitlist_position(
    client, django_capture_on_commit_callbacks
):
    cohort = upcoming_cohort(capacity=1)
    confirmed(cohort)
    waitlisted(cohort, 1)
    application = ApplicationFactory(cohort=cohort)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url(application), follow=True)

    application.refresh_from_db()
    assert application.waitlist_position == 2
    assert "You are on the waiting list, position 2." in response.content.decode()


def test_confirming_when_staff_select_says_the_application_waits_for_their_decision(client):
    cohort = upcoming_cohort(requires_selection=True)
    application = ApplicationFactory(cohort=cohort)

    response = client.post(confirm_url(application), follow=True)

    application.refresh_from_db()
    assert application.status == S.PENDING_SELECTION
    assert "The organisers select the participants" in response.content.decode()


def test_confirming_twice_changes_nothing(client):
    cohort = upcoming_cohort(capacity=3)
    application = ApplicationFactory(cohort=cohort)
    url = confirm_url(application)

    client.post(url)
    response = client.post(url, follow=True)

    application.refresh_from_db()
    assert application.status == S.CONFIRMED
    assert application.transitions.filter(to_status=S.CONFIRMED).count() == 1
    assert "Confirm my application" not in response.content.decode()


def test_a_cancelled_application_cannot_be_confirmed_and_the_page_says_so(client):
    application = ApplicationFactory(cohort=upcoming_cohort(), status=S.CANCELLED)

    response = client.post(confirm_url(application))

    assert response.status_code == 200
    assert "it can no longer be confirmed" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.CANCELLED


def _tampered(token: str) -> str:
    value, rest = token.split(":", 1)
    return f"{int(value) + 1}:{rest}"


def _expired_confirm_token(application) -> str:
    past = time.time() - datetime.timedelta(days=61).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=past):
        return signing.make_confirm_token(application)


@pytest.mark.parametrize("name", ["training:confirm", "training:manage", "training:manage_cancel"])
def test_a_tampered_link_is_a_clear_400_page(client, name):
    application = ApplicationFactory(cohort=upcoming_cohort())
    token = _tampered(
        signing.make_confirm_token(application)
        if name == "training:confirm"
        else signing.make_manage_token(application)
    )

    response = client.get(reverse(name, kwargs={"token": token}))

    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()


def test_an_expired_confirm_link_is_refused_and_confirms_nothing(client):
    application = ApplicationFactory(cohort=upcoming_cohort())
    url = reverse("training:confirm", kwargs={"token": _expired_confirm_token(application)})

    page = client.get(url)
    posted = client.post(url)

    assert page.status_code == posted.status_code == 400
    assert "This link has expired" in page.content.decode()
    application.refresh_from_db()
    assert application.status == S.PENDING_CONFIRMATION


def test_a_confirm_link_does_not_open_the_manage_page(client):
    application = ApplicationFactory(cohort=upcoming_cohort())
    token = signing.make_confirm_token(application)

    response = client.get(reverse("training:manage", kwargs={"token": token}))

    assert response.status_code == 400


def test_a_link_to_an_application_that_does_not_exist_is_a_400(client):
    token = registrations.make_confirm_token(Application(pk=987654))

    response = client.post(reverse("training:confirm", kwargs={"token": token}))

    assert response.status_code == 400
    assert "not valid" in response.content.decode()


# --- Manage link ------------------------------------------------------------------------------


def test_the_manage_page_shows_the_application_its_waitlist_position_and_places_left(client):
    cohort = upcoming_cohort(capacity=2, title="Shanghai session 2026")
    confirmed(cohort)
    confirmed(cohort)
    application = waitlisted(cohort, 4)

    html = client.get(manage_url(application)).content.decode()

    assert "Shanghai session 2026" in html
    assert "You are on the waiting list, position 4." in html
    assert 'data-waitlist-position="4"' in html
    assert 'data-places-left="0"' in html
    assert "Cancel my application" in html


def test_a_pending_application_offers_its_confirm_link_on_the_manage_page(client):
    application = ApplicationFactory(cohort=upcoming_cohort())

    response = client.get(manage_url(application))

    assert response.context["confirm_url"].startswith("/training/applications/confirm/")
    assert client.get(response.context["confirm_url"]).status_code == 200


@pytest.mark.parametrize("status", [S.ATTENDED, S.DECLINED, S.CANCELLED])
def test_a_final_application_has_no_cancel_button_and_its_cancel_page_sends_back(client, status):
    application = ApplicationFactory(cohort=upcoming_cohort(), status=status)
    token = signing.make_manage_token(application)

    page = client.get(reverse("training:manage", kwargs={"token": token}))
    posted = client.post(reverse("training:manage_cancel", kwargs={"token": token}))

    assert "Cancel my application" not in page.content.decode()
    assert posted.status_code == 302
    assert posted["Location"] == reverse("training:manage", kwargs={"token": token})
    application.refresh_from_db()
    assert application.status == status


def test_the_holder_downloads_the_certificate_from_the_manage_page(client):
    certificate = CertificateFactory(application__cohort=upcoming_cohort())
    token = signing.make_manage_token(certificate.application)

    page = client.get(reverse("training:manage", kwargs={"token": token})).content.decode()
    pdf = client.get(reverse("training:manage_certificate", kwargs={"token": token}))

    assert certificate.code in page
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf).startswith(b"%PDF")


def test_no_certificate_no_download(client):
    application = confirmed(upcoming_cohort())
    token = signing.make_manage_token(application)

    response = client.get(reverse("training:manage_certificate", kwargs={"token": token}))

    assert response.status_code == 404


# --- My registrations -----------------------------------------------------------------------


def test_my_registrations_needs_a_login(client):
    url = reverse("training:my_registrations")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_my_registrations_lists_only_the_persons_own_with_working_manage_links(client):
    user = UserFactory(email="me@example.org", email_verified_at=timezone.now())
    linked = ApplicationFactory(user=user, cohort=upcoming_cohort(title="Linked session"))
    by_email = ApplicationFactory(
        email="ME@example.org", cohort=upcoming_cohort(title="Same address session")
    )
    ApplicationFactory(email="other@example.org", cohort=upcoming_cohort(title="Not mine"))
    registration = RegistrationFactory(
        email="me@example.org", event=upcoming_event(title="Forum of mine")
    )
    RegistrationFactory(email="other@example.org", event=upcoming_event(title="Other forum"))
    client.force_login(user)

    response = client.get(reverse("training:my_registrations"))

    html = response.content.decode()
    assert "Linked session" in html
    assert "Same address session" in html
    assert "Forum of mine" in html
    assert "Not mine" not in html
    assert "Other forum" not in html
    listed = {a.pk: a.manage_path for a in response.context["applications"]}
    assert set(listed) == {linked.pk, by_email.pk}
    for path in listed.values():
        assert client.get(path).status_code == 200
    [listed_registration] = response.context["registrations"]
    assert listed_registration.pk == registration.pk
    assert client.get(listed_registration.manage_path).status_code == 200


def test_an_unverified_address_only_lists_what_is_linked_to_the_account(client):
    user = UserFactory(email="me@example.org", email_verified_at=None)
    ApplicationFactory(email="me@example.org", cohort=upcoming_cohort(title="Typed by anyone"))
    client.force_login(user)

    response = client.get(reverse("training:my_registrations"))

    assert "Typed by anyone" not in response.content.decode()
    assert "once your address is verified" in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_my_registrations_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    user = UserFactory(email_verified_at=timezone.now())
    for _index in range(count):
        cohort = CohortFactory()
        ApplicationFactory(user=user, cohort=cohort)
        CertificateFactory(application__user=user, application__cohort=cohort)
        RegistrationFactory(user=user)
    client.force_login(user)

    # 4, plus the role names the navigation reads once per request
    with django_assert_max_num_queries(5):
        response = client.get(reverse("training:my_registrations"))

    assert len(response.context["applications"]) == 2 * count
    assert len(response.context["registrations"]) == count
