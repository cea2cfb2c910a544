import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greentech.settings")

application = get_asgi_application()

from greentech.core.checks import refuse_insecure_start  # noqa: E402 - needs the apps loaded

refuse_insecure_start()
