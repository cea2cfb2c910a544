"""Loads the demo data. Idempotent: every object is found by its natural key (slug, e-mail) and
created only when missing, so a second run, or a run on a database with other data, adds only
what is missing and never overwrites what curators changed."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from centres.models import Alliance, AllianceMembership, Centre, Institution
from forums.models import ForumEvent, ForumEventStatus, Registration, RegistrationStatus
from greentech.accounts.models import (
    ExpertProfile,
    InstitutionMembership,
    MembershipStatus,
    Role,
    User,
)
from greentech.accounts.roles import sync_role_groups
from greentech.core.models import GreenArea
from greentech.core.taxonomy import ensure_green_areas
from labs.models import JointLab, LabPartner
from technologies.models import (
    CollectionCall,
    Criterion,
    ImpactIndicator,
    Technology,
    TechnologyStatus,
    TransferCase,
)
from training.models import (
    Application,
    ApplicationStatus,
    Cohort,
    CohortStatus,
    Module,
    Programme,
)

from . import data
from .needs import load_demo_needs
from .upcoming import load_upcoming_cohort, load_upcoming_forum

# The demo's sample accounts have this published password; load_demo refuses DEBUG off.
SAMPLE_PASSWORD = "greentech-demo"  # nosec B105
SAMPLE_PARTNER_EMAIL = "partner@pttgc.example"
SAMPLE_EXPERT_EMAILS = ("expert1@greentech.example", "expert2@greentech.example")


def demo_is_loaded() -> bool:
    """Whether `load_demo` ran on this database (its sample accounts are there)."""
    return User.objects.filter(email__in=[SAMPLE_PARTNER_EMAIL, *SAMPLE_EXPERT_EMAILS]).exists()


class Counter:
    def __init__(self):
        self.created = 0

    def __call__(self, result):
        obj, created = result
        self.created += int(created)
        return obj


def _areas(codes):
    return list(GreenArea.objects.filter(code__in=codes))


def _aware(day: date, hour: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def load_demo() -> int:
    """Load everything; returns how many objects were created."""
    made = Counter()
    made.created += ensure_green_areas(GreenArea)
    sync_role_groups()
    institutions = load_institutions(made)
    cegt = load_centres(made, institutions)
    load_alliances(made, institutions)
    load_labs(made, institutions, cegt)
    load_pool(made, institutions)
    load_forum(made, institutions)
    load_training(made, institutions)
    load_sample_people(made, institutions)
    made.created += load_demo_needs()
    return made.created


def load_institutions(made) -> dict[str, Institution]:
    result = {}
    for slug, name, short, kind, country, city, website, name_zh in data.INSTITUTIONS:
        result[slug] = made(
            Institution.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "short_name": short,
                    "kind": kind,
                    "country": country,
                    "city": city,
                    "website": website,
                    "name_zh": name_zh,
                },
            )
        )
    return result


def _centre(made, spec, institutions, parent=None) -> Centre:
    centre = made(
        Centre.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "name_zh": spec["name_zh"],
                "short_name": spec["short_name"],
                "host_institution": institutions[spec["host"]],
                "established": spec["established"],
                "mission": spec["mission"],
                "mission_zh": spec.get("mission_zh", ""),
                "parent": parent,
            },
        )
    )
    if not centre.focus_areas.exists():
        centre.focus_areas.set(_areas(spec["focus_areas"]))
    return centre


def load_centres(made, institutions) -> Centre:
    cegt = _centre(made, data.CEGT, institutions)
    _centre(made, data.BTBU_ECOSF_CENTRE, institutions)
    return cegt


def load_alliances(made, institutions):
    igta = made(
        Alliance.objects.get_or_create(
            slug="international-green-technology-association",
            defaults={
                "name": "International Green Technology Association",
                "short_name": "IGTA",
                "founded": date(2018, 7, 22),
                "description": (
                    "Launched at the 7th CAS-TWAS Symposium on Green Technology (GT2018)."
                ),
            },
        )
    )
    made(
        AllianceMembership.objects.get_or_create(
            alliance=igta,
            institution=institutions["ipe-cas"],
            defaults={"role": AllianceMembership.Role.FOUNDING_MEMBER},
        )
    )
    low_carbon = made(
        Alliance.objects.get_or_create(
            slug="belt-and-road-low-carbon-alliance",
            defaults={
                "name": "Belt and Road Low-Carbon Technology Innovation Cooperation Alliance",
                "short_name": "BRLC Alliance",
                "description": (
                    "Runs the International Training Program on Green and Low-Carbon Technologies."
                ),
            },
        )
    )
    made(
        AllianceMembership.objects.get_or_create(
            alliance=low_carbon, institution=institutions["tongji"]
        )
    )


def load_labs(made, institutions, cegt):
    for slug, name, countries, areas, partners in data.JOINT_LABS:
        lab = made(
            JointLab.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "centre": cegt, "partner_countries": countries},
            )
        )
        if not lab.research_areas.exists():
            lab.research_areas.set(_areas(areas))
        for institution_slug, role in partners:
            made(
                LabPartner.objects.get_or_create(
                    lab=lab, institution=institutions[institution_slug], defaults={"role": role}
                )
            )


def _call(made, *, slug, title, opens_on, closes_on, areas, description, organisers):
    call = made(
        CollectionCall.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "organisers": organisers,
                "description": description,
                "opens_on": opens_on,
                "closes_on": closes_on,
                "is_published": True,
            },
        )
    )
    if not call.green_areas.exists():
        call.green_areas.set(_areas(areas))
    for position, (name, name_zh) in enumerate(data.POOL_CRITERIA, start=1):
        made(
            Criterion.objects.get_or_create(
                call=call,
                name=name,
                defaults={"name_zh": name_zh, "weight": Decimal(1), "position": position},
            )
        )
    return call


def load_pool(made, institutions):
    call_2020 = _call(
        made,
        slug="green-belt-and-road-technology-pool-2020",
        title="Technology Collection for the Green Belt and Road Technology Pool 2020",
        opens_on=_aware(date(2020, 6, 1)),
        closes_on=_aware(date(2020, 9, 30)),
        areas=data.GREEN_AREAS_2020_CALL,
        organisers="FECO and CAEPI",
        description=(
            "Collection of advanced and practicable environmental technologies for the Green "
            "Belt and Road technology pool, reviewed by experts against five criteria."
        ),
    )
    showcase_areas = [area for _s, _n, area, _t, _d in data.TECHNOLOGIES]
    showcase = _call(
        made,
        slug="cegt-technology-showcase",
        title="CEGT transferred technologies (sample call)",
        opens_on=_aware(date(2019, 1, 1)),
        closes_on=_aware(date(2019, 12, 31)),
        areas=showcase_areas,
        organisers="CEGT",
        description="Technologies of the centre already transferred abroad (sample call).",
    )
    today = timezone.localdate()
    _call(
        made,
        slug="green-belt-and-road-technology-pool-open-sample",
        title="Green Belt and Road Technology Pool: open collection (sample call)",
        opens_on=_aware(today - timedelta(days=30)),
        closes_on=_aware(today + timedelta(days=180)),
        areas=data.GREEN_AREAS_2020_CALL,
        organisers="FECO and CAEPI",
        description="An open call for the demo: partners may declare technologies to it.",
    )
    technologies = {}
    for slug, name, area, trl, summary in data.TECHNOLOGIES:
        call = call_2020 if area in data.GREEN_AREAS_2020_CALL else showcase
        technologies[slug] = made(
            Technology.objects.get_or_create(
                slug=slug,
                defaults={
                    "call": call,
                    "provider": institutions["ipe-cas"],
                    "name": name,
                    "green_area": GreenArea.objects.get(code=area),
                    "summary": summary,
                    "trl": trl,
                    "status": TechnologyStatus.ACCEPTED,
                    "published_at": call.closes_on,
                    "decided_at": call.closes_on,
                },
            )
        )
    for spec in data.TRANSFER_CASES:
        case = made(
            TransferCase.objects.get_or_create(
                slug=spec["slug"],
                defaults={
                    "title": spec["title"],
                    "country": spec["country"],
                    "partner": institutions.get(spec["partner"]),
                    "technology": technologies[spec["technology"]],
                    "year": spec.get("year"),
                    "description": spec["description"],
                },
            )
        )
        for position, (name, value, unit) in enumerate(spec["indicators"], start=1):
            made(
                ImpactIndicator.objects.get_or_create(
                    transfer_case=case,
                    name=name,
                    defaults={"value": Decimal(value), "unit": unit, "position": position},
                )
            )


def load_forum(made, institutions):
    spec = dict(data.GT2018)
    slug = spec.pop("slug")
    event = made(
        ForumEvent.objects.get_or_create(
            slug=slug,
            defaults={**spec, "capacity": 300, "status": ForumEventStatus.CLOSED},
        )
    )
    if not event.organisers.exists():
        event.organisers.set([institutions["ipe-cas"], institutions["twas"]])
    load_upcoming_forum(made, [institutions["ipe-cas"]])
    for number, country in enumerate(data.GT2018_DELEGATE_COUNTRIES, start=1):
        made(
            Registration.objects.get_or_create(
                event=event,
                email=f"gt2018-delegate-{number}@example.org",
                defaults={
                    "first_name": "Delegate",
                    "last_name": f"{number} (sample)",
                    "country": country,
                    "registration_type": "delegate",
                    "status": RegistrationStatus.ATTENDED,
                },
            )
        )


def load_training(made, institutions):
    spec = data.TRAINING_PROGRAMME
    programme = made(
        Programme.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "title_zh": spec["title_zh"],
                "summary": spec["summary"],
                "summary_zh": spec.get("summary_zh", ""),
                "alliance": Alliance.objects.get(slug="belt-and-road-low-carbon-alliance"),
            },
        )
    )
    load_upcoming_cohort(made, programme)
    shanghai = data.SHANGHAI_COHORT
    cohort = made(
        Cohort.objects.get_or_create(
            slug=shanghai["slug"],
            defaults={
                "programme": programme,
                "title": shanghai["title"],
                "title_zh": shanghai.get("title_zh", ""),
                "city": shanghai["city"],
                "country": "CN",
                "venue": shanghai["venue"],
                "starts_on": shanghai["starts_on"],
                # The closing date is a sample: the public record gives the opening day.
                "ends_on": shanghai["starts_on"] + timedelta(days=13),
                "capacity": shanghai["capacity"],
                "max_per_country": shanghai["max_per_country"],
                "status": CohortStatus.CLOSED,
            },
        )
    )
    made(
        Module.objects.get_or_create(
            cohort=cohort,
            title="Opening ceremony",
            defaults={"day": shanghai["starts_on"], "kind": "ceremony", "location": "Tongji"},
        )
    )
    made(
        Cohort.objects.get_or_create(
            slug="2025-chengdu-session",
            defaults={
                "programme": programme,
                "title": "Chengdu session 2025 (sample dates)",
                "city": "Chengdu",
                "country": "CN",
                "starts_on": date(2025, 9, 1),
                "ends_on": date(2025, 9, 14),
                "capacity": 20,
                "status": CohortStatus.CLOSED,
            },
        )
    )
    for number, country in enumerate(
        [c for c in data.SHANGHAI_TRAINEE_COUNTRIES for _ in range(2)], start=1
    ):
        made(
            Application.objects.get_or_create(
                cohort=cohort,
                email=f"shanghai-trainee-{number}@example.org",
                defaults={
                    "first_name": "Trainee",
                    "last_name": f"{number} (sample)",
                    "country": country,
                    "consent_to_data_use": True,
                    "status": ApplicationStatus.ATTENDED,
                },
            )
        )


def _sample_user(made, email, *, first_name, last_name, role, institution=None):
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(
            email=email,
            first_name=first_name,
            last_name=last_name,
            institution=institution,
            email_verified_at=timezone.now(),
        )
        user.set_password(SAMPLE_PASSWORD)
        user.save()
        made.created += 1
        if institution is not None and role == Role.PARTNER_SUBMITTER:
            InstitutionMembership.objects.create(
                user=user,
                institution=institution,
                status=MembershipStatus.APPROVED,
                decided_at=timezone.now(),
                note="Sample account approved when the demo was loaded.",
            )
    user.groups.add(Group.objects.get(name=role.value))
    return user


def load_sample_people(made, institutions):
    _sample_user(
        made,
        SAMPLE_PARTNER_EMAIL,
        first_name="Sample",
        last_name="Partner (PTTGC, sample)",
        role=Role.PARTNER_SUBMITTER,
        institution=institutions["pttgc"],
    )
    for number, areas in enumerate(
        [["air-pollution-control", "solid-waste-and-recycling"], ["water-pollution-control"]],
        start=1,
    ):
        expert = _sample_user(
            made,
            SAMPLE_EXPERT_EMAILS[number - 1],
            first_name="Sample",
            last_name=f"Expert {number} (sample)",
            role=Role.EXPERT_REVIEWER,
            institution=institutions["tongji"] if number == 1 else institutions["btbu"],
        )
        profile = made(
            ExpertProfile.objects.get_or_create(user=expert, defaults={"languages": "en, zh-hans"})
        )
        if not profile.green_areas.exists():
            profile.green_areas.set(_areas(areas))
