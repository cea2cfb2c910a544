"""The portal's production settings (greentech.settings, read from the environment: DEBUG off
unless set), plus the benchmark's URLs and a middleware that counts each request's queries."""

from greentech.settings import *  # noqa: F403
from greentech.settings import MIDDLEWARE

ROOT_URLCONF = "bench_site.urls"
# Outermost, so the queries of the session and authentication middleware count too.
MIDDLEWARE = ["bench_site.middleware.count_queries", *MIDDLEWARE]
