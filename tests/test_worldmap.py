"""The cooperation world map: shapes built from the vendored map, quantile shading, the SVG."""

import json
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from greentech.worldmap import build_paths
from greentech.worldmap.render import (
    LEVELS,
    level_of,
    load_shapes,
    quantile_breaks,
    world_map,
)

VENDOR = Path(build_paths.SOURCE).parent


@dataclass(frozen=True)
class Counts:
    labs: int = 0
    transfer_cases: int = 0
    trainees: int = 0
    delegates: int = 0
    technologies: int = 0

    @property
    def total(self) -> int:
        return self.labs + self.transfer_cases + self.trainees + self.delegates + self.technologies


def test_the_vendored_map_keeps_its_licence_beside_it():
    assert (VENDOR / "countries-110m.json").is_file()
    licence = (VENDOR / "LICENSE").read_text()
    assert "Permission to use, copy, modify, and/or distribute" in licence


def test_the_prepared_shapes_are_what_the_build_script_makes_from_the_vendored_map():
    built = build_paths.build()
    committed = json.loads(build_paths.TARGET.read_text(encoding="utf-8"))
    assert committed == built


def test_shapes_are_keyed_by_alpha2_code_and_leave_out_antarctica():
    shapes = load_shapes()
    assert {"CN", "KE", "BR", "PK", "TH", "FR"} <= set(shapes.countries)
    assert "AQ" not in shapes.countries
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in shapes.countries)
    assert all(d.startswith("M") and d.endswith("z") for d in shapes.countries.values())


def _rings(d: str):
    """The absolute points of each ring of a path written by build_paths.ring_path."""
    for ring in d.split("M")[1:]:
        start, steps = ring.rstrip("z").split("l")
        x, y = (float(n) for n in start.split())
        points = [(x, y)]
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", steps)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        yield points


def test_every_shape_stays_inside_the_view_box():
    shapes = load_shapes()
    for d in shapes.countries.values():
        for ring in _rings(d):
            for x, y in ring:
                assert -0.5 <= x <= shapes.width + 0.5
                assert -0.5 <= y <= shapes.height + 0.5


def test_shapes_crossing_the_antimeridian_are_cut_instead_of_spanning_the_map():
    shapes = load_shapes()
    for code in ("FJ", "RU"):
        rings = list(_rings(shapes.countries[code]))
        widths = [max(x for x, _y in ring) - min(x for x, _y in ring) for ring in rings]
        assert max(widths) < shapes.width * 0.6, code
        assert min(x for ring in rings for x, _y in ring) < shapes.width * 0.2, code
        assert max(x for ring in rings for x, _y in ring) > shapes.width * 0.8, code


def test_a_ring_crossing_the_antimeridian_becomes_one_ring_on_each_side():
    square = [(170.0, 10.0), (-170.0, 10.0), (-170.0, -10.0), (170.0, -10.0)]
    pieces = build_paths.split_at_antimeridian(square)
    assert len(pieces) == 2
    for piece in pieces:
        lons = [lon for lon, _lat in piece]
        assert min(lons) >= -180
        assert max(lons) <= 180
        assert max(lons) - min(lons) == pytest.approx(10)


def test_quantile_breaks_split_the_countries_into_classes_of_similar_size():
    assert quantile_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [2, 4, 6, 8, 10]
    assert quantile_breaks([]) == []
    assert quantile_breaks([0, 0]) == []


def test_equal_totals_share_a_class_so_there_may_be_fewer_classes():
    assert quantile_breaks([3, 3, 3, 3]) == [3]
    assert quantile_breaks([1, 1, 1, 50]) == [1, 50]


def test_a_total_falls_in_the_first_class_whose_upper_bound_holds_it():
    breaks = [2, 4, 6, 8, 10]
    assert [level_of(total, breaks) for total in (0, 1, 2, 3, 10, 11)] == [0, 1, 1, 2, 5, 5]


def test_map_shades_cooperating_countries_and_leaves_the_others_blank():
    cooperation = {"KE": Counts(labs=2, trainees=8), "TH": Counts(transfer_cases=1), "BR": Counts()}
    worldmap = world_map(cooperation)
    levels = {country.code: country.level for country in worldmap.shapes}
    assert levels["KE"] > levels["TH"] > 0
    assert levels["BR"] == 0
    assert levels["FR"] == 0
    assert [country.code for country in worldmap.partners] == ["KE", "TH"]
    assert max(levels.values()) <= LEVELS


def test_the_legend_covers_every_total_without_gaps():
    cooperation = {
        code: Counts(trainees=n)
        for code, n in zip(["KE", "TH", "PK", "BR", "FR"], [1, 3, 7, 20, 50], strict=True)
    }
    legend = world_map(cooperation).legend
    assert legend[0].low == 1
    assert legend[-1].high == 50
    for lower, upper in pairwise(legend):
        assert upper.low == lower.high + 1


def test_a_partner_too_small_for_the_map_is_still_listed():
    worldmap = world_map({"SG": Counts(labs=1), "KE": Counts(labs=1)})
    assert [country.code for country in worldmap.partners] == ["KE", "SG"]
    assert [country.code for country in worldmap.off_map] == ["SG"]


def test_a_country_summary_names_only_the_counts_above_zero():
    country = world_map({"KE": Counts(labs=2, trainees=5)}).partners[0]
    assert country.summary == "Kenya \N{EM DASH} joint laboratories: 2; trainees: 5"


def _render(cooperation) -> str:
    return render_to_string("_worldmap.html", {"worldmap": world_map(cooperation)})


def test_the_svg_is_an_image_with_a_title_and_links_partner_countries_to_their_page():
    html = _render({"KE": Counts(labs=2, trainees=8), "TH": Counts(transfer_cases=1)})
    assert re.search(
        r'<svg[^>]+role="group"[^>]+aria-labelledby="worldmap-title worldmap-desc"', html
    )
    assert '<title id="worldmap-title">' in html
    kenya = reverse("countries:detail", args=["KE"])
    assert re.search(
        rf'<a href="{kenya}" class="worldmap-country worldmap-level-\d"[^>]*>'
        r"<title>Kenya \N{EM DASH} joint laboratories: 2; trainees: 8</title>",
        html,
    )
    assert f'href="{reverse("countries:detail", args=["FR"])}"' not in html
    assert '<path class="worldmap-country worldmap-level-0" data-country="FR"' in html


def test_the_table_beside_the_map_lists_the_same_countries_with_their_counts():
    html = _render({"KE": Counts(labs=2, trainees=8), "SG": Counts(delegates=3)})
    table = html.split("<table>", 1)[1]
    rows = re.findall(r'<tr data-country="(\w\w)">', table)
    assert rows == ["KE", "SG"]
    assert "too small for the map" in table
    assert f'<a href="{reverse("countries:detail", args=["KE"])}">Kenya</a>' in table


def test_the_map_without_any_cooperation_says_so():
    html = _render({})
    assert "No cooperation recorded yet." in html
    assert "worldmap-level-1" not in html


@pytest.mark.parametrize("language", ["zh-hans"])
def test_country_names_follow_the_visitors_language(language):
    with translation.override(language):
        worldmap = world_map({"KE": Counts(labs=1)})
    assert worldmap.partners[0].name == "肯尼亚"
