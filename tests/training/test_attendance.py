"""Attendance per day, the attended status and certificates."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.training.factories import ApplicationFactory, AttendanceFactory, ModuleFactory
from tests.training.helpers import confirmed, mails_to, upcoming_cohort
from training import services
from training.exceptions import TrainingError
from training.models import ApplicationStatus, Attendance, Certificate

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def three_day_cohort(**kwargs):
    start = timezone.localdate() - datetime.timedelta(days=5)
    return upcoming_cohort(
        starts_on=start,
        ends_on=start + datetime.timedelta(days=2),
        application_deadline=None,
        **kwargs,
    )


def test_staff_record_a_day_of_attendance(curator):
    cohort = three_day_cohort()
    application = confirmed(cohort)

    record = services.attendance_mark(
        application=application, day=cohort.starts_on, present=True, by=curator
    )

    assert (record.day, record.present) == (cohort.starts_on, True)
    application.refresh_from_db()
    assert application.status == S.CONFIRMED


def test_recording_the_same_day_again_updates_it(curator):
    cohort = three_day_cohort()
    application = confirmed(cohort)
    services.attendance_mark(
        application=application, day=cohort.starts_on, present=True, by=curator
    )
    services.attendance_mark(
        application=application, day=cohort.starts_on, present=False, by=curator
    )
    assert list(Attendance.objects.values_list("present", flat=True)) == [False]


def test_present_on_every_day_makes_the_application_attended(curator):
    cohort = three_day_cohort()
    application = confirmed(cohort)

    for offset in range(3):
        services.attendance_mark(
            application=application,
            day=cohort.starts_on + datetime.timedelta(days=offset),
            present=True,
            by=curator,
        )

    application.refresh_from_db()
    assert application.status == S.ATTENDED
    log = application.transitions.get()
    assert (log.to_status, log.by) == (S.ATTENDED, curator)


def test_an_absent_day_keeps_the_application_confirmed(curator):
    cohort = three_day_cohort()
    application = confirmed(cohort)
    for offset, present in enumerate([True, False, True]):
        services.attendance_mark(
            application=application,
            day=cohort.starts_on + datetime.timedelta(days=offset),
            present=present,
            by=curator,
        )
    application.refresh_from_db()
    assert application.status == S.CONFIRMED


def test_with_modules_only_the_days_with_modules_count(curator):
    cohort = three_day_cohort()
    ModuleFactory(cohort=cohort, day=cohort.starts_on)
    ModuleFactory(cohort=cohort, day=cohort.ends_on)
    application = confirmed(cohort)

    services.attendance_mark(
        application=application, day=cohort.starts_on, present=True, by=curator
    )
    services.attendance_mark(application=application, day=cohort.ends_on, present=True, by=curator)

    application.refresh_from_db()
    assert application.status == S.ATTENDED


def test_a_day_outside_the_cohort_is_refused(curator):
    cohort = three_day_cohort()
    application = confirmed(cohort)
    with pytest.raises(TrainingError) as error:
        services.attendance_mark(
            application=application,
            day=cohort.ends_on + datetime.timedelta(days=1),
            present=True,
            by=curator,
        )
    assert "day" in error.value.message_dict
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("status", [S.PENDING_CONFIRMATION, S.WAITLISTED, S.CANCELLED])
def test_attendance_is_only_taken_for_participants(curator, status):
    cohort = three_day_cohort()
    application = ApplicationFactory(
        cohort=cohort,
        status=status,
        waitlist_position=1 if status == S.WAITLISTED else None,
    )
    with pytest.raises(TrainingError):
        services.attendance_mark(
            application=application, day=cohort.starts_on, present=True, by=curator
        )


def test_staff_mark_a_participant_attended_without_day_records(curator):
    application = confirmed(three_day_cohort())
    services.application_mark_attended(application=application, by=curator)
    services.application_mark_attended(application=application, by=curator)
    application.refresh_from_db()
    assert application.status == S.ATTENDED
    assert application.transitions.count() == 1


def test_a_waitlisted_person_cannot_be_marked_attended(curator):
    application = ApplicationFactory(
        cohort=three_day_cohort(), status=S.WAITLISTED, waitlist_position=1
    )
    with pytest.raises(TrainingError):
        services.application_mark_attended(application=application, by=curator)


def test_a_certificate_is_issued_with_its_pdf_and_the_verification_link(
    curator, settings, django_capture_on_commit_callbacks, mailoutbox, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://portal.example.org"
    application = ApplicationFactory(
        cohort=three_day_cohort(), status=S.ATTENDED, first_name="Amina", last_name="Diallo"
    )

    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(application=application, by=curator)

    certificate.refresh_from_db()
    assert certificate.application == application
    with certificate.file.open("rb") as pdf:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read())).pages)
    assert "Amina Diallo" in text
    assert certificate.code in text
    [mail] = mailoutbox
    assert f"https://portal.example.org/training/certificates/{certificate.code}/" in mail.body


def test_issuing_twice_returns_the_same_certificate(curator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = ApplicationFactory(cohort=three_day_cohort(), status=S.ATTENDED)
    first = services.certificate_issue(application=application, by=curator)
    second = services.certificate_issue(application=application, by=curator)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1
    assert len(mails_to(application.email, "training_certificate_ready")) == 1


def test_no_certificate_for_a_participant_who_did_not_attend(curator):
    application = confirmed(three_day_cohort())
    AttendanceFactory(application=application, day=application.cohort.starts_on)
    with pytest.raises(TrainingError) as error:
        services.certificate_issue(application=application, by=curator)
    assert error.value.code == "not_attended"
    assert not Certificate.objects.exists()
