"""Load benchmark of the portal: `make bench`.

Serves the checkout (this one, or `--app-dir` for another, e.g. an older commit in its own
worktree) with gunicorn on loopback, production settings and DEBUG off, beside a bare Django
view returning a JSON list of an API page's size; drives every endpoint with wrk (8 connections
by default) and prints, per endpoint: req/s, p50, p95, p99, queries per request (counted by the
server), and the ratio to the bare view measured in the same run (at the start and at the end,
averaged). Then the register-and-confirm path through the public API. The table is written to
bench/results/ (Markdown and JSON).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gt_bench \\
    REDIS_URL=redis://127.0.0.1:6379/1 .venv/bin/python bench/bench.py

Run `make bench-data` first. The server uses REDIS_URL (or BENCH_REDIS_URL) for its cache, under
a key prefix of its own that is deleted at the end, and as its Celery broker: the confirmation
e-mails it queues are removed from that Redis database afterwards, so give it one of its own.
Benchmarks on a shared machine are noisy: the load average is printed with the results; repeat
in a quiet moment, before and after in the same window (`--app-dir`).
"""

import argparse
import datetime
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit.setup import BENCH_DIR, app_dir_of, django_setup

RESULTS_DIR = BENCH_DIR / "results"


def endpoints(technology: str, cohort: str):
    from benchkit.report import Target

    ratio, common, rare = Target(ratio=0.25), Target(p95_ms=100), Target(p95_ms=30)
    facets = "&green_area=water-pollution-control&trl=7"
    chinese_common, chinese_rare = quote("技术"), quote("钙钛矿")
    pairs = [
        ("pool", "/technologies/", ratio),
        ("pool ?q=water (common word)", "/technologies/?q=water", common),
        ("pool ?q=perovskite (rare word)", "/technologies/?q=perovskite", rare),
        ("pool ?q=water + 2 facets", f"/technologies/?q=water{facets}", common),
        ("pool ?q=技术 (common, Chinese)", f"/technologies/?q={chinese_common}", common),
        ("pool ?q=钙钛矿 (rare, Chinese)", f"/technologies/?q={chinese_rare}", rare),
        ("API", "/api/technologies/", ratio),
        ("API ?q=water", "/api/technologies/?q=water", common),
        ("API ?q=perovskite", "/api/technologies/?q=perovskite", rare),
        ("API ?q=water + 2 facets", f"/api/technologies/?q=water{facets}", common),
        ("API ?q=技术", f"/api/technologies/?q={chinese_common}", common),
        ("API ?q=钙钛矿", f"/api/technologies/?q={chinese_rare}", rare),
        ("technology page", f"/technologies/{technology}/", Target()),
        ("home", "/", ratio),
        ("figures", "/figures/", ratio),
        ("country page", "/countries/KE/", Target()),
        ("cohort page", f"/training/cohorts/{cohort}/", Target()),
    ]
    return pairs


def _pages_to_visit():
    """A published technology with cases and a transfer case, and an open cohort."""
    from technologies.models import Technology
    from training.models import Cohort

    technology = (
        Technology.objects.published().filter(transfer_cases__isnull=False).order_by("pk").first()
        or Technology.objects.published().order_by("pk").first()
    )
    cohort = Cohort.objects.filter(status="open").order_by("starts_on").first()
    if technology is None or cohort is None:
        raise SystemExit("No benchmark data: run `make bench-data` first.")
    return technology.slug, cohort.slug


def _commit(app_dir: Path) -> str:
    result = subprocess.run(
        ["git", "-C", str(app_dir), "log", "-1", "--format=%h %s"], capture_output=True, text=True
    )
    return result.stdout.strip()[:80]


def _cleanup_redis(redis_url: str, key_prefix: str) -> None:
    """Delete the run's cache keys and the Celery messages the run queued."""
    if not redis_url:
        return
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{key_prefix}:*", count=1000):
        client.delete(key)
    for queue in ("notifications", "default", "reports"):
        client.delete(queue)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-dir", help="another checkout of the portal to measure")
    parser.add_argument("--label", default="", help="a word for the result file's name")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 10)))
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("BENCH_WARMUP", 2)))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--guests", type=int, default=200)
    parser.add_argument("--only", default="", help="a regular expression on endpoint names")
    parser.add_argument("--no-registrations", action="store_true")
    args = parser.parse_args()

    app_dir = app_dir_of(args.app_dir)
    django_setup(app_dir)
    from benchkit import load, registrations, report, server
    from django.db import connection

    from technologies.models import Technology

    load.require_wrk()
    database_url = os.environ.get("DATABASE_URL", "")
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database filled by make bench-data.")
    redis_url = os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL", "")
    technology, cohort = _pages_to_visit()
    published = Technology.objects.published().count()
    key_prefix = server.new_key_prefix()
    env = server.server_environment(
        database_url=database_url, redis_url=redis_url, key_prefix=key_prefix
    )
    load_before = os.getloadavg()
    rows, run = [], None
    wanted = re.compile(args.only) if args.only else None
    options = {
        "duration": args.duration,
        "connections": args.connections,
        "threads": args.threads,
        "warmup": args.warmup,
    }
    try:
        with server.serve(app_dir, workers=args.workers, env=env) as base_url:
            print(f"Serving {app_dir} at {base_url} ({published} published technologies)")
            bare_first = load.measure(base_url + server.READY_PATH, **options)
            for name, path, target in endpoints(technology, cohort):
                if wanted and not wanted.search(name):
                    continue
                measure = load.measure(base_url + path, **options)
                rows.append(report.Row(name, path, measure, target))
                rps, p95 = measure.requests_per_second, measure.p95_ms
                print(f"  {name}: {rps:.1f} req/s, p95 {p95:.0f} ms")
            bare_last = load.measure(base_url + server.READY_PATH, **options)
            if not args.no_registrations and (not wanted or wanted.search("register")):
                run = registrations.run(base_url, guests=args.guests, concurrency=args.guests)
    finally:
        _cleanup_redis(redis_url, key_prefix)
    bare_rps = (bare_first.requests_per_second + bare_last.requests_per_second) / 2
    rows.insert(
        0,
        report.Row("bare Django view (JSON list)", server.READY_PATH, bare_first, report.Target()),
    )
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    header = (
        f"## {stamp}: {_commit(app_dir)}\n\n"
        f"{published} published technologies; gunicorn {args.workers} sync workers, DEBUG off; "
        f"wrk {args.connections} connections, {args.duration} s per endpoint after "
        f"{args.warmup} s of warm-up; bare view {bare_first.requests_per_second:.0f} req/s at "
        f"the start, {bare_last.requests_per_second:.0f} at the end (ratios use the mean); "
        f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after."
    )
    table = report.markdown(rows, bare_rps, run, header)
    print("\n" + table)
    RESULTS_DIR.mkdir(exist_ok=True)
    name = f"{stamp}{'-' + args.label if args.label else ''}"
    (RESULTS_DIR / f"{name}.md").write_text(table, encoding="utf-8")
    info = {"app_dir": str(app_dir), "commit": _commit(app_dir), "published": published}
    (RESULTS_DIR / f"{name}.json").write_text(
        report.as_json(rows, bare_rps, run, info), encoding="utf-8"
    )
    print(f"Written to {RESULTS_DIR / name}.md")


if __name__ == "__main__":
    main()
