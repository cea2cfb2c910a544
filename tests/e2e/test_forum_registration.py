"""Registering for a forum in the browser, with no account, and confirming from the e-mail."""

import re

from playwright.sync_api import expect

from tests.e2e.helpers import places_left

EVENT = "/forums/green-technology-forum-upcoming-sample/"
CONFIRM = re.compile(r"/forums/registrations/confirm/")


def test_register_for_the_upcoming_forum_and_confirm_from_the_email(page, mail_links, screenshot):
    page.goto("/forums/")
    page.get_by_role("link", name="Green Technology Forum (sample, upcoming)").first.click()
    expect(page).to_have_url(re.compile(re.escape(EVENT) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Green Technology Forum (sample, upcoming)"
    )
    before = places_left(page)
    assert before > 0
    screenshot(page, "forum-upcoming")

    page.get_by_role("link", name="Register", exact=True).click()
    page.get_by_label("Speaker").check()
    page.get_by_label("First name").fill("Aroha")
    page.get_by_label("Last name").fill("Ngata")
    page.get_by_label("E-mail address").fill("aroha@example.org")
    page.get_by_label("Country").select_option("NZ")
    page.get_by_label("Institution").fill("University of Waikato (sample)")
    page.get_by_label("Dietary needs").fill("Vegetarian")
    screenshot(page, "forum-register")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    sent, links = mail_links(to="aroha@example.org")
    assert [m.subject for m in sent] == [
        "Please confirm your registration: Green Technology Forum (sample, upcoming)"
    ]
    confirm = [url for url in links if CONFIRM.search(url)]
    assert confirm, links
    page.goto(confirm[0])
    status = page.locator("[data-status]").first
    expect(status).to_have_attribute("data-status", "pending_confirmation")
    page.get_by_role("button", name="Confirm my registration").click()

    expect(status).to_have_attribute("data-status", "confirmed")
    sent, _links = mail_links(to="aroha@example.org", contains="Your place is confirmed")
    assert len(sent) == 1
    screenshot(page, "forum-confirmed")
    page.goto(EVENT)
    assert places_left(page) == before - 1
