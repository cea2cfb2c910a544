"""Does sign-up take as long for an address that has an account as for a new one?

Starts gunicorn (DEBUG off, the default password hasher, the database in DATABASE_URL, tasks
to the broker in REDIS_URL when set) on a free port of 127.0.0.1, then signs up N times with an
address that has an account and N times with new addresses, alternating, each through the real
form (GET for the CSRF token, then the timed POST), and prints the median, minimum and maximum
of the POSTs' wall times for both.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greentech REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/bench_signup_timing.py --runs 20

The database is migrated and gets `bench-*@example.invalid` accounts, which are deleted at the
end; rate limits for sign-up are raised for the server it starts (the same check runs for both
kinds of address either way). Not a test: nothing is asserted, numbers are printed.
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import socket
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

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KNOWN = "bench-known@example.invalid"
# bandit: a throwaway account's password.
PASSWORD = "a-long-bench-passphrase-42"  # nosec B105
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "greentech.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "RATE_LIMITS": "signup.client=100000/h,signup.target=100000/h",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str) -> None:
    subprocess.run(  # nosec B603
        [str(BIN / "python"), "manage.py", *args], cwd=BASE_DIR, env=env, check=True
    )


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    """The timed POST ends with its own answer (a redirect), not the page it leads to."""

    def redirect_request(self, *args, **kwargs):
        return None


def signup(base: str, email: str) -> tuple[float, int]:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), KeepRedirects()
    )
    form = opener.open(f"{base}/accounts/signup/", timeout=30).read().decode()  # nosec B310
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": CSRF.search(form).group(1),
            "email": email,
            "first_name": "Bench",
            "last_name": "Person",
            "country": "KE",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "not_listed": "on",
            "proposed_name": "Bench Institute",
            "proposed_country": "KE",
            "proposed_kind": "university",
            "consent": "on",
        }
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/signup/", data=data, headers={"Referer": f"{base}/accounts/signup/"}
    )
    start = time.perf_counter()
    try:
        response = opener.open(request, timeout=30)  # nosec B310
        status = response.status
        response.read()
    except urllib.error.HTTPError as error:
        status = error.code
    return time.perf_counter() - start, status


def summary(label: str, times: list[float]) -> str:
    return (
        f"{label:<14} median {statistics.median(times) * 1000:7.1f} ms   "
        f"min {min(times) * 1000:7.1f} ms   max {max(times) * 1000:7.1f} ms   (n={len(times)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    env = server_env()
    manage(env, "migrate", "--no-input", "--verbosity", "0")
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
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/accounts/signup/", timeout=10)  # nosec B310
                break
            except OSError:  # not listening yet, or still starting up
                time.sleep(0.2)
        signup(base, KNOWN)  # the account that exists from now on
        for _ in range(3):  # warm-up: imports, connection pool, template caches
            signup(base, KNOWN)
            signup(base, f"bench-{uuid.uuid4().hex[:12]}@example.invalid")
        known, new, statuses = [], [], set()
        for _ in range(args.runs):
            elapsed, status = signup(base, KNOWN)
            known.append(elapsed)
            statuses.add(status)
            elapsed, status = signup(base, f"bench-{uuid.uuid4().hex[:12]}@example.invalid")
            new.append(elapsed)
            statuses.add(status)
    finally:
        server.terminate()
        server.wait(timeout=30)
        cleanup = (
            "from greentech.accounts.models import User; "
            "User.objects.filter(email__endswith='@example.invalid').delete()"
        )
        manage(env, "shell", "-c", cleanup)

    print(f"POST /accounts/signup/ through gunicorn (1 worker), final statuses {sorted(statuses)}")
    print(summary("known address", known))
    print(summary("new address", new))
    print(
        "difference of medians: "
        f"{(statistics.median(new) - statistics.median(known)) * 1000:+.1f} ms"
    )


if __name__ == "__main__":
    main()
