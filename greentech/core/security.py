"""Security events: one logger, one line format, so operators can alert on them.

Every line reads `security event=<name> key=value ...` on the `greentech.security` logger, at
WARNING (a refusal or a lock-out) or INFO (staff lifting a lock-out). E-mail addresses are
never written out: `fingerprint()` turns them into a short stable hash that still lets two lines
about the same address be matched.
"""

import hashlib
import logging

from django.conf import settings

logger = logging.getLogger("greentech.security")


def fingerprint(value: str | None) -> str:
    """A short keyed hash of an address or a user name (lower-cased), or '-' for none."""
    if not value:
        return "-"
    normalised = value.strip().lower().encode()
    key = settings.SECRET_KEY.encode()
    return hashlib.blake2b(normalised, key=key[:64], digest_size=6).hexdigest()


def security_event(event: str, *, level: int = logging.WARNING, **fields) -> None:
    details = " ".join(f"{name}={value}" for name, value in fields.items())
    logger.log(level, "security event=%s %s", event, details)
