import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greentech.settings")

application = get_wsgi_application()

from greentech.core.checks import refuse_insecure_start  # noqa: E402 - needs the apps loaded

refuse_insecure_start()
