"""Site-wide response rules: the page for a rate limit, and no caching of private responses."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from .ratelimit import RateLimited

# URL arguments that carry a signed link: whoever holds the link sees personal data.
LINK_ARGUMENTS = frozenset({"token", "uidb64"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class RateLimitedPageMiddleware:
    """A `RateLimited` raised by a page (its view or a service it called) becomes a 429 page
    that says when to try again, with `Retry-After`. The API answers its own 429 (DRF)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RateLimited):
            return None
        retry_at = timezone.localtime() + timezone.timedelta(seconds=exception.wait)
        response = render(
            request,
            "429.html",
            {"minutes": exception.minutes, "retry_at": retry_at},
            status=429,
        )
        response["Retry-After"] = str(exception.wait)
        return response


def is_private(request) -> bool:
    """Whether a response may carry personal data or unpublished content: anything a logged-in
    person sees (their account, staff pages, exports, reports, the API as them), any answer to
    a form or API write (it echoes what was sent), and any page reached through a signed link."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if request.method not in SAFE_METHODS:
        return True
    match = getattr(request, "resolver_match", None)
    return bool(match and LINK_ARGUMENTS.intersection(match.kwargs))


class PrivateResponseMiddleware:
    """`Cache-Control: no-store` (with Django's other never-cache headers) on every private
    response (see `is_private`); views may also mark a response themselves with `never_cache`.
    Public pages for anonymous visitors keep whatever caching their view chose."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request):
            if response.has_header("Cache-Control"):
                del response["Cache-Control"]
            add_never_cache_headers(response)
        return response
