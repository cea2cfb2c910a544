"""Technology pool report for a period, optionally for one providing institution.

Within the period (dates inclusive, in the site's time zone):
- submitted: declarations sent in (their latest `submitted_at`), whatever happened next;
- decided: declarations whose final decision (`decided_at`) falls in the period and which are
  accepted, rejected, or accepted and archived since; revision requests are not final;
- accepted: decided and accepted (also when archived since); acceptance rate = accepted /
  decided;
- published: entries published in the pool in the period (accepted, possibly archived since);
- review turnaround: days from the latest submission to the decision, over the decided ones.

The accepted technologies are listed in full (streamed from the database in chunks).
"""

import statistics
from array import array

from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from centres.models import Institution
from greentech.core.models import GreenArea, localized
from technologies.models import CollectionCall, Technology, TechnologyStatus

from ..charts import BarChart, Series
from .base import Figure, ReportDocument, Section, Table, local_date, percent, period_bounds
from .common import chunk_size, country_name, period_text

ACCEPTED_STATES = (TechnologyStatus.ACCEPTED, TechnologyStatus.ARCHIVED)
DECIDED_STATES = (*ACCEPTED_STATES, TechnologyStatus.REJECTED)
SECONDS_PER_DAY = 86400


def _filters(lower, upper) -> dict[str, Q]:
    decided = Q(decided_at__gte=lower, decided_at__lt=upper, status__in=DECIDED_STATES)
    return {
        "submitted": Q(submitted_at__gte=lower, submitted_at__lt=upper),
        "decided": decided,
        "accepted": decided & Q(status__in=ACCEPTED_STATES),
        "published": Q(published_at__gte=lower, published_at__lt=upper, status__in=ACCEPTED_STATES),
    }


def _counts(filters: dict[str, Q]) -> dict:
    return {name: Count("pk", filter=condition) for name, condition in filters.items()}


def _in_period(filters: dict[str, Q]) -> Q:
    return filters["submitted"] | filters["decided"] | filters["published"]


def _grouped(base, filters, field: str) -> dict:
    """{value of `field`: {submitted, decided, accepted, published}} in one query."""
    grouped = base.filter(_in_period(filters)).order_by().values(field).annotate(**_counts(filters))
    return {entry.pop(field): entry for entry in grouped}


def _row(label, counts) -> list:
    return [
        label,
        counts["submitted"],
        counts["decided"],
        counts["accepted"],
        percent(counts["accepted"], counts["decided"]),
        counts["published"],
    ]


def _headers(first: str) -> list[str]:
    return [
        first,
        _("Submitted"),
        _("Decided"),
        _("Accepted"),
        _("Acceptance rate (%)"),
        _("Published"),
    ]


def _chart(title, rows, *, columns=((1, "Submitted"), (5, "Published"))) -> BarChart:
    return BarChart(
        title=title,
        labels=[row[0] for row in rows],
        series=[Series(_(name), [row[index] for row in rows]) for index, name in columns],
    )


def _by_green_area(base, filters) -> Table:
    counts = _grouped(base, filters, "green_area")
    areas = [area for area in GreenArea.objects.order_by("position", "name") if area.pk in counts]
    rows = [_row(area.display_name, counts[area.pk]) for area in areas]
    return Table.of(
        "by_green_area",
        _("By green area"),
        _headers(_("Green area")),
        rows,
        chart=_chart(_("Submitted and published by green area"), rows),
    )


def _by_country(base, filters) -> Table:
    counts = _grouped(base, filters, "provider__country")
    rows = sorted(
        (_row(country_name(code), values) for code, values in counts.items()),
        key=lambda row: (-row[1], -row[5], row[0]),
    )
    return Table.of(
        "by_provider_country",
        _("By provider country"),
        _headers(_("Provider country")),
        rows,
        chart=_chart(_("Submitted and published by provider country"), rows),
    )


def _by_trl(base, filters) -> Table:
    counts = _grouped(base, filters, "trl")
    levels = sorted(level for level in counts if level is not None)
    rows = [_row(_("TRL %(level)s") % {"level": level}, counts[level]) for level in levels]
    if None in counts:
        rows.append(_row(_("Not stated"), counts[None]))
    return Table.of(
        "by_trl",
        _("By technology readiness level"),
        _headers(_("Readiness level")),
        rows,
        chart=_chart(_("Submitted and published by readiness level"), rows),
    )


def _turnaround_days(base, filters) -> array:
    durations = array("d")
    pairs = (
        base.filter(filters["decided"], submitted_at__isnull=False)
        .order_by()
        .values_list("submitted_at", "decided_at")
    )
    for submitted_at, decided_at in pairs.iterator(chunk_size=chunk_size()):
        seconds = (decided_at - submitted_at).total_seconds()
        if seconds >= 0:
            durations.append(seconds / SECONDS_PER_DAY)
    return durations


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _accepted_headers() -> list[str]:
    return [
        _("Technology"),
        _("Provider"),
        _("Provider country"),
        _("Green area"),
        _("TRL"),
        _("Collection call"),
        _("Submitted on"),
        _("Decided on"),
        _("Published on"),
        _("Status"),
        _("Valid until"),
        _("Review days"),
    ]


