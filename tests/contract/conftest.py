"""The API contract's fixtures: demo-like data, the roles' credentials, the counts of a run.

The data is built once per module inside a transaction that is rolled back at the end (each
test runs in a savepoint inside it, as the `db` fixture makes), so a test sees the demo data,
changes it, and the next test sees it again as built. The contract tests run on one xdist
process of their own (`xdist_group`), so they never share a database with other tests' data.
"""

import datetime as dt
import re
from collections import Counter

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.utils import timezone

from centres.models import Alliance, Centre, Institution
from forums.models import ForumEvent, Registration
from forums.signing import make_manage_token as registration_manage_token
from greentech.accounts.models import User
from greentech.apitokens.rules import scopes_for
from greentech.apitokens.services import api_token_create
from greentech.demo.loader import SAMPLE_EXPERT_EMAILS, SAMPLE_PARTNER_EMAIL, load_demo
from labs.models import JointLab, LabOutput
from technologies import services
from technologies.models import (
    ApplicationCase,
    Attachment,
    CollectionCall,
    ReviewAssignment,
    Technology,
    TechnologyNeed,
    TransferCase,
)
from tests.factories import StaffCuratorFactory
from tests.technologies.builders import complete_draft, open_call
from training.models import Application, Cohort, Programme
from training.signing import make_manage_token as application_manage_token

ROLES = ("anonymous", "partner", "expert", "curator")

# Real values for path parameters, by (first segment of the path after /api/, parameter):
# generated values alone would nearly always name nothing (a 404).
KNOWN_PATH_VALUES: dict[tuple[str, str], list] = {}

# What the run did, printed at the end (see `pytest_terminal_summary`).
RUN = Counter()
FAILED_OPERATIONS: set[str] = set()
FAILURE_KINDS = Counter()


def _build_workflow(partner: User, expert: User, curator: User) -> None:
    """Declarations of the partner's institution in several states, one assigned to the
    expert, so that the workflow operations find real objects."""
    call = open_call(criteria=2)
    complete_draft(call=call, partner=partner, name="Contract draft")
    submitted = complete_draft(call=call, partner=partner, name="Contract submitted")
    services.technology_submit(technology=submitted, by=partner)
    reviewed = complete_draft(call=call, partner=partner, name="Contract under review")
    reviewed = services.technology_submit(technology=reviewed, by=partner)
    reviewed = services.technology_screen_accept(technology=reviewed, by=curator)
    expert.expert_profile.green_areas.add(reviewed.green_area)
    services.assignment_create(
        technology=reviewed,
        expert=expert,
        due_on=timezone.localdate() + dt.timedelta(days=14),
        by=curator,
    )


def _slugs(model, queryset=None, limit=6) -> list[str]:
    queryset = queryset if queryset is not None else model.objects.all()
    return list(queryset.order_by("pk").values_list("slug", flat=True)[:limit])


def _ids(queryset, limit=6) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True)[:limit])


def _known_path_values() -> dict[tuple[str, str], list]:
    applications = list(Application.objects.order_by("pk")[:3])
    registrations = list(Registration.objects.order_by("pk")[:3])
    return {
        ("institutions", "slug"): _slugs(Institution),
        ("centres", "slug"): _slugs(Centre),
        ("alliances", "slug"): _slugs(Alliance),
        ("labs", "slug"): _slugs(JointLab),
        ("lab-outputs", "id"): _ids(LabOutput.objects.all()),
        ("technologies", "slug"): _slugs(Technology, Technology.objects.filter(status="accepted")),
        ("collection-calls", "slug"): _slugs(CollectionCall),
        ("transfer-cases", "slug"): _slugs(TransferCase),
        ("technology-needs", "slug"): _slugs(TechnologyNeed),
        ("countries", "code"): ["CN", "TH", "KE", "pk", "ZZ"],
        ("programmes", "slug"): _slugs(Programme),
        ("cohorts", "slug"): _slugs(Cohort),
        ("forum-events", "slug"): _slugs(ForumEvent),
        ("applications", "id"): [a.pk for a in applications],
        ("applications", "token"): [application_manage_token(a) for a in applications],
        ("forum-registrations", "id"): [r.pk for r in registrations],
        ("forum-registrations", "token"): [registration_manage_token(r) for r in registrations],
        ("submissions", "id"): _ids(Technology.objects.all(), limit=20),
        ("submissions", "case_id"): _ids(ApplicationCase.objects.all()),
        ("submissions", "attachment_id"): _ids(Attachment.objects.all()),
        ("review-assignments", "id"): _ids(ReviewAssignment.objects.all()),
    }


@pytest.fixture(scope="module")
def contract_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, sample accounts and declarations in the workflow's states, and an API
    token per role (the secrets, by role); rolled back when the module is done."""
    media = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("contract-media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    media.enable()
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        load_demo()
        users = {
            "partner": User.objects.get(email=SAMPLE_PARTNER_EMAIL),
            "expert": User.objects.get(email=SAMPLE_EXPERT_EMAILS[0]),
            "curator": StaffCuratorFactory(email="contract-curator@example.org"),
        }
        _build_workflow(users["partner"], users["expert"], users["curator"])
        KNOWN_PATH_VALUES.update(_known_path_values())
        tokens = {
            role: api_token_create(user=user, name="API contract", scopes=scopes_for(user)).secret
            for role, user in users.items()
        }
    yield tokens
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    media.disable()
    KNOWN_PATH_VALUES.clear()


@pytest.fixture(scope="module", autouse=True)
def connection_kept_between_requests():
    """The WSGI handler closes the database connection after each request (as a server
    should); the test's transaction lives on that connection, so keep it, as Django's test
    client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(contract_data, db):
    """The headers that authenticate a request as a role (none for "anonymous"): a personal
    API token of the role's user with every scope the role allows, as a machine client sends
    it."""

    def headers_for(role: str) -> dict[str, str]:
        if role == "anonymous":
            return {}
        return {"Authorization": f"Bearer {contract_data[role]}"}

    return headers_for


def pytest_runtest_logreport(report):
    if report.failed and "test_api_contract" in report.nodeid:
        FAILED_OPERATIONS.add(report.nodeid.split("::", 1)[1])
        # schemathesis names each failure "- ST<number> <title>" in its report.
        for kind in set(re.findall(r"- (ST\d+ [^\n]+)", report.longreprtext)):
            FAILURE_KINDS[kind.strip()] += 1


def pytest_terminal_summary(terminalreporter):
    if not RUN["examples"]:
        return
    terminalreporter.write_sep("-", "API contract")
    terminalreporter.write_line(
        f"operations: {RUN['operations']}  examples: {RUN['examples']}  "
        f"failures: {len(FAILED_OPERATIONS)}"
    )
    for kind, count in FAILURE_KINDS.most_common():
        terminalreporter.write_line(f"  {kind}: {count} operation(s) x role(s)")
    for label in sorted(FAILED_OPERATIONS):
        terminalreporter.write_line(f"  failed: {label}")
