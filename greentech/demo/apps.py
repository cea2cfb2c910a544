from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data drawn from public facts about the network (`manage.py load_demo`)."""

    name = "greentech.demo"
    label = "demo"
    verbose_name = _("Demo data")
