"""Does applying to a cohort or registering for a forum take as long for an address that is
registered already as for a new one?

Starts gunicorn (DEBUG off, the database in DATABASE_URL, tasks to the broker in REDIS_URL when
set) on a free port of 127.0.0.1, makes an open cohort and an open forum event with N
registrations each, then submits N times with those addresses (each once, as someone probing
addresses would) and N times with new addresses, alternating, through the page form (GET for
the CSRF token, then the timed POST) and through the API (the timed POST), for training and
for forums. Prints the median, minimum and maximum of the POSTs' wall times and the statuses.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greentech REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/bench_registration_timing.py --runs 20

The cohort, the event and their registrations (addresses `bench-*@example.invalid`) stay in
the database until the end, when they are deleted. The registration rate limits are raised for
the server it starts (the same checks run for both kinds of address either way). Not a test:
nothing is asserted, numbers are printed.
"""

import argparse
import datetime
import http.cookiejar
import json
import os
import re
import secrets
import statistics

# bandit: gunicorn and manage.py from this virtualenv, no shell.
import subprocess  # nosec B404
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_signup_timing import BASE_DIR, BIN, KeepRedirects, free_port
from benchkit.setup import django_setup

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORMS = {
    "training": {
        "first_name": "Bench",
        "last_name": "Person",
        "country": "KE",
        "institution_name": "Bench Institute",
        "consent_to_data_use": "on",
    },
    "forums": {
        "registration_type": "delegate",
        "first_name": "Bench",
        "last_name": "Person",
        "country": "KE",
    },
}


def server_env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "greentech.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "RATE_LIMITS": (
            "registration.client=100000/h,registration.target=100000/h,"
            "registration_links.client=100000/h,registration_links.target=100000/d"
        ),
        "LOG_LEVEL": "WARNING",
    }


def make_targets(stamp: str, runs: int) -> dict:
    """An open cohort and an open event, each with `runs` registrations per surface."""
    from django.utils import timezone

    from centres.models import Institution
    from forums.models import ForumEvent, Registration
    from training.models import Application, Cohort, Programme

    start = datetime.date.today() + datetime.timedelta(days=30)
    organiser = Institution.objects.create(
        name=f"Bench organiser {stamp}", slug=f"bench-organiser-{stamp}", country="KE"
    )
    programme = Programme.objects.create(
        title=f"Bench programme {stamp}", slug=f"bench-programme-{stamp}", organiser=organiser
    )
    cohort = Cohort.objects.create(
        programme=programme,
        title=f"Bench cohort {stamp}",
        slug=f"bench-cohort-{stamp}",
        city="Nairobi",
        country="KE",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=5),
        application_deadline=timezone.now() + datetime.timedelta(days=20),
        capacity=10000,
        status="open",
    )
    event = ForumEvent.objects.create(
        title=f"Bench event {stamp}",
        slug=f"bench-event-{stamp}",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=1),
        city="Nairobi",
        country="KE",
        capacity=10000,
        status="open",
    )
    known = {}
    for flow in ("training", "forums"):
        for surface in ("page", "api"):
            emails = [f"bench-{flow}-{surface}-{n}-{stamp}@example.invalid" for n in range(runs)]
            known[flow, surface] = emails
            for email in emails:
                fields = {"first_name": "Known", "last_name": "Person", "email": email}
                if flow == "training":
                    Application.objects.create(
                        cohort=cohort, country="KE", consent_to_data_use=True, **fields
                    )
                else:
                    Registration.objects.create(event=event, country="KE", **fields)
    return {"cohort": cohort, "event": event, "known": known, "organiser": organiser}


def drop_targets(targets: dict) -> None:
    from django.db.models import Q

    from greentech.notifications.models import Notification

    targets["cohort"].applications.all().delete()
    targets["cohort"].delete()
    targets["cohort"].programme.delete()
    targets["event"].registrations.all().delete()
    targets["event"].delete()
    targets["organiser"].delete()
    Notification.objects.filter(Q(recipient__endswith="@example.invalid")).delete()


