"""Staff pages and exports of a cohort: who may open them, and what they hold."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from centres.models import InstitutionKind
from tests.factories import InstitutionFactory, PartnerFactory, UserFactory
from tests.training.factories import ApplicationFactory, CohortFactory
from training import exports
from training.models import ApplicationStatus, CohortStatus

pytestmark = pytest.mark.django_db
S = ApplicationStatus

STAFF_URLS = [
    "cohort_staff",
    "cohort_participants_csv",
    "cohort_participants_xlsx",
    "cohort_badges_pdf",
    "cohort_statistics",
    "cohort_statistics_csv",
]


def _url(name, cohort):
    return reverse(f"training:{name}", kwargs={"slug": cohort.slug})


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def _sample_cohort():
    """Six applications, one per status but pending selection; known names and answers."""
    cohort = CohortFactory(slug="shanghai-2027", title="Shanghai session 2027", capacity=22)
    university = InstitutionFactory(name="Tongji University", kind=InstitutionKind.UNIVERSITY)
    ApplicationFactory(
        cohort=cohort,
        first_name="Amina",
        last_name="Diallo",
        email="amina@example.org",
        country="SN",
        institution=university,
        position="Engineer",
        field_of_work="Water",
        status=S.CONFIRMED,
        confirmed_at=datetime.datetime(2027, 3, 1, 9, 30, tzinfo=datetime.UTC),
    )
    ApplicationFactory(
        cohort=cohort,
        first_name="Kofi",
        last_name="Mensah",
        country="GH",
        institution_name="University of Ghana",
        status=S.ATTENDED,
    )
    ApplicationFactory(
        cohort=cohort,
        first_name="Lina",
        last_name="Haddad",
        country="SN",
        status=S.WAITLISTED,
        waitlist_position=1,
    )
    ApplicationFactory(cohort=cohort, first_name="Ravi", last_name="Perera", country="LK")
    ApplicationFactory(
        cohort=cohort, first_name="Gone", last_name="Cancelled", country="SN", status=S.CANCELLED
    )
    ApplicationFactory(
        cohort=cohort, first_name="Not", last_name="Chosen", country="GH", status=S.DECLINED
    )
    return cohort


# --- Who may open them ----------------------------------------------------------------------


@pytest.mark.parametrize("name", STAFF_URLS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, name):
    cohort = CohortFactory()
    response = client.get(_url(name, cohort))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("name", STAFF_URLS)
@pytest.mark.parametrize("factory", [PartnerFactory, UserFactory])
def test_people_who_are_not_staff_curators_are_refused(client, name, factory):
    cohort = CohortFactory()
    client.force_login(factory())
    assert client.get(_url(name, cohort)).status_code == 403


def test_a_staff_flag_without_the_curator_role_is_not_enough(client):
    cohort = CohortFactory()
    client.force_login(UserFactory(is_staff=True))
    assert client.get(_url("cohort_staff", cohort)).status_code == 403


def test_an_unknown_cohort_is_404_for_staff_and_a_login_redirect_for_visitors(client, curator):
    missing = reverse("training:cohort_staff", kwargs={"slug": "no-such-cohort"})
    assert client.get(missing).status_code == 302
    client.force_login(curator)
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize("name", STAFF_URLS)
def test_staff_open_every_page_also_of_a_draft_cohort(curator_client, name):
    cohort = CohortFactory(status=CohortStatus.DRAFT)
    ApplicationFactory(cohort=cohort, status=S.CONFIRMED)
    response = curator_client.get(_url(name, cohort))
    assert response.status_code == 200
    assert response["Content-Type"]


# --- Staff page -----------------------------------------------------------------------------


def test_staff_page_lists_every_application_with_its_status_and_links_to_the_exports(
    curator_client,
):
    cohort = _sample_cohort()
    response = curator_client.get(_url("cohort_staff", cohort))
    html = response.content.decode()
    names = [application.last_name for application in response.context["applications"]]
    assert names == ["Mensah", "Diallo", "Haddad", "Perera", "Chosen", "Cancelled"]
    for text in ("amina@example.org", "Waitlisted", "Declined", "Cancelled", "Tongji University"):
        assert text in html
    for name in STAFF_URLS[1:]:
        assert _url(name, cohort) in html
    assert "2 taken of 22, 20 left" in html


# --- Participant list -----------------------------------------------------------------------


def test_participants_csv_holds_the_active_applications_in_staff_order(curator_client):
    cohort = _sample_cohort()
    response = curator_client.get(_url("cohort_participants_csv", cohort))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="shanghai-2027-participants.csv"'
    )
    header, *rows = _csv_rows(response)
    assert header == [str(title) for title in exports.PARTICIPANT_HEADERS]
    assert [row[1] for row in rows] == ["Mensah", "Diallo", "Haddad", "Perera"]
    amina = rows[1]
    assert amina == [
        "Amina",
        "Diallo",
        "amina@example.org",
        "Senegal",
        "Tongji University",
        "University",
        "Engineer",
        "Water",
        "Confirmed",
        "",
        "2027-03-01 09:30",
    ]
    assert rows[0][4:6] == ["University of Ghana", "unknown"]
    assert rows[2][8:10] == ["Waitlisted", "1"]


def test_participants_csv_defuses_formulas_typed_by_applicants(curator_client):
    cohort = CohortFactory()
    ApplicationFactory(
        cohort=cohort,
        first_name='=HYPERLINK("http://evil.example","click")',
        last_name="+1-2",
        institution_name="@SUM(A1:A2)",
        position="-cmd",
        status=S.CONFIRMED,
    )
    _header, row = _csv_rows(curator_client.get(_url("cohort_participants_csv", cohort)))
    assert row[0] == '\'=HYPERLINK("http://evil.example","click")'
    assert row[1] == "'+1-2"
    assert row[4] == "'@SUM(A1:A2)"
    assert row[6] == "'-cmd"


def test_participants_xlsx_holds_the_same_rows_with_a_bold_header(curator_client):
    cohort = _sample_cohort()
    response = curator_client.get(_url("cohort_participants_xlsx", cohort))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "shanghai-2027-participants.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [str(title) for title in exports.PARTICIPANT_HEADERS]
    assert all(cell.font.bold for cell in sheet[1])
    assert [row[1] for row in rows[1:]] == ["Mensah", "Diallo", "Haddad", "Perera"]
    assert rows[2][:4] == ("Amina", "Diallo", "amina@example.org", "Senegal")
    assert rows[2][10] == datetime.datetime(2027, 3, 1, 9, 30)
    assert rows[3][9] == 1
    assert sheet.column_dimensions["C"].width >= len("amina@example.org")


def test_participants_xlsx_keeps_a_formula_typed_by_an_applicant_as_text(curator_client):
    cohort = CohortFactory()
    ApplicationFactory(cohort=cohort, first_name="=1+1", status=S.CONFIRMED)
    response = curator_client.get(_url("cohort_participants_xlsx", cohort))
    cell = load_workbook(io.BytesIO(response.content)).active["A2"]
    assert cell.value == "=1+1"
    assert cell.data_type == "s"


# --- Badges ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("holders", "pages"), [(1, 1), (8, 1), (9, 2), (17, 3)])
def test_badges_pdf_has_one_page_per_eight_people_holding_a_place(curator_client, holders, pages):
    cohort = CohortFactory()
    ApplicationFactory.create_batch(holders - 1, cohort=cohort, status=S.CONFIRMED)
    ApplicationFactory(cohort=cohort, status=S.ATTENDED)
    ApplicationFactory.create_batch(3, cohort=cohort, status=S.PENDING_CONFIRMATION)
    ApplicationFactory(cohort=cohort, status=S.WAITLISTED, waitlist_position=1)
    ApplicationFactory(cohort=cohort, status=S.CANCELLED)

    response = curator_client.get(_url("cohort_badges_pdf", cohort))

    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == pages


def test_badges_show_name_institution_country_and_cohort_of_people_with_a_place_only():
    cohort = _sample_cohort()
    badges = exports.badges(cohort)
    assert [(b.name, b.institution, b.country) for b in badges] == [
        ("Amina Diallo", "Tongji University", "Senegal"),
        ("Kofi Mensah", "University of Ghana", "Ghana"),
    ]
    assert {badge.event for badge in badges} == {"Shanghai session 2027"}


# --- Statistics -----------------------------------------------------------------------------


def _table(tables, key):
    return {
        row.key: (row.count, row.holding_place)
        for row in next(t for t in tables if t.key == key).rows
    }


def test_statistics_count_by_country_institution_kind_and_status():
    cohort = _sample_cohort()
    tables = exports.cohort_statistics(cohort)
    # Active: Amina (SN, confirmed), Kofi (GH, attended), Lina (SN, waitlisted), Ravi (LK).
    assert _table(tables, "country") == {"SN": (2, 1), "GH": (1, 1), "LK": (1, 0)}
    assert _table(tables, "institution_kind") == {"university": (1, 1), "unknown": (3, 1)}
    assert _table(tables, "status") == {
        "attended": (1, 1),
        "confirmed": (1, 1),
        "waitlisted": (1, 0),
        "pending_confirmation": (1, 0),
        "declined": (1, 0),
        "cancelled": (1, 0),
    }
    country = next(t for t in tables if t.key == "country")
    assert [row.label for row in country.rows] == ["Senegal", "Ghana", "Sri Lanka"]
    assert (country.count, country.holding_place) == (4, 2)


def test_statistics_page_shows_the_tables(curator_client):
    cohort = _sample_cohort()
    html = curator_client.get(_url("cohort_statistics", cohort)).content.decode()
    for text in ("By country", "By institution kind", "By status", "Senegal", "Sri Lanka"):
        assert text in html
    assert '<tr data-key="SN"><th scope="row">Senegal</th><td>2</td><td>1</td></tr>' in html


def test_statistics_csv_holds_every_table_with_totals(curator_client):
    cohort = _sample_cohort()
    response = curator_client.get(_url("cohort_statistics_csv", cohort))
    assert "shanghai-2027-statistics.csv" in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header == ["Table", "Code", "Value", "Count", "Holding a place"]
    assert ["By country", "SN", "Senegal", "2", "1"] in rows
    assert ["By country", "", "Total", "4", "2"] in rows
    assert ["By institution kind", "unknown", "unknown", "3", "1"] in rows
    assert ["By status", "", "Total", "6", "2"] in rows


# --- Query counts ---------------------------------------------------------------------------

# Session, user, user's groups, then the page's own queries.


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("cohort_staff", 5),
        ("cohort_participants_csv", 5),
        ("cohort_participants_xlsx", 5),
        ("cohort_badges_pdf", 5),
        ("cohort_statistics", 7),
        ("cohort_statistics_csv", 7),
    ],
)
def test_staff_pages_query_count_does_not_grow(
    curator_client, django_assert_max_num_queries, count, name, limit
):
    cohort = CohortFactory()
    institution = InstitutionFactory()
    ApplicationFactory.create_batch(
        count, cohort=cohort, status=S.CONFIRMED, institution=institution
    )
    with django_assert_max_num_queries(limit):
        response = curator_client.get(_url(name, cohort))
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content
