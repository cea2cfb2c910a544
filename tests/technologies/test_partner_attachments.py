"""The attachments step (upload by content type, size caps, removal) and the download of an
attachment, served only to people who may see its declaration."""

import pytest
from django.urls import reverse

from technologies.models import Attachment
from tests.factories import ExpertFactory, PartnerFactory, StaffCuratorFactory
from tests.technologies.builders import (
    JPEG,
    PDF,
    PNG,
    assigned,
    complete_draft,
    expert,
    under_review,
    upload,
)
from tests.technologies.factories import AttachmentFactory, TechnologyFactory

pytestmark = pytest.mark.django_db


def attachments_url(technology):
    return reverse("technologies:edit_step", args=[technology.pk, "attachments"])


def download_url(attachment):
    return reverse("technologies:attachment_download", args=[attachment.pk])


def body(response) -> bytes:
    content = b"".join(response.streaming_content)
    response.close()
    return content


@pytest.fixture
def draft(client):
    technology = TechnologyFactory()
    client.force_login(technology.submitted_by)
    return technology


def test_a_pdf_is_attached_under_a_generated_name(client, draft):
    response = client.post(attachments_url(draft), {"file": upload("Brochure 2024.pdf", PDF)})

    assert response["Location"] == attachments_url(draft)
    attachment = draft.attachments.get()
    assert attachment.original_name == "Brochure 2024.pdf"
    assert attachment.content_type == "application/pdf"
    assert "Brochure" not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")
    page = client.get(attachments_url(draft))
    assert "Brochure 2024.pdf" in page.content.decode()
    assert download_url(attachment) in page.content.decode()


def test_the_type_comes_from_the_content_not_the_name(client, draft):
    client.post(attachments_url(draft), {"file": upload("photo.pdf", PNG)})
    client.post(attachments_url(draft), {"file": upload("site.png", JPEG)})

    assert sorted(draft.attachments.values_list("content_type", flat=True)) == [
        "image/jpeg",
        "image/png",
    ]


def test_a_text_file_named_pdf_is_refused(client, draft):
    response = client.post(
        attachments_url(draft), {"file": upload("report.pdf", b"just some text, not a PDF")}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Only PDF, PNG and JPEG files can be attached; this file is none of them."
    ]
    assert "The file was not attached" in response.content.decode()
    assert not draft.attachments.exists()


def test_a_file_over_the_per_file_cap_is_refused(client, draft, settings):
    settings.TECHNOLOGY_ATTACHMENT_MAX_BYTES = 1024

    response = client.post(attachments_url(draft), {"file": upload("big.pdf", PDF + b"0" * 2048)})

    assert response.context["form"].errors["file"] == ["The file is larger than 1.0\xa0KB."]
    assert not draft.attachments.exists()


def test_files_over_the_submission_cap_together_are_refused(client, draft, settings):
    settings.TECHNOLOGY_SUBMISSION_MAX_BYTES = 3000
    client.post(attachments_url(draft), {"file": upload("one.pdf", PDF + b"0" * 2000)})

    response = client.post(attachments_url(draft), {"file": upload("two.pdf", PDF + b"0" * 2000)})

    [error] = response.context["form"].errors["file"]
    assert error.startswith("The attachments of a declaration may total 2.9\xa0KB")
    assert list(draft.attachments.values_list("original_name", flat=True)) == ["one.pdf"]


def test_the_page_states_the_caps(client, draft, settings):
    settings.TECHNOLOGY_ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    settings.TECHNOLOGY_SUBMISSION_MAX_BYTES = 5 * 1024 * 1024

    page = client.get(attachments_url(draft)).content.decode()

    assert "up to 2.0\xa0MB per file and 5.0\xa0MB for all files together" in page


def test_an_empty_upload_shows_a_field_error(client, draft):
    response = client.post(attachments_url(draft), {})

    assert response.context["form"].errors["file"] == ["This field is required."]


def test_an_attachment_is_removed(client, draft):
    attachment = AttachmentFactory(technology=draft)

    response = client.post(attachments_url(draft), {"remove": attachment.pk})

    assert response["Location"] == attachments_url(draft)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_removing_another_declaration_attachment_is_not_found(client, draft):
    foreign = AttachmentFactory()

    assert client.post(attachments_url(draft), {"remove": foreign.pk}).status_code == 404
    assert client.post(attachments_url(draft), {"remove": "x"}).status_code == 404
    assert Attachment.objects.filter(pk=foreign.pk).exists()


# --- Download --------------------------------------------------------------------------------


def test_the_provider_partner_downloads_the_file_under_its_original_name(client, draft):
    client.post(attachments_url(draft), {"file": upload("Rapport d\u2019essai.pdf", PDF)})
    attachment = draft.attachments.get()

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Rapport%20d%E2%80%99essai.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_a_quote_in_the_name_cannot_break_the_header(client, draft):
    client.post(attachments_url(draft), {"file": upload('a"b.pdf', PDF)})
    attachment = draft.attachments.get()

    response = client.get(download_url(attachment))
    body(response)

    assert response["Content-Disposition"] == 'attachment; filename="a\\"b.pdf"'


@pytest.mark.parametrize(
    "who",
    ["colleague", "staff", "assigned expert"],
)
def test_people_who_may_see_the_declaration_download(client, who):
    technology = under_review()
    attachment = technology.attachments.get()
    people = {
        "colleague": lambda: PartnerFactory(institution=technology.provider),
        "staff": StaffCuratorFactory,
        "assigned expert": lambda: assigned(technology).expert,
    }
    client.force_login(people[who]())

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert body(response).startswith(b"%PDF-")


@pytest.mark.parametrize(
    "who",
    ["other institution's partner", "unassigned expert", "expert of the provider"],
)
def test_others_get_404_for_an_attachment(client, who):
    technology = under_review()
    attachment = technology.attachments.get()
    people = {
        "other institution's partner": PartnerFactory,
        "unassigned expert": lambda: expert(area=technology.green_area),
        "expert of the provider": lambda: ExpertFactory(institution=technology.provider),
    }
    client.force_login(people[who]())

    assert client.get(download_url(attachment)).status_code == 404


def test_an_unknown_attachment_or_a_lost_file_is_404(client):
    technology = complete_draft()
    attachment = technology.attachments.get()
    client.force_login(technology.submitted_by)
    attachment.file.storage.delete(attachment.file.name)

    assert client.get(download_url(attachment)).status_code == 404
    assert client.get(reverse("technologies:attachment_download", args=[999999])).status_code == 404
