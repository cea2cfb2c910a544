"""Capacity under real concurrency, on PostgreSQL.

Forty threads, each with its own database connection, confirm forty different applications to a
cohort of twenty places at the same moment (a barrier releases them together). The row lock
on the cohort (`SELECT ... FOR UPDATE` in `greentech.core.registrations.lock_parent`) makes the
confirmations run one after the other: exactly twenty get a place and twenty are waitlisted
1..20, in the order they got the lock. A control run switches the lock off
(`REGISTRATION_LOCKING = False`, a test-only setting) and shows that the same load overbooks,
so the test can see the failure it guards against.

Connections: the settings give each process a psycopg pool of DATABASE_POOL_MAX (default 10)
connections; forty threads holding a transaction each would wait on that pool, and the
confirmations would no longer be simultaneous. The `one_connection_per_thread` fixture closes
the pool and re-creates it for the duration of the test with room for every thread (a Django
connection per thread, all from one pool sized THREADS + a margin). Without the pool
(DATABASE_POOL=false) each thread opens its own connection anyway. PostgreSQL's
max_connections (100 by default) must leave room for THREADS connections per test process.

The figures (how many confirmed, waitlisted, how long it took) are printed and attached to the
test report as user properties: `pytest -s` (without -n) or `-rP` shows them.

Without PostgreSQL these tests are skipped (SQLite has no row locks and one writer at a time),
except under CI (CI=true) where that is a failure.
"""

import os
import threading
import time
from collections import Counter

import pytest
from celery import _state as celery_state
from django.db import connection, connections

from forums import services as forum_services
from forums.models import Registration, RegistrationStatus
from greentech.notifications.models import Notification
from tests.forums.factories import RegistrationFactory
from tests.forums.helpers import upcoming_event
from tests.training.factories import ApplicationFactory
from tests.training.helpers import upcoming_cohort
from training import services
from training.exceptions import AlreadyRegistered
from training.models import Application, ApplicationStatus, ApplicationTransition

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Many connections per test: keep these tests on one xdist process, one after the other.
    pytest.mark.xdist_group("capacity-concurrency"),
]

THREADS = 40
CAPACITY = 20
CONTROL_ATTEMPTS = 5
S = ApplicationStatus


@pytest.fixture
def postgresql(transactional_db):
    if connection.vendor != "postgresql":
        reason = (
            "The concurrency tests need PostgreSQL (set DATABASE_URL): "
            f"{connection.vendor} has no row locks"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: they must run)", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def one_connection_per_thread(postgresql):
    """Re-create the process's connection pool with room for one connection per thread, then
    restore the configured pool."""
    options = connection.settings_dict.setdefault("OPTIONS", {})
    configured = options.get("pool")
    if not configured:
        yield  # no pool: every thread opens its own connection
        return
    connections.close_all()
    connection.close_pool()
    base = configured if isinstance(configured, dict) else {}
    options["pool"] = {**base, "min_size": 1, "max_size": THREADS + 5, "timeout": 60}
    try:
        yield
    finally:
        connections.close_all()
        connection.close_pool()
        options["pool"] = configured


def run_at_once(work, arguments):
    """Run `work(argument)` in one thread per argument, each on its own connection, released
    together by a barrier once every thread is connected. Returns (results, seconds) where a
    result is the return value or the exception raised."""
    barrier = threading.Barrier(len(arguments))
    results = [None] * len(arguments)
    released = []

    def worker(index, argument):
        try:
            connections["default"].ensure_connection()
            if barrier.wait(timeout=60) == 0:
                released.append(time.perf_counter())
            results[index] = work(argument)
        except Exception as exc:  # reported to the test, which fails on it
            results[index] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(index, argument), daemon=True)
        for index, argument in enumerate(arguments)
    ]
    join_will_block = celery_state.task_join_will_block()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # The threads send their e-mails through eager Celery tasks. Celery's eager `Task.apply`
    # sets a process-wide "inside a task" flag and restores the value it found, so tasks ending
    # in another order than they started can leave it set, and every later `.get()` in this
    # process would refuse to block. Put back the value from before the threads.
    celery_state._set_task_join_will_block(join_will_block)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results, time.perf_counter() - released[0]


def report(record_property, name, **figures):
    line = ", ".join(f"{key}={value}" for key, value in figures.items())
    print(f"\n[{name}] {line}", flush=True)
    for key, value in figures.items():
        record_property(f"{name}.{key}", value)


