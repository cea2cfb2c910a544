"""Fill the PostgreSQL database at DATABASE_URL with benchmark data at scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gt_bench \\
        .venv/bin/python bench/bench_data.py --technologies 100000

(`make bench-data N=100000` runs it.) It migrates the database, then adds, in one transaction:
institutions, centres, joint labs and their outputs, a collection call per year with its
criteria, experts, technology needs, N published technologies spread over every green area and
many countries (application cases, transfer cases with indicators, reviews with scores, need
matches) plus N/20 declarations in the other states, training programmes with cohorts and
applications, forum events with registrations. Then VACUUM ANALYZE, as autovacuum would.

Safe to run twice: everything is found by a "bench-" slug or e-mail and only what is missing is
added (a larger N tops the pool up). `--app-dir` fills the database of another checkout of the
portal (e.g. an older commit in its own worktree) with the same data, for before/after runs.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit.setup import app_dir_of, django_setup


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--technologies", "-n", type=int, default=100_000)
    parser.add_argument("--app-dir", help="another checkout of the portal to fill the data of")
    args = parser.parse_args()
    django_setup(app_dir_of(args.app_dir))

    from django.core.management import call_command
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark data needs PostgreSQL: set DATABASE_URL to postgres://…")
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()

    from benchkit import network, people, pool

    from greentech.core.models import GreenArea
    from greentech.core.taxonomy import ensure_green_areas

    count = args.technologies
    print(f"Filling {connection.settings_dict['NAME']} with {count} published technologies…")
    with transaction.atomic():
        ensure_green_areas(GreenArea)
        institutions = network.ensure_institutions(max(60, count // 50))
        network.ensure_centres_and_labs(institutions, labs=60)
        context = pool.PoolContext(
            institution_ids=institutions,
            calls=network.ensure_calls(),
            expert_ids=network.ensure_experts(100),
            need_ids=network.ensure_needs(300, institutions),
            staff=network.ensure_staff(),
        )
        added = pool.ensure_technologies(count, context)
        people_added = people.ensure_training(institutions) + people.ensure_forums()
    written = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    done = time.perf_counter()
    print(
        f"Added {added} technologies and {people_added} applications and registrations in "
        f"{written - migrated:.1f} s (migrate {migrated - began:.1f} s, "
        f"VACUUM ANALYZE {done - written:.1f} s; total {done - began:.1f} s)."
    )


if __name__ == "__main__":
    main()
