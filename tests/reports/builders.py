"""Small worlds with known answers, one per report kind. Each docstring states what the report
must find in it; the tests check exactly those figures."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from forums.models import RegistrationStatus
from labs.models import LabOutput, LabStatus
from technologies.models import TechnologyStatus
from tests.factories import CentreFactory, GreenAreaFactory, InstitutionFactory
from tests.forums.factories import ForumEventFactory, RegistrationFactory
from tests.labs.factories import JointLabFactory, LabOutputFactory, LabPartnerFactory
from tests.technologies.factories import (
    CollectionCallFactory,
    ImpactIndicatorFactory,
    TechnologyFactory,
    TechnologyNeedFactory,
    TransferCaseFactory,
)
from tests.training.factories import ApplicationFactory, CertificateFactory, CohortFactory
from training.models import ApplicationStatus

T = TechnologyStatus
A = ApplicationStatus
R = RegistrationStatus


def at(day: str) -> datetime.datetime:
    """Noon UTC of an ISO day (clear of any day boundary)."""
    return datetime.datetime.fromisoformat(day).replace(hour=12, tzinfo=datetime.UTC)


@dataclass
class PoolWorld:
    kenyan: object
    thai: object
    water: object
    energy: object


def pool_world() -> PoolWorld:
    """The technology pool in 2024 (period 2024-01-01 to 2024-12-31).

    Kenyan provider (water): "Membrane bioreactor" submitted 1 Feb, accepted 2 Mar 2024 (30
    days); "Sand filter" submitted 1 Apr, rejected 11 Apr (10 days); "Anaerobic reactor"
    submitted 1 Nov 2023, accepted 11 Jan 2024 (71 days); "Wetland" submitted 1 Dec 2024,
    accepted 5 Jan 2025 (outside). Thai provider (energy): "Solar dryer" submitted 1 May,
    accepted 21 May (20 days) and archived since; "Heat pump" submitted 1 Jun, under review;
    "Wind pump" submitted 20 Dec, waiting for screening. A draft counts nowhere.

    Totals: submitted 6, decided 4, accepted 3, rejected 1, rate 75.0, published 3;
    turnaround 10, 20, 30, 71 days: median 25.0, mean 32.8.
    """
    water = GreenAreaFactory(code="water-test", name="Water test", position=1)
    energy = GreenAreaFactory(code="energy-test", name="Energy test", position=2)
    kenyan = InstitutionFactory(name="Kenyan Water Institute", country="KE")
    thai = InstitutionFactory(name="Thai Energy Institute", country="TH")
    call = CollectionCallFactory()

    def technology(name, provider, area, trl, status, submitted=None, decided=None):
        published = decided if status in (T.ACCEPTED, T.ARCHIVED) else None
        return TechnologyFactory(
            call=call,
            provider=provider,
            green_area=area,
            name=name,
            trl=trl,
            status=status,
            submitted_at=at(submitted) if submitted else None,
            decided_at=at(decided) if decided else None,
            published_at=at(published) if published else None,
            valid_until=datetime.date(2025, 3, 2) if published else None,
        )

    technology("Membrane bioreactor", kenyan, water, 7, T.ACCEPTED, "2024-02-01", "2024-03-02")
    technology("Sand filter", kenyan, water, 5, T.REJECTED, "2024-04-01", "2024-04-11")
    technology("Anaerobic reactor", kenyan, water, 8, T.ACCEPTED, "2023-11-01", "2024-01-11")
    technology("Wetland", kenyan, water, 9, T.ACCEPTED, "2024-12-01", "2025-01-05")
    technology("Solar dryer", thai, energy, 7, T.ARCHIVED, "2024-05-01", "2024-05-21")
    technology("Heat pump", thai, energy, None, T.UNDER_REVIEW, "2024-06-01")
    technology("Wind pump", thai, energy, 6, T.SUBMITTED, "2024-12-20")
    technology("Unfinished draft", kenyan, water, 4, T.DRAFT)
    return PoolWorld(kenyan=kenyan, thai=thai, water=water, energy=energy)


def annual_world():
    """The network in 2024.

    Centres: "Alpha Centre" (2015) and "Gamma Centre" (no date) count; "Beta Centre" (2025)
    does not. Labs in operation: "Lab One" (active since 2018, KE) and "Lab Five" (closed in
    March 2024); not "Lab Two" (closed 2023), "Lab Three" (planned), "Lab Four" (2025).
    Outputs of 2024: Lab One 2 publications and 1 patent, Lab Five 1 data set (a 2023 output
    does not count). Transfer cases of 2024: one to Kenya with two indicators, one to
    Thailand; a 2023 case does not count.
    Trainees of 2024: 3 people (Senegal 2 -- one of them in two cohorts --, Ghana 1); 2023: 1.
    Forum participants of 2024: Ghana 2, Kenya 1; 2022: 1.
    """
    alpha = CentreFactory(name="Alpha Centre", established=datetime.date(2015, 1, 1))
    CentreFactory(name="Beta Centre", established=datetime.date(2025, 1, 1))
    CentreFactory(name="Gamma Centre", established=None)
    one = JointLabFactory(name="Lab One", centre=alpha, established=datetime.date(2018, 5, 1))
    LabPartnerFactory(lab=one, institution=InstitutionFactory(name="Nairobi Uni", country="KE"))
    JointLabFactory(
        name="Lab Two",
        centre=alpha,
        status=LabStatus.CLOSED,
        established=datetime.date(2016, 1, 1),
        closed_on=datetime.date(2023, 6, 1),
    )
    JointLabFactory(name="Lab Three", centre=alpha, status=LabStatus.PLANNED, established=None)
    JointLabFactory(name="Lab Four", centre=alpha, established=datetime.date(2025, 2, 1))
    five = JointLabFactory(
        name="Lab Five",
        centre=alpha,
        status=LabStatus.CLOSED,
        established=datetime.date(2019, 1, 1),
        closed_on=datetime.date(2024, 3, 1),
        partner_countries=["TH"],
    )
    K = LabOutput.Kind
    LabOutputFactory(lab=one, kind=K.PUBLICATION, year=2024, title="Paper A")
    LabOutputFactory(lab=one, kind=K.PUBLICATION, year=2024, title="Paper B")
    LabOutputFactory(lab=one, kind=K.PATENT, year=2024, title="Patent C")
    LabOutputFactory(lab=one, kind=K.PUBLICATION, year=2023, title="Old paper")
    LabOutputFactory(lab=five, kind=K.DATASET, year=2024, title="Data D")

    kenya_case = TransferCaseFactory(title="Wetland in Kisumu", country="KE", year=2024)
    ImpactIndicatorFactory(
        transfer_case=kenya_case,
        name="Wastewater treated",
        value=Decimal("1200.00"),
        unit="m3/day",
        position=1,
    )
    ImpactIndicatorFactory(
        transfer_case=kenya_case, name="Households served", value=Decimal(300), unit="", position=2
    )
    TransferCaseFactory(title="Solar dryer in Chiang Mai", country="TH", year=2024)
    TransferCaseFactory(title="Earlier case", country="KE", year=2023)

    first = CohortFactory(
        starts_on=datetime.date(2024, 10, 13), ends_on=datetime.date(2024, 10, 24)
    )
    second = CohortFactory(starts_on=datetime.date(2024, 5, 6), ends_on=datetime.date(2024, 5, 10))
    earlier = CohortFactory(starts_on=datetime.date(2023, 5, 8), ends_on=datetime.date(2023, 5, 12))
    ApplicationFactory(cohort=first, email="awa@example.org", country="SN", status=A.ATTENDED)
    CertificateFactory(
        application=ApplicationFactory(
            cohort=first, email="moussa@example.org", country="SN", status=A.ATTENDED
        )
    )
    ApplicationFactory(cohort=first, email="kofi@example.org", country="GH", status=A.ATTENDED)
    ApplicationFactory(cohort=first, email="ama@example.org", country="GH", status=A.CONFIRMED)
    ApplicationFactory(cohort=first, email="wanjiru@example.org", country="KE", status=A.CANCELLED)
    ApplicationFactory(cohort=second, email="AWA@example.org", country="SN", status=A.ATTENDED)
    ApplicationFactory(cohort=earlier, email="otieno@example.org", country="KE", status=A.ATTENDED)

    forum = ForumEventFactory(
        starts_on=datetime.date(2024, 11, 5), ends_on=datetime.date(2024, 11, 7)
    )
    older = ForumEventFactory(
        starts_on=datetime.date(2022, 11, 1), ends_on=datetime.date(2022, 11, 2)
    )
    RegistrationFactory(event=forum, country="GH", status=R.CONFIRMED)
    RegistrationFactory(event=forum, country="GH", status=R.ATTENDED)
    RegistrationFactory(event=forum, country="KE", status=R.ATTENDED)
    RegistrationFactory(event=forum, country="KE", status=R.CANCELLED)
    RegistrationFactory(event=forum, country="TH", status=R.PENDING_CONFIRMATION)
    RegistrationFactory(event=older, country="SN", status=R.ATTENDED)


def country_world():
    """Kenya (KE).

    Labs: "Lake Lab" (partner countries KE and TH) and "River Lab" (no partner countries, a
    Kenyan partner institution); not "Delta Lab" (Thailand only) nor "Home Lab" (its centre is
    hosted in Kenya: a Kenyan partner there adds no partner country).
    Institutions from Kenya: "Kenya Water Institute" (partner of River Lab, provider of two
    published technologies and a draft), "Kenya Energy Agency" (nothing else), and Home Lab's
    "Kenya Host University" (hosts its centre) and "Kenya Sponsor" (its partner): 4.
    Technologies provided: 2. Transferred to Kenya: 1 (with one indicator).
    Trainees from Kenya: 1 person (two cohorts); by cohort: "Nairobi session" 3 applications,
    2 accepted, 1 trainee; "Mombasa session" 1, 1, 1.
    Forum: "Kenya Forum" 3 registrations from Kenya, 2 participants, 1 attended.
    Needs stated for Kenya: 2 (one unpublished).
    """
    water_institute = InstitutionFactory(name="Kenya Water Institute", country="KE")
    InstitutionFactory(name="Kenya Energy Agency", country="KE")
    thai = InstitutionFactory(name="Thai Institute", country="TH")
    JointLabFactory(name="Lake Lab", partner_countries=["KE", "TH"])
    river = JointLabFactory(name="River Lab", partner_countries=[])
    LabPartnerFactory(lab=river, institution=water_institute)
    JointLabFactory(name="Delta Lab", partner_countries=["TH"])
    home_centre = CentreFactory(
        host_institution=InstitutionFactory(name="Kenya Host University", country="KE")
    )
    home = JointLabFactory(name="Home Lab", centre=home_centre, partner_countries=[])
    LabPartnerFactory(lab=home, institution=InstitutionFactory(name="Kenya Sponsor", country="KE"))

    area = GreenAreaFactory(code="water-country", name="Water country")
    call = CollectionCallFactory()
    for name, provider, status in [
        ("Kenyan filter", water_institute, T.ACCEPTED),
        ("Kenyan pump", water_institute, T.ACCEPTED),
        ("Kenyan draft", water_institute, T.DRAFT),
        ("Thai dryer", thai, T.ACCEPTED),
    ]:
        TechnologyFactory(
            call=call,
            provider=provider,
            green_area=area,
            name=name,
            status=status,
            published_at=at("2023-05-01") if status == T.ACCEPTED else None,
        )
    case = TransferCaseFactory(
        title="Filter for Kisumu", country="KE", year=2022, partner=water_institute
    )
    ImpactIndicatorFactory(transfer_case=case, name="People served", value=Decimal(5000), unit="")
    TransferCaseFactory(title="Dryer for Chiang Mai", country="TH", partner=thai)

    nairobi = CohortFactory(
        title="Nairobi session",
        starts_on=datetime.date(2023, 3, 1),
        ends_on=datetime.date(2023, 3, 10),
    )
    mombasa = CohortFactory(
        title="Mombasa session",
        starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 3, 10),
    )
    ApplicationFactory(cohort=nairobi, email="wanjiru@example.org", country="KE", status=A.ATTENDED)
    ApplicationFactory(cohort=nairobi, country="KE", status=A.CONFIRMED)
    ApplicationFactory(cohort=nairobi, country="KE", status=A.CANCELLED)
    ApplicationFactory(cohort=nairobi, country="GH", status=A.ATTENDED)
    ApplicationFactory(cohort=mombasa, email="Wanjiru@example.org", country="KE", status=A.ATTENDED)

    forum = ForumEventFactory(title="Kenya Forum")
    RegistrationFactory(event=forum, country="KE", status=R.CONFIRMED)
    RegistrationFactory(event=forum, country="KE", status=R.ATTENDED)
    RegistrationFactory(event=forum, country="KE", status=R.WAITLISTED, waitlist_position=1)
    RegistrationFactory(event=forum, country="GH", status=R.ATTENDED)

    TechnologyNeedFactory(title="Desalination", country="KE", green_area=area)
    TechnologyNeedFactory(
        title="Drip irrigation", country="KE", green_area=area, is_published=False
    )
    TechnologyNeedFactory(title="Solar cooling", country="PK", green_area=area)


def training_forum_world():
    """Cohorts and forums starting in 2025.

    "Dakar 2025" (capacity 20): Senegal attended with certificate, Senegal attended, Ghana
    confirmed, Ghana waitlisted, Kenya cancelled, Kenya pending: 6 applications, 3 accepted,
    2 attended, 1 certificate, 1 waitlisted, 1 cancelled. A cohort of December 2024 does not
    count. "Bangkok Forum 2025" (capacity 100): Thailand attended, Thailand confirmed, China
    cancelled, China waitlisted: 4 registrations, 2 participants, 1 attended.
    """
    dakar = CohortFactory(
        title="Dakar 2025",
        capacity=20,
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2025, 3, 12),
    )
    outside = CohortFactory(
        starts_on=datetime.date(2024, 12, 1), ends_on=datetime.date(2024, 12, 5)
    )
    CertificateFactory(
        application=ApplicationFactory(cohort=dakar, country="SN", status=A.ATTENDED)
    )
    ApplicationFactory(cohort=dakar, country="SN", status=A.ATTENDED)
    ApplicationFactory(cohort=dakar, country="GH", status=A.CONFIRMED)
    ApplicationFactory(cohort=dakar, country="GH", status=A.WAITLISTED, waitlist_position=1)
    ApplicationFactory(cohort=dakar, country="KE", status=A.CANCELLED)
    ApplicationFactory(cohort=dakar, country="KE", status=A.PENDING_CONFIRMATION)
    ApplicationFactory(cohort=outside, country="KE", status=A.ATTENDED)

    bangkok = ForumEventFactory(
        title="Bangkok Forum 2025",
        capacity=100,
        city="Bangkok",
        starts_on=datetime.date(2025, 6, 2),
        ends_on=datetime.date(2025, 6, 4),
    )
    RegistrationFactory(event=bangkok, country="TH", status=R.ATTENDED)
    RegistrationFactory(event=bangkok, country="TH", status=R.CONFIRMED)
    RegistrationFactory(event=bangkok, country="CN", status=R.CANCELLED)
    RegistrationFactory(event=bangkok, country="CN", status=R.WAITLISTED, waitlist_position=1)
