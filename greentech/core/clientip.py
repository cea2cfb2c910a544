"""The client's address, as far as the portal can trust it.

Behind `TRUSTED_PROXY_COUNT` reverse proxies, each proxy appends the address it received the
request from to `X-Forwarded-For`, and the last proxy's own address is `REMOTE_ADDR`. Counting
from the right, the entry the outermost trusted proxy wrote is the client; anything further left
was sent by the client itself and can be forged. With no trusted proxy (the default) the header
is ignored and `REMOTE_ADDR` is the client.

Login lock-outs (django-axes) and rate limits both key on this address.
"""

import ipaddress

from django.conf import settings

# A placeholder key for a request without an address (never an address anything binds to).
UNKNOWN = "0.0.0.0"  # nosec B104


def trusted_proxy_count() -> int:
    return max(int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0), 0)


def _valid(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address the outermost trusted proxy saw, or `REMOTE_ADDR` without proxies."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    count = trusted_proxy_count()
    if count == 0:
        return remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    chain = [*forwarded, remote]
    # chain[-1] is the last proxy, chain[-1 - count] the client as the outermost proxy saw it.
    # A shorter chain means the request did not come through every proxy: nothing in the header
    # can be trusted then, so the address is the one that connected.
    if len(chain) <= count:
        return remote
    return _valid(chain[-1 - count]) or remote
