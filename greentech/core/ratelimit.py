"""One rate-limit mechanism for everything that sends mail or can be guessed.

Each use names a *scope* whose rates live in `settings.RATE_LIMITS`:

    RATE_LIMITS = {"signup": {"client": "10/h", "target": "3/h"}, ...}

`client` counts attempts per client address (`greentech.core.clientip`), `target` per target
(the e-mail address a message would go to, compared lower-cased). A rate is "N/period" with a
period of `s`, `m`, `h` or `d`, optionally with a count: "5/15m" is five per fifteen minutes.
A scope may have either limit or both.

Three ways to apply it, all counting in the shared cache (`settings.CACHES["default"]`, Redis
when configured, so every web host sees the same counters):

- a view, every request of the given methods counted:
      @rate_limit("certificate_verify", methods=("GET",))
      @rate_limit("signup", target=lambda request: request.POST.get("email"))
- a view or a service, at the point where the attempt really happens (after validation):
      rate_limit_hit("signup", request=request, target=email)
      rate_limit_hit("signup", client=address, target=email)   # no request at hand
- the API, through DRF's throttle protocol:
      throttle_classes = [scoped_throttle("registration", target_field="email")]

Over a limit, `RateLimited` (the shared domain error of `greentech.core.exceptions`) is raised:
the API's exception handler answers 429 with `Retry-After`, and on the site
`DomainErrorPageMiddleware` renders the 429 page that says when to try again. Counting uses
fixed windows (one cache counter per scope, key and window): two atomic cache operations per
limit and no clock shared between hosts.

When the cache cannot be reached, limits fail open: the request goes through and a warning is
logged (`rate limit not applied`). Availability wins over the limit for these endpoints; the
login lock-out does not depend on the cache (django-axes keeps its counts in the database).
"""

import functools
import hashlib
import logging
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from rest_framework.throttling import BaseThrottle

from .clientip import client_ip
from .exceptions import RateLimited
from .security import fingerprint, security_event

logger = logging.getLogger(__name__)

KINDS = ("client", "target")
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        match = RATE_PATTERN.match(text or "")
        if not match or int(match.group(1)) < 1:
            raise ImproperlyConfigured(f"Not a rate: {text!r} (e.g. '10/h' or '5/15m').")
        multiple = int(match.group(2) or 1)
        return cls(count=int(match.group(1)), seconds=multiple * PERIODS[match.group(3)])


def enabled() -> bool:
    return bool(getattr(settings, "RATE_LIMITS_ENABLED", True))


def rates_for(scope: str) -> dict[str, Rate]:
    configured = getattr(settings, "RATE_LIMITS", {})
    if scope not in configured:
        raise ImproperlyConfigured(f"No rate limits configured for the scope {scope!r}.")
    return {kind: Rate.parse(text) for kind, text in configured[scope].items() if kind in KINDS}


def _target_key(target: str) -> str:
    return hashlib.sha256(target.strip().lower().encode()).hexdigest()[:32]


class CacheUnavailable(Exception):
    pass


def _count(key: str, rate: Rate, now: float) -> tuple[int, int]:
    """Add one attempt to the current window of `key`; (attempts so far, seconds left)."""
    window = int(now // rate.seconds)
    left = max(math.ceil((window + 1) * rate.seconds - now), 1)
    cache_key = f"ratelimit:{key}:{rate.seconds}:{window}"
    try:
        if cache.add(cache_key, 1, timeout=rate.seconds + 1):
            return 1, left
        try:
            count = cache.incr(cache_key)
        except ValueError:  # the counter expired between add and incr
            cache.add(cache_key, 1, timeout=rate.seconds + 1)
            count = 1
    except Exception as exc:
        raise CacheUnavailable(str(exc)) from exc
    if not isinstance(count, int):
        raise CacheUnavailable(f"unexpected counter value {count!r}")
    return count, left


def rate_limit_hit(
    scope: str,
    *,
    request=None,
    client: str | None = None,
    target: str | None = None,
) -> None:
    """Count one attempt in `scope` for the client (its address, from `request` unless given)
    and the target; raise `RateLimited` when either is over its limit."""
    rates = rates_for(scope)
    if not enabled():
        return
    if client is None and request is not None:
        client = client_ip(request)
    keys = {"client": client, "target": _target_key(target) if target else None}
    now = time.time()
    waits = []
    for kind, rate in rates.items():
        if not keys[kind]:
            continue
        try:
            count, left = _count(f"{scope}:{kind}:{keys[kind]}", rate, now)
        except CacheUnavailable as exc:
            logger.warning("rate limit not applied (scope %s): cache unavailable: %s", scope, exc)
            return
        if count > rate.count:
            waits.append((kind, left))
    if waits:
        kind, wait = max(waits, key=lambda pair: pair[1])
        security_event(
            "rate_limited",
            scope=scope,
            by=kind,
            client=client or "-",
            target=fingerprint(target),
            retry_after=wait,
        )
        raise RateLimited(scope=scope, wait=wait)


def rate_limit(scope: str, *, target=None, methods=("POST",)):
    """View decorator: count every request of `methods` in `scope`; `target(request)` names
    the target address, if the scope limits per target."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                rate_limit_hit(scope, request=request, target=target(request) if target else None)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RateLimitThrottle(BaseThrottle):
    """DRF throttle over the same counters. Subclass it with `scope` (and `target_field`, the
    request field holding the target address), or use `scoped_throttle(...)`."""

    scope = ""
    target_field: str | None = None

    def allow_request(self, request, view):
        try:
            rate_limit_hit(self.scope, request=request, target=self.get_target(request))
        except RateLimited as exc:
            self.retry_after = exc.wait
            return False
        return True

    def get_target(self, request) -> str | None:
        if not self.target_field:
            return None
        try:
            value = request.data.get(self.target_field)
        except Exception:  # an unparsable body: the view answers 400 with the details
            return None
        return value if isinstance(value, str) else None

    def wait(self):
        return getattr(self, "retry_after", None)


def scoped_throttle(scope: str, *, target_field: str | None = None) -> type[RateLimitThrottle]:
    """A throttle class for `scope`, e.g. `throttle_classes = [scoped_throttle("signup")]`."""
    name = "".join(part.title() for part in re.split(r"[^a-zA-Z0-9]+", scope)) + "Throttle"
    return type(name, (RateLimitThrottle,), {"scope": scope, "target_field": target_field})
