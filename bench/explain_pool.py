"""The query plans of one page as the portal runs it: every SELECT the request runs is first run
as `EXPLAIN (ANALYZE, BUFFERS)` on the same connection, inside the same transaction and with the
same session settings (e.g. the search's `enable_seqscan = off`), and the plans are printed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gt_bench \\
        .venv/bin/python bench/explain_pool.py "/technologies/?q=water"

Run `make bench-data` first. The request is made by Django's test client as an anonymous
visitor, with a local memory cache of this process (REDIS_URL is ignored), so nothing is served
from a cache filled earlier. `--min-ms` leaves out the plans of statements faster than that.
`--app-dir` explains another checkout's queries.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit.setup import app_dir_of, django_setup


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="pages to explain, e.g. /technologies/?q=water")
    parser.add_argument("--app-dir", help="another checkout of the portal to explain")
    parser.add_argument("--min-ms", type=float, default=1.0)
    args = parser.parse_args()
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("CACHE_URL", None)
    os.environ.setdefault("DEBUG", "true")
    django_setup(app_dir_of(args.app_dir))

    from django.db import connection
    from django.test import Client

    plans = []

    def explain(execute, sql, params, many, context):
        if not many and re.match(r"\s*(WITH|SELECT)\b", sql, re.IGNORECASE):
            raw = context["cursor"].cursor
            raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in raw.fetchall())
            took = re.search(r"Execution Time: ([\d.]+) ms", plan)
            plans.append((float(took.group(1)) if took else 0.0, sql, params, plan))
        return execute(sql, params, many, context)

    client = Client()
    for path in args.paths:
        plans.clear()
        with connection.execute_wrapper(explain):
            began = time.perf_counter()
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="127.0.0.1")
            seconds = time.perf_counter() - began
        total = sum(ms for ms, *_ in plans)
        print(f"# {path}: HTTP {response.status_code}, {len(plans)} SELECTs explained")
        print(f"# (request with the EXPLAINs {seconds * 1000:.0f} ms; executions {total:.1f} ms)\n")
        for ms, sql, params, plan in plans:
            if ms < args.min_ms:
                print(f"-- {ms:.2f} ms: {sql[:100]}…\n")
                continue
            print(f"-- {ms:.2f} ms\n{sql}\n-- params: {params!r}\n{plan}\n")


if __name__ == "__main__":
    main()
