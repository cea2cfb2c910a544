"""Content-Security-Policy in a real browser: every main page, the API pages and the admin load
without a single violation (the watch fails the test on any, see conftest), and a violation is
indeed caught."""

import pytest

from tests.e2e.helpers import CURATOR_EMAIL, log_in

PUBLIC_PAGES = [
    "/",
    "/technologies/",
    "/technologies/needs/",
    "/transfer-cases/",
    "/centres/",
    "/institutions/",
    "/labs/",
    "/countries/",
    "/countries/TH/",
    "/figures/",
    "/training/",
    "/forums/",
    "/training/certificates/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password-reset/",
    "/admin/login/",
    "/api/",
    "/api/technologies/?format=api",
    "/api/docs/",
]

STAFF_PAGES = [
    "/technologies/staff/",
    "/reports/",
    "/accounts/profile/",
    "/accounts/staff/invitations/",
    "/admin/",
    "/admin/technologies/technology/",
    "/admin/axes/accessattempt/",
]


def _visit(page, path: str) -> dict:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    return page.evaluate("() => ({title: document.title, csp: document.contentType})")


def test_public_pages_load_without_a_content_security_policy_violation(page):
    for path in PUBLIC_PAGES:
        assert _visit(page, path)["title"], path


def test_the_api_documentation_renders_under_the_policy(page):
    page.goto("/api/docs/")
    page.get_by_role("heading", name="GreenTech Cooperation Portal API").wait_for()
    page.goto("/api/redoc/")  # ReDoc needs inline styles: its address leads to Swagger UI
    page.get_by_role("heading", name="GreenTech Cooperation Portal API").wait_for()


def test_staff_pages_and_the_admin_load_without_a_violation(page):
    log_in(page, CURATOR_EMAIL)
    for path in STAFF_PAGES:
        assert _visit(page, path)["title"], path


def test_an_inline_style_is_refused_and_fails_the_test(page, page_watch):
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('style');"
        " s.textContent = 'body { color: red }'; document.head.appendChild(s); }"
    )
    page.wait_for_timeout(200)

    caught, page_watch.problems = list(page_watch.problems), []
    assert any("Content-Security-Policy violation: style-src" in p for p in caught), caught
    colour = page.evaluate("() => getComputedStyle(document.body).color")
    assert colour != "rgb(255, 0, 0)"


@pytest.mark.parametrize("path", ["/", "/api/docs/"])
def test_pages_send_the_policy_header_without_unsafe_inline(page, path):
    response = page.goto(path)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
