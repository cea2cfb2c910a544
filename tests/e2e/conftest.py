"""Browser tests: Playwright (sync API) drives the system's Chromium against pytest-django's
live server, which runs in a thread of this process on the test database.

- `browser`: one headless Chromium for the e2e package (never a browser Playwright downloads).
  Without Chromium or the `playwright` package the tests are skipped, except under CI (CI=true),
  where that fails the run.
- `page`: a fresh browser context and page per test (`new_person()` gives more, each with its
  own cookies), on the demo data (`load_demo`). The test fails on any console error, uncaught
  page error, Content-Security-Policy violation, failed request, response of 400 or more that it
  did not announce with `page_watch.expect_status(...)`, and on any request that is not for the
  live server: those are blocked, so no request leaves the machine.
- E-mail links point at the live server (`SITE_URL`); `mail_links` reads them from the locmem
  outbox (`django.core.mail.outbox`), which the live server thread fills.
"""

import io
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from tests.e2e.helpers import CURATOR_EMAIL, DEMO_PASSWORD

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
E2E_DIR = Path(__file__).resolve().parent
DEFAULT_TIMEOUT_MS = 10_000
# Runs in every page before its own scripts (Playwright injects it; the page's
# Content-Security-Policy does not apply to it) and reports each violation to the console as an
# error marked CSP_MARK, which PageWatch records as a problem.
CSP_MARK = "Content-Security-Policy violation"
CSP_REPORTER = (
    "document.addEventListener('securitypolicyviolation', (event) => console.error("
    f"'{CSP_MARK}: ' + event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') "
    "+ ' in ' + event.documentURI + (event.lineNumber ? ':' + event.lineNumber : '')));"
)


