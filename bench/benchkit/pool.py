"""The benchmark's technology pool: published technologies (numbered, "bench-tech-<n>") with
application cases, transfer cases and their indicators, reviews with scores, need matches; and
a twentieth as many declarations in the other states ("bench-other-<n>").

Written with COPY in chunks. A technology and everything attached to it are written in the same
transaction as the rest of the run, so the published ones are always numbered 0..k-1 and a
second run only adds the numbers that are missing.
"""

import datetime
import random
from decimal import Decimal

from greentech.core.models import GreenArea
from technologies.models import (
    ApplicationCase,
    ImpactIndicator,
    NeedMatch,
    Review,
    ReviewAssignment,
    ReviewScore,
    Technology,
    TechnologyStatus,
    TransferCase,
)

from .copy import copy_objects, reserve_ids
from .network import FIRST_YEAR, LAST_YEAR
from .texts import technology_texts
from .vocabulary import CITIES, COUNTRIES

CHUNK = 5000
PUBLISHED_PREFIX = "bench-tech-"
OTHER_PREFIX = "bench-other-"
OTHER_STATES = [
    TechnologyStatus.DRAFT,
    TechnologyStatus.SUBMITTED,
    TechnologyStatus.UNDER_REVIEW,
    TechnologyStatus.REVISION_REQUESTED,
    TechnologyStatus.REJECTED,
    TechnologyStatus.WITHDRAWN,
    TechnologyStatus.ARCHIVED,
]
IP_KINDS = ["patent_granted", "patent_pending", "know_how", "open", ""]
# Larger areas first: water and energy dominate real pools.
AREA_WEIGHTS = {"water-pollution-control": 4, "renewable-energy": 3, "energy-efficiency": 2}


class PoolContext:
    """What the technologies point to, loaded once."""

    def __init__(self, *, institution_ids, calls, expert_ids, need_ids, staff):
        self.areas = list(GreenArea.objects.order_by("position"))
        self.area_weights = [AREA_WEIGHTS.get(area.code, 1) for area in self.areas]
        self.institution_ids = institution_ids
        self.calls = {call.opens_on.year: (call, criteria) for call, criteria in calls}
        self.expert_ids = expert_ids
        self.need_ids = need_ids
        self.staff = staff


def _dates(rng: random.Random, year: int):
    submitted = datetime.datetime(year, 2, 1, 8, tzinfo=datetime.UTC) + datetime.timedelta(
        days=rng.randint(0, 200), minutes=rng.randint(0, 1440)
    )
    decided = submitted + datetime.timedelta(days=rng.randint(20, 120), hours=rng.randint(0, 23))
    return submitted, decided