def confirm_all_at_once(cohort, count=THREADS, **application_fields):
    applications = [
        ApplicationFactory(cohort=cohort, status=S.PENDING_CONFIRMATION, **application_fields)
        for _index in range(count)
    ]
    results, seconds = run_at_once(
        lambda application: services.application_confirm(application=application), applications
    )
    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == [], errors
    return applications, seconds


def test_forty_simultaneous_confirmations_fill_twenty_places_and_waitlist_the_rest(
    one_connection_per_thread, record_property
):
    cohort = upcoming_cohort(capacity=CAPACITY)

    applications, seconds = confirm_all_at_once(cohort)

    rows = Application.objects.filter(cohort=cohort)
    statuses = Counter(rows.values_list("status", flat=True))
    positions = sorted(rows.filter(status=S.WAITLISTED).values_list("waitlist_position", flat=True))
    report(
        record_property,
        "locked",
        threads=THREADS,
        capacity=CAPACITY,
        confirmed=statuses[S.CONFIRMED],
        waitlisted=statuses[S.WAITLISTED],
        seconds=round(seconds, 3),
    )
    assert statuses == {S.CONFIRMED: CAPACITY, S.WAITLISTED: THREADS - CAPACITY}
    assert positions == list(range(1, THREADS - CAPACITY + 1))  # no gap, no duplicate
    # Every application changed state exactly once: nobody confirmed twice or both ways.
    logs = ApplicationTransition.objects.filter(application__cohort=cohort).order_by("pk")
    assert Counter(logs.values_list("application_id", flat=True)) == Counter(
        {application.pk: 1 for application in applications}
    )
    # The order is consistent: the places went to the first twenty to get the lock, the
    # waitlist follows the order of the rest.
    order = list(logs.values_list("to_status", "application__waitlist_position"))
    assert [status for status, _position in order] == [S.CONFIRMED] * CAPACITY + [S.WAITLISTED] * (
        THREADS - CAPACITY
    )
    assert [position for _status, position in order[CAPACITY:]] == positions
    # Each person got exactly one e-mail about the outcome.
    outcomes = Counter(
        Notification.objects.filter(
            recipient__in=[application.email for application in applications]
        ).values_list("recipient", flat=True)
    )
    assert set(outcomes.values()) == {1}


def test_control_without_the_lock_the_same_load_overbooks(
    one_connection_per_thread, record_property, settings
):
    """REGISTRATION_LOCKING=False (test-only) leaves out the row lock: the place count and the
    write are separate statements with nothing in between to stop the others, and several
    threads see the same free place. Up to CONTROL_ATTEMPTS runs; one overbooking is enough."""
    settings.REGISTRATION_LOCKING = False
    runs = []
    for _attempt in range(CONTROL_ATTEMPTS):
        cohort = upcoming_cohort(capacity=CAPACITY)
        _applications, seconds = confirm_all_at_once(cohort)
        confirmed = Application.objects.filter(cohort=cohort, status=S.CONFIRMED).count()
        runs.append((confirmed, round(seconds, 3)))
        if confirmed > CAPACITY:
            break
    report(
        record_property,
        "unlocked-control",
        threads=THREADS,
        capacity=CAPACITY,
        runs=len(runs),
        confirmed_per_run=[confirmed for confirmed, _seconds in runs],
        seconds_per_run=[seconds for _confirmed, seconds in runs],
    )
    assert max(confirmed for confirmed, _seconds in runs) > CAPACITY


def test_the_country_cap_holds_under_simultaneous_confirmations(
    one_connection_per_thread, record_property
):
    cohort = upcoming_cohort(capacity=10, max_per_country=3)
    applications = []
    for country in ("KE", "NG", "GH"):
        applications += [
            ApplicationFactory(cohort=cohort, status=S.PENDING_CONFIRMATION, country=country)
            for _index in range(8)
        ]

    results, seconds = run_at_once(
        lambda application: services.application_confirm(application=application), applications
    )

    assert [result for result in results if isinstance(result, Exception)] == []
    rows = Application.objects.filter(cohort=cohort)
    per_country = Counter(rows.filter(status=S.CONFIRMED).values_list("country", flat=True))
    positions = sorted(rows.filter(status=S.WAITLISTED).values_list("waitlist_position", flat=True))
    report(
        record_property,
        "country-cap",
        threads=len(applications),
        capacity=10,
        max_per_country=3,
        confirmed=dict(per_country),
        waitlisted=len(positions),
        seconds=round(seconds, 3),
    )
    assert per_country == {"KE": 3, "NG": 3, "GH": 3}
    assert positions == list(range(1, 16))