def pytest_collection_modifyitems(config, items):
    """Every test here is an e2e test, and all of them run on one xdist worker: they share one
    browser, and the live server's port and thread are per process."""
    with_xdist = config.pluginmanager.hasplugin("xdist")
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
            if with_xdist:
                item.add_marker(pytest.mark.xdist_group("e2e-browser"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A test that passed its own checks still fails when the browser reported a problem."""
    result = yield
    watch = item.funcargs.get("page_watch")
    if watch is not None and watch.problems:
        problems, watch.problems = watch.report(), []
        pytest.fail(problems, pytrace=False)
    return result


def unavailable(reason: str):
    """Skip locally; under CI a missing browser is a broken pipeline, not a skipped test."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


def _chromium_path() -> str:
    path = Path(CHROMIUM)
    if path.is_file() and os.access(path, os.X_OK):
        return str(path)
    found = shutil.which("chromium")
    if found:
        return found
    unavailable(
        f"Chromium is not installed ({CHROMIUM} is missing): `apt-get install chromium`, "
        "or `make browser` as root or with sudo"
    )
    return ""  # not reached


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all e2e tests. Package scope (the whole e2e suite): when it
    ends, Playwright's event loop stops too, so the rest of a worker's tests run with Django's
    async-safety check switched on again."""
    executable = _chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("The `playwright` package is not installed: `pip install -e '.[dev]'`")
    # Playwright's sync API keeps an event loop running in this thread; the test code's ORM
    # calls are synchronous and safe, so Django must not refuse them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Playwright only ever uses the Chromium given here; never fetch one of its own.
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=[*args, "--disable-gpu"]
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo(live_server, settings):
    """The demo data in the live server's database, and e-mail links that point at the live
    server. Function scope: the live server needs a transactional database, which is emptied
    after every test. With a fast password hasher (as in the other suites' tests) loading the
    demo and its sample accounts takes a fraction of a second, and so does each login."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SITE_URL = live_server.url
    # Tests run with DEBUG off, as production does: the demo commands need to be told.
    call_command("load_demo", allow_without_debug=True, stdout=io.StringIO())
    call_command(
        "ensure_demo_staff",
        email=CURATOR_EMAIL,
        password=DEMO_PASSWORD,
        allow_without_debug=True,
        stdout=io.StringIO(),
    )
    return live_server


@dataclass
class PageWatch:
    """What went wrong in the browser during a test, and the responses the test expects."""

    origin: str
    problems: list[str] = field(default_factory=list)
    expected: list[tuple[int, str]] = field(default_factory=list)

    def report(self) -> str:
        return "The browser reported problems:\n- " + "\n- ".join(self.problems)

    def expect_status(self, status: int, path: str) -> None:
        """Announce a response with this status for a URL containing `path`."""
        self.expected.append((status, path))

    def is_expected(self, status: int, url: str) -> bool:
        return any(status == code and path in url for code, path in self.expected)

    def on_route(self, route):
        url = route.request.url
        if url.startswith(self.origin + "/") or url == self.origin:
            route.continue_()
        else:
            self.problems.append(f"blocked a request that would leave the machine: {url}")
            route.abort("blockedbyclient")

    def on_console(self, message):
        if message.type != "error":
            return
        text = message.text
        if text.startswith(CSP_MARK):
            self.problems.append(text)
            return
        status = re.search(r"status of (\d{3})", text)
        url = (message.location or {}).get("url", "")
        if status and self.is_expected(int(status.group(1)), url):
            return
        if "ERR_BLOCKED_BY_CLIENT" in text:
            return  # already recorded by on_route
        self.problems.append(f"console error: {text} ({url})")

    def on_page_error(self, error):
        self.problems.append(f"uncaught page error: {error}")

    def on_request_failed(self, request):
        if not request.url.startswith(self.origin):
            return  # already recorded by on_route
        if request.failure == "net::ERR_ABORTED":
            return  # cancelled by the browser because the page navigated away
        self.problems.append(f"request failed: {request.method} {request.url}: {request.failure}")

    def on_response(self, response):
        if response.status >= 400 and not self.is_expected(response.status, response.url):
            self.problems.append(f"unexpected response {response.status} for {response.url}")


@pytest.fixture
def page_watch(demo):
    return PageWatch(origin=demo.url)


def _new_context(browser, base_url: str, watch: PageWatch):
    context = browser.new_context(
        base_url=base_url,
        locale="en-GB",
        timezone_id="UTC",
        viewport={"width": 1280, "height": 900},
        service_workers="block",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.add_init_script(CSP_REPORTER)
    context.route("**/*", watch.on_route)
    return context


def new_watched_page(context, watch: PageWatch):
    """A page whose console, errors, failed requests and responses go to `watch`."""
    page = context.new_page()
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_page_error)
    page.on("requestfailed", watch.on_request_failed)
    page.on("response", watch.on_response)
    return page


@pytest.fixture
def new_person(browser, demo, page_watch):
    """`new_person()`: a page in a browser context of its own (own cookies, so another visitor
    or another login), watched like `page`."""
    contexts = []

    def make():
        context = _new_context(browser, demo.url, page_watch)
        contexts.append(context)
        return new_watched_page(context, page_watch)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_person, page_watch):
    """The test's main page. The test fails when the browser reported a problem on any of the
    test's pages (see `PageWatch`)."""
    page = new_person()
    yield page
    # What the test's own failure left unreported, or what came in after its last step.
    if page_watch.problems:
        pytest.fail(page_watch.report(), pytrace=False)


@pytest.fixture
def second_page(new_person):
    """Another visitor, with their own cookies."""
    return new_person()


@pytest.fixture
def screenshot():
    """`screenshot(page, "home-en")` saves a full-page PNG in var/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def mail_links(demo):
    """`mail_links(to=..., contains=...)`: the e-mails sent to that address whose subject
    contains `contains` (oldest first), and the live-server links in their bodies."""

    def find(*, to: str, contains: str = "") -> tuple[list, list[str]]:
        sent = [m for m in mail.outbox if to in m.to and contains in m.subject]
        links = []
        for message in sent:
            links += re.findall(re.escape(demo.url) + r"/[^\s<>\"')]+", message.body)
        return sent, links

    return find
