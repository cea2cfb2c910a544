import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import ForumEventStatus, RegistrationStatus
from greentech.demo.loader import load_demo
from technologies.models import TechnologyStatus
from tests.factories import CentreFactory
from tests.forums.factories import ForumEventFactory, RegistrationFactory
from tests.labs.factories import JointLabFactory
from tests.technologies.factories import (
    NeedMatchFactory,
    PublishedTechnologyFactory,
    TransferCaseFactory,
)
from tests.training.factories import ApplicationFactory, CohortFactory
from training.models import ApplicationStatus, CohortStatus

pytestmark = pytest.mark.django_db


def _figure(response, key):
    return {figure.key: figure.value for figure in response.context["figures"]}[key]


def test_home_shows_key_figures_computed_from_the_database(client):
    CentreFactory.create_batch(3)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert _figure(response, "centres") == 3
    html = response.content.decode()
    assert 'data-figure="centres"' in html
    assert "Centres of excellence" in html


def test_home_links_to_the_admin_and_the_api_root(client):
    html = client.get(reverse("home")).content.decode()
    assert reverse("admin:index") in html
    assert reverse("api-root") in html


def test_home_with_the_demo_data_shows_its_figures(client):
    load_demo()
    response = client.get(reverse("home"))
    assert _figure(response, "labs") == 7
    assert _figure(response, "trainees") == 22


def test_home_loads_nothing_from_another_host(client):
    load_demo()
    html = client.get(reverse("home")).content.decode()
    for attribute in ("src=", "href="):
        for chunk in html.split(attribute)[1:]:
            target = chunk[1:].split(chunk[0], 1)[0]
            if attribute == "src=" or target.endswith((".css", ".js")):
                assert not target.startswith(("http://", "https://", "//")), target


# Key figures (7), the map's cooperation counts (6), latest technologies, upcoming cohorts and
# events (1 each), with room for the session and the navigation's role lookup.
HOME_MAX_QUERIES = 20


def test_home_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    load_demo()
    with django_assert_max_num_queries(HOME_MAX_QUERIES):
        client.get(reverse("home"))


def _count_home_queries(client, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(HOME_MAX_QUERIES) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured.captured_queries)


