"""What a password guesser gets from the site's and the admin's login: N wrong passwords for
one staff account, then the right one, each answer printed (status, where it leads, whether a
session was opened, the page's error text and a hash of the page without its CSRF token, so
identical answers show as identical hashes).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greentech \\
        .venv/bin/python bench/show_lockout.py --wrong 6

Runs in process with Django's test client, with the settings of the environment (DEBUG off
unless DEBUG says otherwise). The account (`lockout-*@example.invalid`) and its recorded
failures are deleted at the end. Not a test: nothing is asserted.
"""

import argparse
import datetime
import hashlib
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit.setup import PROJECT_DIR, django_setup

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
ERROR = re.compile(r'class="[^"]*(?:errornote|errorlist[^"]*)"[^>]*>\s*(?:<li>)?([^<]+)', re.S)
# bandit: a throwaway account's passwords.
RIGHT = "the-right-passphrase-42"  # nosec B105
WRONG = "a-wrong-guess-{n}"  # nosec B105


def attempt(client, url: str, email: str, password: str) -> dict:
    client.cookies.clear()
    page = client.get(url)
    assert page.status_code == 200, page.status_code  # nosec B101 - a script, not shipped code
    response = client.post(url, {"username": email, "password": password})
    body = CSRF.sub("", response.content.decode())
    error = ERROR.search(body)
    return {
        "status": response.status_code,
        "to": response.get("Location", "-"),
        "session": "_auth_user_id" in client.session,
        "error": " ".join(error.group(1).split())[:70] if error else "-",
        "page": hashlib.sha256(body.encode()).hexdigest()[:12],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wrong", type=int, default=6)
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "false")
    django_setup(PROJECT_DIR)
    from axes.models import AccessAttempt, AccessFailureLog
    from django.conf import settings
    from django.test import Client

    from greentech.accounts.models import User

    stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S%f")
    print(
        f"LOGIN_FAILURE_LIMIT_ACCOUNT={settings.LOGIN_FAILURE_LIMIT_ACCOUNT} "
        f"LOGIN_FAILURE_LIMIT_ADDRESS={settings.LOGIN_FAILURE_LIMIT_ADDRESS} "
        f"LOGIN_LOCKOUT_MINUTES={settings.LOGIN_LOCKOUT_MINUTES} DEBUG={settings.DEBUG}"
    )
    emails = []
    try:
        for label, url in [("site", "/accounts/login/"), ("admin", "/admin/login/")]:
            email = f"lockout-{label}-{stamp}@example.invalid"
            emails.append(email)
            User.objects.create_user(email, RIGHT, is_staff=True)
            client = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR="198.51.100.7")
            print(f"\n{label} login, {url}, one staff account, from one client address:")
            print(
                f"{'try':>4}  {'password':<9} {'status':>6}  {'leads to':<22} session  page hash"
                "     error text"
            )
            control = f"lockout-{label}-control-{stamp}@example.invalid"
            emails.append(control)
            User.objects.create_user(control, RIGHT, is_staff=True)
            answer = attempt(
                Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR="198.51.100.8"), url, control, RIGHT
            )
            print(
                f"{'-':>4}  {'right':<9} {answer['status']:>6}  {answer['to']:<22} "
                f"{'yes' if answer['session'] else 'no':<7}  {answer['page']}  "
                "(control: another account, no failures)"
            )
            passwords = [WRONG.format(n=n) for n in range(1, args.wrong + 1)] + [RIGHT]
            for number, password in enumerate(passwords, start=1):
                answer = attempt(client, url, email, password)
                kind = "right" if password == RIGHT else "wrong"
                print(
                    f"{number:>4}  {kind:<9} {answer['status']:>6}  {answer['to']:<22} "
                    f"{'yes' if answer['session'] else 'no':<7}  {answer['page']}  "
                    f"{answer['error']}"
                )
    finally:
        User.objects.filter(email__in=emails).delete()
        AccessAttempt.objects.filter(username__in=emails).delete()
        AccessFailureLog.objects.filter(username__in=emails).delete()


if __name__ == "__main__":
    main()
