"""The largest reports over the benchmark data, each built in a process of its own as the worker
builds it (`report_build`, what the Celery task calls): wall time, CPU time and the process's
peak resident memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gt_bench \\
        .venv/bin/python bench/bench_reports_at_scale.py

Run `make bench-data` first. Reports: the technology pool report over every year of the data
(2016-2025: all the published technologies) and the cooperation annual report for 2024, in each
format (`--formats`). The files go to a temporary folder and the Report rows are deleted after.
`--app-dir` measures another checkout. Targets (issue 10): 60 s and 300 MB each.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit.setup import app_dir_of, django_setup

REPORTS = {
    "pool": {"start": "2016-01-01", "end": "2025-12-31"},
    "cooperation_annual": {"year": 2024},
}
LIMITS = {"seconds": 60, "rss_mb": 300}


def build(kind: str, fmt: str) -> dict:
    """In the child process: one report built through the real service."""
    import logging

    logging.disable(logging.INFO)
    logging.getLogger("fontTools").propagate = False
    from greentech import celery_app
    from greentech.accounts.models import User
    from greentech.reports.models import Report, ReportStatus
    from greentech.reports.services import report_build

    celery_app.conf[f"{celery_app.namespace}_TASK_ALWAYS_EAGER"] = True  # the "ready" e-mail
    user = User.objects.filter(is_superuser=True).order_by("pk").first()
    report = Report.objects.create(
        kind=kind,
        format=fmt,
        parameters=REPORTS[kind],
        description="benchmark",
        requested_by=user,
        language="en",
    )
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    began = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report_build(report_id=report.pk)
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_SELF)
    report = Report.objects.get(pk=report.pk)
    result = {
        "kind": kind,
        "format": fmt,
        "status": report.status,
        "error": report.error,
        "seconds": seconds,
        "cpu": (after.ru_utime + after.ru_stime) - (usage.ru_utime + usage.ru_stime),
        "rss_mb": after.ru_maxrss / 1024,
        "rss_before_mb": rss_before,
        "size_kb": report.file.size / 1024 if report.status == ReportStatus.DONE else 0,
    }
    if report.file:
        report.file.delete(save=False)
    report.delete()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-dir", help="another checkout of the portal to measure")
    parser.add_argument("--formats", default="xlsx,csv,pdf")
    parser.add_argument("--kinds", default=",".join(REPORTS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        django_setup(app_dir_of(args.app_dir))
        print("BENCH_JSON " + json.dumps(build(*args.child.split(":"))))
        return
    media = tempfile.TemporaryDirectory(prefix="bench-reports-")
    env = {**os.environ, "MEDIA_ROOT": media.name, "LOG_LEVEL": "WARNING"}
    env.pop("REDIS_URL", None)  # the "ready" e-mail goes nowhere
    print(f"Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'report':<20}{'format':<8}{'wall s':>8}{'CPU s':>8}{'peak RSS MB':>13}{'file kB':>10}")
    for kind in args.kinds.split(","):
        for fmt in args.formats.split(","):
            command = [sys.executable, __file__, "--child", f"{kind}:{fmt}"]
            if args.app_dir:
                command += ["--app-dir", args.app_dir]
            output = subprocess.run(command, env=env, capture_output=True, text=True)
            line = next((x for x in output.stdout.splitlines() if x.startswith("BENCH_JSON")), "")
            if not line:
                print(f"{kind:<20}{fmt:<8} failed:\n{output.stderr[-2000:]}")
                continue
            r = json.loads(line.removeprefix("BENCH_JSON "))
            if r["status"] != "done":
                print(f"{kind:<20}{fmt:<8} {r['status']}: {r['error'][:300]}")
                continue
            within = r["seconds"] <= LIMITS["seconds"] and r["rss_mb"] <= LIMITS["rss_mb"]
            print(
                f"{kind:<20}{fmt:<8}{r['seconds']:>8.1f}{r['cpu']:>8.1f}{r['rss_mb']:>13.0f}"
                f"{r['size_kb']:>10.0f}  {'within' if within else 'OVER'} 60 s / 300 MB"
            )
    media.cleanup()


if __name__ == "__main__":
    main()
