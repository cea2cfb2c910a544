"""Confirming an application: a place, the waitlist, the per-country cap, selection."""

import datetime

import pytest
from django.utils import timezone

from tests.training.factories import ApplicationFactory
from tests.training.helpers import confirmed, mails_to, upcoming_cohort, waitlisted
from training import services
from training.exceptions import TrainingError
from training.models import ApplicationStatus, CohortStatus

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def pending(cohort, **kwargs):
    return ApplicationFactory(cohort=cohort, status=S.PENDING_CONFIRMATION, **kwargs)


def test_confirming_with_a_free_place_gives_the_place(
    django_capture_on_commit_callbacks, mailoutbox
):
    cohort = upcoming_cohort(capacity=2)
    application = pending(cohort, email="amina@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.application_confirm(application=application)

    application.refresh_from_db()
    assert application.status == S.CONFIRMED
    assert application.confirmed_at is not None
    assert application.waitlist_position is None
    log = application.transitions.get()
    assert (log.from_status, log.to_status) == (S.PENDING_CONFIRMATION, S.CONFIRMED)
    [mail] = mailoutbox
    assert "confirmed" in mail.subject.lower()
    assert "/training/applications/manage/" in mail.body


def test_confirming_a_full_cohort_puts_people_on_the_waitlist_in_order():
    cohort = upcoming_cohort(capacity=1)
    confirmed(cohort)
    first, second = pending(cohort), pending(cohort)

    services.application_confirm(application=first)
    services.application_confirm(application=second)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.waitlist_position) == (S.WAITLISTED, 1)
    assert (second.status, second.waitlist_position) == (S.WAITLISTED, 2)
    [row] = mails_to(second.email, "training_waitlisted")
    assert row.context["waitlist_position"] == 2


def test_the_waitlist_email_shows_the_position(django_capture_on_commit_callbacks, mailoutbox):
    cohort = upcoming_cohort(capacity=1)
    confirmed(cohort)
    waitlisted(cohort, 1)
    application = pending(cohort)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_confirm(application=application)

    [mail] = mailoutbox
    assert "waitlist, in position 2" in mail.body
    assert "<strong>2</strong>" in mail.alternatives[0][0]


def test_confirming_twice_changes_nothing():
    cohort = upcoming_cohort()
    application = pending(cohort)
    services.application_confirm(application=application)
    first_confirmed_at = type(application).objects.get(pk=application.pk).confirmed_at

    again = services.application_confirm(application=application)

    assert again.status == S.CONFIRMED
    assert again.confirmed_at == first_confirmed_at
    assert application.transitions.count() == 1
    assert len(mails_to(application.email, "training_confirmed")) == 1


@pytest.mark.parametrize("status", [S.CANCELLED, S.DECLINED])
def test_a_cancelled_or_declined_application_cannot_be_confirmed(status):
    application = ApplicationFactory(cohort=upcoming_cohort(), status=status)
    with pytest.raises(TrainingError) as error:
        services.application_confirm(application=application)
    assert error.value.code == "not_confirmable"
    application.refresh_from_db()
    assert application.status == status


def test_an_application_to_a_cancelled_cohort_cannot_be_confirmed():
    cohort = upcoming_cohort()
    application = pending(cohort)
    cohort.status = CohortStatus.CANCELLED
    cohort.save()
    with pytest.raises(TrainingError):
        services.application_confirm(application=application)
    application.refresh_from_db()
    assert application.status == S.PENDING_CONFIRMATION


def test_the_country_cap_waitlists_a_third_person_from_the_same_country_while_places_are_free():
    cohort = upcoming_cohort(capacity=10, max_per_country=2)
    confirmed(cohort, country="KE")
    confirmed(cohort, country="KE")
    kenyan, nigerian = pending(cohort, country="KE"), pending(cohort, country="NG")

    services.application_confirm(application=kenyan)
    services.application_confirm(application=nigerian)

    kenyan.refresh_from_db()
    nigerian.refresh_from_db()
    assert (kenyan.status, kenyan.waitlist_position) == (S.WAITLISTED, 1)
    assert nigerian.status == S.CONFIRMED


def test_people_waiting_get_a_place_freed_by_a_raised_capacity_before_a_newcomer():
    cohort = upcoming_cohort(capacity=1)
    confirmed(cohort)
    waiting = waitlisted(cohort, 1)
    newcomer = pending(cohort)
    cohort.capacity = 2
    cohort.save()

    services.application_confirm(application=newcomer)

    waiting.refresh_from_db()
    newcomer.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert (newcomer.status, newcomer.waitlist_position) == (S.WAITLISTED, 1)
    assert mails_to(waiting.email, "training_promoted")


# --- Selection -------------------------------------------------------------------------------


def test_with_selection_confirming_the_email_waits_for_staff():
    cohort = upcoming_cohort(requires_selection=True)
    application = pending(cohort)

    services.application_confirm(application=application)

    application.refresh_from_db()
    assert application.status == S.PENDING_SELECTION
    assert application.confirmed_at is None
    assert mails_to(application.email, "training_pending_selection")


