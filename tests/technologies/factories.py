import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from technologies.models import (
    ApplicationCase,
    AssignmentStatus,
    Attachment,
    CollectionCall,
    Criterion,
    ImpactIndicator,
    NeedMatch,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewScore,
    Technology,
    TechnologyNeed,
    TechnologyStatus,
    TechnologyTransition,
    TransferCase,
)
from tests.factories import (
    ExpertFactory,
    GreenAreaFactory,
    InstitutionFactory,
    PartnerFactory,
    StaffCuratorFactory,
)


class CollectionCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectionCall
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Technology Collection {n}")
    slug = factory.Sequence(lambda n: f"technology-collection-{n}")
    organisers = "FECO and CAEPI"
    opens_on = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    closes_on = factory.LazyAttribute(lambda o: o.opens_on + dt.timedelta(days=60))
    is_published = True

    @factory.post_generation
    def green_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.green_areas.set(extracted)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CollectionCallFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = Decimal("1.00")
    position = factory.Sequence(lambda n: n)


class TechnologyFactory(factory.django.DjangoModelFactory):
    """A draft declaration."""

    class Meta:
        model = Technology

    call = factory.SubFactory(CollectionCallFactory)
    provider = factory.SubFactory(InstitutionFactory)
    submitted_by = factory.SubFactory(
        PartnerFactory, institution=factory.SelfAttribute("..provider")
    )
    name = factory.Sequence(lambda n: f"Constructed wetland {n}")
    slug = factory.Sequence(lambda n: f"constructed-wetland-{n}")
    green_area = factory.SubFactory(GreenAreaFactory)
    summary = "Low-energy treatment of rural wastewater."
    trl = 7
    target_countries = ["KE", "TH"]
    contact_name = "Li Wei"
    contact_email = factory.Sequence(lambda n: f"contact{n}@provider.example")
    contact_phone = "+86 10 0000 0000"
    status = TechnologyStatus.DRAFT


class PublishedTechnologyFactory(TechnologyFactory):
    status = TechnologyStatus.ACCEPTED
    submitted_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=20))
    decided_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2))
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))


class ApplicationCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationCase

    technology = factory.SubFactory(TechnologyFactory)
    place = factory.Sequence(lambda n: f"Village {n}")
    country = "KE"
    year = 2019
    scale = "500 m3/day"


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    technology = factory.SubFactory(TechnologyFactory)
    file = factory.django.FileField(filename="brochure.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_name = "brochure.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: o.file.size)


class TechnologyTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechnologyTransition

    technology = factory.SubFactory(TechnologyFactory, status=TechnologyStatus.SUBMITTED)
    from_status = TechnologyStatus.DRAFT
    to_status = TechnologyStatus.SUBMITTED
    by = factory.SelfAttribute("technology.submitted_by")


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment

    technology = factory.SubFactory(TechnologyFactory, status=TechnologyStatus.UNDER_REVIEW)
    expert = factory.SubFactory(ExpertFactory)
    assigned_by = factory.SubFactory(StaffCuratorFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    status = AssignmentStatus.ASSIGNED


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    assignment = factory.SubFactory(ReviewAssignmentFactory, status=AssignmentStatus.SUBMITTED)
    recommendation = Recommendation.ACCEPT
    comment = "Mature and affordable."
    submitted_at = factory.LazyFunction(timezone.now)


class ReviewScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewScore

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(
        CriterionFactory, call=factory.SelfAttribute("..review.assignment.technology.call")
    )
    score = Decimal("4.00")


class TransferCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransferCase

    technology = factory.SubFactory(PublishedTechnologyFactory)
    title = factory.Sequence(lambda n: f"Wetland for a village in Kenya {n}")
    slug = factory.Sequence(lambda n: f"transfer-case-{n}")
    country = "KE"
    partner = factory.SubFactory(InstitutionFactory, country="KE")
    year = 2021


class ImpactIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImpactIndicator

    transfer_case = factory.SubFactory(TransferCaseFactory)
    name = "Wastewater treated"
    value = Decimal("1200.00")
    unit = "m3/day"


class TechnologyNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechnologyNeed

    title = factory.Sequence(lambda n: f"Solar desalination for coastal villages {n}")
    slug = factory.Sequence(lambda n: f"technology-need-{n}")
    country = "PK"
    institution = factory.SubFactory(InstitutionFactory, country="PK")
    green_area = factory.SubFactory(GreenAreaFactory)
    stated_on = factory.LazyFunction(timezone.localdate)
    is_published = True


class NeedMatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedMatch

    need = factory.SubFactory(TechnologyNeedFactory)
    technology = factory.SubFactory(PublishedTechnologyFactory)
    status = "confirmed"
