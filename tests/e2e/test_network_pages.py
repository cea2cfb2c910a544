"""The network's public pages (countries, joint labs, centres, institutions, transfer cases,
technology needs, figures) open without an error on the demo data, and a country on the home
page's world map leads to that country's page. A page whose URL does not resolve in this
version of the portal is skipped, with the reason."""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

NETWORK_PAGES = [
    # URL name, screenshot name
    ("countries:index", "countries"),
    ("labs:list", "labs"),
    ("centres:centre_list", "centres"),
    ("centres:institution_list", "institutions"),
    ("transfers:list", "transfer-cases"),
    ("technologies:need_list", "technology-needs"),
    ("figures", "figures"),
]

# Finds a point of the viewport where a click lands on `anchor` itself (a country's shape may
# be irregular, and its neighbours may cover the middle of its bounding box).
POINT_ON_ELEMENT = """(anchor) => {
  const box = anchor.getBoundingClientRect();
  for (let row = 1; row < 20; row++) {
    for (let column = 1; column < 20; column++) {
      const x = box.left + (box.width * column) / 20;
      const y = box.top + (box.height * row) / 20;
      const hit = document.elementFromPoint(x, y);
      if (hit && hit.closest("a") === anchor) return {x, y};
    }
  }
  return null;
}"""


def resolve(url_name: str, **kwargs) -> str:
    try:
        return reverse(url_name, kwargs=kwargs or None)
    except NoReverseMatch:
        pytest.skip(f"the URL name {url_name!r} does not resolve yet: its page is not in place")


@pytest.fixture
def network_path(url_name):
    """The page's path; skips before the browser and the demo data are set up."""
    return resolve(url_name)


@pytest.fixture
def country_pages():
    resolve("countries:detail", code="KE")


@pytest.mark.parametrize(("url_name", "shot"), NETWORK_PAGES, ids=[s for _n, s in NETWORK_PAGES])
def test_a_network_page_opens_without_errors(network_path, page, screenshot, url_name, shot):
    page.goto(network_path)

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).not_to_be_empty()
    screenshot(page, shot)


def test_clicking_a_country_on_the_home_map_opens_its_country_page(country_pages, page, screenshot):
    page.goto("/")
    countries = page.locator("svg a.worldmap-country[data-country]")
    if countries.count() == 0:
        pytest.skip("the home page has no world map with linked countries yet")
    # The map is named for assistive technology (its <title>).
    expect(page.locator("svg.worldmap-svg")).to_have_accessible_name(re.compile(r"\w"))

    # The largest linked country is the easiest to hit.
    sizes = countries.evaluate_all(
        "(links) => links.map((a) => { const b = a.getBoundingClientRect();"
        " return b.width * b.height; })"
    )
    country = countries.nth(sizes.index(max(sizes)))
    code = country.get_attribute("data-country")
    country.scroll_into_view_if_needed()
    point = country.evaluate(POINT_ON_ELEMENT)
    assert point, f"no visible point of the map's country {code} can be clicked"
    screenshot(page, "home-map")

    page.mouse.click(point["x"], point["y"])

    expect(page).to_have_url(re.compile(rf"/countries/{code}/$", re.IGNORECASE))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, f"country-{code.lower()}")