def post_page(base: str, path: str, fields: dict) -> tuple[float, int, str]:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), KeepRedirects()
    )
    form = opener.open(f"{base}{path}", timeout=30).read().decode()  # nosec B310
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": CSRF.search(form).group(1), **fields}
    ).encode()
    request = urllib.request.Request(
        f"{base}{path}", data=data, headers={"Referer": f"{base}{path}"}
    )
    start = time.perf_counter()
    try:
        response = opener.open(request, timeout=30)  # nosec B310
        status, answer = response.status, response.headers.get("Location", "")
        response.read()
    except urllib.error.HTTPError as error:
        status, answer = error.code, error.headers.get("Location", "")
    return time.perf_counter() - start, status, answer


def post_api(base: str, path: str, fields: dict) -> tuple[float, int, str]:
    if "consent_to_data_use" in fields:
        fields = {**fields, "consent_to_data_use": True}
    request = urllib.request.Request(
        f"{base}{path}",
        data=json.dumps(fields).encode(),
        headers={"Content-Type": "application/json"},
    )
    start = time.perf_counter()
    try:
        response = urllib.request.urlopen(request, timeout=30)  # nosec B310
        status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    return time.perf_counter() - start, status, body


def summary(label: str, times: list[float]) -> str:
    return (
        f"{label:<30} median {statistics.median(times) * 1000:7.1f} ms   "
        f"min {min(times) * 1000:7.1f} ms   max {max(times) * 1000:7.1f} ms   (n={len(times)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    env = server_env()
    subprocess.run(  # nosec B603
        [str(BIN / "python"), "manage.py", "migrate", "--no-input", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    os.environ.update(env)
    django_setup(BASE_DIR)
    stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S%f")
    warmups = 3
    targets = make_targets(stamp, args.runs + warmups)
    paths = {
        ("training", "page"): f"/training/cohorts/{targets['cohort'].slug}/apply/",
        ("training", "api"): f"/api/cohorts/{targets['cohort'].slug}/apply/",
        ("forums", "page"): f"/forums/{targets['event'].slug}/register/",
        ("forums", "api"): f"/api/forum-events/{targets['event'].slug}/register/",
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # nosec B603
        [
            str(BIN / "gunicorn"),
            "greentech.wsgi:application",
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"),
        ],
        cwd=BASE_DIR,
        env=env,
    )
    results = []
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/", timeout=10)  # nosec B310
                break
            except OSError:  # not listening yet, or still starting up
                time.sleep(0.2)
        for (flow, surface), path in paths.items():
            post = post_page if surface == "page" else post_api
            known_addresses = iter(targets["known"][flow, surface])
            times = {"known": [], "new": []}
            answers = {"known": set(), "new": set()}
            for run in range(warmups + args.runs):
                for kind in ("known", "new"):
                    email = (
                        next(known_addresses)
                        if kind == "known"
                        else f"bench-new-{uuid.uuid4().hex[:12]}@example.invalid"
                    )
                    elapsed, status, answer = post(base, path, {**FORMS[flow], "email": email})
                    if run >= warmups:
                        times[kind].append(elapsed)
                        answers[kind].add((status, answer))
            results.append((flow, surface, path, times, answers))
    finally:
        server.terminate()
        server.wait(timeout=30)
        drop_targets(targets)

    for flow, surface, path, times, answers in results:
        print(f"POST {path} ({flow}, {surface}) through gunicorn (1 worker)")
        print(f"  answers, known address: {sorted(answers['known'])}")
        print(f"  answers, new address:   {sorted(answers['new'])}")
        print("  " + summary("known address (first probe)", times["known"]))
        print("  " + summary("new address", times["new"]))
        difference = statistics.median(times["new"]) - statistics.median(times["known"])
        print(f"  difference of medians: {difference * 1000:+.1f} ms")


if __name__ == "__main__":
    main()
