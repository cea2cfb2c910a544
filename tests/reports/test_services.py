"""Requesting, building, failing, retrying and recovering reports through the services (tasks
run eagerly: the autouse fixture of tests/conftest.py)."""

import datetime

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from greentech.reports import generators, services
from greentech.reports.exceptions import InvalidParameters, NotPermitted, TransitionNotAllowed
from greentech.reports.generators.base import ReportDocument, Section, Table
from greentech.reports.models import Report, ReportKind, ReportStatus
from greentech.reports.services import (
    report_build,
    report_request,
    report_retry,
    reports_recover_stale,
)
from tests.factories import ExpertFactory, InstitutionFactory, PartnerFactory
from tests.reports.builders import pool_world
from tests.reports.conftest import workbook_rows
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db
S = ReportStatus
YEAR_2024 = {"start": "2024-01-01", "end": "2024-12-31"}


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what is queued on commit (the task, then the e-mail) as a real commit would."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = function(**kwargs)
        return result

    return run


def _request(user, **overrides):
    return report_request(
        **{"kind": ReportKind.POOL, "format": "xlsx", "parameters": YEAR_2024, **overrides},
        requested_by=user,
    )


def _failing(exc):
    def build(parameters):
        raise exc

    return build


def test_a_requested_report_is_built_stored_and_announced(curator, run_on_commit, mailoutbox):
    pool_world()

    report = run_on_commit(_request, user=curator)

    report.refresh_from_db()
    assert report.status == S.DONE
    assert report.progress == 100
    assert report.started_at <= report.finished_at
    assert report.error == ""
    assert report.description == "2024-01-01 \N{EN DASH} 2024-12-31"
    with report.file.open("rb") as handle:
        sheets = workbook_rows(handle.read())
    assert [row[0] for row in sheets["Accepted technologies"][1:]] == [
        "Anaerobic reactor",
        "Membrane bioreactor",
        "Solar dryer",
    ]
    assert [(t.from_status, t.to_status) for t in report.transitions.all()] == [
        (S.QUEUED, S.RUNNING),
        (S.RUNNING, S.DONE),
    ]
    [mail] = mailoutbox
    assert mail.to == [curator.email]
    assert mail.subject == "Your report is ready"
    assert f"/reports/{report.pk}/download/" in mail.body


def test_the_stored_file_name_is_not_guessable(curator, run_on_commit):
    first = run_on_commit(_request, user=curator)
    second = run_on_commit(_request, user=curator)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.file.name.startswith("reports/")
    assert first.file.name.endswith(".xlsx")
    assert first.file.name != second.file.name


def test_a_done_report_is_not_built_again(curator, run_on_commit, mailoutbox):
    report = run_on_commit(_request, user=curator)
    report.refresh_from_db()
    done = (report.file.name, report.finished_at)

    run_on_commit(report_build, report_id=report.pk)

    report.refresh_from_db()
    assert (report.file.name, report.finished_at) == done
    assert report.transitions.count() == 2
    assert len(mailoutbox) == 1


def test_a_build_for_a_gone_report_returns_quietly():
    assert report_build(report_id=987654) is None


def test_a_failing_build_keeps_its_error_and_tells_the_requester(
    curator, run_on_commit, mailoutbox, monkeypatch
):
    monkeypatch.setitem(
        generators.GENERATORS, ReportKind.POOL, _failing(RuntimeError("disk on fire"))
    )

    report = run_on_commit(_request, user=curator)

    report.refresh_from_db()
    assert report.status == S.FAILED
    assert report.error == "RuntimeError: disk on fire"
    assert report.finished_at is not None
    assert not report.file
    [mail] = mailoutbox
    assert mail.subject == "Your report failed"
    assert "RuntimeError: disk on fire" in mail.body


def test_the_soft_time_limit_fails_the_report_with_a_clear_error(
    curator, run_on_commit, monkeypatch, settings
):
    settings.REPORTS_SOFT_TIME_LIMIT = 300
    monkeypatch.setitem(generators.GENERATORS, ReportKind.POOL, _failing(SoftTimeLimitExceeded()))

    report = run_on_commit(_request, user=curator)

    report.refresh_from_db()
    assert report.status == S.FAILED
    assert report.error.startswith("The report took longer than the 300-second limit")


def test_a_failed_report_can_be_retried_and_then_succeeds(
    curator, run_on_commit, monkeypatch, mailoutbox
):
    pool_world()
    monkeypatch.setitem(generators.GENERATORS, ReportKind.POOL, _failing(OSError("full")))
    report = run_on_commit(_request, user=curator)
    monkeypatch.undo()

    run_on_commit(report_retry, report_id=report.pk, by=curator)

    report.refresh_from_db()
    assert report.status == S.DONE
    assert report.error == ""
    assert [(t.from_status, t.to_status, t.by) for t in report.transitions.all()] == [
        (S.QUEUED, S.RUNNING, None),
        (S.RUNNING, S.FAILED, None),
        (S.FAILED, S.QUEUED, curator),
        (S.QUEUED, S.RUNNING, None),
        (S.RUNNING, S.DONE, None),
    ]
    assert [mail.subject for mail in mailoutbox] == ["Your report failed", "Your report is ready"]


