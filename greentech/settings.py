"""Settings for the GreenTech Cooperation Portal, read from the environment.

Every variable is listed with its default in README.md ("Configuration").
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "django_celery_beat",
    "rules.apps.AutodiscoverRulesConfig",
    "greentech.core",
    "greentech.accounts",
    "greentech.notifications",
    "centres",
    "labs",
    "technologies",
    "training",
    "forums",
    "greentech.reports",
    "greentech.demo",
    "greentech.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "greentech.urls"
WSGI_APPLICATION = "greentech.wsgi.application"
ASGI_APPLICATION = "greentech.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# Default: a SQLite file under the project (zero setup). With a postgres:// URL,
# Django uses psycopg 3 and its connection pool.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    if env.bool("DATABASE_POOL", default=True):
        # The pool replaces persistent connections; CONN_MAX_AGE must stay 0.
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN", default=1),
            "max_size": env.int("DATABASE_POOL_MAX", default=10),
            "timeout": env.int("DATABASE_POOL_TIMEOUT", default=10),
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Accounts -----------------------------------------------------------------
ACCOUNT_INVITATION_MAX_AGE_DAYS = env.int("ACCOUNT_INVITATION_MAX_AGE_DAYS", default=14)
ACCOUNT_EMAIL_VERIFICATION_MAX_AGE_DAYS = env.int(
    "ACCOUNT_EMAIL_VERIFICATION_MAX_AGE_DAYS", default=3
)

# --- Training and forum registrations ------------------------------------------
REGISTRATION_LINK_MAX_AGE_DAYS = env.int("REGISTRATION_LINK_MAX_AGE_DAYS", default=60)
REGISTRATION_REMINDER_DAYS = env.int("REGISTRATION_REMINDER_DAYS", default=3)
REGISTRATION_RESEND_INTERVAL_MINUTES = env.int("REGISTRATION_RESEND_INTERVAL_MINUTES", default=2)

# Technology pool: attachment caps, reviewer disagreement flag, reminders and re-validation.
TECHNOLOGY_ATTACHMENT_MAX_BYTES = env.int(
    "TECHNOLOGY_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024
)
TECHNOLOGY_SUBMISSION_MAX_BYTES = env.int(
    "TECHNOLOGY_SUBMISSION_MAX_BYTES", default=30 * 1024 * 1024
)
TECHNOLOGY_SCORE_SPREAD_FLAG_FRACTION = env.float(
    "TECHNOLOGY_SCORE_SPREAD_FLAG_FRACTION", default=0.4
)
REVIEW_REMINDER_DAYS = env.int("REVIEW_REMINDER_DAYS", default=3)
TECHNOLOGY_REVALIDATION_NOTICE_DAYS = env.int("TECHNOLOGY_REVALIDATION_NOTICE_DAYS", default=30)

# --- Languages and time -----------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
# Serve files from the finders too, so `runserver --insecure`-free local runs and tests work
# without a collectstatic step.
WHITENOISE_USE_FINDERS = True

# --- E-mail -----------------------------------------------------------------
# EMAIL_URL like smtp://user:pass@host:587/?tls=True; default prints e-mails to the console.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
if env.str("EMAIL_FILE_PATH", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="GreenTech Portal <noreply@greentech.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Cache ------------------------------------------------------------------
# Shared by every web and worker process when it lives in Redis: cached pages and figures,
# rate-limit counters. `CACHE_URL` names it (e.g. redis://host:6379/1); without it the cache
# uses `REDIS_URL`'s server, and with neither a per-process memory cache (the zero-setup mode).
CACHE_URL = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="gt")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A Redis that does not answer must not hold a request for long.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "greentech",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

# --- Celery -----------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without Redis, tasks run in the web process (the zero-setup mode of `make run`).
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
# E-mails and reports on their own queues: a long report never delays an e-mail.
CELERY_TASK_ROUTES = {
    "notifications.*": {"queue": "notifications"},
    "reports.*": {"queue": "reports"},
}
REPORTS_SOFT_TIME_LIMIT = env.int("REPORTS_SOFT_TIME_LIMIT", default=600)
REPORTS_TIME_LIMIT = env.int("REPORTS_TIME_LIMIT", default=660)
REPORTS_REQUEUE_AFTER_MINUTES = env.int("REPORTS_REQUEUE_AFTER_MINUTES", default=30)
REPORTS_PDF_MAX_ROWS = env.int("REPORTS_PDF_MAX_ROWS", default=500)
# Longer than any countdown or time limit a task uses, so an unacked task is not redelivered
# while it still runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60)
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)

# --- API --------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "EXCEPTION_HANDLER": "greentech.api_errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "GreenTech Cooperation Portal API",
    "DESCRIPTION": "Centres, joint labs, the green technology pool, trainings and forums.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"CountryEnum": "django_countries.countries"},
}

# --- Security in production ------------------------------------------------
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
