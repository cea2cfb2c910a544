"""Sample technology needs of partner countries, and one match the network confirmed.

Everything here is invented (each description says "sample"); the needs are in the green areas
of the demo's pool technologies so their pages show matches. Idempotent like the rest of the
demo: rows are found by their slug (or pair) and created only when missing.
"""

from datetime import date

from django.db import transaction

from centres.models import Institution
from greentech.core.models import GreenArea
from greentech.core.taxonomy import ensure_green_areas
from technologies.models import NeedMatch, NeedMatchStatus, Technology, TechnologyNeed

SAMPLE_NEEDS = [
    {
        "slug": "sample-need-thailand-pet-packaging-recycling",
        "title": "Chemical recycling of PET bottles and plastic packaging waste",
        "title_zh": "PET 瓶与塑料包装废弃物的化学回收",
        "country": "TH",
        "institution": "pttgc",
        "green_area": "solid-waste-and-recycling",
        "stated_on": date(2024, 11, 5),
        "description": (
            "Mechanical recycling cannot take coloured and mixed PET waste. We look for a process "
            "that turns waste PET back into monomers for new plastics, at the scale of a "
            "petrochemical site. (sample)"
        ),
    },
    {
        "slug": "sample-need-pakistan-sulphur-dioxide-tail-gas",
        "title": "Capturing sulphur dioxide from industrial tail gas",
        "title_zh": "工业尾气中二氧化硫的回收",
        "country": "PK",
        "institution": "ecosf",
        "green_area": "air-pollution-control",
        "stated_on": date(2024, 9, 18),
        "description": (
            "Smelters and chemical plants emit sulphur dioxide with their tail gas. Partners ask "
            "for capture technology that turns the sulphur into useful products rather than "
            "waste. (sample)"
        ),
    },
    {
        "slug": "sample-need-mongolia-low-grade-copper-ore",
        "title": "Recovering copper from low-grade ore without smelting",
        "title_zh": "不经冶炼从低品位矿石中回收铜",
        "country": "MN",
        "institution": "",
        "green_area": "green-mining-and-metallurgy",
        "stated_on": date(2025, 3, 12),
        "description": (
            "Large heaps of low-grade copper ore are left as waste at mines. A leaching process "
            "with a low energy demand would recover the copper. (sample)"
        ),
    },
    {
        "slug": "sample-need-kenya-artemisinin-extraction",
        "title": "Local extraction of artemisinin from Artemisia annua",
        "title_zh": "就地从青蒿中提取青蒿素",
        "country": "KE",
        "institution": "",
        "green_area": "bio-based-materials-and-biofuels",
        "stated_on": date(2025, 5, 20),
        "description": (
            "Farmers grow Artemisia annua but the leaves are exported for extraction. An "
            "extraction process with less solvent and energy would keep the value in the "
            "country. (sample)"
        ),
    },
    {
        "slug": "sample-need-myanmar-urban-plastic-waste",
        "title": "Turning urban plastic waste into raw materials",
        "title_zh": "将城市塑料垃圾转化为原料",
        "country": "MM",
        "institution": "",
        "green_area": "solid-waste-and-recycling",
        "stated_on": date(2025, 7, 2),
        "description": (
            "Cities collect more plastic waste than they can recycle. We need technology to "
            "degrade waste plastics such as PE and PET into materials for industry. (sample)"
        ),
    },
]

CONFIRMED_MATCH = {
    "need": "sample-need-thailand-pet-packaging-recycling",
    "technology": "ionic-liquid-degradation-of-waste-pet",
    "note": (
        "Ionic-liquid glycolysis turns waste PET into monomers; discussed with the partner "
        "(sample)."
    ),
}


@transaction.atomic
def load_demo_needs() -> int:
    """Add the sample needs and the confirmed match that are missing; returns how many rows
    were created (0 on a second run)."""
    created = ensure_green_areas(GreenArea)
    areas = {area.code: area for area in GreenArea.objects.all()}
    institutions = {
        institution.slug: institution
        for institution in Institution.objects.filter(
            slug__in={spec["institution"] for spec in SAMPLE_NEEDS if spec["institution"]}
        )
    }
    needs = {}
    for spec in SAMPLE_NEEDS:
        needs[spec["slug"]], was_created = TechnologyNeed.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "title_zh": spec["title_zh"],
                "country": spec["country"],
                "institution": institutions.get(spec["institution"]),
                "green_area": areas[spec["green_area"]],
                "stated_on": spec["stated_on"],
                "description": spec["description"],
                "is_published": True,
            },
        )
        created += int(was_created)
    technology = Technology.objects.filter(slug=CONFIRMED_MATCH["technology"]).first()
    if technology is not None:
        _match, was_created = NeedMatch.objects.get_or_create(
            need=needs[CONFIRMED_MATCH["need"]],
            technology=technology,
            defaults={"status": NeedMatchStatus.CONFIRMED, "note": CONFIRMED_MATCH["note"]},
        )
        created += int(was_created)
    return created
