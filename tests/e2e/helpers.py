"""Steps the browser tests share: logging in and out, reading a figure off a page."""

DEMO_PASSWORD = "greentech-demo"
CURATOR_EMAIL = "curator@greentech.example"
PARTNER_EMAIL = "partner@pttgc.example"
EXPERT_EMAILS = ("expert1@greentech.example", "expert2@greentech.example")


def log_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login page; `page` should have its own browser context."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log out").is_visible(), f"{email} is not logged in"


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def places_left(page) -> int:
    """The places-left count a cohort or event page shows (its `data-places-left`)."""
    return int(page.locator("[data-places-left]").first.get_attribute("data-places-left"))


def nav(page, name: str) -> None:
    """Follow a link of the header's main navigation."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()
