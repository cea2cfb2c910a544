import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from tests.training.factories import (
    ApplicationFactory,
    ApplicationTransitionFactory,
    AttendanceFactory,
    CertificateFactory,
    CohortFactory,
    ModuleFactory,
)
from training.models import ApplicationStatus, Certificate, Module, generate_certificate_code

pytestmark = pytest.mark.django_db


def test_cohort_end_before_start_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortFactory(starts_on=datetime.date(2025, 10, 13), ends_on=datetime.date(2025, 10, 12))


def test_one_day_cohort_is_accepted():
    cohort = CohortFactory(starts_on=datetime.date(2025, 5, 1), ends_on=datetime.date(2025, 5, 1))
    assert cohort.pk


def test_cohort_with_zero_capacity_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortFactory(capacity=0)


def test_cohort_with_zero_per_country_limit_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortFactory(max_per_country=0)


def test_cohort_per_country_limit_above_capacity_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortFactory(capacity=10, max_per_country=11)


def test_cohort_deadline_after_the_first_day_is_a_validation_error():
    cohort = CohortFactory.build(
        starts_on=datetime.date(2025, 10, 13),
        application_deadline=datetime.datetime(2025, 10, 14, 12, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError) as excinfo:
        cohort.clean()
    assert "application_deadline" in excinfo.value.message_dict


def test_cohort_deadline_on_the_first_day_is_valid():
    cohort = CohortFactory.build(
        starts_on=datetime.date(2025, 10, 13),
        application_deadline=datetime.datetime(2025, 10, 13, 8, tzinfo=datetime.UTC),
    )
    cohort.clean()


def test_module_ending_before_it_starts_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ModuleFactory(starts_at=datetime.time(11, 0), ends_at=datetime.time(10, 0))


def test_module_day_outside_the_cohort_is_a_validation_error():
    cohort = CohortFactory(
        starts_on=datetime.date(2025, 10, 13), ends_on=datetime.date(2025, 10, 24)
    )
    module = ModuleFactory.build(cohort=cohort, day=datetime.date(2025, 10, 25))
    with pytest.raises(ValidationError) as excinfo:
        module.full_clean()
    assert "day" in excinfo.value.message_dict
    assert "2025-10-13" in excinfo.value.message_dict["day"][0]


def test_module_on_the_last_cohort_day_is_valid():
    cohort = CohortFactory(
        starts_on=datetime.date(2025, 10, 13), ends_on=datetime.date(2025, 10, 24)
    )
    ModuleFactory.build(cohort=cohort, day=datetime.date(2025, 10, 24)).full_clean()


def test_module_without_cohort_skips_the_day_check():
    Module(day=datetime.date(2025, 1, 1), title="Orphan").clean()


def test_application_without_consent_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(consent_to_data_use=False)


def test_application_without_consent_is_a_validation_error():
    application = ApplicationFactory.build(cohort=CohortFactory(), consent_to_data_use=False)
    with pytest.raises(ValidationError, match="Consent"):
        application.full_clean()


def test_duplicate_active_email_is_refused_case_insensitively():
    first = ApplicationFactory(email="amina@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(cohort=first.cohort, email="Amina@Example.ORG")


@pytest.mark.parametrize(
    "status",
    [
        ApplicationStatus.PENDING_SELECTION,
        ApplicationStatus.CONFIRMED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.ATTENDED,
    ],
)
def test_every_active_state_blocks_a_second_application(status):
    extra = {"waitlist_position": 1} if status == ApplicationStatus.WAITLISTED else {}
    first = ApplicationFactory(email="amina@example.org", status=status, **extra)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(cohort=first.cohort, email="amina@example.org")


def test_a_cancelled_application_does_not_block_a_new_one():
    first = ApplicationFactory(email="amina@example.org", status=ApplicationStatus.CANCELLED)
    second = ApplicationFactory(cohort=first.cohort, email="AMINA@example.org")
    third = ApplicationFactory(
        cohort=first.cohort, email="amina@example.org", status=ApplicationStatus.CANCELLED
    )
    assert second.pk and third.pk


def test_a_declined_application_does_not_block_a_new_one():
    first = ApplicationFactory(email="amina@example.org", status=ApplicationStatus.DECLINED)
    assert ApplicationFactory(cohort=first.cohort, email="amina@example.org").pk


def test_the_same_email_may_apply_to_another_cohort():
    ApplicationFactory(email="amina@example.org")
    assert ApplicationFactory(email="amina@example.org").pk


def test_duplicate_email_is_a_validation_error_even_when_the_status_is_not_in_the_form():
    first = ApplicationFactory(email="amina@example.org")
    second = ApplicationFactory.build(cohort=first.cohort, email="AMINA@example.org")
    with pytest.raises(ValidationError, match="already has an application"):
        second.validate_constraints(exclude={"status"})


def test_waitlist_position_on_a_confirmed_application_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(status=ApplicationStatus.CONFIRMED, waitlist_position=3)


def test_waitlist_position_zero_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(status=ApplicationStatus.WAITLISTED, waitlist_position=0)


def test_waitlisted_application_keeps_its_position():
    application = ApplicationFactory(status=ApplicationStatus.WAITLISTED, waitlist_position=2)
    assert application.waitlist_position == 2


def test_attendance_is_recorded_once_per_day():
    attendance = AttendanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(application=attendance.application, day=attendance.day)


def test_attendance_day_outside_the_cohort_is_a_validation_error():
    attendance = AttendanceFactory.build(
        application=ApplicationFactory(), day=datetime.date(2030, 1, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        attendance.full_clean()
    assert "day" in excinfo.value.message_dict


def test_certificate_code_looks_like_gt_xxxx_xxxx():
    code = generate_certificate_code()
    assert re.fullmatch(r"GT-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code)
    assert len(code) == 12


def test_certificates_get_distinct_codes():
    codes = {CertificateFactory().code for _ in range(5)}
    assert len(codes) == 5


def test_certificate_code_is_unique():
    certificate = CertificateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(code=certificate.code)


def test_an_application_gets_one_certificate():
    certificate = CertificateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(application=certificate.application)


def test_certificate_for_an_application_not_attended_is_a_validation_error():
    certificate = Certificate(application=ApplicationFactory(status=ApplicationStatus.CONFIRMED))
    with pytest.raises(ValidationError) as excinfo:
        certificate.full_clean()
    assert "application" in excinfo.value.message_dict


def test_an_application_with_a_certificate_cannot_be_deleted():
    certificate = CertificateFactory()
    with pytest.raises(ProtectedError), transaction.atomic():
        certificate.application.delete()


def test_transition_log_refuses_a_change_to_the_same_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationTransitionFactory(
            from_status=ApplicationStatus.CONFIRMED, to_status=ApplicationStatus.CONFIRMED
        )


def test_string_forms_name_the_things():
    application = ApplicationFactory(first_name="Amina", last_name="Diallo")
    assert str(application) == f"Amina Diallo ({application.cohort.title})"
    transition = ApplicationTransitionFactory(application=application)
    assert "pending_confirmation -> confirmed" in str(transition)
