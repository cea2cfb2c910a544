"""Who is refused on a partner submitter's pages: anonymous visitors go to the log-in page,
people without the partner role get 403, another institution's declaration is a 404, and a
declaration that is no longer editable cannot be changed."""

import pytest
from django.urls import reverse

from technologies.models import Technology, TechnologyStatus
from tests.factories import ExpertFactory, PartnerFactory, StaffCuratorFactory, UserFactory
from tests.technologies.builders import area_of, complete_draft, in_status, open_call, submitted

pytestmark = pytest.mark.django_db

S = TechnologyStatus


def object_urls(technology) -> list[str]:
    pk = technology.pk
    return [
        reverse("technologies:submission_detail", args=[pk]),
        reverse("technologies:edit_step", args=[pk, "basics"]),
        reverse("technologies:edit_step", args=[pk, "application_cases"]),
        reverse("technologies:edit_step", args=[pk, "attachments"]),
        reverse("technologies:submit", args=[pk]),
        reverse("technologies:withdraw", args=[pk]),
    ]


def role_urls(call) -> list[str]:
    return [
        reverse("technologies:open_calls"),
        reverse("technologies:my_submissions"),
        reverse("technologies:declare", args=[call.slug]),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client):
    technology = complete_draft()
    attachment = technology.attachments.get()
    urls = [
        *role_urls(technology.call),
        *object_urls(technology),
        reverse("technologies:attachment_download", args=[attachment.pk]),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
        assert "next=" in response["Location"], url


@pytest.mark.parametrize(
    "make_user",
    [ExpertFactory, StaffCuratorFactory, UserFactory],
    ids=["expert", "staff", "no role"],
)
def test_people_who_are_not_partner_submitters_get_403(client, make_user):
    technology = complete_draft()
    client.force_login(make_user(institution=technology.provider))

    for url in [*role_urls(technology.call), *object_urls(technology)]:
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("technologies:declare", args=[technology.call.slug]),
        {"name": "By a non-partner", "green_area": technology.green_area_id},
    )
    assert response.status_code == 403
    assert not Technology.objects.filter(name="By a non-partner").exists()


def test_a_partner_of_another_institution_gets_404_for_every_page_of_a_declaration(client):
    technology = complete_draft()
    client.force_login(PartnerFactory())

    for url in object_urls(technology):
        assert client.get(url).status_code == 404, url
    for url in object_urls(technology)[1:]:  # the declaration's page takes no POST
        assert client.post(url, {"name": "Hijacked", "save": ""}).status_code == 404, url

    technology.refresh_from_db()
    assert technology.name != "Hijacked"
    assert technology.status == S.DRAFT


def test_a_partner_of_another_institution_cannot_submit_or_withdraw(client):
    draft = complete_draft()
    sent = submitted()
    client.force_login(PartnerFactory())

    assert client.post(reverse("technologies:submit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("technologies:withdraw", args=[sent.pk])).status_code == 404

    draft.refresh_from_db()
    sent.refresh_from_db()
    assert (draft.status, sent.status) == (S.DRAFT, S.SUBMITTED)


def test_a_colleague_of_the_same_institution_may_edit(client):
    technology = complete_draft()
    client.force_login(PartnerFactory(institution=technology.provider))

    response = client.post(
        reverse("technologies:edit_step", args=[technology.pk, "basics"]),
        {
            "name": technology.name,
            "green_area": technology.green_area_id,
            "summary": "By a colleague",
        },
    )

    assert response.status_code == 302
    technology.refresh_from_db()
    assert technology.summary == "By a colleague"


@pytest.mark.parametrize(
    "status", [S.SUBMITTED, S.SCREENING, S.UNDER_REVIEW, S.ACCEPTED, S.REJECTED, S.WITHDRAWN]
)
def test_editing_after_submission_is_refused(client, status):
    technology = in_status(status)
    client.force_login(technology.submitted_by)
    detail = reverse("technologies:submission_detail", args=[technology.pk])

    for step in ("basics", "application_cases", "attachments"):
        url = reverse("technologies:edit_step", args=[technology.pk, step])
        assert client.get(url)["Location"] == detail
    response = client.post(
        reverse("technologies:edit_step", args=[technology.pk, "basics"]),
        {"name": "Changed later", "green_area": technology.green_area_id, "save": ""},
    )
    submit = client.post(reverse("technologies:submit", args=[technology.pk]))

    assert response["Location"] == detail
    assert submit["Location"] == detail
    followed = client.get(detail)
    assert any("can be changed only while" in str(m) for m in followed.context["messages"])
    technology.refresh_from_db()
    assert technology.name != "Changed later"
    assert technology.status == status


def test_attachments_of_a_submitted_declaration_cannot_be_removed(client):
    technology = submitted()
    attachment = technology.attachments.get()
    client.force_login(technology.submitted_by)

    response = client.post(
        reverse("technologies:edit_step", args=[technology.pk, "attachments"]),
        {"remove": attachment.pk},
    )

    assert response["Location"] == reverse("technologies:submission_detail", args=[technology.pk])
    assert technology.attachments.filter(pk=attachment.pk).exists()


def test_a_partner_without_institution_is_refused_a_draft_with_a_clear_message(client):
    call = open_call()
    client.force_login(PartnerFactory(institution=None))
    url = reverse("technologies:declare", args=[call.slug])

    shown = client.get(url)
    posted = client.post(url, {"name": "No institution", "green_area": area_of(call).pk})

    assert "once the staff approve your link to an institution" in shown.content.decode()
    assert posted.status_code == 200
    assert not Technology.objects.filter(name="No institution").exists()


def test_my_submissions_of_a_partner_without_institution_is_empty(client):
    complete_draft()
    client.force_login(PartnerFactory(institution=None))

    response = client.get(reverse("technologies:my_submissions"))

    assert response.context["technologies"] == []
    assert reverse("accounts:request_membership") in response.content.decode()


def test_pages_refuse_methods_they_do_not_serve(client):
    technology = complete_draft()
    client.force_login(technology.submitted_by)

    assert client.post(reverse("technologies:my_submissions")).status_code == 405
    assert (
        client.post(reverse("technologies:submission_detail", args=[technology.pk])).status_code
        == 405
    )
    assert client.delete(reverse("technologies:submit", args=[technology.pk])).status_code == 405
