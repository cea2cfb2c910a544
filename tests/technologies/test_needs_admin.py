"""The admin of needs and matches: an inline of decisions on the need, a list of matches with
filters; every decision saved through the matching services."""

import pytest
from django.urls import reverse

from technologies.models import NeedMatch, NeedMatchStatus, TechnologyStatus
from tests.factories import UserFactory
from tests.technologies.factories import (
    PublishedTechnologyFactory,
    TechnologyFactory,
    TechnologyNeedFactory,
)

pytestmark = pytest.mark.django_db

INLINE = "matches"


def need_form(need, rows, *, initial=0):
    data = {
        "title": need.title,
        "title_zh": need.title_zh,
        "slug": need.slug,
        "country": need.country.code,
        "green_area": need.green_area_id,
        "description": need.description,
        "stated_on": need.stated_on.isoformat(),
        "is_published": "on",
        f"{INLINE}-TOTAL_FORMS": str(len(rows)),
        f"{INLINE}-INITIAL_FORMS": str(initial),
        f"{INLINE}-MIN_NUM_FORMS": "0",
        f"{INLINE}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{INLINE}-{index}-{key}": value for key, value in row.items()})
    return data


def test_the_need_page_in_the_admin_shows_its_decisions(curator_client, curator):
    need = TechnologyNeedFactory()
    NeedMatch.objects.create(
        need=need,
        technology=PublishedTechnologyFactory(name="Reed bed"),
        status=NeedMatchStatus.CONFIRMED,
        decided_by=curator,
    )

    response = curator_client.get(
        reverse("admin:technologies_technologyneed_change", args=[need.pk])
    )

    assert response.status_code == 200
    assert "Reed bed" in response.content.decode()


def test_a_match_added_in_the_inline_records_the_curator(curator_client, curator):
    need = TechnologyNeedFactory()
    technology = PublishedTechnologyFactory()

    response = curator_client.post(
        reverse("admin:technologies_technologyneed_change", args=[need.pk]),
        need_form(need, [{"technology": technology.pk, "status": "confirmed", "note": "Fits"}]),
    )

    assert response.status_code == 302
    match = NeedMatch.objects.get()
    assert (match.technology, match.status, match.decided_by) == (technology, "confirmed", curator)


def test_confirming_a_technology_outside_the_pool_in_the_inline_is_a_form_error(curator_client):
    need = TechnologyNeedFactory()
    draft = TechnologyFactory(status=TechnologyStatus.UNDER_REVIEW)

    response = curator_client.post(
        reverse("admin:technologies_technologyneed_change", args=[need.pk]),
        need_form(need, [{"technology": draft.pk, "status": "confirmed", "note": ""}]),
    )

    assert response.status_code == 200
    assert "Only technologies published in the pool can answer a need." in (
        response.content.decode()
    )
    assert not NeedMatch.objects.exists()


def test_the_match_list_filters_by_status_and_country(curator_client):
    technology = PublishedTechnologyFactory()
    NeedMatch.objects.create(
        need=TechnologyNeedFactory(title="Thai need", country="TH"),
        technology=technology,
        status=NeedMatchStatus.CONFIRMED,
    )
    NeedMatch.objects.create(
        need=TechnologyNeedFactory(title="Kenyan need", country="KE"),
        technology=technology,
        status=NeedMatchStatus.DISMISSED,
    )
    url = reverse("admin:technologies_needmatch_changelist")

    confirmed = curator_client.get(url, {"status__exact": "confirmed"})
    kenyan = curator_client.get(url, {"need__country": "KE"})

    assert [m.need.title for m in confirmed.context["cl"].result_list] == ["Thai need"]
    assert [m.need.title for m in kenyan.context["cl"].result_list] == ["Kenyan need"]


def test_adding_a_match_in_its_own_admin_goes_through_the_service(curator_client, curator):
    need = TechnologyNeedFactory()
    technology = PublishedTechnologyFactory()

    response = curator_client.post(
        reverse("admin:technologies_needmatch_add"),
        {"need": need.pk, "technology": technology.pk, "status": "dismissed", "note": ""},
    )

    assert response.status_code == 302
    match = NeedMatch.objects.get()
    assert match.status == NeedMatchStatus.DISMISSED and match.decided_by == curator


def test_a_duplicate_pair_is_a_form_error(curator_client):
    need = TechnologyNeedFactory()
    technology = PublishedTechnologyFactory()
    NeedMatch.objects.create(need=need, technology=technology, status=NeedMatchStatus.CONFIRMED)

    response = curator_client.post(
        reverse("admin:technologies_needmatch_add"),
        {"need": need.pk, "technology": technology.pk, "status": "dismissed", "note": ""},
    )

    assert response.status_code == 200
    assert "exists already" in response.content.decode()
    assert NeedMatch.objects.get().status == NeedMatchStatus.CONFIRMED


def test_staff_outside_the_curator_group_cannot_decide_in_the_admin(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)

    response = client.get(reverse("admin:technologies_needmatch_add"))

    assert response.status_code == 403


def test_the_match_admin_pages_open_for_curators(curator_client):
    match = NeedMatch.objects.create(
        need=TechnologyNeedFactory(),
        technology=PublishedTechnologyFactory(),
        status=NeedMatchStatus.CONFIRMED,
    )

    for url in (
        reverse("admin:technologies_needmatch_changelist"),
        reverse("admin:technologies_needmatch_change", args=[match.pk]),
        reverse("admin:technologies_needmatch_add"),
    ):
        assert curator_client.get(url).status_code == 200, url
