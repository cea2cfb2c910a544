"""An attachment's stored, shown and downloaded names carry the extension of the type its
content has, whatever name it was uploaded under; on the partner's form and in the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from technologies.models import Attachment
from technologies.services import name_for_type
from tests.technologies.builders import PDF, PNG, upload
from tests.technologies.factories import AttachmentFactory, TechnologyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("poly.html", "application/pdf", "poly.pdf"),
        ("report.PDF", "application/pdf", "report.PDF"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("scan.pdf", "image/png", "scan.png"),
        ("no-extension", "image/jpeg", "no-extension.jpg"),
        ("a.tar.gz", "application/pdf", "a.tar.pdf"),
    ],
)
def test_a_name_gets_the_extension_of_its_type(name, content_type, expected):
    assert name_for_type(name, content_type) == expected


def test_a_long_name_stays_within_the_field(media_root):
    assert len(name_for_type("x" * 255, "application/pdf")) == 255


def download(client, attachment):
    response = client.get(reverse("technologies:attachment_download", args=[attachment.pk]))
    content = b"".join(response.streaming_content)
    response.close()
    return response, content


def test_a_pdf_uploaded_as_html_is_stored_shown_and_downloaded_as_pdf(client, media_root):
    technology = TechnologyFactory()
    client.force_login(technology.submitted_by)
    client.post(
        reverse("technologies:edit_step", args=[technology.pk, "attachments"]),
        {"file": upload("poly.html", PDF, "text/html")},
    )
    attachment = technology.attachments.get()

    response, content = download(client, attachment)

    assert attachment.original_name == "poly.pdf"
    assert attachment.file.name.endswith(".pdf")
    assert content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="poly.pdf"'


def test_an_older_attachment_named_otherwise_downloads_under_its_type(client, media_root):
    attachment = AttachmentFactory(original_name="poly.html", content_type="application/pdf")
    client.force_login(attachment.technology.submitted_by)

    response, _content = download(client, attachment)

    assert response["Content-Disposition"] == 'attachment; filename="poly.pdf"'


def test_the_admin_takes_the_type_and_extension_from_the_content(curator_client, media_root):
    technology = TechnologyFactory()
    response = curator_client.post(
        reverse("admin:technologies_attachment_add"),
        {
            "technology": technology.pk,
            "file": SimpleUploadedFile("poly.html", PNG, "text/html"),
        },
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type) == ("poly.png", "image/png")
    assert attachment.file.name.endswith(".png")


def test_the_admin_refuses_content_that_is_no_pdf_or_image(curator_client, media_root):
    technology = TechnologyFactory()
    response = curator_client.post(
        reverse("admin:technologies_attachment_add"),
        {
            "technology": technology.pk,
            "file": SimpleUploadedFile(
                "brochure.pdf", b"<html>not a pdf</html>", "application/pdf"
            ),
        },
    )

    assert response.status_code == 200
    assert "Only PDF, PNG and JPEG" in response.content.decode()
    assert not Attachment.objects.exists()
