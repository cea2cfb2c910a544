"""Settings for the GreenTech Cooperation Portal, read from the environment.

Every variable is listed with its default in README.md ("Configuration").
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from greentech import storage_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The development key only works with DEBUG on: the web and worker processes refuse to start
# with it otherwise (greentech.core.checks), which is why bandit may let it be.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me"  # nosec B105
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
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
    "axes",
    "csp",
    "greentech.core",
    "greentech.accounts",
    "greentech.notifications",
    "greentech.apitokens",
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
    # First: every log line of the request, and every task it queues, carries its id.
    "greentech.observability.requestid.RequestIdMiddleware",
    "greentech.observability.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A NUL or non-UTF-8 byte in the path, query string or a form: 400 before any view.
    "greentech.core.badinput.BadInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "greentech.core.middleware.PrivateResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "greentech.core.middleware.DomainErrorPageMiddleware",
    # Last, as django-axes asks: it sees the login responses of every view.
    "axes.middleware.AxesMiddleware",
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
    # First: refuses locked-out logins before any password is checked (django-axes).
    "greentech.accounts.lockout.LockoutBackend",
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

# --- Login protection (django-axes) -----------------------------------------------
# Failures are counted in the database per account (all addresses) and per client address (all
# accounts); either count reaching its limit locks further logins out for the cool-off time,
# which every further failure starts again. A locked-out login gets the same answer as a wrong
# password. Staff see and lift lock-outs in the admin ("Login failures").
LOGIN_FAILURE_LIMIT_ACCOUNT = env.int("LOGIN_FAILURE_LIMIT_ACCOUNT", default=5)
LOGIN_FAILURE_LIMIT_ADDRESS = env.int("LOGIN_FAILURE_LIMIT_ADDRESS", default=20)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
AXES_ENABLED = env.bool("LOGIN_LOCKOUT_ENABLED", default=True)
AXES_HANDLER = "greentech.accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT_ACCOUNT
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_USERNAME_CALLABLE = "greentech.accounts.lockout.login_name"
AXES_CLIENT_IP_CALLABLE = "greentech.core.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "greentech.accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not recorded, failures are
AXES_RESET_ON_SUCCESS = False  # a login clears only its own account's failures from its address
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # greentech.accounts.admin_lockouts registers its own

# --- Reverse proxies ----------------------------------------------------------
# How many reverse proxies in front of the portal append to X-Forwarded-For and set
# X-Forwarded-Proto. 0: no proxy, those headers are ignored (a client could forge them).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Rate limits (greentech.core.ratelimit) -----------------------------------------
# Per scope: attempts per client address and per target e-mail address. RATE_LIMITS in the
# environment overrides single entries: "signup.client=20/h,password_reset.target=5/h".
RATE_LIMITS_ENABLED = env.bool("RATE_LIMITS_ENABLED", default=True)
RATE_LIMITS = {
    "signup": {"client": "10/h", "target": "3/h"},
    "password_reset": {"client": "10/h", "target": "3/h"},
    "verification_resend": {"client": "10/h", "target": "3/h"},
    "invitation": {"client": "60/h", "target": "3/h"},
    "certificate_verify": {"client": "30/10m"},
    "registration": {"client": "20/h", "target": "5/h"},
    "registration_links": {"client": "10/h", "target": "5/d"},
}
for _override in env.list("RATE_LIMITS", default=[]):
    _name, _rate = [*_override.split("=", 1), ""][:2]
    _scope, _kind = [*_name.strip().split(".", 1), ""][:2]
    RATE_LIMITS.setdefault(_scope, {})[_kind] = _rate.strip()
# The owner of an address is told about a sign-up with it at most once per this interval.
ACCOUNT_NOTICE_INTERVAL_MINUTES = env.int("ACCOUNT_NOTICE_INTERVAL_MINUTES", default=60)

# --- Accounts -----------------------------------------------------------------
ACCOUNT_INVITATION_MAX_AGE_DAYS = env.int("ACCOUNT_INVITATION_MAX_AGE_DAYS", default=14)
ACCOUNT_EMAIL_VERIFICATION_MAX_AGE_DAYS = env.int(
    "ACCOUNT_EMAIL_VERIFICATION_MAX_AGE_DAYS", default=3
)

# --- Training and forum registrations ------------------------------------------
REGISTRATION_LINK_MAX_AGE_DAYS = env.int("REGISTRATION_LINK_MAX_AGE_DAYS", default=60)
REGISTRATION_REMINDER_DAYS = env.int("REGISTRATION_REMINDER_DAYS", default=3)
REGISTRATION_RESEND_INTERVAL_MINUTES = env.int("REGISTRATION_RESEND_INTERVAL_MINUTES", default=2)
# A second application/registration with an address e-mails its owner at most once per this
# interval and registration.
REGISTRATION_NOTICE_INTERVAL_MINUTES = env.int(
    "REGISTRATION_NOTICE_INTERVAL_MINUTES", default=24 * 60
)

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
# Uploaded and generated files (attachments, certificates, reports): MEDIA_ROOT by default, an
# S3-compatible object store with STORAGE_URL or AWS_STORAGE_BUCKET_NAME (storage_config.py).
STORAGE_PRESIGNED_EXPIRE = env.int("STORAGE_PRESIGNED_EXPIRE", default=60)
# How a permitted download reaches the browser from an object store: "stream" (through the
# view) or "presigned" (a redirect to a signed URL valid STORAGE_PRESIGNED_EXPIRE seconds).
STORAGE_DOWNLOADS = env.str("STORAGE_DOWNLOADS", default="stream")
if STORAGE_DOWNLOADS not in ("stream", "presigned"):
    raise ImproperlyConfigured("STORAGE_DOWNLOADS must be “stream” or “presigned”.")
STORAGES = {
    "default": storage_config.default_storage(
        os.environ, presigned_expire=STORAGE_PRESIGNED_EXPIRE
    ),
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
# EMAIL_URL like smtp+tls://user:pass@host:587; default prints e-mails to the console.
_email_config = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(_email_config)
# Seconds an SMTP connection may wait for the server (connect and each answer): EMAIL_TIMEOUT,
# else the URL's `?timeout=` (django-environ leaves it in OPTIONS), else 10. A stalled server
# then fails the attempt instead of holding the mail worker.
EMAIL_TIMEOUT = env.int(
    "EMAIL_TIMEOUT", default=int(_email_config.get("OPTIONS", {}).get("TIMEOUT", 10))
)
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

# Sessions live in the database; with a shared cache they are read through it (cached_db), so
# every web host sees the same session. A per-process memory cache would keep a logged-out
# session alive in the other processes: without a shared cache, the database alone.
# A cache outage is a logged miss (greentech/core/sessions.py): the database answers alone.
SESSION_ENGINE = "greentech.core.sessions" if CACHE_URL else "django.contrib.sessions.backends.db"
# The longest a session copy lives in the cache (a log-out during a cache outage cannot remove it).
SESSION_CACHE_SECONDS = env.int("SESSION_CACHE_SECONDS", default=300)

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
    "accounts.send_password_reset": {"queue": "notifications"},
    "reports.*": {"queue": "reports"},
}
REPORTS_SOFT_TIME_LIMIT = env.int("REPORTS_SOFT_TIME_LIMIT", default=600)
REPORTS_TIME_LIMIT = env.int("REPORTS_TIME_LIMIT", default=660)
REPORTS_REQUEUE_AFTER_MINUTES = env.int("REPORTS_REQUEUE_AFTER_MINUTES", default=30)
# A build writes a heartbeat this often; three missed ones fail it (the recovery sweep).
REPORTS_HEARTBEAT_SECONDS = env.int("REPORTS_HEARTBEAT_SECONDS", default=30)
REPORTS_PDF_MAX_ROWS = env.int("REPORTS_PDF_MAX_ROWS", default=500)
# Longer than any countdown or time limit a task uses, so an unacked task is not redelivered
# while it still runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60)
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
# Delays before the 2nd, 3rd, ... attempt of an e-mail (s, m, h, d), then it is marked failed.
NOTIFICATION_RETRY_SCHEDULE = env.str("NOTIFICATION_RETRY_SCHEDULE", default="1m,5m,30m,2h,6h")
NOTIFICATION_SOFT_TIME_LIMIT = env.int("NOTIFICATION_SOFT_TIME_LIMIT", default=60)
NOTIFICATION_TIME_LIMIT = env.int("NOTIFICATION_TIME_LIMIT", default=90)

# --- API --------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "greentech.core.openapi.PortalAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "greentech.core.api_answers.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "greentech.core.api_answers.KnownParametersFilter",
        "django_filters.rest_framework.DjangoFilterBackend",
        "greentech.core.api_answers.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # The token first: DRF asks the first class for the 401 challenge (WWW-Authenticate).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "greentech.apitokens.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "EXCEPTION_HANDLER": "greentech.api_errors.api_exception_handler",
    # DRF's JSON parser with a nesting limit (JSON_MAX_DEPTH) and no NUL characters; forms too.
    "DEFAULT_PARSER_CLASSES": [
        "greentech.core.jsonparser.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
JSON_MAX_DEPTH = env.int("JSON_MAX_DEPTH", default=32)
SPECTACULAR_SETTINGS = {
    "TITLE": "GreenTech Cooperation Portal API",
    "DESCRIPTION": (
        "Centres, joint labs, the green technology pool, trainings and forums.\n\n"
        "**Authentication.** Reading public data needs nothing. For everything else, create a "
        "personal API token on your account page (*My account → API tokens*; the token is "
        "shown once) and send it with every request as `Authorization: Bearer <token>` (or "
        "`Authorization: Token <token>`); here, use *Authorize*. A token acts as you, never "
        "beyond your own permissions, and only within its scopes: `read` (every token), "
        "`submit` (declare technologies, apply, register), `review` (expert reviews), `staff` "
        "(curator operations). A missing, wrong, revoked or expired token on a protected "
        "operation is a 401 with `WWW-Authenticate`; a token without the operation's scope a "
        "403. In the browser, the session cookie (with the CSRF header) works too."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"CountryEnum": "django_countries.countries"},
    # Request bodies get components of their own: read-only fields left out, and a required
    # text field that refuses blanks says so (minLength 1).
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Security in production ------------------------------------------------
# README ("Production") lists the environment with which `check --deploy` is clean.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# Load balancers and compose probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# X-Forwarded-Proto says "https" only when a trusted proxy sets it; without one any client
# could send it.
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from the portal
# itself only; no inline script or style on any page. E-mails and PDFs are not pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logs, errors, metrics ---------------------------------------------------
# LOG_FORMAT=json: one JSON object per line, with the request id of the web request (or of the
# request that queued the task). "text": the message alone, as before.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be “text” or “json”.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "greentech.observability.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "greentech.observability.logs.JsonFormatter"},
        "text": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Login failures, lock-outs and rate-limit refusals (greentech.core.security).
        "greentech.security": {"level": "INFO"},
        # django-axes repeats every failure in its own words; ours carry what operators need.
        "axes": {"level": "ERROR"},
    },
}
# Errors to a Sentry-compatible service only when SENTRY_DSN is set; nothing is sent otherwise.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from greentech.observability.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
# /metrics (Prometheus) answers only requests bearing this token; unset, it is a 404.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
