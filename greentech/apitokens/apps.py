from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiTokensConfig(AppConfig):
    name = "greentech.apitokens"
    label = "apitokens"
    verbose_name = _("API tokens")

    def ready(self):
        from . import rules, schema  # noqa: F401 - registers the rules and the OpenAPI scheme
