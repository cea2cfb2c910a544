from django.contrib.auth import login
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from ..models import ExpertProfile, User
from ..rules import is_expert_reviewer

# Several authentication backends are configured: say which one logs the person in.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def log_in(request, user: User) -> None:
    login(request, user, backend=MODEL_BACKEND)


def needs_expert_profile(user: User) -> bool:
    """An expert reviewer whose expertise profile is missing or incomplete."""
    if not is_expert_reviewer(user):
        return False
    profile = ExpertProfile.objects.filter(user=user).first()
    return profile is None or not profile.is_complete


def safe_next(request, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def expert_profile_url(next_url: str | None = None) -> str:
    url = reverse("accounts:expert_profile")
    if next_url and next_url != url:
        url = f"{url}?{urlencode({'next': next_url})}"
    return url
