"""The shared cache (settings.CACHES: Redis when configured, a memory cache otherwise) as the
portal uses it: values remembered under a namespace's generation, and generations bumped when
what they show changes.

A cached value's key carries the current generation of every namespace it depends on
("pool", "figures", ...). `bump()` moves a namespace to its next generation, so every value
computed before is never read again (it expires on its own). A generation starts from the
clock, so one lost with its key (evicted, Redis flushed) restarts above every number used
before and old values cannot come back.

Callers bump when the data changes; inside a transaction the bump happens when it commits.

The cache is an optimisation: when it cannot be reached, a read is a miss and a write or a bump
is skipped, each logged as a warning, and the page is computed as if nothing were cached.
Values also expire after DEFAULT_TIMEOUT, which bounds how stale one can be if a change was made
where no bump happens (a bulk SQL update).
"""

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 15 * 60
_MISSING = object()


def _generation_key(namespace: str) -> str:
    return f"generation:{namespace}"


def _unavailable(action: str, error: Exception) -> None:
    logger.warning("Cache unavailable (%s): %s: %s", action, type(error).__name__, error)


def generations(namespaces: Iterable[str]) -> str | None:
    """The namespaces' current generations as one key part ("pool=17.figures=3"), starting
    the missing ones; None when the cache cannot be reached."""
    namespaces = sorted(set(namespaces))
    keys = {_generation_key(namespace): namespace for namespace in namespaces}
    try:
        found = cache.get_many(list(keys))
        for key in keys:
            if key not in found:
                cache.add(key, time.time_ns(), timeout=None)  # another process may win: re-read
                found[key] = cache.get(key)
    except Exception as error:  # any failure of the cache backend means "no cache"
        _unavailable("generations", error)
        return None
    return ".".join(f"{keys[key]}={found[key]}" for key in sorted(keys))


def _bump_now(namespaces: tuple[str, ...]) -> None:
    for namespace in namespaces:
        key = _generation_key(namespace)
        try:
            try:
                cache.incr(key)
            except ValueError:  # no generation yet: start one
                cache.set(key, time.time_ns(), timeout=None)
        except Exception as error:
            _unavailable(f"bump {namespace}", error)


def bump(*namespaces: str) -> None:
    """Invalidate everything cached under these namespaces: at once outside a transaction,
    when it commits inside one. Before the commit other requests still read the old rows, so an
    earlier bump would let one of them cache the old data under the new generation; waiting also
    keeps the round trip to the cache out of transactions that hold row locks."""
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_now(namespaces))
    else:
        _bump_now(namespaces)


def key_for(name: str, *, namespaces: Iterable[str], variant: str = "") -> str | None:
    """The cache key of `name` (plus a variant, e.g. a page's address, hashed) in the current
    language and generations; None when the cache cannot be reached."""
    current = generations(namespaces)
    if current is None:
        return None
    language = translation.get_language() or "-"
    digest = hashlib.sha256(variant.encode()).hexdigest()[:32] if variant else "-"
    return f"{name}:{language}:{current}:{digest}"


def get(key: str, default=None):
    try:
        return cache.get(key, default)
    except Exception as error:
        _unavailable("get", error)
        return default


def put(key: str, value: Any, timeout: int = DEFAULT_TIMEOUT) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception as error:
        _unavailable("set", error)


def remember(
    name: str,
    *,
    namespaces: Iterable[str],
    compute: Callable[[], Any],
    timeout: int = DEFAULT_TIMEOUT,
) -> Any:
    """The value cached under `name` for the current language and generations, computed (and
    stored) when missing."""
    key = key_for(name, namespaces=namespaces)
    value = _MISSING if key is None else get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if key is not None:
            put(key, value, timeout)
    return value
