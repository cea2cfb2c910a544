"""The build's heartbeat: a thread writes it while the build runs, also through a long step that
writes no progress (a transactional test: the thread has its own database connection)."""

import threading
import time

import pytest

from greentech.reports import generators
from greentech.reports.generators.base import ReportDocument, Section, Table
from greentech.reports.models import Report, ReportKind, ReportStatus
from greentech.reports.services import report_build
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_SECONDS = 20


def _heartbeat(report_id):
    return Report.objects.values_list("heartbeat_at", flat=True).get(pk=report_id)


def test_a_long_step_without_progress_still_writes_heartbeats(curator, settings, monkeypatch):
    settings.REPORTS_HEARTBEAT_SECONDS = 0.2
    report = ReportFactory(requested_by=curator)
    beats = []

    def rows():
        # A slow step: nothing is written by the build itself until a heartbeat arrives.
        first = _heartbeat(report.pk)
        deadline = time.monotonic() + WAIT_SECONDS
        while len(beats) < 2 and time.monotonic() < deadline:
            current = _heartbeat(report.pk)
            if current != (beats[-1] if beats else first):
                beats.append(current)
            time.sleep(0.05)
        yield [1]

    def build(parameters):
        table = Table(key="n", title="Numbers", headers=["n"], rows=rows, size=1)
        return ReportDocument(title="T", subtitle="", sections=[Section("S", tables=[table])])

    monkeypatch.setitem(generators.GENERATORS, ReportKind.POOL, build)

    report_build(report_id=report.pk)

    assert len(beats) == 2
    assert beats == sorted(beats)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert not [t for t in threading.enumerate() if t.name.endswith("-heartbeat")]
