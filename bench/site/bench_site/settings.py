"""The portal's production settings (greentech.settings, read from the environment: DEBUG off
unless set), plus the benchmark's URLs and a middleware that counts each request's queries."""

from greentech.settings import *  # noqa: F403
from greentech.settings import MIDDLEWARE

ROOT_URLCONF = "bench_site.urls"
# Outermost, so the queries of the session and authentication middleware count too.
MIDDLEWARE = ["bench_site.middleware.count_queries", *MIDDLEWARE]

# The load run registers hundreds of guests from one client address: the per-client registration
# limits would refuse all but the first few, and the benchmark measures the work, not the limits.
RATE_LIMITS = {
    **RATE_LIMITS,  # noqa: F405
    "registration": {"client": "1000000/h", "target": "1000/h"},
    "registration_links": {"client": "1000000/h", "target": "1000/d"},
}
