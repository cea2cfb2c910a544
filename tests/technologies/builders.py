"""Builders for the declaration workflow's tests: an open call with criteria, a complete
declaration, an expert with a profile, and moving a declaration along through the services."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from technologies import services
from technologies.models import Recommendation, TechnologyStatus
from tests.factories import (
    ExpertProfileFactory,
    GreenAreaFactory,
    InstitutionFactory,
    PartnerFactory,
    StaffCuratorFactory,
)
from tests.technologies.factories import (
    ApplicationCaseFactory,
    AttachmentFactory,
    CollectionCallFactory,
    CriterionFactory,
    TechnologyFactory,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type)


def open_call(*, criteria: int = 2, **kwargs):
    """A published call open now, for one green area, with equally weighted criteria."""
    area = kwargs.pop("area", None) or GreenAreaFactory()
    call = CollectionCallFactory(green_areas=[area], **kwargs)
    for position in range(1, criteria + 1):
        CriterionFactory(call=call, name=f"Criterion {position}", position=position)
    return call


def area_of(call):
    return call.green_areas.get()


COMPLETE_FIELDS = {
    "summary": "Low-energy treatment of rural wastewater.",
    "contact_name": "Li Wei",
    "contact_email": "li.wei@provider.example",
    "technical_principle": "Reed beds and gravel filter the water.",
    "key_performance_indicators": "COD removal above 85 %.",
    "trl": 7,
    "intellectual_property": "know_how",
    "applicable_conditions": "Villages of 500 to 5,000 people.",
    "target_countries": ["KE", "TH"],
    "investment_usd": Decimal("120000.00"),
    "operating_cost_usd_per_year": Decimal("8000.00"),
    "co2e_avoided_t_per_year": Decimal("35.00"),
}


def complete_draft(*, call=None, partner=None, **overrides):
    """A draft that passes every submission check: all fields, one case, one attachment."""
    call = call or open_call()
    partner = partner or PartnerFactory()
    technology = TechnologyFactory(
        call=call,
        provider=partner.institution,
        submitted_by=partner,
        green_area=area_of(call),
        **{**COMPLETE_FIELDS, **overrides},
    )
    ApplicationCaseFactory(technology=technology, year=2019, results="Clean water for 800.")
    AttachmentFactory(technology=technology)
    return technology


def expert(*, area=None, institution=None, **kwargs):
    """An active expert reviewer with a profile covering `area`."""
    profile = ExpertProfileFactory(
        green_areas=[area] if area else [],
        user__institution=institution or InstitutionFactory(),
        **kwargs,
    )
    return profile.user


def submitted(technology=None, **kwargs):
    technology = technology or complete_draft(**kwargs)
    return services.technology_submit(technology=technology, by=technology.submitted_by)


def under_review(technology=None, *, curator=None, **kwargs):
    technology = submitted(technology, **kwargs)
    return services.technology_screen_accept(
        technology=technology, by=curator or StaffCuratorFactory()
    )


def assigned(technology, *, curator=None, expert_user=None, due_in_days: int = 14):
    return services.assignment_create(
        technology=technology,
        expert=expert_user or expert(area=technology.green_area),
        due_on=timezone.localdate() + dt.timedelta(days=due_in_days),
        by=curator or StaffCuratorFactory(),
    )


def reviewed(assignment, *, score=Decimal(4), recommendation=Recommendation.ACCEPT, scores=None):
    criteria = assignment.technology.call.criteria.all()
    return services.review_submit(
        assignment=assignment,
        scores=scores or {c.pk: (score, f"On {c.name}") for c in criteria},
        recommendation=recommendation,
        comment="Overall sound.",
        by=assignment.expert,
    )


def in_status(status: str, **kwargs):
    """A declaration brought to `status` through the services."""
    S = TechnologyStatus
    curator = StaffCuratorFactory()
    technology = complete_draft(**kwargs)
    if status == S.DRAFT:
        return technology
    technology = submitted(technology)
    paths = {
        S.SUBMITTED: [],
        S.SCREENING: [lambda t: services.technology_start_screening(technology=t, by=curator)],
        S.UNDER_REVIEW: [lambda t: services.technology_screen_accept(technology=t, by=curator)],
        S.WITHDRAWN: [lambda t: services.technology_withdraw(technology=t, by=t.submitted_by)],
    }
    review_then = {
        S.ACCEPTED: "accept",
        S.REJECTED: "reject",
        S.REVISION_REQUESTED: "revise",
        S.ARCHIVED: "accept",
    }
    for step in paths.get(status, []):
        technology = step(technology)
    if status in review_then:
        technology = services.technology_screen_accept(technology=technology, by=curator)
        reviewed(assigned(technology, curator=curator))
        technology = services.technology_decide(
            technology=technology,
            outcome=review_then[status],
            feedback="Feedback for the submitter.",
            by=curator,
        )
        if status == S.ARCHIVED:
            technology = services.technology_archive(technology=technology, by=curator)
    technology.refresh_from_db()
    assert technology.status == status
    return technology
