import pytest
from django.urls import reverse

from tests.countries.fixtures import small_network
from tests.labs.factories import JointLabFactory, LabPartnerFactory
from tests.technologies.factories import PublishedTechnologyFactory, TransferCaseFactory
from tests.training.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_country_index_lists_cooperating_countries_with_counts(client):
    small_network()

    response = client.get(reverse("countries:index"))

    rows = {row["code"]: row for row in response.context["rows"]}
    assert list(rows) == ["KE", "TH"]
    assert rows["KE"]["cooperation"].trainees == 2
    text = response.content.decode()
    assert reverse("countries:detail", args=["KE"]) in text
    assert "Thailand" in text


def test_country_index_says_when_nothing_is_recorded(client):
    response = client.get(reverse("countries:index"))

    assert "No cooperation has been recorded yet." in response.content.decode()


def test_country_page_shows_labs_institutions_technologies_transfers_people_and_needs(client):
    small_network()

    response = client.get(reverse("countries:detail", args=["KE"]))

    cooperation = response.context["cooperation"]
    assert (cooperation.labs, cooperation.transfer_cases, cooperation.technologies) == (2, 1, 1)
    assert (cooperation.trainees, cooperation.delegates) == (2, 1)
    text = response.content.decode()
    for expected in (
        "<h1>Kenya</h1>",
        "Kenya Water Lab",
        "Thai Energy Lab",
        "Nairobi University",
        "Solar dryer",
        "Rainwater harvesting",
    ):
        assert expected in text
    assert "Draft kiln" not in text
    assert "Unpublished need" not in text
    assert "Bangkok Institute" not in text


def test_country_code_is_case_insensitive(client):
    small_network()

    response = client.get(reverse("countries:detail", args=["ke"]))

    assert response.status_code == 200
    assert response.context["profile"].code == "KE"


@pytest.mark.parametrize("code", ["ZZ", "KEN", "k1"])
def test_unknown_country_code_is_404(client, code):
    assert client.get(reverse("countries:detail", args=[code])).status_code == 404


def test_a_country_without_cooperation_has_a_page_saying_so(client):
    response = client.get(reverse("countries:detail", args=["IS"]))

    assert response.status_code == 200
    assert "No joint laboratory works with this country yet." in response.content.decode()


def test_country_page_shows_chinese_country_name_under_zh_hans(client):
    small_network()

    response = client.get(reverse("countries:detail", args=["KE"]), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "<h1>肯尼亚</h1>" in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_country_page_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    small_network()
    for lab in JointLabFactory.create_batch(count, partner_countries=["KE"]):
        LabPartnerFactory.create_batch(2, lab=lab)
    PublishedTechnologyFactory.create_batch(count, provider__country="KE")
    TransferCaseFactory.create_batch(count, country="KE")
    ApplicationFactory.create_batch(count, country="KE", status="confirmed")
    # labs (4), institutions, technologies (2), transfer cases (2), cohorts, events, needs
    with django_assert_max_num_queries(13):
        response = client.get(reverse("countries:detail", args=["KE"]))
    assert len(response.context["profile"].labs) == count + 2


@pytest.mark.parametrize("count", [1, 3])
def test_country_index_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    for code in ["KE", "TH", "PK"][:count]:
        JointLabFactory(partner_countries=[code])
    with django_assert_max_num_queries(6):
        response = client.get(reverse("countries:index"))
    assert len(response.context["rows"]) == count