def test_simultaneous_cancellations_and_confirmations_never_overbook(
    one_connection_per_thread, record_property
):
    """Ten confirmed people cancel while ten new people confirm: every freed place goes to the
    waitlist first, the cohort stays at its capacity and the waitlist stays numbered 1..n."""
    cohort = upcoming_cohort(capacity=CAPACITY)
    leaving = [ApplicationFactory(cohort=cohort, status=S.CONFIRMED) for _index in range(10)]
    for _index in range(CAPACITY - 10):
        ApplicationFactory(cohort=cohort, status=S.CONFIRMED)
    waiting = [
        ApplicationFactory(cohort=cohort, status=S.WAITLISTED, waitlist_position=position)
        for position in range(1, 6)
    ]
    arriving = [
        ApplicationFactory(cohort=cohort, status=S.PENDING_CONFIRMATION) for _index in range(10)
    ]

    def act(item):
        action, application = item
        if action == "cancel":
            return services.application_cancel(application=application)
        return services.application_confirm(application=application)

    results, seconds = run_at_once(
        act, [("cancel", a) for a in leaving] + [("confirm", a) for a in arriving]
    )

    assert [result for result in results if isinstance(result, Exception)] == []
    rows = Application.objects.filter(cohort=cohort)
    statuses = Counter(rows.values_list("status", flat=True))
    positions = sorted(rows.filter(status=S.WAITLISTED).values_list("waitlist_position", flat=True))
    report(
        record_property,
        "cancel-and-confirm",
        threads=20,
        confirmed=statuses[S.CONFIRMED],
        waitlisted=statuses[S.WAITLISTED],
        cancelled=statuses[S.CANCELLED],
        seconds=round(seconds, 3),
    )
    assert statuses == {S.CONFIRMED: CAPACITY, S.CANCELLED: 10, S.WAITLISTED: 5}
    assert positions == [1, 2, 3, 4, 5]
    # The five who were waiting got places before any newcomer.
    assert set(rows.filter(pk__in=[a.pk for a in waiting]).values_list("status", flat=True)) == {
        S.CONFIRMED
    }


def test_simultaneous_applications_with_one_address_make_one_application(
    one_connection_per_thread,
):
    cohort = upcoming_cohort()

    def submit(index):
        return services.application_submit(
            cohort=cohort,
            first_name="Amina",
            last_name=f"Diallo {index}",
            email="Amina@Example.org" if index % 2 else "amina@example.org",
            country="SN",
            consent_to_data_use=True,
        )

    results, _seconds = run_at_once(submit, list(range(10)))

    refused = [result for result in results if isinstance(result, AlreadyRegistered)]
    created = [result for result in results if isinstance(result, Application)]
    assert (len(created), len(refused)) == (1, 9), results
    assert Application.objects.filter(cohort=cohort).count() == 1
    assert {error.existing.pk for error in refused} == {created[0].pk}


def test_forum_event_capacity_holds_under_simultaneous_confirmations(
    one_connection_per_thread, record_property
):
    event = upcoming_event(capacity=CAPACITY)
    registrations = [
        RegistrationFactory(event=event, status=RegistrationStatus.PENDING_CONFIRMATION)
        for _index in range(THREADS)
    ]

    results, seconds = run_at_once(
        lambda registration: forum_services.registration_confirm(registration=registration),
        registrations,
    )

    assert [result for result in results if isinstance(result, Exception)] == []
    rows = Registration.objects.filter(event=event)
    statuses = Counter(rows.values_list("status", flat=True))
    positions = sorted(
        rows.filter(status=RegistrationStatus.WAITLISTED).values_list(
            "waitlist_position", flat=True
        )
    )
    report(
        record_property,
        "forum-locked",
        threads=THREADS,
        capacity=CAPACITY,
        confirmed=statuses[RegistrationStatus.CONFIRMED],
        waitlisted=statuses[RegistrationStatus.WAITLISTED],
        seconds=round(seconds, 3),
    )
    assert statuses == {
        RegistrationStatus.CONFIRMED: CAPACITY,
        RegistrationStatus.WAITLISTED: THREADS - CAPACITY,
    }
    assert positions == list(range(1, THREADS - CAPACITY + 1))
