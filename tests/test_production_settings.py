"""Production settings come from the environment: the README's production environment makes
`check --deploy --fail-level WARNING` clean; the portal refuses the development SECRET_KEY with
DEBUG off; X-Forwarded-Proto is trusted only behind configured proxies; the page templates have
no inline script or style for the Content-Security-Policy to refuse."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# What a production machine's environment would not have.
CLEAN_ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}


def readme_production_block() -> str:
    text = README.read_text()
    match = re.search(
        r"<!-- production-environment -->\s*```sh\n(.*?)```\s*<!-- /production-environment -->",
        text,
        re.S,
    )
    assert match, "README.md lists no production environment"
    return match.group(1)


def run_shell(script: str, env: dict | None = None) -> subprocess.CompletedProcess:
    # The block calls the project's virtualenv; this test may run in another one.
    script = script.replace(".venv/bin/python", sys.executable)
    return subprocess.run(
        ["bash", "-euc", script],
        cwd=ROOT,
        env={**CLEAN_ENV, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_readme_production_environment_passes_the_deploy_check_at_warning_level():
    block = readme_production_block()
    assert "manage.py check --deploy --fail-level WARNING" in block

    result = run_shell(block)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_the_production_environment_the_deploy_check_fails():
    result = run_shell(
        "export DEBUG=false SECRET_KEY=" + "k" * 60 + "\n"
        ".venv/bin/python manage.py check --deploy --fail-level WARNING"
    )
    assert result.returncode != 0
    for warning in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert warning in result.stderr + result.stdout, warning


@pytest.mark.parametrize(
    "script",
    [
        ".venv/bin/python -c 'import greentech.wsgi'",
        "timeout 60 .venv/bin/python manage.py runserver --noreload 127.0.0.1:0",
        ".venv/bin/python manage.py check --deploy",
    ],
    ids=["wsgi", "runserver", "deploy check"],
)
def test_the_portal_refuses_to_start_with_debug_off_and_the_development_key(script):
    result = run_shell(script, {"DEBUG": "false"})

    assert result.returncode != 0
    assert "SECRET_KEY is the development key" in result.stdout + result.stderr


def test_with_debug_on_the_development_key_is_accepted():
    result = run_shell(".venv/bin/python -c 'import greentech.wsgi'", {"DEBUG": "true"})
    assert result.returncode == 0, result.stderr


def test_a_worker_refuses_to_start_with_the_development_key():
    from greentech.celery import refuse_insecure_start

    with pytest.raises(Exception, match="development key"):
        refuse_insecure_start()


def _setting(expression: str, env: dict) -> str:
    result = run_shell(
        ".venv/bin/python -c 'import django; django.setup(); from django.conf import settings; "
        f"print(repr(({expression})))'",
        {"DJANGO_SETTINGS_MODULE": "greentech.settings", "DEBUG": "true", **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_proxy_https_header_is_trusted_only_behind_configured_proxies():
    assert _setting('getattr(settings, "SECURE_PROXY_SSL_HEADER", None)', {}) == "None"
    assert _setting("settings.SECURE_PROXY_SSL_HEADER", {"TRUSTED_PROXY_COUNT": "1"}) == repr(
        ("HTTP_X_FORWARDED_PROTO", "https")
    )


def test_rate_limits_can_be_overridden_one_entry_at_a_time():
    out = _setting(
        'settings.RATE_LIMITS["signup"], settings.RATE_LIMITS["password_reset"]',
        {"RATE_LIMITS": "signup.client=20/h,password_reset.target=5/15m"},
    )
    assert out == repr(({"client": "20/h", "target": "3/h"}, {"client": "10/h", "target": "5/15m"}))


# --- Content-Security-Policy: pages carry no inline script or style ----------------------------

# E-mails and PDFs are not pages: their inline styles never meet the policy.
NOT_PAGES = re.compile(r"/(notifications|pdf)/|_email\.html$")
INLINE = [
    ("inline script", re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)),
    ("style element", re.compile(r"<style\b", re.I)),
    ("style attribute", re.compile(r"\sstyle\s*=\s*[\"']", re.I)),
    ("event handler", re.compile(r"\son[a-z]+=\"", re.I)),
    ("javascript: link", re.compile(r"javascript:", re.I)),
]


def page_templates():
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "var/")) or NOT_PAGES.search(f"/{relative}"):
            continue
        yield relative, path.read_text()


def test_page_templates_have_no_inline_script_style_or_handler():
    found = [
        f"{name}: {what}"
        for name, text in page_templates()
        for what, pattern in INLINE
        if pattern.search(text)
    ]
    assert found == [], found


@pytest.mark.django_db
def test_every_page_sends_a_policy_without_unsafe_inline(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
