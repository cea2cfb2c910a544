"""A world map shading the countries the network cooperates with, drawn as inline SVG.

The country shapes come from `countries.json` (built once by `build_paths.py` from the vendored
world map) and are read once per process. `world_map()` takes the cooperation counts per ISO
alpha-2 code (anything with `labs`, `transfer_cases`, `trainees`, `delegates`, `technologies`
and `total`) and returns what `templates/_worldmap.html` draws: every shape with its shading
class, the legend, and the cooperating countries as a list for people who do not use the map.
"""

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django_countries import countries

SHAPES_FILE = Path(__file__).resolve().parent / "countries.json"
LEVELS = 5
COUNT_FIELDS = ("labs", "transfer_cases", "trainees", "delegates", "technologies")


@dataclass(frozen=True)
class Shapes:
    width: int
    height: int
    countries: dict[str, str]
    other: tuple[str, ...]


@cache
def load_shapes() -> Shapes:
    data = json.loads(SHAPES_FILE.read_text(encoding="utf-8"))
    return Shapes(
        width=data["width"],
        height=data["height"],
        countries=data["countries"],
        other=tuple(data["other"]),
    )


@dataclass(frozen=True)
class LegendClass:
    level: int
    low: int
    high: int

    @property
    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}\N{EN DASH}{self.high}"


@dataclass(frozen=True)
class MapCountry:
    code: str
    name: str
    level: int  # 0: no cooperation; 1..LEVELS: the quantile class of the total
    counts: object | None = None
    d: str = ""

    @property
    def total(self) -> int:
        return self.counts.total if self.counts is not None else 0

    @property
    def summary(self) -> str:
        """ "Kenya — joint laboratories: 2; trainees: 5" (the counts above zero)."""
        if self.counts is None:
            return self.name
        parts = [
            f"{label}: {getattr(self.counts, field)}"
            for field, label in count_labels().items()
            if getattr(self.counts, field, 0)
        ]
        return f"{self.name} \N{EM DASH} {'; '.join(parts)}" if parts else self.name


@dataclass(frozen=True)
class WorldMap:
    width: int
    height: int
    shapes: list[MapCountry]
    other: tuple[str, ...]
    partners: list[MapCountry]
    legend: list[LegendClass]

    @property
    def off_map(self) -> list[MapCountry]:
        """Cooperating countries too small for the map's scale (listed beside it)."""
        return [country for country in self.partners if not country.d]


def count_labels() -> dict[str, str]:
    return {
        "labs": _("joint laboratories"),
        "transfer_cases": _("transfer cases"),
        "trainees": _("trainees"),
        "delegates": _("forum delegates"),
        "technologies": _("technologies in the pool"),
    }


def quantile_breaks(totals: list[int], levels: int = LEVELS) -> list[int]:
    """Upper bounds of up to `levels` classes holding about as many countries each; equal
    totals always share a class, so there may be fewer classes than `levels`."""
    values = sorted(value for value in totals if value > 0)
    if not values:
        return []
    breaks: list[int] = []
    for k in range(1, levels + 1):
        upper = values[math.ceil(k * len(values) / levels) - 1]
        if not breaks or upper > breaks[-1]:
            breaks.append(upper)
    return breaks


def level_of(total: int, breaks: list[int]) -> int:
    if total <= 0:
        return 0
    for index, upper in enumerate(breaks, start=1):
        if total <= upper:
            return index
    return len(breaks)


def legend_of(breaks: list[int], smallest: int) -> list[LegendClass]:
    legend, low = [], smallest
    for level, high in enumerate(breaks, start=1):
        legend.append(LegendClass(level=level, low=low, high=high))
        low = high + 1
    return legend


def world_map(cooperation: Mapping[str, object]) -> WorldMap:
    """The map of `cooperation` ({alpha-2 code: counts}); codes with a zero total are ignored."""
    shapes = load_shapes()
    active = {
        code.upper(): counts
        for code, counts in cooperation.items()
        if counts is not None and counts.total > 0
    }
    breaks = quantile_breaks([counts.total for counts in active.values()])
    drawn = []
    for code, d in shapes.countries.items():
        counts = active.get(code)
        level = level_of(counts.total, breaks) if counts is not None else 0
        drawn.append(
            MapCountry(code=code, name=str(countries.name(code)), level=level, counts=counts, d=d)
        )
    # Cooperating countries last, so their outlines are drawn over their neighbours'.
    drawn.sort(key=lambda country: country.level > 0)
    partners = sorted(
        (
            MapCountry(
                code=code,
                name=str(countries.name(code)) or code,
                level=level_of(counts.total, breaks),
                counts=counts,
                d=shapes.countries.get(code, ""),
            )
            for code, counts in active.items()
        ),
        key=lambda country: (-country.total, country.name),
    )
    smallest = min((counts.total for counts in active.values()), default=0)
    return WorldMap(
        width=shapes.width,
        height=shapes.height,
        shapes=drawn,
        other=shapes.other,
        partners=partners,
        legend=legend_of(breaks, smallest),
    )
