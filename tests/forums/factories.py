import datetime

import factory

from forums.models import (
    AgendaItem,
    ForumEvent,
    ForumEventStatus,
    Registration,
    RegistrationStatus,
    RegistrationTransition,
    Speaker,
)


class ForumEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumEvent
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Symposium on Green Technology {n}")
    short_name = factory.Sequence(lambda n: f"GT{2000 + n}")
    slug = factory.Sequence(lambda n: f"symposium-green-technology-{n}")
    series = "CAS-TWAS Symposium on Green Technology"
    series_number = factory.Sequence(lambda n: n + 1)
    starts_on = datetime.date(2018, 11, 6)
    ends_on = datetime.date(2018, 11, 8)
    city = "Beijing"
    country = "CN"
    venue = "Research Center for Eco-Environmental Sciences"
    capacity = 120
    status = ForumEventStatus.OPEN

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.set(extracted)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    event = factory.SubFactory(ForumEventFactory)
    name = factory.Sequence(lambda n: f"Dr. Speaker {n}")
    affiliation = "TWAS"
    country = "IT"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem
        skip_postgeneration_save = True

    event = factory.SubFactory(ForumEventFactory)
    starts_at = factory.LazyAttribute(
        lambda o: datetime.datetime.combine(o.event.starts_on, datetime.time(9, 0), datetime.UTC)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=45))
    title = factory.Sequence(lambda n: f"Green technology for sustainable development {n}")
    kind = AgendaItem.Kind.KEYNOTE
    room = "Main hall"

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        if create and extracted:
            self.speakers.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(ForumEventFactory)
    first_name = "Kofi"
    last_name = factory.Sequence(lambda n: f"Mensah {n}")
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    country = "GH"
    institution_name = "University of Ghana"
    registration_type = Registration.Type.DELEGATE
    status = RegistrationStatus.PENDING_CONFIRMATION


class RegistrationTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationTransition

    registration = factory.SubFactory(RegistrationFactory, status=RegistrationStatus.CONFIRMED)
    from_status = RegistrationStatus.PENDING_CONFIRMATION
    to_status = RegistrationStatus.CONFIRMED
    note = "Confirmed by e-mail link."
