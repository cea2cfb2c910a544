"""Attachments: PDF, PNG or JPEG by content, size caps from the settings, generated names, and
downloads only for people who may see the declaration."""

import re

import pytest
from django.http import Http404

from technologies import services
from technologies.exceptions import AttachmentRefused, NotPermitted, TransitionNotAllowed
from technologies.models import Attachment, TechnologyStatus
from technologies.selectors import attachment_for_download
from tests.factories import (
    ExpertFactory,
    PartnerFactory,
    StaffCuratorFactory,
    UserFactory,
)
from tests.technologies.builders import JPEG, PDF, PNG, upload
from tests.technologies.factories import (
    AttachmentFactory,
    ReviewAssignmentFactory,
    TechnologyFactory,
)

pytestmark = pytest.mark.django_db


def add(technology, file):
    return services.attachment_add(technology=technology, by=technology.submitted_by, file=file)


@pytest.mark.parametrize(
    ("name", "data", "content_type", "extension"),
    [
        ("brochure.pdf", PDF, "application/pdf", ".pdf"),
        ("photo.png", PNG, "image/png", ".png"),
        ("site.JPEG", JPEG, "image/jpeg", ".jpg"),
    ],
)
def test_pdf_png_and_jpeg_are_attached_under_a_generated_name(
    media_root, name, data, content_type, extension
):
    technology = TechnologyFactory()

    attachment = add(technology, upload(name, data))

    assert attachment.original_name == name
    assert attachment.content_type == content_type
    assert attachment.size == len(data)
    assert re.fullmatch(rf"technologies/[0-9a-f]{{32}}\{extension}", attachment.file.name)
    assert (media_root / attachment.file.name).read_bytes() == data


def test_a_png_named_pdf_is_taken_for_the_png_it_is():
    technology = TechnologyFactory()

    attachment = add(technology, upload("report.pdf", PNG, "application/pdf"))

    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith(".png")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", b"Just some text pretending to be a PDF"),
        ("setup.exe", b"MZ\x90\x00"),
        ("picture.jpg", b"GIF89a\x01\x00"),
        ("page.png", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_anything_else_is_refused_whatever_its_name(media_root, name, data):
    technology = TechnologyFactory()

    with pytest.raises(AttachmentRefused) as error:
        add(technology, upload(name, data))

    assert "Only PDF, PNG and JPEG" in error.value.message_dict["file"][0]
    assert not Attachment.objects.exists()
    assert not (media_root / "technologies").exists()


def test_an_empty_file_is_refused():
    with pytest.raises(AttachmentRefused, match="empty"):
        add(TechnologyFactory(), upload("empty.pdf", b""))


def test_a_file_over_the_per_file_cap_is_refused(settings):
    settings.TECHNOLOGY_ATTACHMENT_MAX_BYTES = 100

    with pytest.raises(AttachmentRefused) as error:
        add(TechnologyFactory(), upload("big.pdf", PDF + b"0" * 100))

    assert error.value.message_dict == {"file": ["The file is larger than 100\xa0bytes."]}


def test_the_per_file_cap_never_exceeds_the_database_cap(settings):
    settings.TECHNOLOGY_ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024

    assert services.attachment_max_bytes() == 10 * 1024 * 1024


def test_defaults_are_10_and_30_mib(settings):
    del settings.TECHNOLOGY_ATTACHMENT_MAX_BYTES
    del settings.TECHNOLOGY_SUBMISSION_MAX_BYTES

    assert services.attachment_max_bytes() == 10 * 1024 * 1024
    assert services.submission_max_bytes() == 30 * 1024 * 1024


def test_attachments_over_the_per_submission_total_are_refused(settings):
    settings.TECHNOLOGY_SUBMISSION_MAX_BYTES = 2 * len(PDF) + 10
    technology = TechnologyFactory()
    add(technology, upload("one.pdf", PDF))
    add(technology, upload("two.pdf", PDF))

    with pytest.raises(AttachmentRefused, match="may total"):
        add(technology, upload("three.pdf", PDF))

    assert technology.attachments.count() == 2


def test_the_displayed_name_loses_folders_and_control_characters():
    attachment = add(TechnologyFactory(), upload("..\\..\\etc/pass\x00wd.pdf", PDF))

    assert attachment.original_name == "passwd.pdf"


def test_another_institution_cannot_attach():
    technology = TechnologyFactory()

    with pytest.raises(NotPermitted):
        services.attachment_add(
            technology=technology, by=PartnerFactory(), file=upload("a.pdf", PDF)
        )


def test_a_submitted_declaration_takes_no_attachment():
    technology = TechnologyFactory(status=TechnologyStatus.SUBMITTED)

    with pytest.raises(TransitionNotAllowed):
        add(technology, upload("a.pdf", PDF))


def test_removing_an_attachment_deletes_its_file_once_committed(
    media_root, django_capture_on_commit_callbacks
):
    technology = TechnologyFactory()
    attachment = add(technology, upload("a.pdf", PDF))
    path = media_root / attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(attachment=attachment, by=technology.submitted_by)

    assert not Attachment.objects.exists()
    assert not path.exists()


def test_another_institution_cannot_remove_an_attachment():
    attachment = AttachmentFactory()

    with pytest.raises(NotPermitted):
        services.attachment_remove(attachment=attachment, by=PartnerFactory())
    assert Attachment.objects.filter(pk=attachment.pk).exists()


# --- downloads -----------------------------------------------------------------------------


def test_the_declarations_partners_staff_and_assigned_experts_may_download():
    attachment = AttachmentFactory()
    technology = attachment.technology
    assignment = ReviewAssignmentFactory(technology=technology)
    colleague = PartnerFactory(institution=technology.provider)

    for user in [technology.submitted_by, colleague, StaffCuratorFactory(), assignment.expert]:
        assert attachment_for_download(user, attachment.pk) == attachment


@pytest.mark.parametrize(
    "make_user",
    [PartnerFactory, ExpertFactory, UserFactory],
    ids=["other institution's partner", "unassigned expert", "no role"],
)
def test_anyone_else_gets_a_404(make_user):
    attachment = AttachmentFactory()

    with pytest.raises(Http404):
        attachment_for_download(make_user(), attachment.pk)


def test_an_expert_who_declined_may_no_longer_download():
    attachment = AttachmentFactory()
    assignment = ReviewAssignmentFactory(
        technology=attachment.technology, status="declined_conflict"
    )

    with pytest.raises(Http404):
        attachment_for_download(assignment.expert, attachment.pk)


def test_an_unknown_attachment_is_a_404():
    with pytest.raises(Http404):
        attachment_for_download(StaffCuratorFactory(), 999_999)