@pytest.mark.parametrize("status", [S.QUEUED, S.RUNNING, S.DONE])
def test_only_a_failed_report_can_be_retried(curator, status):
    report = ReportFactory(status=status, requested_by=curator, file="reports/x.xlsx")

    with pytest.raises(TransitionNotAllowed):
        report_retry(report_id=report.pk, by=curator)


def test_someone_else_cannot_retry_a_report():
    report = ReportFactory(status=S.FAILED)

    with pytest.raises(NotPermitted):
        report_retry(report_id=report.pk, by=PartnerFactory())


@pytest.mark.parametrize(
    ("kind", "parameters", "fields"),
    [
        (ReportKind.POOL, {}, {"start", "end"}),
        (ReportKind.POOL, {"start": "2024-05-01", "end": "2024-04-30"}, {"end"}),
        (ReportKind.POOL, {**YEAR_2024, "institution": 987654}, {"institution"}),
        (ReportKind.COOPERATION_ANNUAL, {"year": 1900}, {"year"}),
        (ReportKind.COOPERATION_ANNUAL, {"year": "last"}, {"year"}),
        (ReportKind.COUNTRY_PROFILE, {"country": "XX"}, {"country"}),
        (ReportKind.TRAINING_FORUM_STATS, {"start": "soon", "end": "2024-01-01"}, {"start"}),
        ("gossip", YEAR_2024, {"kind"}),
    ],
)
def test_parameters_are_checked_per_kind(curator, kind, parameters, fields):
    with pytest.raises(InvalidParameters) as caught:
        report_request(kind=kind, format="pdf", parameters=parameters, requested_by=curator)

    assert set(caught.value.error_dict) == fields
    assert not Report.objects.exists()


def test_an_unknown_format_is_refused(curator):
    with pytest.raises(InvalidParameters) as caught:
        _request(curator, format="docx")

    assert set(caught.value.error_dict) == {"format"}


def test_the_stored_parameters_are_normalised(curator):
    institution = InstitutionFactory(name="Tongji University")

    report = _request(
        curator, parameters={**YEAR_2024, "institution": str(institution.pk), "year": 2020}
    )

    assert report.parameters == {**YEAR_2024, "institution": institution.pk}
    assert report.description == "2024-01-01 \N{EN DASH} 2024-12-31 · Tongji University"


def test_a_partner_may_request_the_pool_report_of_their_own_institution():
    partner = PartnerFactory()

    report = _request(partner, parameters={**YEAR_2024, "institution": partner.institution_id})

    assert report.requested_by == partner


@pytest.mark.parametrize(
    "overrides",
    [
        {"parameters": YEAR_2024},  # the whole pool
        {"parameters": {**YEAR_2024, "institution": "other"}},
        {"kind": ReportKind.COUNTRY_PROFILE, "parameters": {"country": "KE"}},
        {"kind": ReportKind.COOPERATION_ANNUAL, "parameters": {"year": 2024}},
        {"kind": ReportKind.TRAINING_FORUM_STATS, "parameters": YEAR_2024},
    ],
)
def test_a_partner_cannot_request_anything_else(overrides):
    partner = PartnerFactory()
    if overrides["parameters"].get("institution") == "other":
        overrides["parameters"]["institution"] = InstitutionFactory().pk

    with pytest.raises(NotPermitted):
        _request(partner, **overrides)

    assert not Report.objects.exists()


def test_experts_and_partners_without_an_institution_cannot_request_reports():
    for user in (ExpertFactory(), PartnerFactory(institution=None)):
        with pytest.raises(NotPermitted):
            _request(user, parameters={**YEAR_2024, "institution": None})


