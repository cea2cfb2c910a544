"""Site-wide response rules: the page for a refused request (rate limit, domain error), and no
caching of private responses."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from .exceptions import RateLimited

# URL arguments that carry a signed link: whoever holds the link sees personal data.
LINK_ARGUMENTS = frozenset({"token", "uidb64"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# The page title of a refused request, by status.
ERROR_TITLES = {
    400: _("This request cannot be carried out"),
    403: _("Not permitted"),
    404: _("Not found"),
    409: _("This conflicts with the current state"),
}


class DomainErrorPageMiddleware:
    """A domain error (`greentech.core.exceptions`) that a page view, or a service it called,
    lets through becomes a page with its status and its message, never a 500: a 429 page that
    says when to try again (with `Retry-After`) for `RateLimited`, a message page for the
    others (a bare `ValidationError` counts as bad input, 400). The API answers its own errors
    (`greentech.api_errors`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return rate_limited_page(request, exception)
        if not isinstance(exception, ValidationError):
            return None
        status = getattr(exception, "status_code", 400)
        messages = [str(message) for message in exception.messages]
        return render(
            request,
            "error.html",
            {"title": ERROR_TITLES.get(status, ERROR_TITLES[400]), "error_messages": messages},
            status=status,
        )


def rate_limited_page(request, exception: RateLimited):
    retry_at = timezone.localtime() + timezone.timedelta(seconds=exception.wait)
    response = render(
        request,
        "429.html",
        {"minutes": exception.minutes, "retry_at": retry_at},
        status=429,
    )
    response["Retry-After"] = str(exception.wait)
    return response


# The former name, kept for settings that still list it.
RateLimitedPageMiddleware = DomainErrorPageMiddleware


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
