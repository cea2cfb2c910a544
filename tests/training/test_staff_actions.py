"""Staff actions on a cohort: selection, attendance per day, marking attended, certificates,
cancellation. Curators only; every change goes through the services."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PartnerFactory
from tests.training.factories import (
    ApplicationFactory,
    AttendanceFactory,
    CertificateFactory,
    ModuleFactory,
)
from tests.training.helpers import confirmed, mails_to, upcoming_cohort, waitlisted
from training.models import Application, ApplicationStatus, Attendance, Certificate

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def url(name, cohort, **kwargs):
    return reverse(f"training:{name}", kwargs={"slug": cohort.slug, **kwargs})


def three_day_cohort(**kwargs):
    cohort = upcoming_cohort(**kwargs)
    for offset in range(3):
        ModuleFactory(cohort=cohort, day=cohort.starts_on + datetime.timedelta(days=offset))
    return cohort


def days_of(cohort):
    return [cohort.starts_on + datetime.timedelta(days=offset) for offset in range(3)]


def cell(application, day):
    return f"present_{application.pk}_{day:%Y%m%d}"


def pending_selection(cohort, **kwargs):
    return ApplicationFactory(cohort=cohort, status=S.PENDING_SELECTION, **kwargs)


def attended(cohort, **kwargs):
    return ApplicationFactory(cohort=cohort, status=S.ATTENDED, **kwargs)


def staff_pages(cohort, application):
    return [
        url("cohort_selection", cohort),
        url("cohort_attendance", cohort),
        url("cohort_certificates", cohort),
        url("cohort_cancel_application", cohort, pk=application.pk),
    ]


# --- Who may act ------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page_and_nothing_changes(client):
    cohort = upcoming_cohort(requires_selection=True)
    application = pending_selection(cohort)

    for page in [*staff_pages(cohort, application), url("cohort_attended", cohort)]:
        for response in (client.get(page), client.post(page, {})):
            assert response.status_code == 302, page
            assert response["Location"].startswith(reverse("accounts:login"))
    client.post(url("cohort_selection", cohort), {f"outcome_{application.pk}": "accept"})

    application.refresh_from_db()
    assert application.status == S.PENDING_SELECTION


def test_people_who_are_not_curators_are_refused(client):
    cohort = upcoming_cohort(requires_selection=True)
    application = pending_selection(cohort)
    client.force_login(PartnerFactory())

    for page in [*staff_pages(cohort, application), url("cohort_attended", cohort)]:
        assert client.post(page, {}).status_code == 403, page
        assert client.get(page).status_code in (403, 405), page
    client.post(
        url("cohort_cancel_application", cohort, pk=application.pk), {"note": "not allowed"}
    )

    application.refresh_from_db()
    assert application.status == S.PENDING_SELECTION


def test_a_staff_post_without_the_csrf_token_is_refused(curator):
    cohort = upcoming_cohort()
    placed = confirmed(cohort)
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)

    response = client.post(url("cohort_cancel_application", cohort, pk=placed.pk), {"note": ""})

    assert response.status_code == 403
    placed.refresh_from_db()
    assert placed.status == S.CONFIRMED


def test_an_application_of_another_cohort_is_404(curator_client):
    cohort = upcoming_cohort()
    other = confirmed(upcoming_cohort())

    response = curator_client.post(url("cohort_cancel_application", cohort, pk=other.pk))

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == S.CONFIRMED


def test_the_staff_page_links_to_the_actions_and_to_cancelling_each_active_application(
    curator_client,
):
    cohort = upcoming_cohort(requires_selection=True)
    active = confirmed(cohort)
    cancelled = ApplicationFactory(cohort=cohort, status=S.CANCELLED)

    html = curator_client.get(url("cohort_staff", cohort)).content.decode()

    assert url("cohort_selection", cohort) in html
    assert url("cohort_attendance", cohort) in html
    assert url("cohort_certificates", cohort) in html
    assert url("cohort_cancel_application", cohort, pk=active.pk) in html
    assert url("cohort_cancel_application", cohort, pk=cancelled.pk) not in html


# --- Selection --------------------------------------------------------------------------------


def test_selection_accepts_waitlists_and_declines_in_one_post(curator_client, curator):
    cohort = upcoming_cohort(capacity=5, requires_selection=True)
    accepted, kept_waiting, declined, undecided = (pending_selection(cohort) for _i in range(4))

    response = curator_client.post(
        url("cohort_selection", cohort),
        {
            f"outcome_{accepted.pk}": "accept",
            f"outcome_{kept_waiting.pk}": "waitlist",
            f"outcome_{declined.pk}": "decline",
            f"outcome_{undecided.pk}": "",
            "note": "Committee of 3 May",
        },
        follow=True,
    )

    for application in (accepted, kept_waiting, declined, undecided):
        application.refresh_from_db()
    assert accepted.status == S.CONFIRMED
    assert (kept_waiting.status, kept_waiting.waitlist_position) == (S.WAITLISTED, 1)
    assert declined.status == S.DECLINED
    assert undecided.status == S.PENDING_SELECTION
    assert "3 decisions saved." in response.content.decode()
    log = accepted.transitions.get(to_status=S.CONFIRMED)
    assert (log.by, log.note) == (curator, "Committee of 3 May")
    assert mails_to(declined.email, "training_declined")


def test_an_acceptance_without_a_free_place_goes_to_the_waitlist_and_staff_are_told(
    curator_client,
):
    cohort = upcoming_cohort(capacity=1, requires_selection=True)
    confirmed(cohort)
    application = pending_selection(cohort, first_name="Ravi", last_name="Kumar")

    response = curator_client.post(
        url("cohort_selection", cohort), {f"outcome_{application.pk}": "accept"}, follow=True
    )

    application.refresh_from_db()
    assert (application.status, application.waitlist_position) == (S.WAITLISTED, 1)
    assert "Ravi Kumar was accepted but no place was free" in response.content.decode()


def test_a_selection_without_any_decision_is_a_form_error(curator_client):
    cohort = upcoming_cohort(requires_selection=True)
    application = pending_selection(cohort)

    response = curator_client.post(
        url("cohort_selection", cohort), {f"outcome_{application.pk}": ""}
    )

    assert response.status_code == 200
    assert "Choose a decision for at least one application." in response.content.decode()


def test_an_unknown_decision_is_a_field_error_not_a_500(curator_client):
    cohort = upcoming_cohort(requires_selection=True)
    application = pending_selection(cohort)

    response = curator_client.post(
        url("cohort_selection", cohort), {f"outcome_{application.pk}": "promote-twice"}
    )

    assert response.status_code == 200
    assert f"outcome_{application.pk}" in response.context["form"].errors
    application.refresh_from_db()
    assert application.status == S.PENDING_SELECTION


def test_the_selection_page_lists_only_applications_pending_selection(curator_client):
    cohort = upcoming_cohort(requires_selection=True, max_per_country=2)
    pending = pending_selection(cohort, first_name="Waiting", country="KE")
    confirmed(cohort, first_name="Placed", country="KE")

    response = curator_client.get(url("cohort_selection", cohort))

    assert [a.pk for a in response.context["form"].applications] == [pending.pk]
    assert response.context["form"].applications[0].country_places == 1
    assert f'name="outcome_{pending.pk}"' in response.content.decode()


# --- Attendance -------------------------------------------------------------------------------


def test_the_attendance_grid_has_a_checkbox_per_participant_and_day(curator_client):
    cohort = three_day_cohort()
    participant = confirmed(cohort)
    ApplicationFactory(cohort=cohort, status=S.WAITLISTED, waitlist_position=1)
    AttendanceFactory(application=participant, day=cohort.starts_on, present=True)

    response = curator_client.get(url("cohort_attendance", cohort))

    html = response.content.decode()
    form = response.context["form"]
    assert [a.pk for a in form.applications] == [participant.pk]
    assert form.days == days_of(cohort)
    for day in days_of(cohort):
        assert f'name="{cell(participant, day)}"' in html
    assert form[cell(participant, cohort.starts_on)].initial is True


def test_ticking_every_day_saves_the_records_and_makes_the_application_attended(
    curator_client, curator
):
    cohort = three_day_cohort()
    everywhere, once = confirmed(cohort), confirmed(cohort)
    data = {cell(everywhere, day): "on" for day in days_of(cohort)}
    data[cell(once, cohort.starts_on)] = "on"

    response = curator_client.post(url("cohort_attendance", cohort), data, follow=True)

    everywhere.refresh_from_db()
    once.refresh_from_db()
    assert everywhere.status == S.ATTENDED
    assert everywhere.transitions.get(to_status=S.ATTENDED).by == curator
    assert once.status == S.CONFIRMED
    assert Attendance.objects.filter(application=everywhere, present=True).count() == 3
    assert list(Attendance.objects.filter(application=once).values_list("day", flat=True)) == [
        cohort.starts_on
    ]
    assert "Attendance saved (4 changes)." in response.content.decode()


def test_unticking_a_recorded_day_records_an_absence_and_untouched_cells_write_nothing(
    curator_client,
):
    cohort = three_day_cohort()
    participant = confirmed(cohort)
    AttendanceFactory(application=participant, day=cohort.starts_on, present=True)

    curator_client.post(url("cohort_attendance", cohort), {})

    record = Attendance.objects.get(application=participant)
    assert (record.day, record.present) == (cohort.starts_on, False)


def test_marking_attended_without_day_records(curator_client):
    cohort = three_day_cohort()
    chosen, other = confirmed(cohort), confirmed(cohort)

    response = curator_client.post(
        url("cohort_attended", cohort), {"attended-applications": [chosen.pk]}, follow=True
    )

    chosen.refresh_from_db()
    other.refresh_from_db()
    assert chosen.status == S.ATTENDED
    assert other.status == S.CONFIRMED
    assert response.redirect_chain[-1][0] == url("cohort_attendance", cohort)
    assert "1 participant marked as attended." in response.content.decode()


def test_marking_attended_with_nobody_ticked_says_so(curator_client):
    cohort = three_day_cohort()
    confirmed(cohort)

    response = curator_client.post(url("cohort_attended", cohort), {}, follow=True)

    assert "Tick at least one participant." in response.content.decode()


# --- Certificates -----------------------------------------------------------------------------


def test_certificates_are_issued_for_the_ticked_attended_applications_and_e_mailed(
    curator_client, django_capture_on_commit_callbacks, mailoutbox
):
    cohort = upcoming_cohort()
    attended = ApplicationFactory(cohort=cohort, status=S.ATTENDED, email="att@example.org")
    not_ticked = ApplicationFactory(cohort=cohort, status=S.ATTENDED)

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            url("cohort_certificates", cohort), {"applications": [attended.pk]}, follow=True
        )

    certificate = Certificate.objects.get(application=attended)
    assert certificate.file.name.endswith(".pdf")
    assert not Certificate.objects.filter(application=not_ticked).exists()
    html = response.content.decode()
    assert "1 certificate issued" in html
    assert certificate.code in html
    [mail] = mailoutbox
    assert mail.to == ["att@example.org"]
    assert certificate.code in mail.body


def test_a_certificate_cannot_be_issued_for_someone_who_did_not_attend(curator_client):
    cohort = upcoming_cohort()
    participant = confirmed(cohort)

    response = curator_client.post(
        url("cohort_certificates", cohort), {"applications": [participant.pk]}
    )

    assert response.status_code == 200
    assert "applications" in response.context["form"].errors
    assert not Certificate.objects.exists()


def test_the_certificates_page_offers_only_attended_applications_without_one(curator_client):
    cohort = upcoming_cohort()
    waiting = ApplicationFactory(cohort=cohort, status=S.ATTENDED)
    done = CertificateFactory(application__cohort=cohort)
    confirmed(cohort)

    response = curator_client.get(url("cohort_certificates", cohort))

    offered = list(response.context["form"].fields["applications"].queryset)
    assert offered == [waiting]
    assert done.code in response.content.decode()


# --- Cancellation by staff ----------------------------------------------------------------


def test_staff_cancel_asks_first_then_cancels_and_the_waitlist_moves_up(
    curator_client, curator, django_capture_on_commit_callbacks, mailoutbox
):
    cohort = upcoming_cohort(capacity=1)
    placed = confirmed(cohort, email="placed@example.org")
    waiting = waitlisted(cohort, 1, email="waiting@example.org")
    page = url("cohort_cancel_application", cohort, pk=placed.pk)

    asked = curator_client.get(page)
    placed.refresh_from_db()
    assert placed.status == S.CONFIRMED
    assert "Cancel this application" in asked.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(page, {"note": "Visa refused"}, follow=True)

    placed.refresh_from_db()
    waiting.refresh_from_db()
    assert placed.status == S.CANCELLED
    assert placed.transitions.get(to_status=S.CANCELLED).note == "Visa refused"
    assert placed.transitions.get(to_status=S.CANCELLED).by == curator
    assert waiting.status == S.CONFIRMED
    assert response.redirect_chain[-1][0] == url("cohort_staff", cohort)
    assert f"The application of {placed.full_name} is cancelled." in response.content.decode()
    assert {mail.to[0] for mail in mailoutbox} == {"placed@example.org", "waiting@example.org"}


def test_an_attended_application_cannot_be_cancelled_by_staff(curator_client):
    cohort = upcoming_cohort()
    attended = ApplicationFactory(cohort=cohort, status=S.ATTENDED)
    page = url("cohort_cancel_application", cohort, pk=attended.pk)

    asked = curator_client.get(page)
    response = curator_client.post(page, {"note": ""})

    assert "it cannot be cancelled" in asked.content.decode()
    assert "An attended application cannot be cancelled." in response.content.decode()
    attended.refresh_from_db()
    assert attended.status == S.ATTENDED


def test_a_huge_note_is_a_field_error(curator_client):
    cohort = upcoming_cohort()
    placed = confirmed(cohort)

    response = curator_client.post(
        url("cohort_cancel_application", cohort, pk=placed.pk), {"note": "x" * 5000}
    )

    assert "note" in response.context["form"].errors
    placed.refresh_from_db()
    assert placed.status == S.CONFIRMED


# --- Query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("name", "make", "queries"),
    [
        ("cohort_selection", pending_selection, 6),
        ("cohort_attendance", confirmed, 9),
        ("cohort_certificates", attended, 7),
        ("cohort_staff", confirmed, 5),
    ],
)
def test_staff_pages_query_count_does_not_grow(
    curator_client, django_assert_max_num_queries, count, name, make, queries
):
    cohort = three_day_cohort(requires_selection=True)
    for _index in range(count):
        application = make(cohort)
        AttendanceFactory(application=application, day=cohort.starts_on, present=False)
    CertificateFactory(application__cohort=cohort)

    with django_assert_max_num_queries(queries):
        response = curator_client.get(url(name, cohort))

    assert response.status_code == 200
    assert Application.objects.filter(cohort=cohort).count() == count + 1
