from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The public site's cross-domain wiring: which changes invalidate the cached pages, lists
    and figures (see `invalidation`)."""

    name = "greentech.site"
    label = "greentech_site"
    verbose_name = _("Public site")

    def ready(self):
        from .invalidation import connect_invalidation

        connect_invalidation()