def test_staff_accepting_gives_a_place(curator):
    cohort = upcoming_cohort(requires_selection=True, capacity=3)
    application = ApplicationFactory(cohort=cohort, status=S.PENDING_SELECTION)

    services.application_select(application=application, outcome="accept", by=curator)

    application.refresh_from_db()
    assert application.status == S.CONFIRMED
    log = application.transitions.get()
    assert log.by == curator
    assert mails_to(application.email, "training_confirmed")


def test_staff_accepting_into_a_full_cohort_waitlists(curator):
    cohort = upcoming_cohort(requires_selection=True, capacity=1)
    confirmed(cohort)
    application = ApplicationFactory(cohort=cohort, status=S.PENDING_SELECTION)

    services.application_select(application=application, outcome="accept", by=curator)

    application.refresh_from_db()
    assert (application.status, application.waitlist_position) == (S.WAITLISTED, 1)


def test_staff_accepting_respects_the_country_cap(curator):
    cohort = upcoming_cohort(requires_selection=True, capacity=5, max_per_country=1)
    confirmed(cohort, country="SN")
    application = ApplicationFactory(cohort=cohort, status=S.PENDING_SELECTION, country="SN")

    services.application_select(application=application, outcome="accept", by=curator)

    application.refresh_from_db()
    assert application.status == S.WAITLISTED


def test_staff_waitlisting_puts_the_application_at_the_end(curator):
    cohort = upcoming_cohort(requires_selection=True)
    waitlisted(cohort, 1)
    application = ApplicationFactory(cohort=cohort, status=S.PENDING_SELECTION)

    services.application_select(application=application, outcome="waitlist", by=curator)

    application.refresh_from_db()
    assert (application.status, application.waitlist_position) == (S.WAITLISTED, 2)
    assert mails_to(application.email, "training_waitlisted")


def test_staff_declining_tells_the_applicant(curator):
    application = ApplicationFactory(
        cohort=upcoming_cohort(requires_selection=True), status=S.PENDING_SELECTION
    )

    services.application_select(application=application, outcome="decline", by=curator)

    application.refresh_from_db()
    assert application.status == S.DECLINED
    assert mails_to(application.email, "training_declined")


def test_the_same_selection_twice_changes_nothing(curator):
    application = ApplicationFactory(
        cohort=upcoming_cohort(requires_selection=True), status=S.PENDING_SELECTION
    )
    services.application_select(application=application, outcome="decline", by=curator)
    services.application_select(application=application, outcome="decline", by=curator)
    assert application.transitions.count() == 1
    assert len(mails_to(application.email, "training_declined")) == 1


def test_only_an_application_pending_selection_can_be_selected(curator):
    application = ApplicationFactory(cohort=upcoming_cohort(), status=S.PENDING_CONFIRMATION)
    with pytest.raises(TrainingError) as error:
        services.application_select(application=application, outcome="accept", by=curator)
    assert error.value.code == "not_pending_selection"


def test_an_unknown_selection_outcome_is_a_field_error(curator):
    application = ApplicationFactory(cohort=upcoming_cohort(), status=S.PENDING_SELECTION)
    with pytest.raises(TrainingError) as error:
        services.application_select(application=application, outcome="maybe", by=curator)
    assert "outcome" in error.value.message_dict


# --- The one function that changes a status ---------------------------------------------------


def test_the_transition_function_refuses_what_the_table_forbids():
    application = ApplicationFactory(cohort=upcoming_cohort(), status=S.PENDING_CONFIRMATION)
    with pytest.raises(TrainingError) as error:
        services.application_transition(application=application, to_status=S.ATTENDED)
    assert error.value.code == "transition_not_allowed"
    assert "Pending e-mail confirmation" in error.value.messages[0]
    application.refresh_from_db()
    assert application.status == S.PENDING_CONFIRMATION
    assert not application.transitions.exists()


def test_the_transition_function_does_nothing_when_the_status_is_unchanged():
    application = ApplicationFactory(cohort=upcoming_cohort(), status=S.CONFIRMED)
    services.application_transition(application=application, to_status=S.CONFIRMED)
    assert not application.transitions.exists()


def test_the_transition_function_records_who_when_and_why(curator):
    application = ApplicationFactory(cohort=upcoming_cohort(), status=S.CONFIRMED)
    before = timezone.now()

    services.application_transition(
        application=application, to_status=S.CANCELLED, by=curator, note="Visa refused."
    )

    application.refresh_from_db()
    assert application.cancelled_at >= before
    log = application.transitions.get()
    assert (log.from_status, log.to_status, log.by, log.note) == (
        S.CONFIRMED,
        S.CANCELLED,
        curator,
        "Visa refused.",
    )
    assert log.at - before < datetime.timedelta(minutes=1)


def test_leaving_the_waitlist_clears_the_position():
    application = waitlisted(upcoming_cohort(), 3)
    services.application_transition(application=application, to_status=S.CONFIRMED)
    application.refresh_from_db()
    assert application.waitlist_position is None
    assert application.confirmed_at is not None