def test_home_query_count_is_the_same_for_one_and_for_many_rows(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _make_home_rows(1)
    one = _count_home_queries(client, django_assert_max_num_queries)
    with django_capture_on_commit_callbacks(execute=True):  # the new rows clear the cached page
        _make_home_rows(4)
    assert _count_home_queries(client, django_assert_max_num_queries) == one


def test_home_is_served_in_chinese_when_asked(client):
    response = client.get(reverse("home"), headers={"accept-language": "zh-hans"})
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()


def test_api_docs_page_uses_vendored_assets(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()


def test_api_schema_is_generated(client):
    response = client.get(reverse("api-schema"))
    assert response.status_code == 200
    assert b"openapi" in response.content


def test_home_interface_strings_are_translated_to_chinese(client):
    """Needs the compiled catalogue (`make test` runs compilemessages first)."""
    response = client.get(reverse("home"), headers={"accept-language": "zh-hans"})
    html = response.content.decode()
    assert "关键数据" in html
    assert "Key figures" not in html


def test_the_language_switch_sets_chinese_for_the_next_pages(client):
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    assert "关键数据" in client.get(reverse("home")).content.decode()


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _make_home_rows(count: int):
    """`count` of everything the home page lists, each in another partner country."""
    for number, country in zip(range(count), ["KE", "TH", "PK", "EG"], strict=False):
        PublishedTechnologyFactory(provider__country=country)
        cohort = CohortFactory(starts_on=_in_days(10 + number), ends_on=_in_days(14 + number))
        ApplicationFactory(cohort=cohort, country=country, status=ApplicationStatus.CONFIRMED)
        event = ForumEventFactory(starts_on=_in_days(20 + number), ends_on=_in_days(21 + number))
        RegistrationFactory(event=event, country=country, status=RegistrationStatus.CONFIRMED)
        TransferCaseFactory(country=country)
        JointLabFactory(partner_countries=[country])


def _section(html: str, title_id: str) -> str:
    return html.split(f'id="{title_id}"', 1)[1].split("</section>", 1)[0]


def test_home_lists_the_five_latest_published_technologies_newest_first(client):
    now = timezone.now()
    for days in range(7):
        PublishedTechnologyFactory(
            name=f"Technology published {days} days ago",
            slug=f"published-{days}-days-ago",
            published_at=now - datetime.timedelta(days=days),
        )
    PublishedTechnologyFactory(
        name="A draft", slug="a-draft", status=TechnologyStatus.DRAFT, published_at=now
    )
    html = _section(client.get(reverse("home")).content.decode(), "latest-title")
    slugs = re.findall(r'data-technology="([\w-]+)"', html)
    assert slugs == [f"published-{days}-days-ago" for days in range(5)]
    assert reverse("technologies:pool_detail", args=["published-0-days-ago"]) in html


def test_home_lists_upcoming_cohorts_with_dates_and_places_left(client):
    cohort = CohortFactory(
        title="Nairobi session", starts_on=_in_days(30), ends_on=_in_days(34), capacity=20
    )
    ApplicationFactory.create_batch(3, cohort=cohort, status=ApplicationStatus.CONFIRMED)
    CohortFactory(title="Past session", starts_on=_in_days(-30), ends_on=_in_days(-26))
    CohortFactory(
        title="Draft session", starts_on=_in_days(5), status=CohortStatus.DRAFT, ends_on=_in_days(6)
    )
    CohortFactory(
        title="Cancelled session",
        starts_on=_in_days(5),
        ends_on=_in_days(6),
        status=CohortStatus.CANCELLED,
    )
    html = _section(client.get(reverse("home")).content.decode(), "cohorts-title")
    assert "Nairobi session" in html
    assert reverse("training:cohort_detail", args=[cohort.slug]) in html
    assert "17 places left" in html
    assert f'datetime="{_in_days(30):%Y-%m-%d}"' in html
    for hidden in ("Past session", "Draft session", "Cancelled session"):
        assert hidden not in html


def test_home_lists_upcoming_forums_soonest_first(client):
    later = ForumEventFactory(title="Later forum", starts_on=_in_days(60), ends_on=_in_days(61))
    sooner = ForumEventFactory(
        title="Sooner forum", starts_on=_in_days(20), ends_on=_in_days(21), capacity=50
    )
    RegistrationFactory(event=sooner, status=RegistrationStatus.CONFIRMED)
    ForumEventFactory(title="Past forum", starts_on=_in_days(-60), ends_on=_in_days(-59))
    ForumEventFactory(
        title="Draft forum",
        starts_on=_in_days(9),
        ends_on=_in_days(9),
        status=ForumEventStatus.DRAFT,
    )
    html = _section(client.get(reverse("home")).content.decode(), "events-title")
    assert re.findall(r'data-event="([\w-]+)"', html) == [sooner.slug, later.slug]
    assert "49 places left" in html
    assert "Past forum" not in html
    assert "Draft forum" not in html


def test_home_without_anything_upcoming_says_so(client):
    html = client.get(reverse("home")).content.decode()
    assert "No technology has been published yet." in html
    assert "No training session announced yet." in html
    assert "No forum announced yet." in html


def test_home_map_shades_and_links_the_partner_countries(client):
    _make_home_rows(2)
    html = _section(client.get(reverse("home")).content.decode(), "map-title")
    assert 'role="group"' in html
    for code in ("KE", "TH"):
        assert re.search(
            rf'class="worldmap-country worldmap-level-[1-5]" data-country="{code}"', html
        )
        assert reverse("countries:detail", args=[code]) in html
    assert '<tr data-country="KE">' in html


def test_home_links_to_the_figures_page_and_the_transfer_cases(client):
    html = client.get(reverse("home")).content.decode()
    assert reverse("figures") in html
    assert reverse("transfers:list") in html


def test_a_confirmed_need_match_counts_in_the_key_figures(client):
    NeedMatchFactory()
    NeedMatchFactory(status="dismissed")

    response = client.get(reverse("home"))

    assert _figure(response, "need_matches") == 1
