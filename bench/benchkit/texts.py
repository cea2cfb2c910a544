"""The texts of one benchmark technology, drawn from the vocabulary.

`technology_texts(number, area_code)` depends only on its arguments (a random generator seeded
with the number), so the data is the same on every run and a second run can add the missing
entries without changing the existing ones.
"""

import random
from dataclasses import dataclass

from .vocabulary import (
    AREAS,
    BRAND_SYLLABLES,
    CONDITION_SENTENCES,
    COUNTRIES,
    GENERIC_SENTENCES,
    KPI_SENTENCES,
    PRINCIPLE_SENTENCES,
    QUALIFIERS,
    RARE_SENTENCE,
    RARE_WORDS,
    WATER_SENTENCES,
)

WATER_SHARE = 0.8  # entries with a "water" sentence (the area's own words add a few more)
CHINESE_NAME_SHARE = 0.6
RARE_SHARE = 0.00036  # each rare word: ~36 entries per 100,000


@dataclass(frozen=True)
class TechnologyTexts:
    name: str
    name_zh: str
    summary: str
    technical_principle: str
    key_performance_indicators: str
    applicable_conditions: str
    other_environmental_benefits: str
    ip_details: str


def _numbers(rng: random.Random) -> dict:
    cap = rng.randint(1, 400)
    tmin = rng.choice([-30, -20, -10, 0, 5])
    return {
        "pct": rng.randint(10, 95),
        "years": rng.randint(2, 25),
        "avail": rng.randint(90, 99),
        "days": rng.randint(2, 30),
        "kwh": rng.randint(1, 300),
        "country": rng.choice(COUNTRIES),
        "crew": rng.randint(2, 12),
        "co2": rng.randint(50, 90000),
        "secs": rng.choice([5, 10, 30, 60]),
        "cap": cap,
        "cap2": cap * rng.randint(2, 20),
        "payback": rng.randint(1, 12),
        "tmin": tmin,
        "tmax": tmin + rng.randint(30, 70),
        "alt": rng.choice([1500, 2500, 3500, 4500]),
        "area": rng.randint(20, 5000),
    }


def _brand(rng: random.Random) -> str:
    return "".join(rng.sample(BRAND_SYLLABLES, 2)).capitalize() + f" {rng.randint(1, 9)}"


def _pick(rng, sentences, count, values, **extra) -> str:
    return " ".join(sentence.format(**values, **extra) for sentence in rng.sample(sentences, count))


def technology_texts(number: int, area_code: str) -> TechnologyTexts:
    rng = random.Random(number)
    techniques, applications = AREAS[area_code]
    technique, technique_zh = rng.choice(techniques)
    application, application_zh = rng.choice(applications)
    qualifier, qualifier_zh = rng.choice(QUALIFIERS)
    values = _numbers(rng)

    name = f"{qualifier} {technique} for {application}"
    if rng.random() < 0.5:
        name = f"{_brand(rng)}: {name}"
    name_zh = ""
    if rng.random() < CHINESE_NAME_SHARE:
        name_zh = f"{application_zh}{qualifier_zh}{technique_zh}技术"

    summary = [
        f"{'An' if qualifier[0] in 'AEIOU' else 'A'} {qualifier.lower()} {technique} designed "
        f"for {application}.",
        _pick(rng, GENERIC_SENTENCES, 2, values),
    ]
    if rng.random() < WATER_SHARE:
        summary.append(_pick(rng, WATER_SENTENCES, rng.randint(1, 2), values))
    principle = _pick(rng, PRINCIPLE_SENTENCES, 3, values, technique=technique)
    if rng.random() < RARE_SHARE * len(RARE_WORDS):
        word, word_zh = rng.choice(RARE_WORDS)
        principle += " " + RARE_SENTENCE.format(word=word)
        name_zh = f"{application_zh}{word_zh}{technique_zh}技术"
    return TechnologyTexts(
        name=name,
        name_zh=name_zh,
        summary=" ".join(summary),
        technical_principle=principle + " " + _pick(rng, GENERIC_SENTENCES, 2, values),
        key_performance_indicators=_pick(rng, KPI_SENTENCES, 3, values),
        applicable_conditions=_pick(rng, CONDITION_SENTENCES, 2, values),
        other_environmental_benefits=f"Avoids about {values['co2']} t CO2e per year.",
        ip_details=f"Patent family {rng.randint(1000, 9999)}, licensed non-exclusively.",
    )
