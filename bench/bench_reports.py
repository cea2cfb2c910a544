"""How long the largest report takes, and how much memory it needs.

Creates N published technologies (bulk_create) in a throwaway test database, then builds the
technology pool report for their year as XLSX, CSV and PDF through the real service
(`report_build`: generator, writer, file storage, e-mail) and prints, per format:

- the wall time of the build, and the CPU time this process spent on it (on a busy machine
  the wall time includes waiting for a CPU and for the database);
- the peak of Python allocations during the build (tracemalloc, measured in a second build so
  the timing is not slowed down by it);
- the process's peak resident memory so far (resource.getrusage maxrss), which also counts
  what the C libraries behind WeasyPrint and the database driver hold.

Run it from the project folder (the database named in DATABASE_URL is not touched: a
"test_<name>" database is created and destroyed):

    DJANGO_SETTINGS_MODULE=greentech.settings .venv/bin/python bench/bench_reports.py \\
        --technologies 10000

Not a test: nothing is asserted, numbers are printed.
"""

import argparse
import datetime
import logging
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greentech.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

YEAR = 2024
COUNTRIES = ["KE", "TH", "PK", "SN", "GH", "EG", "ET", "LK", "NP", "VN", "ID", "MY", "KZ", "UZ",
             "BR", "AR", "ZA", "NG", "TZ", "UG", "BD", "MN", "LA", "KH", "PH", "IR", "TR", "MA",
             "DZ", "TN", "CN", "RU", "IT", "DE", "FR", "GB", "ES", "PT", "CL", "PE"]  # fmt: skip
INSTITUTIONS = 400
BATCH = 2000


def megabytes(kilobytes_or_bytes: float, *, unit_bytes: bool) -> float:
    return kilobytes_or_bytes / (1024 * 1024 if unit_bytes else 1024)


def maxrss_mb() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return megabytes(usage, unit_bytes=platform.system() == "Darwin")


def populate(count: int):
    """`count` technologies accepted and published in YEAR, spread over the green areas, 40
    provider countries and TRL 1-9 (a tenth without a TRL). Returns the staff user."""
    from centres.models import Institution, InstitutionKind
    from greentech.accounts.models import User
    from greentech.core.models import GreenArea
    from greentech.core.taxonomy import ensure_green_areas
    from technologies.models import CollectionCall, Technology, TechnologyStatus

    ensure_green_areas(GreenArea)
    areas = list(GreenArea.objects.order_by("position"))
    institutions = Institution.objects.bulk_create(
        Institution(
            name=f"Benchmark institution {n}",
            slug=f"benchmark-institution-{n}",
            kind=InstitutionKind.RESEARCH_INSTITUTE,
            country=COUNTRIES[n % len(COUNTRIES)],
        )
        for n in range(INSTITUTIONS)
    )
    opens = datetime.datetime(YEAR - 1, 1, 1, tzinfo=datetime.UTC)
    call = CollectionCall.objects.create(
        title="Benchmark call",
        slug="benchmark-call",
        opens_on=opens,
        closes_on=opens + datetime.timedelta(days=700),
    )
    start = datetime.datetime(YEAR, 1, 1, 8, tzinfo=datetime.UTC)
    made = 0
    while made < count:
        batch = []
        for n in range(made, min(made + BATCH, count)):
            submitted = start + datetime.timedelta(minutes=47 * n % (300 * 24 * 60))
            decided = submitted + datetime.timedelta(days=10 + n % 50, hours=n % 24)
            batch.append(
                Technology(
                    call=call,
                    provider=institutions[n % INSTITUTIONS],
                    name=f"Benchmark technology {n:05d} for low-carbon water treatment",
                    slug=f"benchmark-technology-{n}",
                    green_area=areas[n % len(areas)],
                    summary="A technology created by the reports benchmark.",
                    trl=None if n % 10 == 0 else 1 + n % 9,
                    status=TechnologyStatus.ACCEPTED,
                    submitted_at=submitted,
                    decided_at=decided,
                    published_at=decided,
                    valid_until=(decided + datetime.timedelta(days=365)).date(),
                    contact_name="Benchmark contact",
                )
            )
        Technology.objects.bulk_create(batch)
        made += len(batch)
    return User.objects.create_user(
        "bench@example.org", is_staff=True, is_superuser=True, first_name="Bench"
    )


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def build_once(user, fmt: str, *, trace: bool):
    from greentech.reports.models import Report, ReportStatus
    from greentech.reports.services import report_build

    # Created directly rather than through report_request, which would enqueue the build (and,
    # with eager tasks, run it before the clock starts).
    report = Report.objects.create(
        kind="pool",
        format=fmt,
        parameters={"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"},
        description=f"{YEAR}",
        requested_by=user,
        language="en",
    )
    if trace:
        tracemalloc.start()
    began, cpu_began = time.perf_counter(), cpu_seconds()
    report_build(report_id=report.pk)
    seconds, cpu = time.perf_counter() - began, cpu_seconds() - cpu_began
    peak = None
    if trace:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    report = Report.objects.get(pk=report.pk)
    if report.status != ReportStatus.DONE:
        raise SystemExit(f"The {fmt} report failed: {report.error}")
    return seconds, cpu, peak, report.file.size


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--technologies", type=int, default=10_000)
    parser.add_argument("--formats", default="xlsx,csv,pdf")
    args = parser.parse_args()
    formats = [fmt.strip() for fmt in args.formats.split(",") if fmt.strip()]

    # Only the figures on the console: no per-report INFO lines, and none of the fontTools
    # DEBUG lines WeasyPrint turns on while it subsets fonts.
    logging.disable(logging.INFO)
    logging.getLogger("fontTools").propagate = False
    media = tempfile.TemporaryDirectory(prefix="bench-reports-")
    settings.MEDIA_ROOT = media.name
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    setup_test_environment()  # also sets the locmem e-mail backend
    from greentech import celery_app

    # The "report ready" e-mail is sent here too, whatever REDIS_URL says.
    celery_app.conf[f"{celery_app.namespace}_TASK_ALWAYS_EAGER"] = True
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        loads = ", ".join(f"{load:.1f}" for load in os.getloadavg())
        print(f"Load average: {loads} on {os.cpu_count()} CPUs")
        print(f"Python {platform.python_version()}, Django {django.get_version()}")
        began = time.perf_counter()
        user = populate(args.technologies)
        took = time.perf_counter() - began
        print(f"Created {args.technologies} published technologies in {took:.1f} s")
        pdf_rows = getattr(settings, "REPORTS_PDF_MAX_ROWS", 500)
        chunk = getattr(settings, "REPORTS_CHUNK_SIZE", 2000)
        print(f"PDF rows per table: {pdf_rows}, chunk size: {chunk}")
        print(f"Peak RSS before building: {maxrss_mb():.0f} MB")
        print()
        print(
            f"{'format':<7}{'wall (s)':>10}{'CPU (s)':>9}{'Python peak (MB)':>18}"
            f"{'RSS peak (MB)':>15}{'file (kB)':>11}"
        )
        for fmt in formats:
            seconds, cpu, _peak, size = build_once(user, fmt, trace=False)
            rss = maxrss_mb()
            _seconds, _cpu, peak, _size = build_once(user, fmt, trace=True)
            print(
                f"{fmt:<7}{seconds:>10.2f}{cpu:>9.2f}{megabytes(peak, unit_bytes=True):>18.1f}"
                f"{rss:>15.0f}{size / 1024:>11.0f}"
            )
        print()
        print(f"Finished at {timezone.now():%Y-%m-%d %H:%M} UTC")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
        media.cleanup()


if __name__ == "__main__":
    main()