def test_parameters_gone_invalid_before_the_build_fail_the_report_clearly(curator):
    institution = InstitutionFactory()
    report = _request(curator, parameters={**YEAR_2024, "institution": institution.pk})
    institution.delete()

    report_build(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == S.FAILED
    assert report.error.startswith("The report's parameters are no longer valid:")


def test_a_build_running_elsewhere_is_left_alone(curator):
    started = timezone.now() - datetime.timedelta(seconds=30)
    report = ReportFactory(requested_by=curator, status=S.RUNNING, started_at=started)

    report_build(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == S.RUNNING
    assert report.started_at == started


def test_a_build_whose_worker_went_silent_is_built_again_on_redelivery(curator, settings):
    settings.REPORTS_HEARTBEAT_SECONDS = 30
    started = timezone.now() - datetime.timedelta(seconds=700)
    report = ReportFactory(
        requested_by=curator,
        status=S.RUNNING,
        started_at=started,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=91),
    )

    report_build(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == S.DONE
    assert report.started_at > started


def test_progress_is_saved_while_the_rows_are_written(curator, monkeypatch):
    seen = []
    report = ReportFactory(requested_by=curator)

    def rows():
        for number in range(200):
            seen.append(Report.objects.values_list("progress", flat=True).get(pk=report.pk))
            yield [number]

    def build(parameters):
        table = Table(key="n", title="Numbers", headers=["n"], rows=rows, size=200)
        return ReportDocument(title="T", subtitle="", sections=[Section("S", tables=[table])])

    monkeypatch.setitem(generators.GENERATORS, ReportKind.POOL, build)

    report_build(report_id=report.pk)

    assert seen[0] == 5
    assert seen == sorted(seen)
    assert 50 < seen[100] < 60
    assert seen[-1] >= 94
    report.refresh_from_db()
    assert report.progress == 100


def test_the_recovery_sweep_fails_abandoned_builds_and_requeues_forgotten_ones(
    curator, settings, run_on_commit
):
    settings.REPORTS_HEARTBEAT_SECONDS = 30
    settings.REPORTS_REQUEUE_AFTER_MINUTES = 30
    now = timezone.now()
    abandoned = ReportFactory(
        requested_by=curator, status=S.RUNNING, started_at=now - datetime.timedelta(hours=1)
    )
    busy = ReportFactory(  # a long build whose worker is alive
        requested_by=curator,
        status=S.RUNNING,
        started_at=now - datetime.timedelta(hours=2),
        heartbeat_at=now - datetime.timedelta(seconds=20),
    )
    forgotten = ReportFactory(requested_by=curator)
    Report.objects.filter(pk=forgotten.pk).update(created=now - datetime.timedelta(hours=2))
    fresh = ReportFactory(requested_by=curator)

    result = run_on_commit(reports_recover_stale)

    assert result == {"failed": 1, "requeued": 1}
    statuses = dict(Report.objects.values_list("pk", "status"))
    assert statuses == {
        abandoned.pk: S.FAILED,
        busy.pk: S.RUNNING,
        forgotten.pk: S.DONE,  # enqueued again, and built (eager tasks)
        fresh.pk: S.QUEUED,
    }
    abandoned.refresh_from_db()
    assert abandoned.error.startswith("The build stopped without finishing")


@pytest.mark.parametrize(
    ("silent_seconds", "status"),
    [(60, S.RUNNING), (89, S.RUNNING), (91, S.FAILED), (600, S.FAILED)],
)
def test_a_running_report_fails_after_three_missed_heartbeats(
    curator, settings, silent_seconds, status
):
    settings.REPORTS_HEARTBEAT_SECONDS = 30
    now = timezone.now()
    report = ReportFactory(
        requested_by=curator,
        status=S.RUNNING,
        started_at=now - datetime.timedelta(hours=1),
        heartbeat_at=now - datetime.timedelta(seconds=silent_seconds),
    )

    reports_recover_stale(now=now)

    report.refresh_from_db()
    assert report.status == status


def test_a_dead_build_is_failed_with_a_clear_message_and_can_be_retried(
    curator, settings, run_on_commit, mailoutbox
):
    settings.REPORTS_HEARTBEAT_SECONDS = 30
    now = timezone.now()
    report = ReportFactory(
        requested_by=curator,
        status=S.RUNNING,
        started_at=now - datetime.timedelta(minutes=5),
        heartbeat_at=now - datetime.timedelta(minutes=2),
    )

    assert run_on_commit(reports_recover_stale, now=now) == {"failed": 1, "requeued": 0}

    report.refresh_from_db()
    assert report.status == S.FAILED
    assert report.is_retryable
    assert report.error == (
        "The build stopped without finishing: its worker gave no sign of life for 90 seconds "
        "(it was stopped, lost or reached the time limit). Retry the report."
    )
    assert report.transitions.last().to_status == S.FAILED
    assert [m.subject for m in mailoutbox] == ["Your report failed"]

    run_on_commit(report_retry, report_id=report.pk, by=curator)

    report.refresh_from_db()
    assert report.status == S.DONE


def test_a_heartbeat_during_the_sweep_keeps_the_report_running(curator, settings, monkeypatch):
    """The sweep re-checks under the row lock: a build that beat after it was listed lives on."""
    settings.REPORTS_HEARTBEAT_SECONDS = 30
    now = timezone.now()
    report = ReportFactory(
        requested_by=curator,
        status=S.RUNNING,
        started_at=now - datetime.timedelta(hours=1),
        heartbeat_at=now - datetime.timedelta(minutes=5),
    )
    locked = services._locked

    def beat_then_lock(report_id):
        Report.objects.filter(pk=report_id).update(heartbeat_at=timezone.now())
        return locked(report_id)

    monkeypatch.setattr(services, "_locked", beat_then_lock)

    assert reports_recover_stale(now=now)["failed"] == 0
    report.refresh_from_db()
    assert report.status == S.RUNNING


def test_the_build_starts_with_a_heartbeat_and_progress_renews_it(curator):
    report = _request(curator)
    seen = []
    original = services._save_progress

    def record(report_id, percent):
        original(report_id, percent)
        seen.append(Report.objects.values_list("heartbeat_at", flat=True).get(pk=report_id))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "_save_progress", record)
        report_build(report_id=report.pk)

    assert seen and all(beat is not None for beat in seen)
    assert seen == sorted(seen)
    report.refresh_from_db()
    assert report.started_at <= report.heartbeat_at
