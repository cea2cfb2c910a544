from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "greentech.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.core import checks

        checks.register(check_retry_schedule)


def check_retry_schedule(app_configs=None, **kwargs):
    """A mistyped NOTIFICATION_RETRY_SCHEDULE is refused at start, not at the first failure."""
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    from .services import retry_schedule

    try:
        retry_schedule()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="notifications.E001")]
    return []
