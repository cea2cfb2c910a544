"""The benchmark's network: institutions, centres, joint labs and their outputs, collection
calls with their criteria, experts, technology needs.

Everything is found by a slug or e-mail starting with "bench-" and created only when missing,
so a second run adds nothing.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from centres.models import Centre, Institution
from greentech.accounts.models import User
from greentech.core.models import GreenArea
from labs.models import JointLab, LabOutput, LabPartner, LabStatus
from technologies.models import CollectionCall, Criterion, TechnologyNeed

from .vocabulary import AREAS, CITIES, COUNTRIES, INSTITUTION_FIELDS, INSTITUTION_KINDS

FIRST_YEAR, LAST_YEAR = 2016, 2025
CRITERIA = [
    ("Advanced nature", "先进性"),
    ("Practicability", "实用性"),
    ("Economy", "经济性"),
    ("Maturity degree", "成熟度"),
    ("Service capability of the provider", "服务能力"),
]


def _missing(model, slugs: list[str], field: str = "slug") -> list[str]:
    existing = set(model.objects.filter(**{f"{field}__in": slugs}).values_list(field, flat=True))
    return [slug for slug in slugs if slug not in existing]


def ensure_institutions(count: int) -> list[int]:
    """`count` institutions in the partner countries; returns their ids, in number order."""
    slugs = [f"bench-inst-{n}" for n in range(count)]
    to_make = set(_missing(Institution, slugs))
    new = []
    for n, slug in enumerate(slugs):
        if slug not in to_make:
            continue
        rng = random.Random(f"inst-{n}")
        prefix, kind = INSTITUTION_KINDS[n % len(INSTITUTION_KINDS)]
        city = CITIES[n % len(CITIES)]
        new.append(
            Institution(
                name=f"{prefix} {rng.choice(INSTITUTION_FIELDS)} {city} {n + 1}",
                slug=slug,
                kind=kind,
                country=COUNTRIES[n % len(COUNTRIES)],
                city=city,
                description="An institution created by the benchmark data generator.",
            )
        )
    Institution.objects.bulk_create(new, batch_size=1000)
    ids = dict(Institution.objects.filter(slug__in=slugs).values_list("slug", "id"))
    return [ids[slug] for slug in slugs]


def ensure_centres_and_labs(institution_ids: list[int], labs: int) -> None:
    areas = list(GreenArea.objects.all())
    centre_slugs = [f"bench-centre-{n}" for n in range(3)]
    for n, slug in enumerate(_missing(Centre, centre_slugs)):
        centre = Centre.objects.create(
            name=f"Benchmark Centre of Excellence {slug[-1]}",
            slug=slug,
            host_institution_id=institution_ids[n],
            established=datetime.date(2013 + n, 6, 1),
            mission="A centre created by the benchmark data generator.",
        )
        centre.focus_areas.set(areas[n::3])
    centres = list(Centre.objects.filter(slug__in=centre_slugs).order_by("slug"))
    lab_slugs = [f"bench-lab-{n}" for n in range(labs)]
    for slug in _missing(JointLab, lab_slugs):
        n = int(slug.rsplit("-", 1)[1])
        rng = random.Random(f"lab-{n}")
        code = list(AREAS)[n % len(AREAS)]
        lab = JointLab.objects.create(
            name=f"Joint Laboratory for {AREAS[code][0][0][0].title()} {n + 1}",
            slug=slug,
            centre=centres[n % len(centres)],
            status=LabStatus.CLOSED if n % 17 == 0 else LabStatus.ACTIVE,
            established=datetime.date(FIRST_YEAR + n % 9, 1 + n % 12, 1),
            description="A joint laboratory created by the benchmark data generator.",
        )
        lab.research_areas.set([area for area in areas if area.code == code])
        partners = rng.sample(institution_ids, 3)
        LabPartner.objects.bulk_create(
            LabPartner(lab=lab, institution_id=pk, role=role)
            for pk, role in zip(partners, ("host", "partner", "partner"), strict=True)
        )
        LabOutput.objects.bulk_create(
            LabOutput(
                lab=lab,
                kind=rng.choice(LabOutput.Kind.values),
                title=f"Output {k + 1} of the joint laboratory {n + 1}",
                year=rng.randint(FIRST_YEAR, LAST_YEAR),
            )
            for k in range(rng.randint(2, 8))
        )


def ensure_calls() -> list[tuple[CollectionCall, list[Criterion]]]:
    """One published collection call per year, with the pool's five criteria."""
    areas = list(GreenArea.objects.all())
    calls = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        opens = datetime.datetime(year, 1, 15, tzinfo=datetime.UTC)
        call, created = CollectionCall.objects.get_or_create(
            slug=f"bench-call-{year}",
            defaults={
                "title": f"Benchmark technology collection {year}",
                "organisers": "Benchmark organisers",
                "opens_on": opens,
                "closes_on": opens + datetime.timedelta(days=300),
                "is_published": True,
            },
        )
        if created:
            call.green_areas.set(areas)
            Criterion.objects.bulk_create(
                Criterion(call=call, name=name, name_zh=name_zh, weight=Decimal(1), position=k)
                for k, (name, name_zh) in enumerate(CRITERIA)
            )
        calls.append((call, list(call.criteria.order_by("position"))))
    return calls


def ensure_experts(count: int) -> list[int]:
    emails = [f"bench-expert-{n}@example.org" for n in range(count)]
    password = make_password(None)
    missing = set(_missing(User, emails, field="email"))
    User.objects.bulk_create(
        User(email=email, first_name="Expert", last_name=str(n), password=password)
        for n, email in enumerate(emails)
        if email in missing
    )
    ids = dict(User.objects.filter(email__in=emails).values_list("email", "id"))
    return [ids[email] for email in emails]


def ensure_staff() -> User:
    user = User.objects.filter(email="bench-staff@example.org").first()
    if user is None:
        user = User.objects.create_user(
            "bench-staff@example.org", is_staff=True, is_superuser=True, first_name="Bench"
        )
    return user


def ensure_needs(count: int, institution_ids: list[int]) -> list[int]:
    areas = list(GreenArea.objects.order_by("position"))
    slugs = [f"bench-need-{n}" for n in range(count)]
    missing = set(_missing(TechnologyNeed, slugs))
    new = []
    for n, slug in enumerate(slugs):
        if slug not in missing:
            continue
        area = areas[n % len(areas)]
        techniques, applications = AREAS[area.code]
        new.append(
            TechnologyNeed(
                title=f"{techniques[n % len(techniques)][0].capitalize()} for "
                f"{applications[n % len(applications)][0]} wanted",
                slug=slug,
                country=COUNTRIES[(n * 7) % len(COUNTRIES)],
                institution_id=institution_ids[(n * 13) % len(institution_ids)],
                green_area=area,
                description="A need created by the benchmark data generator.",
                stated_on=datetime.date(FIRST_YEAR + n % 10, 1 + n % 12, 1),
            )
        )
    TechnologyNeed.objects.bulk_create(new)
    ids = dict(TechnologyNeed.objects.filter(slug__in=slugs).values_list("slug", "id"))
    return [ids[slug] for slug in slugs]
