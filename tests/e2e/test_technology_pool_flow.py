"""From a partner's declaration to the public pool, in the browser, with the demo accounts: the
partner declares a technology to the open sample call step by step and submits it; the curator
screens it and assigns the two demo experts; each expert reviews it; the curator accepts it; and
the public pool's search finds it."""

import re

from playwright.sync_api import expect

from tests.e2e.helpers import CURATOR_EMAIL, EXPERT_EMAILS, PARTNER_EMAIL, log_in, nav

CALL_TITLE = "Green Belt and Road Technology Pool: open collection (sample call)"
NAME = "Constructed wetland for village wastewater"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def save_and_continue(page, next_step: str) -> None:
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=2, name=next_step)).to_be_visible()


def declare_and_submit(page, screenshot) -> None:
    nav(page, "Open calls")
    call = page.get_by_role("article").filter(has=page.get_by_role("heading", name=CALL_TITLE))
    call.get_by_role("link", name="Declare a technology").click()

    page.get_by_label("Name of the technology").fill(NAME)
    page.get_by_label("Green area").select_option(label="Water pollution control")
    page.get_by_role("button", name="Create the draft").click()

    # Basics
    expect(page.get_by_role("heading", level=2, name="Basics")).to_be_visible()
    page.get_by_label("Summary").fill("Reed beds treat the wastewater of villages without power.")
    page.get_by_label("Contact name").fill("Somchai Wong (sample)")
    page.get_by_label("Contact e-mail").fill("somchai@pttgc.example")
    screenshot(page, "declaration-basics")
    save_and_continue(page, "Technical detail")

    # Technical detail
    page.get_by_label("Technical principle").fill("Vertical-flow reed beds over graded gravel.")
    page.get_by_label("Key performance indicators").fill("COD removal above 85 %.")
    page.locator('input[name="trl"][value="8"]').check()
    page.get_by_label(re.compile(r"^Intellectual property:?$")).select_option("patent_granted")
    page.get_by_label("Intellectual property details").fill("TH 12345 (sample)")
    page.get_by_label("Applicable conditions").fill("Villages of up to 5,000 people.")
    page.get_by_role("checkbox", name="Kenya", exact=True).check()
    page.locator('input[name="target_countries"][value="VN"]').check()
    save_and_continue(page, "Application cases")

    # Application cases
    page.get_by_label("Place").fill("Rayong")
    page.get_by_label("Country").select_option("TH")
    page.get_by_label("Year").fill("2022")
    page.get_by_label("Scale").fill("1,200 households")
    page.get_by_label("Results").fill("Effluent within the national standard all year.")
    save_and_continue(page, "Economics and benefits")

    # Economics and benefits
    page.get_by_label("Investment (USD)").fill("90000")
    page.get_by_label("Operating cost (USD per year)").fill("4000")
    page.get_by_label("CO2e avoided (t per year)").fill("12.5")
    save_and_continue(page, "Attachments")

    # Attachments
    page.get_by_label("File").set_input_files(
        files=[{"name": "brochure.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="brochure.pdf")).to_be_visible()
    page.get_by_role("link", name="Continue: review and submit").click()

    # Review and submit
    expect(page.get_by_role("status").filter(has_text="Nothing is missing")).to_be_visible()
    screenshot(page, "declaration-submit")
    page.get_by_role("button", name="Submit the declaration").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    expect(page.locator("main")).to_contain_text("Submitted")


def screen_and_assign_experts(page, screenshot) -> None:
    nav(page, "Review queue")
    page.get_by_role("link", name=NAME).click()
    status = page.locator("dd[data-status]")
    expect(status).to_have_attribute("data-status", "submitted")

    page.get_by_role("button", name="Start screening").click()
    expect(status).to_have_attribute("data-status", "screening")
    page.get_by_role("button", name="Accept for review").click()
    expect(status).to_have_attribute("data-status", "under_review")

    for email in EXPERT_EMAILS:
        expert = page.get_by_label(re.compile(r"^Expert:?$"))
        value = expert.locator("option", has_text=re.compile(r"Expert \d \(sample\)")).filter(
            has_text=email_owner(email)
        )
        expert.select_option(value.get_attribute("value"))
        page.get_by_role("button", name="Assign", exact=True).click()
        expect(
            page.locator("tr[data-assignment]").filter(has_text=email_owner(email))
        ).to_be_visible()
    expect(page.locator("tr[data-assignment]")).to_have_count(2)
    screenshot(page, "staff-submission")


def email_owner(email: str) -> str:
    """The demo expert's name as the pages show it ("Sample Expert 1 (sample)")."""
    number = re.search(r"expert(\d)@", email).group(1)
    return f"Expert {number} (sample)"


def review(page, screenshot, *, shot: bool) -> None:
    scores = page.locator('input[name^="score_"]')
    expect(scores).to_have_count(5)
    for index in range(scores.count()):
        scores.nth(index).fill("4")
    page.get_by_label("Accept", exact=True).check()
    page.get_by_label("Overall comment").fill("Sound, proven and affordable.")
    if shot:
        screenshot(page, "expert-review")
    page.get_by_role("button", name="Submit the review").click()
    expect(page.get_by_role("heading", name="Your review", level=2)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Recommendation: Accept")


def accept(page, screenshot) -> None:
    nav(page, "Review queue")
    page.get_by_role("link", name=NAME).click()
    page.get_by_role("link", name="Scores and decision").click()
    screenshot(page, "staff-decision")
    page.get_by_label("Accept and publish").check()
    page.get_by_label("Feedback to the submitter").fill("Welcome to the pool.")
    page.get_by_label("Release now: publish an accepted technology", exact=False).check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", name="Decided")).to_be_visible()


def test_a_declared_technology_is_screened_reviewed_accepted_and_found_in_the_pool(
    page, new_person, mail_links, screenshot
):
    partner = page
    log_in(partner, PARTNER_EMAIL)
    declare_and_submit(partner, screenshot)

    curator = new_person()
    log_in(curator, CURATOR_EMAIL)
    screen_and_assign_experts(curator, screenshot)

    for number, email in enumerate(EXPERT_EMAILS):
        expert = new_person()
        log_in(expert, email)
        # The assignment e-mail links to the review page (the navigation has no link to it).
        _sent, links = mail_links(to=email)
        review_links = [url for url in links if re.search(r"/technologies/reviews/\d+/$", url)]
        assert review_links, f"no review link in the e-mails to {email}: {links}"
        expert.goto(review_links[-1])
        expect(expert.get_by_role("heading", level=1)).to_contain_text(NAME)
        review(expert, screenshot, shot=number == 0)

    accept(curator, screenshot)

    # The partner sees the outcome; the public finds the technology in the pool.
    nav(partner, "My submissions")
    expect(partner.locator("main")).to_contain_text("Accepted")
    visitor = new_person()
    visitor.goto("/technologies/")
    visitor.get_by_role("searchbox").fill("wetland")
    visitor.get_by_role("button", name="Search", exact=True).click()
    results = visitor.locator(".pool-items > li")
    expect(results).to_have_count(1)
    expect(results.get_by_role("heading")).to_have_text(NAME)
    screenshot(visitor, "pool-new-technology")
    results.get_by_role("link", name=NAME).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(NAME)
    screenshot(visitor, "technology-detail")
