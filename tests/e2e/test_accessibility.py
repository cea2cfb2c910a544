"""WCAG 2.1 A and AA checks (axe-core, vendored for the tests) on the main public pages, in
English and Chinese. Any violation fails the test with the rule, its help and the elements."""

from pathlib import Path

import pytest

from tests.e2e.helpers import CURATOR_EMAIL, EXPERT_EMAILS, PARTNER_EMAIL, log_in

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGES = [
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
    "/accounts/login/",
    "/accounts/signup/",
]


def _violations(page) -> list[str]:
    # Evaluated through the browser's debugging protocol, which the page's Content-Security-
    # Policy does not govern (an inline <script> tag would be refused, as it should be).
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_public_pages_have_no_wcag_aa_violation(page, live_server, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    found = {}
    for path in PAGES:
        page.goto(path)
        found[path] = _violations(page)

    assert found == {path: [] for path in PAGES}


SIGNED_IN_PAGES = [
    (PARTNER_EMAIL, ["/technologies/submissions/", "/technologies/calls/", "/reports/"]),
    (EXPERT_EMAILS[0], ["/technologies/reviews/", "/accounts/profile/"]),
    (CURATOR_EMAIL, ["/technologies/staff/", "/reports/", "/training/my-registrations/"]),
]


@pytest.mark.parametrize(("email", "paths"), SIGNED_IN_PAGES)
def test_signed_in_pages_have_no_wcag_aa_violation(page, email, paths):
    log_in(page, email)
    found = {}
    for path in paths:
        page.goto(path)
        found[path] = _violations(page)

    assert found == {path: [] for path in paths}


NARROW_PAGES = ["/", "/technologies/", "/countries/TH/", "/figures/", "/labs/"]


def test_pages_reflow_on_a_narrow_screen_without_sideways_scrolling(page, screenshot):
    page.set_viewport_size({"width": 360, "height": 740})
    overflow = {}
    for path in NARROW_PAGES:
        page.goto(path)
        overflow[path] = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if path == "/":
            screenshot(page, "home-mobile")

    assert all(extra <= 0 for extra in overflow.values()), f"wider than 360px: {overflow}"
