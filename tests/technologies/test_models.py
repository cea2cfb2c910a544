import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.utils import timezone

from technologies.models import (
    ATTACHMENT_MAX_BYTES,
    DEFAULT_CRITERIA,
    CollectionCall,
    Technology,
    TechnologyStatus,
    attachment_upload_to,
    validate_attachment_file,
)
from tests.technologies.factories import (
    AttachmentFactory,
    CriterionFactory,
    ImpactIndicatorFactory,
    PublishedTechnologyFactory,
    ReviewScoreFactory,
    TechnologyFactory,
    TechnologyTransitionFactory,
)

NOW = timezone.now()


def make_call(**kwargs):
    defaults = {
        "opens_on": NOW - dt.timedelta(days=1),
        "closes_on": NOW + dt.timedelta(days=1),
        "is_published": True,
    }
    return CollectionCall(**{**defaults, **kwargs})


class TestCollectionCallIsOpen:
    def test_published_call_is_open_between_its_dates(self):
        assert make_call().is_open()

    def test_call_is_open_from_its_opening_moment(self):
        call = make_call()
        assert call.is_open(at=call.opens_on)

    def test_call_is_closed_at_its_closing_moment(self):
        call = make_call()
        assert not call.is_open(at=call.closes_on)

    def test_call_is_closed_before_it_opens(self):
        call = make_call()
        assert not call.is_open(at=call.opens_on - dt.timedelta(seconds=1))

    def test_unpublished_call_is_never_open(self):
        assert not make_call(is_published=False).is_open()


def test_default_criteria_are_the_pools_five_equally_weighted():
    assert [c["name"] for c in DEFAULT_CRITERIA] == [
        "Advanced nature",
        "Practicability",
        "Economy",
        "Maturity degree",
        "Service capability",
    ]
    assert {c["weight"] for c in DEFAULT_CRITERIA} == {Decimal("1.00")}
    assert all(c["name_zh"] for c in DEFAULT_CRITERIA)


@pytest.mark.django_db
def test_published_queryset_returns_accepted_technologies_only():
    accepted = PublishedTechnologyFactory()
    for status in set(TechnologyStatus.values) - {TechnologyStatus.ACCEPTED}:
        TechnologyFactory(status=status)

    assert list(Technology.objects.published()) == [accepted]


@pytest.mark.django_db
def test_a_call_with_technologies_cannot_be_deleted():
    technology = TechnologyFactory()

    with pytest.raises(ProtectedError):
        technology.call.delete()


@pytest.mark.django_db
def test_deleting_a_technology_deletes_its_log_but_a_transfer_case_protects_it():
    transition = TechnologyTransitionFactory()
    transition.technology.delete()
    assert not type(transition).objects.filter(pk=transition.pk).exists()

    indicator = ImpactIndicatorFactory()
    with pytest.raises(ProtectedError):
        indicator.transfer_case.technology.delete()


class TestAttachmentFiles:
    def test_stored_name_is_random_and_keeps_the_extension(self):
        first = attachment_upload_to(None, "Report Final (v2).PDF")
        second = attachment_upload_to(None, "Report Final (v2).PDF")

        assert re.fullmatch(r"technologies/[0-9a-f]{32}\.pdf", first)
        assert first != second

    def test_stored_name_drops_an_unsafe_extension(self):
        assert re.fullmatch(r"technologies/[0-9a-f]{32}", attachment_upload_to(None, "x.p;h p"))

    def test_pdf_and_images_are_accepted(self):
        for name in ["a.pdf", "b.PNG", "c.jpeg", "d.jpg"]:
            validate_attachment_file(SimpleUploadedFile(name, b"data"))

    def test_image_types_the_content_check_refuses_are_refused_by_name_too(self):
        with pytest.raises(ValidationError, match="Only PDF files and images"):
            validate_attachment_file(SimpleUploadedFile("photo.webp", b"RIFF"))

    def test_other_file_types_are_refused(self):
        with pytest.raises(ValidationError, match="Only PDF files and images"):
            validate_attachment_file(SimpleUploadedFile("setup.exe", b"MZ"))

    def test_files_over_the_cap_are_refused(self):
        upload = SimpleUploadedFile("big.pdf", b"")
        upload.size = ATTACHMENT_MAX_BYTES + 1

        with pytest.raises(ValidationError, match="larger than"):
            validate_attachment_file(upload)

    @pytest.mark.django_db
    def test_factory_attachment_is_stored_under_a_random_name(self, media_root):
        attachment = AttachmentFactory()

        assert re.fullmatch(r"technologies/[0-9a-f]{32}\.pdf", attachment.file.name)
        assert (media_root / attachment.file.name).exists()
        assert str(attachment) == "brochure.pdf"


@pytest.mark.django_db
class TestReviewScoreClean:
    def test_score_within_the_calls_scale_is_valid(self):
        score = ReviewScoreFactory(score=Decimal("5"))

        score.full_clean()

    def test_score_above_the_calls_scale_is_refused(self):
        score = ReviewScoreFactory()
        score.score = Decimal("5.5")

        with pytest.raises(ValidationError) as error:
            score.full_clean()
        assert "cannot exceed the call's maximum of 5" in str(error.value.message_dict["score"])

    def test_criterion_of_another_call_is_refused(self):
        score = ReviewScoreFactory()
        score.criterion = CriterionFactory()

        with pytest.raises(ValidationError) as error:
            score.full_clean()
        assert "another collection call" in str(error.value.message_dict["criterion"])

    def test_score_without_a_review_yet_skips_the_call_checks(self):
        score = ReviewScoreFactory.build(review=None, criterion=CriterionFactory())

        assert score._call() is None


@pytest.mark.django_db
def test_string_representations_name_the_objects():
    score = ReviewScoreFactory(criterion__name="Economy", score=Decimal("3.50"))
    transition = TechnologyTransitionFactory(technology__name="Biochar kiln")

    assert str(score) == "Economy: 3.50"
    assert str(transition) == "Biochar kiln: Draft → Submitted"
    assert str(score.review.assignment.technology.call).startswith("Technology Collection")
    assert str(ImpactIndicatorFactory()) == "Wastewater treated: 1200.00 m3/day"
