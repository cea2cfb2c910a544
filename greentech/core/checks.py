"""The portal refuses to start with DEBUG off and the development SECRET_KEY.

`refuse_insecure_start()` runs where the portal starts: the WSGI and ASGI applications (gunicorn,
uvicorn, and `runserver`, which loads the WSGI application) and the Celery worker and beat
(`greentech.celery`). The same rule is a deployment check (`core.E001`, in `check --deploy`).
Commands that neither serve nor sign anything (`makemigrations --check`, `migrate`) run with any
key, so a build step needs no secret.
"""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

MESSAGE = (
    "DEBUG is off but SECRET_KEY is the development key: anyone could forge sessions and "
    "signed links. Set SECRET_KEY to a long random value (or DEBUG=true on a development "
    "machine)."
)


def uses_development_key() -> bool:
    development_key = getattr(settings, "DEVELOPMENT_SECRET_KEY", None)
    return not settings.DEBUG and bool(development_key) and development_key == settings.SECRET_KEY


def refuse_insecure_start() -> None:
    if uses_development_key():
        raise ImproperlyConfigured(MESSAGE)


@register(deploy=True)
def development_key_check(app_configs=None, **kwargs):
    if uses_development_key():
        return [Error(MESSAGE, id="core.E001")]
    return []
