"""Admin actions on applications and cohorts: they call the services and report refusals."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import UserFactory
from tests.training.factories import ApplicationFactory
from tests.training.helpers import confirmed, upcoming_cohort, waitlisted
from training.models import ApplicationStatus

pytestmark = pytest.mark.django_db

S = ApplicationStatus
APPLICATIONS = reverse("admin:training_application_changelist")
COHORTS = reverse("admin:training_cohort_changelist")


def run(client, url, action, objects):
    return client.post(
        url,
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )


def test_staff_accept_selected_applications(curator_client, curator):
    cohort = upcoming_cohort(requires_selection=True, capacity=1)
    first, second = (
        ApplicationFactory(cohort=cohort, status=S.PENDING_SELECTION) for _index in range(2)
    )

    response = run(curator_client, APPLICATIONS, "select_accept", [first, second])

    assert response.status_code == 200
    statuses = sorted(
        cohort.applications.values_list("status", "waitlist_position").order_by("status")
    )
    assert statuses == [(S.CONFIRMED, None), (S.WAITLISTED, 1)]
    assert first.transitions.get().by == curator


def test_a_refused_action_reports_the_reason(curator_client):
    application = ApplicationFactory(cohort=upcoming_cohort(), status=S.ATTENDED)

    response = run(curator_client, APPLICATIONS, "cancel", [application])

    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("An attended application cannot be cancelled." in text for text in texts)
    application.refresh_from_db()
    assert application.status == S.ATTENDED


def test_staff_cancel_and_the_waitlist_moves_up(curator_client):
    cohort = upcoming_cohort(capacity=1)
    leaving = confirmed(cohort)
    waiting = waitlisted(cohort, 1)

    run(curator_client, APPLICATIONS, "cancel", [leaving])

    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED


def test_staff_mark_attended(curator_client):
    application = confirmed(upcoming_cohort())
    run(curator_client, APPLICATIONS, "mark_attended", [application])
    application.refresh_from_db()
    assert application.status == S.ATTENDED


def test_staff_fill_a_cohort_from_its_waitlist(curator_client):
    cohort = upcoming_cohort(capacity=1)
    confirmed(cohort)
    waiting = waitlisted(cohort, 1)
    cohort.capacity = 2
    cohort.save()

    run(curator_client, COHORTS, "fill_from_waitlist", [cohort])

    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED


def test_staff_without_the_curator_role_get_no_actions(client):
    staff = UserFactory(is_staff=True)

    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_application", "change_application"])
    )
    client.force_login(staff)
    application = confirmed(upcoming_cohort())

    response = run(client, APPLICATIONS, "cancel", [application])

    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == S.CONFIRMED
