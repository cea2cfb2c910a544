"""Cancelling: the freed place goes to the first waitlisted person who fits."""

import pytest

from tests.training.factories import ApplicationFactory
from tests.training.helpers import confirmed, mails_to, upcoming_cohort, waitlisted
from training import services
from training.exceptions import TrainingError
from training.models import ApplicationStatus

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def _positions(cohort):
    return list(
        cohort.applications.filter(status=S.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("email", "waitlist_position")
    )


def test_cancelling_a_place_promotes_the_first_waitlisted_and_tells_both(
    django_capture_on_commit_callbacks, mailoutbox
):
    cohort = upcoming_cohort(capacity=1)
    leaving = confirmed(cohort, email="leaving@example.org")
    first = waitlisted(cohort, 1, email="first@example.org")
    second = waitlisted(cohort, 2, email="second@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.application_cancel(application=leaving)

    leaving.refresh_from_db()
    first.refresh_from_db()
    assert leaving.status == S.CANCELLED
    assert leaving.cancelled_at is not None
    assert (first.status, first.waitlist_position) == (S.CONFIRMED, None)
    assert first.transitions.get().note == "Promoted from the waitlist."
    assert _positions(cohort) == [("second@example.org", 1)]
    second.refresh_from_db()
    assert second.waitlist_position == 1
    recipients = {mail.to[0]: mail for mail in mailoutbox}
    assert set(recipients) == {"leaving@example.org", "first@example.org"}
    assert "cancelled" in recipients["leaving@example.org"].subject.lower()
    assert "place is free" in recipients["first@example.org"].subject.lower()


def test_the_promotion_skips_waitlisted_people_whose_country_is_full():
    cohort = upcoming_cohort(capacity=3, max_per_country=2)
    confirmed(cohort, country="KE")
    confirmed(cohort, country="KE")
    leaving = confirmed(cohort, country="NG")
    kenyan = waitlisted(cohort, 1, country="KE", email="kenyan@example.org")
    ghanaian = waitlisted(cohort, 2, country="GH", email="ghanaian@example.org")

    services.application_cancel(application=leaving)

    kenyan.refresh_from_db()
    ghanaian.refresh_from_db()
    assert ghanaian.status == S.CONFIRMED
    assert (kenyan.status, kenyan.waitlist_position) == (S.WAITLISTED, 1)
    assert cohort.applications.filter(status=S.CONFIRMED, country="KE").count() == 2


def test_a_place_freed_in_a_full_country_goes_to_the_first_waitlisted_from_it():
    cohort = upcoming_cohort(capacity=3, max_per_country=2)
    leaving = confirmed(cohort, country="KE")
    confirmed(cohort, country="KE")
    confirmed(cohort, country="NG")
    kenyan = waitlisted(cohort, 1, country="KE")

    services.application_cancel(application=leaving)

    kenyan.refresh_from_db()
    assert kenyan.status == S.CONFIRMED


def test_nobody_fits_then_nobody_is_promoted_and_the_place_stays_free():
    cohort = upcoming_cohort(capacity=2, max_per_country=1)
    confirmed(cohort, country="KE")
    leaving = confirmed(cohort, country="NG")
    kenyan = waitlisted(cohort, 1, country="KE")

    services.application_cancel(application=leaving)

    kenyan.refresh_from_db()
    assert (kenyan.status, kenyan.waitlist_position) == (S.WAITLISTED, 1)


def test_cancelling_from_the_waitlist_moves_the_others_up_without_promoting():
    cohort = upcoming_cohort(capacity=1)
    confirmed(cohort)
    leaving = waitlisted(cohort, 1, email="a@example.org")
    waitlisted(cohort, 2, email="b@example.org")
    waitlisted(cohort, 3, email="c@example.org")

    services.application_cancel(application=leaving)

    assert _positions(cohort) == [("b@example.org", 1), ("c@example.org", 2)]
    assert cohort.applications.filter(status=S.CONFIRMED).count() == 1


def test_cancelling_a_pending_application_promotes_nobody():
    cohort = upcoming_cohort(capacity=1)
    confirmed(cohort)
    leaving = ApplicationFactory(cohort=cohort, status=S.PENDING_CONFIRMATION)
    waiting = waitlisted(cohort, 1)

    services.application_cancel(application=leaving)

    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED


def test_cancelling_twice_changes_nothing():
    application = confirmed(upcoming_cohort())
    services.application_cancel(application=application)
    services.application_cancel(application=application)
    assert application.transitions.count() == 1
    assert len(mails_to(application.email, "training_cancelled")) == 1


def test_an_attended_application_cannot_be_cancelled():
    application = ApplicationFactory(cohort=upcoming_cohort(), status=S.ATTENDED)
    with pytest.raises(TrainingError):
        services.application_cancel(application=application)
    application.refresh_from_db()
    assert application.status == S.ATTENDED


def test_staff_cancelling_is_recorded_with_their_name(curator):
    application = confirmed(upcoming_cohort())
    services.application_cancel(application=application, by=curator, note="Asked by phone.")
    log = application.transitions.get()
    assert (log.by, log.note) == (curator, "Asked by phone.")


def test_filling_from_the_waitlist_after_raising_the_capacity(curator):
    cohort = upcoming_cohort(capacity=1)
    confirmed(cohort)
    first, second, third = (waitlisted(cohort, n) for n in (1, 2, 3))
    cohort.capacity = 3
    cohort.save()

    promoted = services.cohort_fill_from_waitlist(cohort=cohort, by=curator)

    assert [a.pk for a in promoted] == [first.pk, second.pk]
    third.refresh_from_db()
    assert third.waitlist_position == 1
