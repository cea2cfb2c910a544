"""What each cached thing shows, hence which changes invalidate it.

The cached pages and values carry the generations of the namespaces below (see
`greentech.core.cache`). A saved or deleted row of a model listed here bumps its namespaces,
whatever saved it (a service, the admin, a form). The roof knows what the home page, the
figures and the pool show, so it connects the signals here; the domain apps know nothing of it.

Writes that send no signal (`QuerySet.update()`, `bulk_create()`, SQL) are caught by the
cached values' own expiry (`greentech.core.cache.DEFAULT_TIMEOUT`).
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from greentech.core import cache
from greentech.figures import FIGURES_CACHE, SESSIONS_CACHE
from technologies.pool_facets import POOL_CACHE

# model label: the namespaces a change of one of its rows invalidates.
SHOWN_IN = {
    # The pool: pages, API lists and counts (names of providers, areas and calls included).
    "technologies.Technology": (POOL_CACHE, FIGURES_CACHE),
    "technologies.ApplicationCase": (POOL_CACHE,),
    "technologies.TransferCase": (POOL_CACHE, FIGURES_CACHE),
    "technologies.ImpactIndicator": (POOL_CACHE,),
    "technologies.CollectionCall": (POOL_CACHE,),
    "centres.Institution": (POOL_CACHE, FIGURES_CACHE),
    "core.GreenArea": (POOL_CACHE, FIGURES_CACHE),
    # The key figures, the map and the charts.
    "centres.Centre": (FIGURES_CACHE,),
    "labs.JointLab": (FIGURES_CACHE,),
    "labs.LabPartner": (FIGURES_CACHE,),
    "technologies.TechnologyNeed": (FIGURES_CACHE,),
    "technologies.NeedMatch": (FIGURES_CACHE,),
    "training.Certificate": (FIGURES_CACHE,),
    # People count in the figures; places left show with the upcoming sessions.
    "training.Application": (FIGURES_CACHE, SESSIONS_CACHE),
    "forums.Registration": (FIGURES_CACHE, SESSIONS_CACHE),
    # The upcoming cohorts and events of the home page.
    "training.Programme": (SESSIONS_CACHE,),
    "training.Cohort": (FIGURES_CACHE, SESSIONS_CACHE),
    "forums.ForumEvent": (FIGURES_CACHE, SESSIONS_CACHE),
}


def _bumper(namespaces: tuple[str, ...]):
    def handler(sender, **kwargs):
        if kwargs.get("raw"):  # loading fixtures
            return
        cache.bump(*namespaces)

    return handler


_handlers = []  # signals hold weak references: keep the handlers alive


def connect_invalidation() -> None:
    for label, namespaces in SHOWN_IN.items():
        model = apps.get_model(label)
        handler = _bumper(namespaces)
        _handlers.append(handler)
        post_save.connect(handler, sender=model, dispatch_uid=f"invalidate-{label}-save")
        post_delete.connect(handler, sender=model, dispatch_uid=f"invalidate-{label}-delete")
