"""The demo's commands refuse to run on a production-like portal (DEBUG off) unless told so:
the demo brings accounts with a published password."""

from django.conf import settings
from django.core.management.base import CommandError

ALLOW_OPTION = "--allow-without-debug"


def add_allow_option(parser) -> None:
    parser.add_argument(
        ALLOW_OPTION,
        action="store_true",
        dest="allow_without_debug",
        help="Run even though DEBUG is off (the demo's accounts have a published password).",
    )


def refuse_without_debug(*, allowed: bool) -> None:
    if not settings.DEBUG and not allowed:
        raise CommandError(
            "DEBUG is off: this looks like a production portal, and the demo's accounts have a "
            f"published password. Add {ALLOW_OPTION} if you really want the demo here."
        )
