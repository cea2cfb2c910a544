import datetime

import factory

from tests.factories import InstitutionFactory
from training.models import (
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Attendance,
    Certificate,
    Cohort,
    CohortStatus,
    Module,
    Programme,
)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"International Training Course on Green Technology {n}")
    slug = factory.Sequence(lambda n: f"green-technology-course-{n}")
    organiser = factory.SubFactory(InstitutionFactory)
    summary = "Two weeks of lectures, field visits and case exchanges."

    @factory.post_generation
    def green_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.green_areas.set(extracted)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Shanghai session {n}")
    slug = factory.Sequence(lambda n: f"shanghai-session-{n}")
    city = "Shanghai"
    country = "CN"
    venue = "Tongji University"
    starts_on = datetime.date(2025, 10, 13)
    ends_on = datetime.date(2025, 10, 24)
    capacity = 30
    status = CohortStatus.OPEN


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    cohort = factory.SubFactory(CohortFactory)
    day = factory.SelfAttribute("cohort.starts_on")
    starts_at = datetime.time(9, 0)
    ends_at = datetime.time(10, 30)
    kind = Module.Kind.LECTURE
    title = factory.Sequence(lambda n: f"Low-carbon water treatment, part {n}")
    speaker = "Prof. Li Wei"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    cohort = factory.SubFactory(CohortFactory)
    first_name = "Amina"
    last_name = factory.Sequence(lambda n: f"Diallo {n}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    country = "SN"
    institution_name = "Université Cheikh Anta Diop"
    position = "Research engineer"
    field_of_work = "Wastewater treatment"
    motivation = "To bring membrane filtration to our municipal plants."
    consent_to_data_use = True
    status = ApplicationStatus.PENDING_CONFIRMATION


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.CONFIRMED)
    day = factory.SelfAttribute("application.cohort.starts_on")
    present = True


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.ATTENDED)


class ApplicationTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationTransition

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.CONFIRMED)
    from_status = ApplicationStatus.PENDING_CONFIRMATION
    to_status = ApplicationStatus.CONFIRMED
    note = "Confirmed by e-mail link."
