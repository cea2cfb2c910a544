import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from technologies.models import (
    Attachment,
    CollectionCall,
    ReviewScore,
    Technology,
    TechnologyStatus,
)
from tests.factories import GreenAreaFactory, InstitutionFactory
from tests.technologies.factories import (
    ApplicationCaseFactory,
    AttachmentFactory,
    CollectionCallFactory,
    CriterionFactory,
    ImpactIndicatorFactory,
    ReviewAssignmentFactory,
    ReviewFactory,
    ReviewScoreFactory,
    TechnologyFactory,
    TechnologyNeedFactory,
    TechnologyTransitionFactory,
    TransferCaseFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = [
    CollectionCallFactory,
    CriterionFactory,
    TechnologyFactory,
    ApplicationCaseFactory,
    AttachmentFactory,
    TechnologyTransitionFactory,
    ReviewAssignmentFactory,
    ReviewFactory,
    ReviewScoreFactory,
    TransferCaseFactory,
    ImpactIndicatorFactory,
    TechnologyNeedFactory,
]


def admin_url(model, view, *args):
    return reverse(f"admin:technologies_{model._meta.model_name}_{view}", args=args)


def management_form(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f._meta.model.__name__)
def test_curator_sees_changelist_and_change_page(curator_client, factory):
    obj = factory()
    model = factory._meta.model

    changelist = curator_client.get(admin_url(model, "changelist"))
    change = curator_client.get(admin_url(model, "change", obj.pk))

    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 1
    assert admin_url(model, "change", obj.pk) in changelist.content.decode()
    assert change.status_code == 200


@pytest.mark.parametrize(
    "factory",
    [f for f in FACTORIES if f is not TechnologyTransitionFactory],
    ids=lambda f: f._meta.model.__name__,
)
def test_curator_sees_the_add_page(curator_client, factory):
    response = curator_client.get(admin_url(factory._meta.model, "add"))

    assert response.status_code == 200


def test_status_log_cannot_be_added_changed_or_deleted_by_hand(curator_client):
    transition = TechnologyTransitionFactory(note="Complete declaration")
    model = type(transition)

    add = curator_client.get(admin_url(model, "add"))
    change = curator_client.post(admin_url(model, "change", transition.pk), {"note": "forged"})
    delete = curator_client.post(admin_url(model, "delete", transition.pk), {"post": "yes"})

    assert add.status_code == 403
    assert change.status_code == 403
    assert delete.status_code == 403
    transition.refresh_from_db()
    assert transition.note == "Complete declaration"


def test_technology_page_shows_the_status_log_read_only(curator_client):
    transition = TechnologyTransitionFactory(note="Complete declaration")

    response = curator_client.get(admin_url(Technology, "change", transition.technology.pk))

    content = response.content.decode()
    assert "Complete declaration" in content
    assert 'name="transitions-0-note"' not in content
    assert 'name="status"' not in content


def test_call_closing_before_it_opens_is_a_form_error(curator_client):
    data = {
        "title": "Technology Collection 2020",
        "slug": "technology-collection-2020",
        "opens_on_0": "2020-06-01",
        "opens_on_1": "00:00:00",
        "closes_on_0": "2020-05-01",
        "closes_on_1": "00:00:00",
        "score_scale_max": "5",
        **management_form("criteria"),
    }

    response = curator_client.post(admin_url(CollectionCall, "add"), data)

    assert response.status_code == 200
    assert "The call must close after it opens." in response.content.decode()
    assert not CollectionCall.objects.exists()


def technology_form(**overrides):
    data = {
        "call": CollectionCallFactory().pk,
        "provider": InstitutionFactory().pk,
        "name": "Biochar kiln",
        "slug": "biochar-kiln",
        "green_area": GreenAreaFactory().pk,
        "trl": "6",
        **management_form("application_cases"),
        **management_form("attachments"),
        **management_form("assignments"),
        **management_form("transitions"),
    }
    return {**data, **overrides}


def test_trl_10_is_a_form_error(curator_client):
    response = curator_client.post(admin_url(Technology, "add"), technology_form(trl="10"))

    assert response.status_code == 200
    assert "less than or equal to 9" in response.content.decode()
    assert not Technology.objects.exists()


def test_a_new_technology_starts_as_draft_whatever_is_posted(curator_client):
    response = curator_client.post(
        admin_url(Technology, "add"), technology_form(status=TechnologyStatus.ACCEPTED)
    )

    assert response.status_code == 302
    assert Technology.objects.get().status == TechnologyStatus.DRAFT


def test_score_above_the_calls_scale_is_a_form_error(curator_client):
    review = ReviewFactory()
    criterion = CriterionFactory(call=review.assignment.technology.call)

    response = curator_client.post(
        admin_url(ReviewScore, "add"),
        {"review": review.pk, "criterion": criterion.pk, "score": "9"},
    )

    assert response.status_code == 200
    assert "cannot exceed the call" in response.content.decode()
    assert not ReviewScore.objects.exists()


def test_uploaded_attachment_records_its_name_type_and_size(curator_client):
    technology = TechnologyFactory()
    upload = SimpleUploadedFile("Brochure 2020.pdf", b"%PDF-1.4 data", "application/pdf")

    response = curator_client.post(
        admin_url(Attachment, "add"), {"technology": technology.pk, "file": upload}
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "Brochure 2020.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(b"%PDF-1.4 data")
    assert attachment.file.name != "technologies/Brochure 2020.pdf"


def test_executable_attachment_is_a_form_error(curator_client):
    technology = TechnologyFactory()
    upload = SimpleUploadedFile("setup.exe", b"MZ", "application/octet-stream")

    response = curator_client.post(
        admin_url(Attachment, "add"), {"technology": technology.pk, "file": upload}
    )

    assert response.status_code == 200
    assert "Only PDF, PNG and JPEG files can be attached" in response.content.decode()
    assert not Attachment.objects.exists()
