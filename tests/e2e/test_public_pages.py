"""What a visitor sees without logging in: the key figures, the language switch, the pool's
search and facets, and the skip link for keyboard users."""

import re

from django.contrib.humanize.templatetags.humanize import intcomma
from playwright.sync_api import expect

from greentech.figures import key_figures
from technologies.models import Technology


def test_the_home_page_shows_the_key_figures_from_the_database(page, screenshot):
    figures = key_figures()

    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Green technology cooperation, in one place"
    )
    shown = page.locator(".figures [data-figure]")
    expect(shown).to_have_count(len(figures))
    for figure in figures:
        item = page.locator(f'[data-figure="{figure.key}"]')
        expect(item.locator(".value")).to_have_text(intcomma(figure.value))
        expect(item.locator(".label")).to_have_text(str(figure.label))
    assert any(figure.value > 0 for figure in figures), "the demo data should give figures"
    screenshot(page, "home-en")


def test_the_language_switch_shows_chinese_and_back_to_english(page, screenshot):
    page.goto("/")
    expect(page.get_by_role("heading", name="Key figures")).to_be_visible()

    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Go").click()

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="关键数据")).to_be_visible()
    expect(page.get_by_role("link", name="技术库", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="跳至正文")).to_be_attached()
    screenshot(page, "home-zh-hans")

    # The choice sticks while browsing.
    page.get_by_role("link", name="技术库", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("技术库")

    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="确定").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Technology pool")


def found(count: int) -> re.Pattern:
    noun = "technology" if count == 1 else "technologies"
    return re.compile(rf"^\s*{count} {noun} found\s*$")


def test_the_pool_search_and_facets_narrow_the_list(page, screenshot):
    published = Technology.objects.published()
    total = published.count()
    about_copper = [t for t in published if "copper" in f"{t.name} {t.summary}".lower()]
    copper = sorted(t.name for t in about_copper)
    copper_trl9 = sorted(t.name for t in about_copper if t.trl == 9)
    assert len(copper) > len(copper_trl9) > 0, "the demo pool should have copper technologies"

    page.goto("/technologies/")
    results = page.locator(".pool-items > li")
    count = page.locator(".pool-count")
    expect(count).to_have_text(found(total))

    page.get_by_role("searchbox").fill("copper")
    page.get_by_role("button", name="Search", exact=True).click()

    expect(count).to_have_text(found(len(copper)))
    assert sorted(results.get_by_role("heading").all_inner_texts()) == copper
    expect(page.get_by_role("searchbox")).to_have_value("copper")

    # A facet narrows the search further; the search words are kept.
    page.locator("#facet-trl").get_by_label(re.compile(r"^TRL 9:")).check()
    page.get_by_role("button", name="Apply filters").click()

    expect(count).to_have_text(found(len(copper_trl9)))
    assert sorted(results.get_by_role("heading").all_inner_texts()) == copper_trl9
    expect(page.get_by_role("searchbox")).to_have_value("copper")
    expect(page.locator(".pool-chosen")).to_contain_text("9")
    screenshot(page, "pool-search")

    # Removing the filters brings the whole pool back.
    page.get_by_role("link", name="Clear all filters").click()
    expect(count).to_have_text(found(total))


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/technologies/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    # Focus moved into the main content: the next Tab stop is inside <main>, not the header.
    page.keyboard.press("Tab")
    inside_main = page.evaluate(
        "() => document.getElementById('main').contains(document.activeElement)"
    )
    assert inside_main, "after the skip link, Tab should continue inside <main>"
