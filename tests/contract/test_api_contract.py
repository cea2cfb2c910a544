"""The API keeps its published schema: schemathesis calls every operation of `/api/schema/`,
anonymously and as each role, with generated valid and invalid input, and checks that no
answer is a server error and that every status code, content type, header and body is the one
the schema documents.

Bounded inside `make test` (a few derandomized examples per operation and role); `make fuzz`
runs many more examples with every check of schemathesis (`CONTRACT_FUZZ=1`).
"""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import KNOWN_PATH_VALUES, ROLES, RUN

FUZZ = os.environ.get("CONTRACT_FUZZ") == "1"
EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "25" if FUZZ else "3"))

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 12,
        "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
        "generation": {
            "max-examples": EXAMPLES,
            "deterministic": True,
            "no-shrink": os.environ.get("CONTRACT_NO_SHRINK") == "1",
            # Every input refuses a NUL character with a 400 (the bad-input rule, tested by
            # its own walk over every URL pattern): valid data is generated without one.
            "allow-x00": False,
            "mode": "all",
        },
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": FUZZ and os.environ.get("CONTRACT_COVERAGE") == "1"},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
        # A write whose input has the documented shape may still be refused by the domain with
        # a 400 and its reason (a state that does not allow it, a link's signature, a date in
        # the past): no schema can say that. A read with such input must not be refused.
        "operations": [
            {
                "include-method": ["POST", "PUT", "PATCH", "DELETE"],
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]
                    }
                },
            }
        ],
    }
)

# The portal as its WSGI server runs it (greentech.wsgi without its production start checks).
schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler(), config=CONFIG)

pytestmark = [pytest.mark.xdist_group("api-contract")]


def _collection(path: str) -> str:
    return path.removeprefix("/api/").split("/")[0]


@schema.hook
def before_generate_path_parameters(context, strategy):
    """Half the path parameters name real objects of the data (the rest are generated)."""
    path = context.operation.path
    collection = "me/" if path.startswith("/api/me/") else _collection(path)

    def with_known_values(generated):
        # A valid draw is a plain dict (or a value without mutations); an invalid one carries
        # the mutations it was made with, and stays as it is.
        if isinstance(generated, dict):
            parameters, wrap = generated, lambda known: {**generated, **known}
        elif generated is not None and generated.meta is None and generated.value:
            parameters = generated.value
            wrap = lambda known: generated.map_value(lambda value: {**value, **known})  # noqa: E731
        else:
            return st.just(generated)
        choices = {
            name: st.sampled_from(KNOWN_PATH_VALUES[(collection, name)])
            for name in parameters
            if KNOWN_PATH_VALUES.get((collection, name))
        }
        if not choices:
            return st.just(generated)
        return st.fixed_dictionaries(choices).map(wrap)

    return st.one_of(strategy, strategy.flatmap(with_known_values))


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
# The data fixture is shared on purpose: each example changes it, the savepoint undoes it.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_operation_keeps_the_schema(case, role, auth_headers):
    RUN["examples"] += 1
    RUN.setdefault("labels", set()).add(case.operation.label)
    RUN["operations"] = len(RUN["labels"])
    case.call_and_validate(headers=auth_headers(role), checks=None if FUZZ else CHECKS)
