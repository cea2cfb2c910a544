import pytest
from django.urls import reverse

from tests.factories import InstitutionFactory
from tests.training.factories import (
    ApplicationFactory,
    ApplicationTransitionFactory,
    AttendanceFactory,
    CertificateFactory,
    CohortFactory,
    ModuleFactory,
    ProgrammeFactory,
)
from training.models import Application, ApplicationStatus, Cohort, CohortStatus

pytestmark = pytest.mark.django_db

FACTORIES = [
    ProgrammeFactory,
    CohortFactory,
    ModuleFactory,
    ApplicationFactory,
    AttendanceFactory,
    CertificateFactory,
    ApplicationTransitionFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f._meta.model.__name__)
def test_curator_opens_the_changelist_and_change_page(curator_client, factory):
    obj = factory()
    opts = obj._meta
    changelist = curator_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 1
    change = curator_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert change.status_code == 200


@pytest.mark.parametrize("factory", FACTORIES[:-1], ids=lambda f: f._meta.model.__name__)
def test_curator_opens_the_add_page(curator_client, factory):
    opts = factory._meta.model._meta
    response = curator_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert response.status_code == 200


def test_the_status_log_cannot_be_written_in_the_admin(curator_client):
    transition = ApplicationTransitionFactory()
    assert (
        curator_client.get(reverse("admin:training_applicationtransition_add")).status_code == 403
    )
    response = curator_client.post(
        reverse("admin:training_applicationtransition_change", args=[transition.pk]),
        {"note": "rewritten"},
    )
    assert response.status_code == 403
    transition.refresh_from_db()
    assert transition.note != "rewritten"


def _cohort_form(programme, **overrides):
    data = {
        "programme": programme.pk,
        "title": "Shanghai session 2025",
        "slug": "shanghai-2025",
        "city": "Shanghai",
        "country": "CN",
        "starts_on": "2025-10-13",
        "ends_on": "2025-10-24",
        "capacity": "30",
        "status": CohortStatus.OPEN,
        "language": "en",
        "modules-TOTAL_FORMS": "0",
        "modules-INITIAL_FORMS": "0",
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_cohort_ending_before_it_starts_is_a_form_error(curator_client):
    programme = ProgrammeFactory()
    response = curator_client.post(
        reverse("admin:training_cohort_add"), _cohort_form(programme, ends_on="2025-10-01")
    )
    assert response.status_code == 200
    assert "A cohort cannot end before it starts." in response.content.decode()
    assert not Cohort.objects.exists()


def test_cohort_with_zero_capacity_is_a_form_error(curator_client):
    response = curator_client.post(
        reverse("admin:training_cohort_add"), _cohort_form(ProgrammeFactory(), capacity="0")
    )
    assert response.status_code == 200
    assert "A cohort needs at least one place." in response.content.decode()


def test_cohort_with_a_module_outside_its_dates_is_a_form_error(curator_client):
    data = _cohort_form(
        ProgrammeFactory(),
        **{
            "modules-TOTAL_FORMS": "1",
            "modules-0-day": "2025-11-02",
            "modules-0-kind": "lecture",
            "modules-0-title": "Sponge cities",
            "modules-0-position": "0",
        },
    )
    response = curator_client.post(reverse("admin:training_cohort_add"), data)
    assert response.status_code == 200
    assert "The day must fall within the cohort&#x27;s dates" in response.content.decode()
    assert not Cohort.objects.exists()


def test_valid_cohort_with_a_module_is_saved(curator_client):
    data = _cohort_form(
        ProgrammeFactory(),
        **{
            "modules-TOTAL_FORMS": "1",
            "modules-0-day": "2025-10-14",
            "modules-0-kind": "field_visit",
            "modules-0-title": "Visit to Bailonggang wastewater plant",
            "modules-0-position": "0",
        },
    )
    response = curator_client.post(reverse("admin:training_cohort_add"), data)
    assert response.status_code == 302
    cohort = Cohort.objects.get(slug="shanghai-2025")
    assert cohort.modules.get().kind == "field_visit"


def _application_form(cohort, **overrides):
    data = {
        "cohort": cohort.pk,
        "first_name": "Amina",
        "last_name": "Diallo",
        "email": "amina@example.org",
        "country": "SN",
        "consent_to_data_use": "on",
        "attendance-TOTAL_FORMS": "0",
        "attendance-INITIAL_FORMS": "0",
        "attendance-MIN_NUM_FORMS": "0",
        "attendance-MAX_NUM_FORMS": "1000",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
        "transitions-MIN_NUM_FORMS": "0",
        "transitions-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_duplicate_application_email_is_a_form_error(curator_client):
    existing = ApplicationFactory(email="amina@example.org")
    response = curator_client.post(
        reverse("admin:training_application_add"),
        _application_form(existing.cohort, email="AMINA@example.org"),
    )
    assert response.status_code == 200
    assert "This e-mail address already has an application for this cohort." in (
        response.content.decode()
    )
    assert Application.objects.count() == 1


def test_application_without_consent_is_a_form_error(curator_client):
    data = _application_form(CohortFactory())
    del data["consent_to_data_use"]
    response = curator_client.post(reverse("admin:training_application_add"), data)
    assert response.status_code == 200
    assert "Consent to the use of the data is required." in response.content.decode()


def test_application_status_is_read_only_in_the_admin(curator_client):
    cohort = CohortFactory()
    response = curator_client.post(
        reverse("admin:training_application_add"),
        _application_form(cohort, status=ApplicationStatus.CONFIRMED),
    )
    assert response.status_code == 302
    assert Application.objects.get().status == ApplicationStatus.PENDING_CONFIRMATION


def test_application_admin_links_a_known_institution(curator_client):
    institution = InstitutionFactory()
    response = curator_client.post(
        reverse("admin:training_application_add"),
        _application_form(CohortFactory(), institution=institution.pk),
    )
    assert response.status_code == 302
    assert Application.objects.get().institution == institution


def test_cohort_changelist_shows_places_left(curator_client):
    cohort = CohortFactory(capacity=5)
    ApplicationFactory.create_batch(2, cohort=cohort, status=ApplicationStatus.CONFIRMED)
    response = curator_client.get(reverse("admin:training_cohort_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_list[0].places_left == 3


def test_certificate_for_an_unattended_application_is_a_form_error(curator_client):
    application = ApplicationFactory(status=ApplicationStatus.CONFIRMED)
    response = curator_client.post(
        reverse("admin:training_certificate_add"),
        {"application": application.pk, "issued_at_0": "2025-10-24", "issued_at_1": "12:00"},
    )
    assert response.status_code == 200
    assert "A certificate is only issued for an attended application." in (
        response.content.decode()
    )
