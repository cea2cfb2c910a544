import pytest

from tests.training.factories import ApplicationFactory, CertificateFactory, CohortFactory
from training.models import ApplicationStatus
from training.selectors import cohorts_with_places_left, public_cohorts, trainee_count

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def test_places_left_counts_only_confirmed_and_attended_applications():
    cohort = CohortFactory(capacity=10)
    for status in S.values:
        extra = {"waitlist_position": 1} if status == S.WAITLISTED else {}
        ApplicationFactory(cohort=cohort, status=status, **extra)
    annotated = cohorts_with_places_left().get(pk=cohort.pk)
    assert annotated.places_taken == 2
    assert annotated.places_left == 8


def test_places_left_of_an_empty_cohort_is_its_capacity():
    cohort = CohortFactory(capacity=25)
    assert cohorts_with_places_left().get(pk=cohort.pk).places_left == 25


def test_places_left_never_goes_below_zero():
    cohort = CohortFactory(capacity=1)
    ApplicationFactory.create_batch(2, cohort=cohort, status=S.CONFIRMED)
    assert cohorts_with_places_left().get(pk=cohort.pk).places_left == 0


def test_places_left_counts_each_cohort_separately():
    first, second = CohortFactory(capacity=5), CohortFactory(capacity=5)
    ApplicationFactory(cohort=first, status=S.CONFIRMED)
    left = dict(cohorts_with_places_left().values_list("pk", "places_left"))
    assert left == {first.pk: 4, second.pk: 5}


def test_places_left_annotates_a_given_queryset():
    cohort = CohortFactory(capacity=3)
    CohortFactory(capacity=3)
    queryset = cohorts_with_places_left(type(cohort).objects.filter(pk=cohort.pk))
    assert [c.places_left for c in queryset] == [3]


def test_public_cohorts_leave_out_drafts():
    visible = CohortFactory()
    CohortFactory(status="draft")
    assert list(public_cohorts()) == [visible]


def test_trainee_count_is_zero_without_trainees():
    ApplicationFactory(status=S.CONFIRMED)
    assert trainee_count() == 0


def test_trainee_count_counts_attended_applications_and_certificates():
    ApplicationFactory(status=S.ATTENDED)
    CertificateFactory()
    ApplicationFactory(status=S.CONFIRMED)
    ApplicationFactory(status=S.PENDING_CONFIRMATION)
    ApplicationFactory(status=S.CANCELLED)
    assert trainee_count() == 2


def test_trainee_count_counts_a_person_once_by_email_ignoring_case():
    ApplicationFactory(email="amina@example.org", status=S.ATTENDED)
    ApplicationFactory(email="Amina@Example.org", status=S.ATTENDED)
    CertificateFactory(application__email="AMINA@example.org")
    ApplicationFactory(email="kofi@example.org", status=S.ATTENDED)
    assert trainee_count() == 2


def test_trainee_count_counts_a_certificate_even_if_the_status_moved_on():
    certificate = CertificateFactory()
    type(certificate.application).objects.filter(pk=certificate.application_id).update(
        status=S.CANCELLED
    )
    assert trainee_count() == 1
