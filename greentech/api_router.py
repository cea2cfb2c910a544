"""One API root for the whole portal: each domain app lists its routes in `api.ROUTES`."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

API_APPS = ["centres", "labs", "technologies", "training", "forums", "greentech.countries"]


def build_router() -> DefaultRouter:
    api_router = DefaultRouter()
    for app in API_APPS:
        module = import_module(f"{app}.api")
        for prefix, viewset, basename in module.ROUTES:
            api_router.register(prefix, viewset, basename=basename)
    return api_router


router = build_router()
