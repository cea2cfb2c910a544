"""Whole public pages and API lists cached for anonymous visitors.

Only a request that can be answered the same way to everyone is served from, or stored in, the
cache: a GET (or HEAD) by a visitor who is not signed in and has no message waiting (e.g. "you
have been logged out"). A signed-in person's page, with their name, menus and tokens, is never
stored, so it can never be served to anyone else. The key is the address with its query string,
the language and the generations of the namespaces the page depends on (see `cache`).

A page's forms carry a CSRF token, which belongs to one visitor: it is stored as a placeholder
and each visitor served from the cache gets their own (and the cookie that goes with it), as if
the page had been rendered for them.
"""

import re
from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from rest_framework.response import Response

from . import cache

CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"\x00csrf-token\x00"


def is_public_request(request: HttpRequest) -> bool:
    """Whether the answer to this request may be shared with every other anonymous visitor."""
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    return not len(get_messages(request))  # reading the count leaves the messages in place


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def _to_cache(response: HttpResponse) -> dict:
    content = CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
    return {"content": content, "content_type": response["Content-Type"]}


def _from_cache(request: HttpRequest, stored: dict) -> HttpResponse:
    content = stored["content"]
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    return HttpResponse(content, content_type=stored["content_type"])


def cache_public_page(
    name: str,
    *,
    namespaces: Iterable[str],
    unless: Callable[[HttpRequest], bool] | None = None,
    timeout: int = cache.DEFAULT_TIMEOUT,
):
    """Decorate a function view: anonymous visitors get the page from the cache while the
    namespaces are unchanged. `unless(request)` true computes the page every time (e.g. a
    free-text search, whose variety would only fill the cache)."""
    namespaces = tuple(namespaces)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not is_public_request(request) or (unless is not None and unless(request)):
                return view(request, *args, **kwargs)
            key = cache.key_for(
                f"page:{name}", namespaces=namespaces, variant=request.get_full_path()
            )
            stored = cache.get(key) if key is not None else None
            if stored is not None:
                return _from_cache(request, stored)
            response = view(request, *args, **kwargs)
            if key is not None and _storable(response):
                cache.put(key, _to_cache(response), timeout)
            return response

        return wrapped

    return decorator


class CachedPublicListMixin:
    """For a DRF viewset: the JSON list answered to anonymous clients comes from the cache while
    `cache_namespaces` are unchanged (the rendered bytes, so a hit costs no serializing nor
    rendering); a list with one of `cache_skip_params` (a free-text search) is computed every
    time, as is anything a signed-in client asks."""

    cache_namespaces: tuple[str, ...] = ()
    cache_skip_params: tuple[str, ...] = ("q", "search")
    cache_timeout: int = cache.DEFAULT_TIMEOUT

    def _list_cache_key(self, request) -> str | None:
        renderer = getattr(request, "accepted_renderer", None)
        if (
            self.action != "list"
            or getattr(renderer, "format", None) != "json"
            or not is_public_request(request)
            or any(request.query_params.get(param) for param in self.cache_skip_params)
        ):
            return None
        return cache.key_for(
            f"api:{self.basename}",
            namespaces=self.cache_namespaces,
            variant=request.get_full_path(),
        )

    def list(self, request, *args, **kwargs):
        # The key is taken before the list is computed: a change committed meanwhile moves the
        # generation on, and the list computed from the older rows lands under the old key.
        key = self._list_cache_key(request)
        stored = cache.get(key) if key is not None else None
        if stored is not None:
            return HttpResponse(stored["content"], content_type=stored["content_type"])
        request.list_cache_key = key
        return super().list(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(request, "list_cache_key", None)
        if key is not None and response.status_code == 200 and isinstance(response, Response):
            response.render()
            content = {"content": response.content, "content_type": response["Content-Type"]}
            cache.put(key, content, self.cache_timeout)
        return response