def _names(queryset, field: str) -> dict:
    """{pk: localized `field`} of a small table (areas, calls, providers), read once."""
    return {obj.pk: localized(obj, field) for obj in queryset.only("pk", field, f"{field}_zh")}


def _accepted_rows(accepted):
    """One row per accepted technology, streamed as plain tuples: the names of the few areas
    and calls and of the providers are looked up in dicts read once, and each label translated
    once (100,000 rows of model instances and per-row translations cost more than the file)."""
    areas = _names(GreenArea.objects.all(), "name")
    calls = _names(CollectionCall.objects.all(), "title")
    country_names: dict[str, str] = {}
    providers = {}
    provider_ids = accepted.order_by().values("provider_id")
    for provider in Institution.objects.filter(pk__in=provider_ids).only(
        "name", "name_zh", "country"
    ):
        code = provider.country.code
        if code not in country_names:
            country_names[code] = country_name(code)
        providers[provider.pk] = (localized(provider, "name"), country_names[code])
    statuses = {value: str(label) for value, label in TechnologyStatus.choices}
    rows = accepted.values_list(
        "name",
        "name_zh",
        "provider_id",
        "green_area_id",
        "trl",
        "call_id",
        "submitted_at",
        "decided_at",
        "published_at",
        "status",
        "valid_until",
    )
    chinese = (get_language() or "").startswith("zh")
    for row in rows.iterator(chunk_size=chunk_size()):
        name, name_zh, provider_id, area_id, trl, call_id, submitted, decided, published = row[:9]
        status, valid_until = row[9:]
        provider_name, provider_country = providers[provider_id]
        days = None
        if submitted and decided:
            days = _round((decided - submitted).total_seconds() / SECONDS_PER_DAY)
        yield [
            name_zh if chinese and name_zh else name,
            provider_name,
            provider_country,
            areas.get(area_id, ""),
            trl,
            calls.get(call_id, ""),
            local_date(submitted),
            local_date(decided),
            local_date(published),
            statuses.get(status, status),
            valid_until,
            days,
        ]


def build(parameters: dict) -> ReportDocument:
    start, end = parameters["start"], parameters["end"]
    institution = parameters.get("institution")
    lower, upper = period_bounds(start, end)
    filters = _filters(lower, upper)
    base = Technology.objects.all()
    if institution is not None:
        base = base.filter(provider=institution)

    totals = base.aggregate(**_counts(filters))
    durations = _turnaround_days(base, filters)
    median = _round(statistics.median(durations)) if durations else None
    mean = _round(statistics.fmean(durations)) if durations else None
    accepted = base.filter(filters["accepted"]).order_by(
        "green_area__position", "green_area__name", "name", "pk"
    )

    subtitle = period_text(start, end)
    if institution is not None:
        subtitle += " · " + institution.display_name
    figures = [
        Figure(_("Submitted"), totals["submitted"], "submitted"),
        Figure(_("Decided"), totals["decided"], "decided"),
        Figure(_("Accepted"), totals["accepted"], "accepted"),
        Figure(_("Rejected"), totals["decided"] - totals["accepted"], "rejected"),
        Figure(_("Acceptance rate (%)"), percent(totals["accepted"], totals["decided"]), "rate"),
        Figure(_("Published"), totals["published"], "published"),
        Figure(_("Review turnaround, median (days)"), median, "median_days"),
        Figure(_("Review turnaround, mean (days)"), mean, "mean_days"),
        Figure(_("Decisions with a known turnaround"), len(durations), "timed"),
    ]
    return ReportDocument(
        title=str(_("Technology pool report")),
        subtitle=subtitle,
        sections=[
            Section(
                title=_("Summary"),
                intro=_(
                    "Declarations submitted, decided and published in the period. The acceptance "
                    "rate is accepted over decided (accepted or rejected); the review turnaround "
                    "runs from the latest submission to the decision."
                ),
                figures=figures,
            ),
            Section(
                title=_("Submissions and publications"),
                tables=[
                    _by_green_area(base, filters),
                    _by_country(base, filters),
                    _by_trl(base, filters),
                ],
            ),
            Section(
                title=_("Accepted technologies"),
                tables=[
                    Table(
                        key="accepted",
                        title=_("Accepted technologies"),
                        headers=_accepted_headers(),
                        rows=lambda: _accepted_rows(accepted),
                        size=totals["accepted"],
                    )
                ],
            ),
        ],
    )
