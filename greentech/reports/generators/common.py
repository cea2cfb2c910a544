"""Small helpers the generators share: labels, chunk size, indicator text."""

from django.conf import settings
from django.utils.translation import gettext as _
from django_countries import countries


def chunk_size() -> int:
    """Rows fetched per database round trip when a table is streamed."""
    return int(getattr(settings, "REPORTS_CHUNK_SIZE", 2000))


def country_name(code: str | None) -> str:
    return str(countries.name(code)) if code else _("Not stated")


def country_names(codes) -> str:
    return ", ".join(str(country.name) for country in codes)


def period_text(start, end) -> str:
    return f"{start:%Y-%m-%d} \N{EN DASH} {end:%Y-%m-%d}"


def indicators_text(indicators) -> str:
    """ "Wastewater treated: 1200 m3/day; ..." for a transfer case's indicators."""
    return "; ".join(f"{i.name}: {number_text(i.value)} {i.unit}".strip() for i in indicators)


def number_text(value) -> str:
    """A decimal without trailing zeros: 1200.00 -> 1200, 0.50 -> 0.5."""
    return f"{value.normalize():f}"


def sort_by_count(rows: list[list], count_column: int = 1) -> list[list]:
    """Largest count first, then by label."""
    return sorted(rows, key=lambda row: (-(row[count_column] or 0), str(row[0])))
