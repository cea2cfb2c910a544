"""Applying to a cohort: the form's rules, one active application per e-mail, the e-mails."""

import datetime

import pytest
from django.utils import timezone, translation
from django_countries import Countries

from tests.factories import UserFactory
from tests.training.helpers import mails_to, templates_sent_to, upcoming_cohort
from training import services
from training.exceptions import AlreadyRegistered, TrainingError
from training.models import Application, ApplicationStatus, CohortStatus

pytestmark = pytest.mark.django_db


def apply(cohort, **overrides):
    data = {
        "cohort": cohort,
        "first_name": "Amina",
        "last_name": "Diallo",
        "email": "amina@example.org",
        "country": "SN",
        "institution_name": "Université Cheikh Anta Diop",
        "position": "Research engineer",
        "field_of_work": "Wastewater treatment",
        "motivation": "Membrane filtration for municipal plants.",
        "consent_to_data_use": True,
        "language": "en",
    }
    data.update(overrides)
    return services.application_submit(**data)


def test_applying_records_a_pending_application_and_logs_it():
    cohort = upcoming_cohort()

    application = apply(cohort)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING_CONFIRMATION
    assert application.cohort == cohort
    assert application.waitlist_position is None
    [log] = application.transitions.all()
    assert (log.from_status, log.to_status) == ("", ApplicationStatus.PENDING_CONFIRMATION)


def test_applying_emails_a_confirm_link_and_a_manage_link(
    django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.SITE_URL = "https://portal.example.org"
    cohort = upcoming_cohort(title="Shanghai session 2026")

    with django_capture_on_commit_callbacks(execute=True):
        apply(cohort)

    [mail] = mailoutbox
    assert mail.to == ["amina@example.org"]
    assert "Shanghai session 2026" in mail.subject
    assert "https://portal.example.org/training/applications/confirm/" in mail.body
    assert "https://portal.example.org/training/applications/manage/" in mail.body
    assert "Dear Amina," in mail.body


def test_the_application_remembers_the_language_it_was_made_in():
    with translation.override("zh-hans"):
        application = apply(upcoming_cohort(), language=None)
    assert application.language == "zh-hans"
    [row] = mails_to("amina@example.org")
    assert row.language == "zh-hans"


def test_applying_without_consent_is_refused():
    with pytest.raises(TrainingError) as error:
        apply(upcoming_cohort(), consent_to_data_use=False)
    assert "consent_to_data_use" in error.value.message_dict
    assert not Application.objects.exists()


def test_an_invalid_country_is_a_field_error():
    with pytest.raises(TrainingError) as error:
        apply(upcoming_cohort(), country="XX")
    assert "country" in error.value.message_dict


def test_the_country_is_checked_without_listing_every_country(monkeypatch):
    def listing(self):
        raise AssertionError("the country list was walked")

    monkeypatch.setattr(Countries, "__iter__", listing)
    application = apply(upcoming_cohort(), country="KE")
    assert application.country.code == "KE"


def test_applying_after_the_deadline_is_refused_with_the_reason():
    cohort = upcoming_cohort(application_deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(TrainingError, match="deadline") as error:
        apply(cohort)
    assert error.value.code == "deadline_passed"
    assert not Application.objects.exists()
    assert mails_to("amina@example.org") == []


def test_without_a_deadline_applications_close_when_the_cohort_starts():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    cohort = upcoming_cohort(application_deadline=None, starts_on=yesterday)
    with pytest.raises(TrainingError) as error:
        apply(cohort)
    assert error.value.code == "cohort_started"


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (CohortStatus.CANCELLED, "cohort_cancelled"),
        (CohortStatus.CLOSED, "cohort_not_open"),
        (CohortStatus.DRAFT, "cohort_not_open"),
    ],
)
def test_a_cohort_that_is_not_open_refuses_applications(status, code):
    with pytest.raises(TrainingError) as error:
        apply(upcoming_cohort(status=status))
    assert error.value.code == code
    assert not Application.objects.exists()


def test_a_second_application_with_the_same_email_in_any_case_is_refused_with_the_first():
    cohort = upcoming_cohort()
    first = apply(cohort)

    with pytest.raises(AlreadyRegistered) as error:
        apply(cohort, email="  AMINA@Example.org ", first_name="Someone")

    assert error.value.existing == first
    assert Application.objects.count() == 1


def test_the_same_email_may_apply_to_another_cohort():
    apply(upcoming_cohort())
    other = apply(upcoming_cohort())
    assert other.pk is not None


def test_after_a_cancellation_the_same_email_may_apply_again():
    cohort = upcoming_cohort()
    first = apply(cohort)
    services.application_cancel(application=first)

    second = apply(cohort)

    assert second.pk != first.pk
    assert second.status == ApplicationStatus.PENDING_CONFIRMATION


def test_resending_the_links_emails_the_existing_application_state():
    cohort = upcoming_cohort()
    first = apply(cohort)
    Application.objects.filter(pk=first.pk).update(
        links_sent_at=timezone.now() - datetime.timedelta(hours=1)
    )

    sent = services.application_resend_link(application=first)

    assert sent is True
    [row] = mails_to("amina@example.org", "training_links")
    assert row.context["status"] == "Pending e-mail confirmation"
    assert "/training/applications/confirm/" in row.context["confirm_url"]
    assert "/training/applications/manage/" in row.context["manage_url"]


def test_resending_the_links_again_within_the_interval_sends_nothing(settings):
    settings.REGISTRATION_RESEND_INTERVAL_MINUTES = 5
    application = apply(upcoming_cohort())  # the links just went out

    assert services.application_resend_link(application=application) is False
    assert templates_sent_to("amina@example.org") == ["training_please_confirm"]


def test_a_logged_in_person_applying_with_their_address_is_linked_to_the_application():
    user = UserFactory(email="amina@example.org")
    application = apply(upcoming_cohort(), email="Amina@Example.org", user=user)
    assert application.user == user


def test_a_logged_in_person_applying_for_another_address_is_not_linked():
    user = UserFactory(email="someone.else@example.org")
    application = apply(upcoming_cohort(), user=user)
    assert application.user is None
