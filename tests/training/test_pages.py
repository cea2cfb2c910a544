"""Public training pages: programmes, cohorts with their curriculum, and calendar files."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from greentech.demo.loader import load_demo
from tests.factories import InstitutionFactory, PartnerFactory
from tests.training.factories import (
    ApplicationFactory,
    CohortFactory,
    ModuleFactory,
    ProgrammeFactory,
)
from training.models import ApplicationStatus, CohortStatus, Module

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def _upcoming(**extra):
    """An open cohort starting in a month, taking applications for two more weeks."""
    starts = timezone.localdate() + datetime.timedelta(days=30)
    values = {
        "starts_on": starts,
        "ends_on": starts + datetime.timedelta(days=13),
        "application_deadline": timezone.now() + datetime.timedelta(days=14),
        "status": CohortStatus.OPEN,
    }
    return CohortFactory(**{**values, **extra})


def _cohort_url(cohort):
    return reverse("training:cohort_detail", kwargs={"slug": cohort.slug})


# --- Programme list and detail ------------------------------------------------------------


def test_programme_list_shows_programmes_with_their_public_cohorts_and_places_left(client):
    programme = ProgrammeFactory(title="International Training Program on Low-Carbon Tech")
    open_cohort = _upcoming(programme=programme, title="Shanghai session", capacity=22)
    ApplicationFactory.create_batch(2, cohort=open_cohort, status=S.CONFIRMED)
    CohortFactory(programme=programme, title="Secret draft session", status=CohortStatus.DRAFT)

    response = client.get(reverse("training:programme_list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "International Training Program on Low-Carbon Tech" in html
    assert "Shanghai session" in html
    assert _cohort_url(open_cohort) in html
    assert "20 places left" in html
    assert "Secret draft session" not in html


def test_programme_detail_lists_the_public_cohorts_and_leaves_out_drafts(client):
    organiser = InstitutionFactory(name="Tongji University")
    programme = ProgrammeFactory(organiser=organiser, summary="Lectures and field visits.")
    cohort = _upcoming(programme=programme, title="Chengdu session")
    CohortFactory(programme=programme, title="Draft session", status=CohortStatus.DRAFT)

    response = client.get(reverse("training:programme_detail", kwargs={"slug": programme.slug}))

    html = response.content.decode()
    assert programme.title in html
    assert "Tongji University" in html
    assert "Lectures and field visits." in html
    assert _cohort_url(cohort) in html
    assert "Draft session" not in html


def test_an_unknown_programme_is_404(client):
    response = client.get(reverse("training:programme_detail", kwargs={"slug": "nothing-here"}))
    assert response.status_code == 404


# --- Cohort page ----------------------------------------------------------------------------


def test_cohort_page_shows_dates_place_language_places_left_and_deadline(client):
    deadline = timezone.now() + datetime.timedelta(days=10)
    cohort = _upcoming(
        title="Shanghai session 2027",
        city="Shanghai",
        venue="Tongji University Jiading campus",
        country="CN",
        capacity=22,
        max_per_country=2,
        language="en",
        application_deadline=deadline,
    )
    ApplicationFactory.create_batch(3, cohort=cohort, status=S.CONFIRMED)
    ApplicationFactory(cohort=cohort, status=S.ATTENDED)
    ApplicationFactory(cohort=cohort, status=S.WAITLISTED, waitlist_position=1)
    ApplicationFactory(cohort=cohort, status=S.CANCELLED)

    response = client.get(_cohort_url(cohort))

    html = response.content.decode()
    assert response.context["cohort"].places_left == 18
    assert 'data-places-left="18"' in html
    assert "18 places left of 22" in html
    assert "Shanghai session 2027" in html
    assert "Tongji University Jiading campus" in html
    assert "China" in html
    assert "English" in html
    assert "At most 2 participants per country" in html
    assert cohort.starts_on.strftime("%Y") in html
    assert "Applications are open until" in html


def test_open_cohort_has_an_apply_link_to_the_application_path(client):
    cohort = _upcoming()
    response = client.get(_cohort_url(cohort))
    assert response.context["window"].is_open
    assert f'href="/training/cohorts/{cohort.slug}/apply/"' in response.content.decode()


def test_after_the_deadline_the_page_says_closed_and_offers_no_apply_link(client):
    cohort = _upcoming(application_deadline=timezone.now() - datetime.timedelta(hours=1))
    response = client.get(_cohort_url(cohort))
    html = response.content.decode()
    assert response.context["window"].reason == "deadline_passed"
    assert "Applications are closed: the deadline" in html
    assert "/apply/" not in html


def test_without_a_deadline_applications_close_once_the_cohort_has_started(client):
    today = timezone.localdate()
    cohort = _upcoming(
        application_deadline=None,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=5),
    )
    html = client.get(_cohort_url(cohort)).content.decode()
    assert "Applications are closed: the session has started." in html
    assert "/apply/" not in html


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (CohortStatus.CANCELLED, "This session has been cancelled. Applications are closed."),
        (CohortStatus.CLOSED, "Applications are closed."),
    ],
)
def test_cancelled_and_closed_cohorts_say_so_and_offer_no_apply_link(client, status, message):
    cohort = _upcoming(status=status)
    html = client.get(_cohort_url(cohort)).content.decode()
    assert message in html
    assert "/apply/" not in html


def test_a_full_cohort_still_takes_applications_for_the_waiting_list(client):
    cohort = _upcoming(capacity=2)
    ApplicationFactory.create_batch(2, cohort=cohort, status=S.CONFIRMED)
    response = client.get(_cohort_url(cohort))
    html = response.content.decode()
    assert response.context["window"].reason == "full"
    assert "0 places left of 2" in html
    assert "All places are taken" in html
    assert "Apply for the waiting list" in html
    assert f"/training/cohorts/{cohort.slug}/apply/" in html


def test_a_draft_cohort_is_404_for_visitors_and_partners(client):
    cohort = _upcoming(status=CohortStatus.DRAFT)
    assert client.get(_cohort_url(cohort)).status_code == 404
    client.force_login(PartnerFactory())
    assert client.get(_cohort_url(cohort)).status_code == 404


def test_staff_preview_a_draft_cohort_which_takes_no_applications(curator_client):
    cohort = _upcoming(status=CohortStatus.DRAFT, title="Upcoming draft")
    response = curator_client.get(_cohort_url(cohort))
    html = response.content.decode()
    assert "Upcoming draft" in html
    assert "This session is a draft" in html
    assert "/apply/" not in html


def test_only_staff_see_the_link_to_the_staff_page(client, curator):
    cohort = _upcoming()
    staff_url = reverse("training:cohort_staff", kwargs={"slug": cohort.slug})
    assert staff_url not in client.get(_cohort_url(cohort)).content.decode()
    client.force_login(PartnerFactory())
    assert staff_url not in client.get(_cohort_url(cohort)).content.decode()
    client.force_login(curator)
    assert staff_url in client.get(_cohort_url(cohort)).content.decode()


def test_curriculum_is_grouped_by_day_in_time_order_with_kind_speaker_and_location(client):
    cohort = _upcoming()
    first_day, third_day = cohort.starts_on, cohort.starts_on + datetime.timedelta(days=2)
    visit = ModuleFactory(
        cohort=cohort,
        day=first_day,
        starts_at=datetime.time(14, 0),
        ends_at=datetime.time(17, 0),
        kind=Module.Kind.FIELD_VISIT,
        title="Visit to the Bailonggang wastewater plant",
        speaker="",
        location="Pudong",
    )
    lecture = ModuleFactory(
        cohort=cohort,
        day=first_day,
        starts_at=datetime.time(9, 0),
        ends_at=datetime.time(10, 30),
        kind=Module.Kind.LECTURE,
        title="Low-carbon city planning",
        speaker="Prof. Li Wei",
        location="Room A101",
    )
    exchange = ModuleFactory(
        cohort=cohort,
        day=third_day,
        kind=Module.Kind.CASE_EXCHANGE,
        title="Country cases: solar mini-grids",
        speaker="Participants",
    )

    response = client.get(_cohort_url(cohort))

    days = response.context["curriculum"]
    assert [(day.date, day.number) for day in days] == [(first_day, 1), (third_day, 3)]
    assert [module.pk for module in days[0].modules] == [lecture.pk, visit.pk]
    assert [module.pk for module in days[1].modules] == [exchange.pk]
    html = response.content.decode()
    assert html.index("Day 1") < html.index("Low-carbon city planning")
    assert html.index("Low-carbon city planning") < html.index("Bailonggang")
    assert html.index("Bailonggang") < html.index("Day 3") < html.index("solar mini-grids")
    for text in ("Lecture", "Field visit", "Case exchange", "Prof. Li Wei", "Room A101", "Pudong"):
        assert text in html
    assert "09:00\u201310:30" in html and "14:00\u201317:00" in html


def test_a_cohort_without_modules_says_the_curriculum_comes_later(client):
    html = client.get(_cohort_url(_upcoming())).content.decode()
    assert "The curriculum will be published soon." in html


# --- Calendar -------------------------------------------------------------------------------


def test_cohort_calendar_is_an_ics_attachment_with_the_cohort_dates(client, settings):
    settings.SITE_URL = "https://portal.example"
    cohort = _upcoming(title="Shanghai session, autumn", city="Shanghai", venue="Tongji")
    response = client.get(reverse("training:cohort_ics", kwargs={"slug": cohort.slug}))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{cohort.slug}.ics"'
    text = response.content.decode("utf-8")
    lines = text.replace("\r\n ", "").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert f"UID:training-cohort-{cohort.pk}@portal.example" in lines
    assert f"DTSTART;VALUE=DATE:{cohort.starts_on:%Y%m%d}" in lines
    end = cohort.ends_on + datetime.timedelta(days=1)
    assert f"DTEND;VALUE=DATE:{end:%Y%m%d}" in lines
    assert f"SUMMARY:{cohort.programme.title}: Shanghai session\\, autumn" in lines
    assert "LOCATION:Tongji\\, Shanghai\\, China" in lines
    assert f"URL:https://portal.example/training/cohorts/{cohort.slug}/" in lines


def test_the_calendar_of_a_draft_cohort_is_404(client):
    cohort = _upcoming(status=CohortStatus.DRAFT)
    response = client.get(reverse("training:cohort_ics", kwargs={"slug": cohort.slug}))
    assert response.status_code == 404


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_programme_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    for _ in range(count):
        programme = ProgrammeFactory()
        for _cohort in range(2):
            _upcoming(programme=programme)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("training:programme_list"))
    assert len(response.context["programmes"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_programme_detail_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    programme = ProgrammeFactory()
    for _ in range(count):
        _upcoming(programme=programme)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("training:programme_detail", args=[programme.slug]))
    assert len(response.context["programme"].public_cohorts) == count


@pytest.mark.parametrize("count", [1, 3])
def test_cohort_page_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    cohort = _upcoming()
    ModuleFactory.create_batch(count, cohort=cohort)
    with django_assert_max_num_queries(2):
        response = client.get(_cohort_url(cohort))
    assert sum(len(day.modules) for day in response.context["curriculum"]) == count


def test_the_demo_shanghai_cohort_page_shows_its_curriculum_and_is_closed(client):
    load_demo()
    response = client.get(
        reverse("training:cohort_detail", kwargs={"slug": "2025-shanghai-session"})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Shanghai session 2025" in html
    assert "Opening ceremony" in html and "Ceremony" in html
    assert not response.context["window"].is_open
    assert "/apply/" not in html


def test_chinese_readers_get_the_chinese_titles(client):
    cohort = _upcoming(title="Shanghai session", title_zh="上海班")
    cohort.programme.title_zh = "绿色低碳技术国际培训"
    cohort.programme.save()
    html = client.get(_cohort_url(cohort), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "上海班" in html
    assert "绿色低碳技术国际培训" in html
