import factory

from greentech.notifications.models import Notification, NotificationStatus


class NotificationFactory(factory.django.DjangoModelFactory):
    """A pending row that renders with the real test template."""

    class Meta:
        model = Notification

    recipient = factory.Sequence(lambda n: f"recipient{n}@example.org")
    subject = factory.Sequence(lambda n: f"Test message {n}")
    template = "notifications/test_message"
    context = factory.LazyFunction(lambda: {"note": "From a factory"})
    language = "en"
    status = NotificationStatus.PENDING
