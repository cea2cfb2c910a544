"""Horizontal bar charts as inline SVG, drawn on the server (no JavaScript), for the PDF reports.

A chart has category labels and one or more series of values (e.g. "submitted" and
"published" per green area); each category gets one bar per series.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Colours that stay apart when printed in grey (dark green, light green, amber).
COLOURS = ("#1f6f43", "#8cc084", "#d89b2b", "#55605a")
WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 50
BAR_HEIGHT = 12
BAR_GAP = 2
GROUP_GAP = 8
TOP = 8
LEGEND_HEIGHT = 18
MAX_LABEL_CHARS = 34
MAX_CATEGORIES = 25


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


@dataclass(frozen=True)
class BarChart:
    title: str
    labels: Sequence[str]
    series: Sequence[Series]

    @property
    def has_values(self) -> bool:
        """Anything to draw: at least one bar longer than zero."""
        return any(value for one in self.series for value in one.values)

    def render(self) -> SafeString:
        return bar_chart_svg(self)


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _number(value) -> str:
    value = value or 0
    return f"{value:g}" if isinstance(value, float) else str(value)


def bar_chart_svg(chart: BarChart) -> SafeString:
    """The chart as an `<svg>` element; every text is escaped. The largest categories beyond
    MAX_CATEGORIES are left out (the table next to the chart has them all)."""
    labels = list(chart.labels)[:MAX_CATEGORIES]
    series = [Series(s.name, list(s.values)[: len(labels)]) for s in chart.series]
    has_legend = len(series) > 1
    group = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    top = TOP + (LEGEND_HEIGHT if has_legend else 0)
    height = top + len(labels) * (group + GROUP_GAP) + TOP
    largest = max([v or 0 for s in series for v in s.values] or [0]) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / largest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-label="{escape(chart.title)}">',
        f"<title>{escape(chart.title)}</title>",
    ]
    if has_legend:
        x = LABEL_WIDTH
        for index, one in enumerate(series):
            colour = COLOURS[index % len(COLOURS)]
            parts.append(
                f'<rect x="{x}" y="{TOP}" width="10" height="10" fill="{colour}"/>'
                f'<text x="{x + 14}" y="{TOP + 9}" font-size="10">{escape(one.name)}</text>'
            )
            x += 24 + 7 * len(str(one.name))
    for row, label in enumerate(labels):
        y = top + row * (group + GROUP_GAP)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + group / 2 + 4:g}" font-size="10" '
            f'text-anchor="end">{escape(_short(label))}</text>'
        )
        for index, one in enumerate(series):
            value = one.values[row] if row < len(one.values) else 0
            bar_y = y + index * (BAR_HEIGHT + BAR_GAP)
            width = max((value or 0) * scale, 0)
            colour = COLOURS[index % len(COLOURS)]
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{width:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{colour}"/>'
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{bar_y + BAR_HEIGHT - 2}" '
                f'font-size="9">{escape(_number(value))}</text>'
            )
    parts.append("</svg>")
    # Every text above went through escape(); the rest are numbers and fixed colours (bandit:
    # both of its mark_safe warnings are answered by that).
    return mark_safe("".join(parts))  # nosec
