"""Error reports to a Sentry-compatible service (Sentry, GlitchTip...), only when SENTRY_DSN is
set: settings.py calls `init_sentry` then, and never imports the SDK otherwise."""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from .requestid import current_request_id


def _tag_request_id(event, _hint):
    request_id = current_request_id.get()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def init_sentry(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,  # no e-mail addresses, cookies or user ids leave the portal
        before_send=_tag_request_id,
    )