def _technology(number: int, slug: str, status: str, ctx: PoolContext) -> Technology:
    rng = random.Random(f"facts-{slug}")
    area = rng.choices(ctx.areas, weights=ctx.area_weights)[0]
    in_pool = slug.startswith(PUBLISHED_PREFIX)
    texts = technology_texts(number if in_pool else -1 - number, area.code)
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    call, _criteria = ctx.calls[year]
    submitted, decided = _dates(rng, year)
    published = status in (TechnologyStatus.ACCEPTED, TechnologyStatus.ARCHIVED)
    decided_states = (
        TechnologyStatus.ACCEPTED,
        TechnologyStatus.ARCHIVED,
        TechnologyStatus.REJECTED,
    )
    provider = ctx.institution_ids[int(len(ctx.institution_ids) * rng.random() ** 2)]
    return Technology(
        call=call,
        provider_id=provider,
        name=f"{texts.name} ({'GT' if in_pool else 'DT'}-{number + 1:06d})",
        name_zh=texts.name_zh,
        slug=slug,
        green_area=area,
        summary=texts.summary,
        technical_principle=texts.technical_principle,
        key_performance_indicators=texts.key_performance_indicators,
        trl=None if rng.random() < 0.05 else rng.randint(1, 9),
        intellectual_property=rng.choice(IP_KINDS),
        ip_details=texts.ip_details,
        investment_usd=Decimal(rng.randint(5, 5000) * 1000),
        operating_cost_usd_per_year=Decimal(rng.randint(1, 500) * 100),
        co2e_avoided_t_per_year=Decimal(rng.randint(0, 90000)),
        other_environmental_benefits=texts.other_environmental_benefits,
        applicable_conditions=texts.applicable_conditions,
        target_countries=rng.sample(COUNTRIES, rng.randint(0, 4)),
        contact_name="Benchmark contact",
        contact_email=f"contact-{number}@example.org",
        status=status,
        submitted_at=None if status == TechnologyStatus.DRAFT else submitted,
        decided_at=decided if status in decided_states else None,
        published_at=decided if published else None,
        valid_until=datetime.date(2027, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
        if published
        else None,
        created=submitted - datetime.timedelta(days=3),
        modified=decided,
    )


def _attached(technology: Technology, number: int, ctx: PoolContext) -> dict[type, list]:
    """Rows that belong to one technology, by model (primary keys not yet set)."""
    rng = random.Random(f"attached-{technology.slug}")
    year = technology.call.opens_on.year
    rows: dict[type, list] = {ApplicationCase: [], TransferCase: [], ReviewAssignment: []}
    for position in range(rng.choice([0, 1, 1, 2, 2, 3])):
        rows[ApplicationCase].append(
            ApplicationCase(
                technology=technology,
                place=f"{rng.choice(CITIES)} plant {position + 1}",
                country=rng.choice(COUNTRIES),
                year=rng.randint(year - 8, year),
                scale=f"{rng.randint(1, 500)} t/d",
                results="Ran as designed; figures in the declaration.",
                position=position,
            )
        )
    if not technology.published_at:
        return rows
    if number % 50 == 7:
        rows[TransferCase].append(
            TransferCase(
                technology=technology,
                title=f"Transfer of {technology.name[:180]}",
                slug=f"bench-transfer-{technology.slug.removeprefix('bench-')}",
                country=rng.choice(COUNTRIES),
                partner_id=rng.choice(ctx.institution_ids),
                year=rng.randint(year, LAST_YEAR),
                description="A transfer case created by the benchmark data generator.",
            )
        )
    if number % 10 == 3:
        for expert in rng.sample(ctx.expert_ids, 2):
            rows[ReviewAssignment].append(
                ReviewAssignment(
                    technology=technology,
                    expert_id=expert,
                    assigned_by=ctx.staff,
                    due_on=technology.submitted_at.date() + datetime.timedelta(days=30),
                    status="submitted",
                )
            )
    return rows


def _copy_attached(rows: dict[type, list], ctx: PoolContext) -> None:
    for model in (ApplicationCase, TransferCase, ReviewAssignment):
        for obj, pk in zip(rows[model], reserve_ids(model, len(rows[model])), strict=True):
            obj.pk = pk
        copy_objects(model, rows[model])
    indicators = [
        ImpactIndicator(
            transfer_case=case,
            name=name,
            value=Decimal(case.pk % 900 + 100),
            unit=unit,
            position=position,
        )
        for case in rows[TransferCase]
        for position, (name, unit) in enumerate([("CO2e avoided", "t/year"), ("Jobs", "")])
    ]
    copy_objects(ImpactIndicator, indicators)
    reviews = [
        Review(
            assignment=assignment,
            recommendation="accept",
            comment="Sound technology with documented cases.",
            submitted_at=assignment.technology.decided_at - datetime.timedelta(days=5),
        )
        for assignment in rows[ReviewAssignment]
    ]
    for review, pk in zip(reviews, reserve_ids(Review, len(reviews)), strict=True):
        review.pk = pk
    copy_objects(Review, reviews)
    copy_objects(
        ReviewScore,
        [
            ReviewScore(review=review, criterion=criterion, score=Decimal(3 + review.pk % 3))
            for review in reviews
            for criterion in ctx.calls[review.assignment.technology.call.opens_on.year][1]
        ],
    )


def _write_chunk(numbers, prefix: str, status_of, ctx: PoolContext) -> None:
    technologies = [_technology(n, f"{prefix}{n}", status_of(n), ctx) for n in numbers]
    for technology, pk in zip(
        technologies, reserve_ids(Technology, len(technologies)), strict=True
    ):
        technology.pk = pk
    copy_objects(Technology, technologies)
    rows: dict[type, list] = {ApplicationCase: [], TransferCase: [], ReviewAssignment: []}
    for number, technology in zip(numbers, technologies, strict=True):
        for model, objs in _attached(technology, number, ctx).items():
            rows[model] += objs
    _copy_attached(rows, ctx)
    if prefix == PUBLISHED_PREFIX and ctx.need_ids:
        copy_objects(
            NeedMatch,
            [
                NeedMatch(
                    need_id=ctx.need_ids[(number // 100) % len(ctx.need_ids)],
                    technology=technology,
                    status="confirmed" if number % 300 == 11 else "dismissed",
                    decided_by=ctx.staff,
                    decided_at=technology.published_at,
                    note="Benchmark match.",
                )
                for number, technology in zip(numbers, technologies, strict=True)
                if number % 100 == 11
            ],
        )


def _existing(prefix: str) -> int:
    return Technology.objects.filter(slug__startswith=prefix).count()


def ensure_technologies(count: int, ctx: PoolContext, *, progress=print) -> int:
    """`count` published technologies and count/20 in other states; returns how many were
    added."""
    added = 0
    plans = [
        (PUBLISHED_PREFIX, count, lambda n: TechnologyStatus.ACCEPTED),
        (OTHER_PREFIX, count // 20, lambda n: OTHER_STATES[n % len(OTHER_STATES)]),
    ]
    for prefix, wanted, status_of in plans:
        start = _existing(prefix)
        for first in range(start, wanted, CHUNK):
            numbers = range(first, min(first + CHUNK, wanted))
            _write_chunk(numbers, prefix, status_of, ctx)
            added += len(numbers)
            progress(f"  {prefix}*: {numbers.stop} of {wanted}")
    refresh = getattr(Technology.objects.all(), "refresh_search_vector", None)
    if added and refresh is not None:
        # An older checkout keeps the search vector from Python; this one has a trigger.
        Technology.objects.filter(
            slug__startswith="bench-", search_vector__isnull=True
        ).refresh_search_vector()
    return added
