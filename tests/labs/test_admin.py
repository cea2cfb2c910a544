import datetime

import pytest
from django.urls import reverse

from labs.models import JointLab, LabOutput, LabPartner, LabStatus
from tests.factories import CentreFactory, InstitutionFactory

from .factories import JointLabFactory, LabOutputFactory, LabPartnerFactory

pytestmark = pytest.mark.django_db

EMPTY_INLINES = {
    f"{prefix}-{key}": value
    for prefix in ("partners", "outputs")
    for key, value in (
        ("TOTAL_FORMS", "0"),
        ("INITIAL_FORMS", "0"),
        ("MIN_NUM_FORMS", "0"),
        ("MAX_NUM_FORMS", "1000"),
    )
}


def lab_form(**overrides):
    data = {
        "name": "China-Kenya Joint Laboratory for Water",
        "slug": "china-kenya-water",
        "centre": CentreFactory().pk,
        "partner_countries": ["KE"],
        "status": LabStatus.ACTIVE,
        "established": "2019-05-01",
        **EMPTY_INLINES,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("model", [JointLab, LabPartner, LabOutput])
def test_curator_sees_changelist_add_and_change_pages(curator_client, model):
    obj = {JointLab: JointLabFactory, LabPartner: LabPartnerFactory, LabOutput: LabOutputFactory}[
        model
    ]()
    info = f"admin:labs_{model._meta.model_name}"
    change_url = reverse(f"{info}_change", args=[obj.pk])
    for url in (reverse(f"{info}_add"), change_url):
        assert curator_client.get(url).status_code == 200, url
    changelist = curator_client.get(reverse(f"{info}_changelist"))
    assert changelist.status_code == 200
    assert change_url in changelist.content.decode()


def test_curator_adds_a_lab_with_a_partner(curator_client):
    institution = InstitutionFactory(country="KE")
    data = lab_form(
        **{
            "partners-TOTAL_FORMS": "1",
            "partners-0-institution": institution.pk,
            "partners-0-role": LabPartner.Role.PARTNER,
        }
    )
    response = curator_client.post(reverse("admin:labs_jointlab_add"), data)
    assert response.status_code == 302
    lab = JointLab.objects.get(slug="china-kenya-water")
    assert list(lab.partners.values_list("institution", flat=True)) == [institution.pk]


def test_admin_shows_closing_before_establishment_as_a_form_error(curator_client):
    data = lab_form(established="2020-01-01", closed_on="2019-12-31")
    response = curator_client.post(reverse("admin:labs_jointlab_add"), data)
    assert response.status_code == 200
    assert "A joint laboratory cannot close before it was established." in (
        response.content.decode()
    )
    assert not JointLab.objects.exists()


def test_admin_shows_a_duplicate_partner_as_a_form_error(curator_client):
    partner = LabPartnerFactory()
    response = curator_client.post(
        reverse("admin:labs_labpartner_add"),
        {"lab": partner.lab.pk, "institution": partner.institution.pk, "role": "partner"},
    )
    assert response.status_code == 200
    assert "This institution is already a partner of this joint laboratory." in (
        response.content.decode()
    )


def test_admin_shows_an_output_year_out_of_range_as_a_form_error(curator_client):
    lab = JointLabFactory()
    response = curator_client.post(
        reverse("admin:labs_laboutput_add"),
        {"lab": lab.pk, "kind": "patent", "title": "Old patent", "year": "1900"},
    )
    assert response.status_code == 200
    assert "The year must be between 1950 and 2100." in response.content.decode()
    assert not LabOutput.objects.exists()


def test_status_is_chosen_on_add_but_read_only_on_change(curator_client):
    lab = JointLabFactory(status=LabStatus.PLANNED)
    add_page = curator_client.get(reverse("admin:labs_jointlab_add")).content.decode()
    change_page = curator_client.get(
        reverse("admin:labs_jointlab_change", args=[lab.pk])
    ).content.decode()
    assert 'name="status"' in add_page
    assert 'name="status"' not in change_page


def test_close_action_closes_open_labs_and_skips_closed_ones(curator_client):
    active = JointLabFactory(status=LabStatus.ACTIVE)
    closed = JointLabFactory(status=LabStatus.CLOSED, closed_on=datetime.date(2020, 1, 1))
    response = curator_client.post(
        reverse("admin:labs_jointlab_changelist"),
        {"action": "close_labs", "_selected_action": [active.pk, closed.pk]},
        follow=True,
    )
    assert response.status_code == 200
    active.refresh_from_db()
    closed.refresh_from_db()
    assert active.status == LabStatus.CLOSED
    assert active.closed_on is not None
    assert closed.closed_on == datetime.date(2020, 1, 1)
    assert "not changed" in response.content.decode()


def test_activate_action_activates_planned_labs_only(curator_client):
    planned = JointLabFactory(status=LabStatus.PLANNED)
    closed = JointLabFactory(status=LabStatus.CLOSED)
    curator_client.post(
        reverse("admin:labs_jointlab_changelist"),
        {"action": "activate_labs", "_selected_action": [planned.pk, closed.pk]},
    )
    planned.refresh_from_db()
    closed.refresh_from_db()
    assert planned.status == LabStatus.ACTIVE
    assert closed.status == LabStatus.CLOSED
