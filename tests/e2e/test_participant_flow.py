"""Applying to a training cohort in the browser, with no account: apply, confirm from the
e-mail, the waitlist when the cohort is full, cancelling from the manage link, and the
promotion of the waitlisted person."""

import re

from playwright.sync_api import expect

from tests.e2e.helpers import places_left

COHORT = "/training/cohorts/shanghai-session-upcoming-sample/"
CONFIRM = re.compile(r"/training/applications/confirm/")
MANAGE = re.compile(r"/training/applications/manage/[^/]+/$")


def apply(page, *, first_name: str, last_name: str, email: str, country: str) -> None:
    page.goto(COHORT)
    page.locator(".actions a.button").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Apply:")
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill(last_name)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Country").select_option(country)
    page.get_by_label("Institution").fill("Hanoi University of Science (sample)")
    page.get_by_label("Field of work").fill("Wastewater treatment")
    page.get_by_label("Motivation").fill("To bring low-carbon processes home.")
    page.get_by_label("I agree that the organisers keep").check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")


def link(links: list[str], pattern: re.Pattern) -> str:
    found = [url for url in links if pattern.search(url)]
    assert found, f"no link matching {pattern.pattern} in {links}"
    return found[-1]


def status_of(page):
    return page.locator("[data-status]").first


def test_apply_confirm_waitlist_cancel_and_promotion_of_the_next_person(
    page, second_page, mail_links, screenshot
):
    first, second = page, second_page

    # The upcoming Shanghai session has one place left of 22.
    first.goto(COHORT)
    expect(first.get_by_role("heading", level=1)).to_have_text(
        "Shanghai session (sample, upcoming)"
    )
    assert places_left(first) == 1
    expect(first.locator("[data-places-left]").first).to_have_text("1 place left of 22")
    screenshot(first, "cohort-shanghai")

    # A first visitor applies and confirms from the e-mail: the last place is theirs.
    apply(first, first_name="Lan", last_name="Nguyen", email="lan@example.org", country="VN")
    screenshot(first, "training-apply-sent")
    sent, links = mail_links(to="lan@example.org")
    assert [m.subject for m in sent] == [
        "Please confirm your application: Shanghai session (sample, upcoming)"
    ]
    first.goto(link(links, CONFIRM))
    expect(status_of(first)).to_have_attribute("data-status", "pending_confirmation")
    first.get_by_role("button", name="Confirm my application").click()
    expect(status_of(first)).to_have_attribute("data-status", "confirmed")
    expect(status_of(first)).to_contain_text("Your place is confirmed.")
    sent, _links = mail_links(to="lan@example.org", contains="Your place is confirmed")
    assert len(sent) == 1

    first.goto(COHORT)
    assert places_left(first) == 0
    expect(first.locator("[data-places-left]").first).to_have_text("0 places left of 22")
    expect(first.get_by_role("link", name="Apply for the waiting list")).to_be_visible()
    screenshot(first, "cohort-shanghai-full")

    # A second visitor applies to the full cohort, confirms and is waitlisted.
    apply(second, first_name="Kofi", last_name="Mensah", email="kofi@example.org", country="GH")
    _sent, links = mail_links(to="kofi@example.org", contains="Please confirm")
    second.goto(link(links, CONFIRM))
    second.get_by_role("button", name="Confirm my application").click()
    expect(status_of(second)).to_have_attribute("data-status", "waitlisted")
    expect(status_of(second)).to_contain_text("You are on the waiting list, position 1.")
    sent, _links = mail_links(to="kofi@example.org", contains="You are on the waitlist")
    assert len(sent) == 1

    # The first visitor cancels from the manage link in their e-mail.
    _sent, links = mail_links(to="lan@example.org", contains="Please confirm")
    first.goto(link(links, MANAGE))
    expect(first.locator(".status").last).to_have_text("Confirmed")
    first.get_by_role("link", name="Cancel my application…").click()
    expect(first.get_by_role("heading", level=1)).to_have_text("Cancel your application?")
    first.get_by_role("button", name="Yes, cancel my application").click()
    expect(status_of(first)).to_have_attribute("data-status", "cancelled")
    sent, _links = mail_links(to="lan@example.org", contains="Application cancelled")
    assert len(sent) == 1

    # The waitlisted person gets the place: told by e-mail, and their page says so.
    sent, links = mail_links(to="kofi@example.org", contains="A place is free for you")
    assert len(sent) == 1
    assert "a place has become free and it is yours" in sent[0].body
    second.goto(link(links, MANAGE))
    expect(status_of(second)).to_have_attribute("data-status", "confirmed")
    expect(second.locator(".status").last).to_have_text("Confirmed")
    screenshot(second, "training-manage-promoted")
    second.goto(COHORT)
    assert places_left(second) == 0
