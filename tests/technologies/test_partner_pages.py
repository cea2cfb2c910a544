"""A partner submitter's pages: open calls, declaring, the step editor, review and submit,
my submissions, a declaration's page, withdrawal and resubmission, through the real services."""

import datetime as dt
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from technologies import links, services
from technologies.forms.partner import STEP_FIELDS, STEPS
from technologies.models import Technology, TechnologyStatus
from technologies.services import DECLARATION_FIELDS
from tests.factories import GreenAreaFactory, PartnerFactory, StaffCuratorFactory
from tests.technologies.builders import (
    PDF,
    area_of,
    assigned,
    complete_draft,
    in_status,
    open_call,
    reviewed,
    submitted,
    under_review,
    upload,
)
from tests.technologies.factories import CriterionFactory, TechnologyFactory

pytestmark = pytest.mark.django_db

S = TechnologyStatus
OPEN_CALLS = reverse("technologies:open_calls")
MY_SUBMISSIONS = reverse("technologies:my_submissions")


def step_url(technology, step):
    return reverse("technologies:edit_step", kwargs={"pk": technology.pk, "step": step})


def submit_url(technology):
    return reverse("technologies:submit", kwargs={"pk": technology.pk})


def detail_url(technology):
    return reverse("technologies:submission_detail", kwargs={"pk": technology.pk})


def text(response) -> str:
    """The page's visible text, tags removed and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def partner(client):
    user = PartnerFactory(first_name="Amina", last_name="Otieno")
    client.force_login(user)
    return user


# --- The whole path --------------------------------------------------------------------------


def test_a_partner_declares_fills_in_every_step_and_submits(
    client, partner, mailoutbox, django_capture_on_commit_callbacks
):
    call = open_call(title="Green Belt and Road call")
    area = area_of(call)

    # The open call is listed with a button to declare.
    calls_page = client.get(OPEN_CALLS)
    declare_url = reverse("technologies:declare", kwargs={"slug": call.slug})
    assert "Green Belt and Road call" in text(calls_page)
    assert declare_url in calls_page.content.decode()

    # Declaring creates a draft and opens its first step.
    response = client.post(declare_url, {"name": "Vermifiltration", "green_area": area.pk})
    technology = Technology.objects.get(name="Vermifiltration")
    assert response.status_code == 302
    assert response["Location"] == step_url(technology, "basics")
    assert (technology.status, technology.provider, technology.submitted_by) == (
        S.DRAFT,
        partner.institution,
        partner,
    )

    # Submitting the bare draft lists every missing item, grouped by step, with links.
    refused = client.post(submit_url(technology))
    groups = refused.context["problems"]
    assert [g.label for g in groups] == [
        "Basics",
        "Technical detail",
        "Economics and benefits",
        "Attachments",
    ]
    assert groups[0].url == step_url(technology, "basics")
    assert "Fill in “Summary”." in groups[0].messages
    assert "Fill in “Summary”." in text(refused)
    technology.refresh_from_db()
    assert technology.status == S.DRAFT

    # Every step, saved and continued.
    response = client.post(
        step_url(technology, "basics"),
        {
            "name": "Vermifiltration",
            "green_area": area.pk,
            "summary": "Earthworms clean village wastewater.",
            "contact_name": "Amina Otieno",
            "contact_email": "amina@provider.example",
            "continue": "",
        },
    )
    assert response["Location"] == step_url(technology, "technical_detail")
    response = client.post(
        step_url(technology, "technical_detail"),
        {
            "technical_principle": "Worm beds over gravel.",
            "key_performance_indicators": "BOD removal above 90 %.",
            "trl": "8",
            "intellectual_property": "patent_granted",
            "ip_details": "CN 1234567",
            "applicable_conditions": "Villages up to 5,000 people.",
            "target_countries": ["KE", "PK"],
            "continue": "",
        },
    )
    assert response["Location"] == step_url(technology, "application_cases")
    response = client.post(
        step_url(technology, "application_cases"),
        {
            **management(total=1, initial=0),
            "cases-0-place": "Kisumu",
            "cases-0-country": "KE",
            "cases-0-year": "2022",
            "cases-0-scale": "1,200 people",
            "cases-0-results": "Clean effluent all year.",
            "continue": "",
        },
    )
    assert response["Location"] == step_url(technology, "economics")
    response = client.post(
        step_url(technology, "economics"),
        {
            "investment_usd": "90000",
            "operating_cost_usd_per_year": "4000.50",
            "co2e_avoided_t_per_year": "12.5",
            "continue": "",
        },
    )
    assert response["Location"] == step_url(technology, "attachments")
    response = client.post(
        step_url(technology, "attachments"), {"file": upload("brochure.pdf", PDF)}
    )
    assert response["Location"] == step_url(technology, "attachments")

    # Nothing is missing any more; submitting sends the confirmation.
    review = client.get(submit_url(technology))
    assert review.context["problems"] == []
    assert "Kisumu" in text(review)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(technology))

    assert response["Location"] == detail_url(technology)
    technology.refresh_from_db()
    assert technology.status == S.SUBMITTED
    assert technology.trl == 8
    assert [country.code for country in technology.target_countries] == ["KE", "PK"]
    assert technology.application_cases.get().place == "Kisumu"
    assert technology.attachments.get().original_name == "brochure.pdf"
    [mail] = mailoutbox
    assert mail.to == [partner.email]
    assert "Vermifiltration" in mail.subject
    page = client.get(detail_url(technology))
    assert "Submitted" in text(page)
    assert "Amina Otieno" in text(page)


def management(*, total, initial, prefix="cases"):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


# --- Open calls and declaring ----------------------------------------------------------------


def test_open_calls_show_areas_criteria_and_closing_date_but_not_closed_or_unpublished_calls(
    client, partner
):
    call = open_call(title="Open call", criteria=0, area=GreenAreaFactory(name="Water"))
    CriterionFactory(call=call, name="Practicability", description="Works in the field.")
    open_call(title="Unpublished call", is_published=False)
    now = timezone.now()
    open_call(
        title="Past call",
        opens_on=now - dt.timedelta(days=90),
        closes_on=now - dt.timedelta(days=1),
    )
    open_call(title="Future call", opens_on=now + dt.timedelta(days=1))

    page = text(client.get(OPEN_CALLS))

    assert "Open call" in page
    assert "Water" in page
    assert "Practicability" in page and "Works in the field." in page
    assert "Unpublished call" not in page
    assert "Past call" not in page
    assert "Future call" not in page


def test_a_partner_without_institution_sees_the_calls_but_no_declare_button(client):
    user = PartnerFactory(institution=None)
    client.force_login(user)
    call = open_call()

    response = client.get(OPEN_CALLS)

    assert call.display_title in text(response)
    assert reverse("technologies:declare", args=[call.slug]) not in response.content.decode()
    assert reverse("accounts:request_membership") in response.content.decode()


def test_the_declare_form_offers_only_the_call_areas(client, partner):
    call = open_call(area=GreenAreaFactory(name="Test area: reed beds"))
    GreenAreaFactory(name="Test area: scrubbers")

    page = text(client.get(reverse("technologies:declare", args=[call.slug])))

    assert "Test area: reed beds" in page
    assert "Test area: scrubbers" not in page


def test_a_closed_call_refuses_declarations_with_a_clear_message(client, partner):
    now = timezone.now()
    call = open_call(opens_on=now - dt.timedelta(days=60), closes_on=now - dt.timedelta(days=1))
    url = reverse("technologies:declare", args=[call.slug])

    shown = client.get(url)
    posted = client.post(url, {"name": "Late", "green_area": area_of(call).pk})

    assert "This call does not take declarations now" in text(shown)
    assert shown.context["form"].is_bound is False
    assert "This call does not take declarations now" in text(posted)
    assert not Technology.objects.filter(name="Late").exists()


def test_a_green_area_the_call_does_not_cover_is_refused_with_a_clear_message(client, partner):
    call = open_call()
    other = GreenAreaFactory(name="Test area: air")

    response = client.post(
        reverse("technologies:declare", args=[call.slug]),
        {"name": "Scrubber", "green_area": other.pk},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["green_area"] == [
        f"The collection call “{call.title}” does not cover the green area “Test area: air”."
    ]
    assert not Technology.objects.filter(name="Scrubber").exists()


def test_declaring_without_a_name_shows_the_field_error(client, partner):
    call = open_call()

    response = client.post(
        reverse("technologies:declare", args=[call.slug]), {"green_area": area_of(call).pk}
    )

    assert response.context["form"].errors["name"] == ["This field is required."]
    assert Technology.objects.count() == 0


def test_an_unpublished_call_is_not_found(client, partner):
    call = open_call(is_published=False)

    response = client.get(reverse("technologies:declare", args=[call.slug]))

    assert response.status_code == 404


# --- The step editor -------------------------------------------------------------------------


def test_the_steps_hold_every_declaration_field_once():
    fields = [f for step_fields in STEP_FIELDS.values() for f in step_fields]

    assert sorted(fields) == sorted(DECLARATION_FIELDS)
    assert STEPS == (
        "basics",
        "technical_detail",
        "application_cases",
        "economics",
        "attachments",
    )


def test_save_draft_keeps_valid_fields_shows_errors_and_leaves_other_steps_alone(client, partner):
    technology = complete_draft(partner=partner, technical_principle="Reed beds.")

    response = client.post(
        step_url(technology, "economics"),
        {
            "investment_usd": "-5",
            "operating_cost_usd_per_year": "1234.50",
            "co2e_avoided_t_per_year": "not a number",
            "other_environmental_benefits": "Less sludge.",
            "save": "",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"investment_usd", "co2e_avoided_t_per_year"}
    assert response.context["partly_saved"] is True
    assert "The valid fields were saved" in text(response)
    technology.refresh_from_db()
    assert str(technology.operating_cost_usd_per_year) == "1234.50"
    assert technology.other_environmental_benefits == "Less sludge."
    assert str(technology.investment_usd) == "120000.00"  # unchanged
    assert technology.technical_principle == "Reed beds."  # another step, untouched


def test_save_draft_with_valid_input_redirects_back_to_the_step(client, partner):
    technology = complete_draft(partner=partner)

    response = client.post(
        step_url(technology, "basics"),
        {
            "name": "Renamed wetland",
            "green_area": technology.green_area_id,
            "summary": "New summary.",
            "save": "",
        },
    )

    assert response["Location"] == step_url(technology, "basics")
    technology.refresh_from_db()
    assert (technology.name, technology.summary) == ("Renamed wetland", "New summary.")
    assert technology.contact_name == ""  # a field of this step left empty is saved empty


def test_the_step_nav_marks_complete_and_incomplete_steps(client, partner):
    technology = complete_draft(partner=partner, summary="")

    response = client.get(step_url(technology, "economics"))

    states = {link.key: link.missing for link in response.context["steps"]}
    assert states == {
        "basics": 1,
        "technical_detail": 0,
        "application_cases": 0,
        "economics": 0,
        "attachments": 0,
    }
    current = [link.key for link in response.context["steps"] if link.current]
    assert current == ["economics"]
    assert 'aria-current="step"' in response.content.decode()
    assert "1 item to complete" in text(response)


def test_the_basics_step_offers_only_the_call_areas_and_refuses_another(client, partner):
    technology = complete_draft(partner=partner)
    other = GreenAreaFactory(name="Test area: noise")

    shown = client.get(step_url(technology, "basics"))
    posted = client.post(
        step_url(technology, "basics"),
        {"name": technology.name, "green_area": other.pk, "summary": "Changed", "save": ""},
    )

    assert "Test area: noise" not in text(shown)
    assert "does not cover the green area “Test area: noise”" in text(posted)
    technology.refresh_from_db()
    assert technology.green_area_id != other.pk
    assert technology.summary != "Changed"


def test_a_duplicate_name_in_the_same_call_is_refused_on_the_form(client, partner):
    first = complete_draft(partner=partner, name="Biogas digester")
    second = TechnologyFactory(
        call=first.call, provider=partner.institution, green_area=first.green_area
    )

    response = client.post(
        step_url(second, "basics"),
        {"name": "Biogas digester", "green_area": second.green_area_id, "save": ""},
    )

    assert "already declared a technology with this name" in text(response)
    second.refresh_from_db()
    assert second.name != "Biogas digester"


def test_application_cases_are_added_changed_and_removed(client, partner):
    technology = complete_draft(partner=partner)
    kept = technology.application_cases.get()
    removed = technology.application_cases.create(
        place="Old site", country="TH", year=2015, results="Ran two years.", position=5
    )
    url = step_url(technology, "application_cases")
    page = client.get(url)
    forms = page.context["formset"].forms
    assert len(forms) == 3  # two cases and a blank one to add another

    response = client.post(
        url,
        {
            **management(total=3, initial=2),
            "cases-0-id": kept.pk,
            "cases-0-place": "Kisumu county",
            "cases-0-country": "KE",
            "cases-0-year": "2019",
            "cases-0-results": "Clean water for 800.",
            "cases-1-id": removed.pk,
            "cases-1-place": removed.place,
            "cases-1-country": "TH",
            "cases-1-year": "2015",
            "cases-1-results": removed.results,
            "cases-1-DELETE": "on",
            "cases-2-place": "Da Nang",
            "cases-2-country": "VN",
            "cases-2-year": "2023",
            "cases-2-results": "Pilot running.",
            "save": "",
        },
    )

    assert response["Location"] == url
    cases = list(technology.application_cases.order_by("position"))
    assert [(c.place, c.country.code) for c in cases] == [
        ("Kisumu county", "KE"),
        ("Da Nang", "VN"),
    ]


def test_an_invalid_case_saves_nothing_and_keeps_the_input(client, partner):
    technology = complete_draft(partner=partner)
    case = technology.application_cases.get()
    url = step_url(technology, "application_cases")

    response = client.post(
        url,
        {
            **management(total=2, initial=1),
            "cases-0-id": case.pk,
            "cases-0-place": "Renamed place",
            "cases-0-country": "KE",
            "cases-0-year": "2019",
            "cases-0-results": "Results",
            "cases-1-place": "New site",
            "cases-1-country": "KE",
            "cases-1-year": "1800",
            "save": "",
        },
    )

    assert response.status_code == 200
    assert "year" in response.context["formset"].forms[1].errors
    assert "Nothing was saved" in text(response)
    assert 'value="New site"' in response.content.decode()
    assert list(technology.application_cases.values_list("place", flat=True)) == [case.place]


def test_a_case_id_of_another_declaration_never_changes_that_case(client, partner):
    technology = complete_draft(partner=partner)
    foreign = complete_draft()
    foreign_case = foreign.application_cases.get()

    client.post(
        step_url(technology, "application_cases"),
        {
            **management(total=1, initial=1),
            "cases-0-id": foreign_case.pk,
            "cases-0-place": "Hijacked",
            "cases-0-country": "KE",
            "cases-0-year": "2019",
            "save": "",
        },
    )

    foreign_case.refresh_from_db()
    assert foreign_case.place != "Hijacked"
    assert list(foreign.application_cases.all()) == [foreign_case]


def test_an_unknown_step_is_not_found(client, partner):
    technology = complete_draft(partner=partner)

    assert client.get(step_url(technology, "everything")).status_code == 404


def test_a_revision_requested_declaration_is_edited_and_resubmitted(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    technology = in_status(S.REVISION_REQUESTED)
    client.force_login(technology.submitted_by)

    step = client.get(step_url(technology, "basics"))
    assert "Revision requested" in text(step)
    assert "Feedback for the submitter." in text(step)
    client.post(
        step_url(technology, "basics"),
        {
            "name": technology.name,
            "green_area": technology.green_area_id,
            "summary": "Clarified summary.",
            "contact_name": technology.contact_name,
            "contact_email": technology.contact_email,
            "save": "",
        },
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(technology))

    assert response["Location"] == detail_url(technology)
    technology.refresh_from_db()
    assert technology.status == S.SUBMITTED
    assert technology.summary == "Clarified summary."
    assert technology.transitions.last().note == "Resubmitted after a revision request."
    assert [m.to for m in mailoutbox] == [[technology.submitted_by.email]]


def test_the_submit_page_says_resubmit_for_a_revision(client):
    technology = in_status(S.REVISION_REQUESTED)
    client.force_login(technology.submitted_by)

    assert "Resubmit the declaration" in text(client.get(submit_url(technology)))


def test_a_complete_draft_shows_nothing_missing_on_the_submit_page(client, partner):
    technology = complete_draft(partner=partner)

    response = client.get(submit_url(technology))

    assert response.context["problems"] == []
    assert "Nothing is missing" in text(response)


# --- My submissions and a declaration's page -------------------------------------------------


def test_my_submissions_lists_the_institution_declarations_only(client, partner):
    colleague = PartnerFactory(institution=partner.institution)
    mine = complete_draft(partner=partner, name="Mine")
    theirs = complete_draft(partner=colleague, name="Colleague's")
    complete_draft(name="Other institution's")

    response = client.get(MY_SUBMISSIONS)

    assert {t.pk for t in response.context["technologies"]} == {mine.pk, theirs.pk}
    assert "Other institution" not in text(response)


def test_my_submissions_shows_the_released_decision_and_feedback_but_no_reviewer(client):
    technology = in_status(S.REJECTED)
    reviewer = technology.assignments.get().expert
    client.force_login(technology.submitted_by)

    page = text(client.get(MY_SUBMISSIONS))

    assert "Rejected" in page
    assert "Feedback for the submitter." in page
    assert reviewer.last_name not in page
    assert reviewer.email not in page


def test_a_staged_decision_stays_hidden_from_the_partner(client):
    curator = StaffCuratorFactory()
    technology = under_review()
    reviewed(assigned(technology, curator=curator))
    services.technology_decide(
        technology=technology,
        outcome="reject",
        feedback="Staged feedback.",
        by=curator,
        release=False,
    )
    client.force_login(technology.submitted_by)

    listing = text(client.get(MY_SUBMISSIONS))
    detail = text(client.get(detail_url(technology)))

    assert "Under review" in listing
    assert "Staged feedback." not in listing
    assert "Staged feedback." not in detail
    assert "Rejected" not in detail


def test_the_detail_page_shows_history_with_staff_unnamed_and_colleagues_named(client):
    curator = StaffCuratorFactory(first_name="Grace", last_name="Curator")
    technology = submitted()
    partner = technology.submitted_by
    services.technology_return_to_draft(
        technology=technology, by=curator, reason="Add the patent numbers."
    )
    client.force_login(partner)

    response = client.get(detail_url(technology))
    page = text(response)

    history = response.context["history"]
    assert [(h.to_label, h.who) for h in history] == [
        ("Submitted", partner.get_full_name()),
        ("Screening", "Staff"),
        ("Draft", "Staff"),
    ]
    assert "Add the patent numbers." in page
    assert "Grace" not in page
    assert curator.email not in page


def test_the_detail_page_hides_review_scores_and_reviewer_names(client):
    technology = in_status(S.ACCEPTED)
    reviewer = technology.assignments.get().expert
    client.force_login(technology.submitted_by)

    response = client.get(detail_url(technology))
    page = text(response)

    assert "Accepted" in page
    assert "Feedback for the submitter." in page
    assert reverse("technologies:pool_detail", args=[technology.slug]) in response.content.decode()
    assert reviewer.last_name not in page
    assert "Overall sound." not in page  # the review's comment
    assert "On Criterion" not in page  # the per-criterion comments


def test_the_detail_page_offers_edit_on_a_draft_and_withdraw_after_submission(client):
    draft = complete_draft()
    sent = submitted(partner=PartnerFactory(institution=draft.provider))
    client.force_login(draft.submitted_by)

    draft_page = client.get(detail_url(draft)).content.decode()
    sent_page = client.get(detail_url(sent)).content.decode()

    assert step_url(draft, "basics") in draft_page
    assert reverse("technologies:withdraw", args=[draft.pk]) not in draft_page
    assert step_url(sent, "basics") not in sent_page
    assert reverse("technologies:withdraw", args=[sent.pk]) in sent_page


# --- Withdrawal ------------------------------------------------------------------------------


def test_withdrawing_asks_for_confirmation_then_withdraws_with_the_note(client):
    technology = submitted()
    client.force_login(technology.submitted_by)
    url = reverse("technologies:withdraw", args=[technology.pk])

    confirm = client.get(url)
    technology.refresh_from_db()
    assert technology.status == S.SUBMITTED
    assert "cannot be reopened" in text(confirm)

    response = client.post(url, {"note": "Licensed elsewhere."})

    assert response["Location"] == detail_url(technology)
    technology.refresh_from_db()
    assert technology.status == S.WITHDRAWN
    last = technology.transitions.last()
    assert (last.by, last.note) == (technology.submitted_by, "Licensed elsewhere.")


@pytest.mark.parametrize("status", [S.DRAFT, S.ACCEPTED, S.REJECTED, S.WITHDRAWN])
def test_withdrawing_is_refused_outside_the_withdrawable_states(client, status):
    technology = in_status(status)
    client.force_login(technology.submitted_by)

    response = client.post(reverse("technologies:withdraw", args=[technology.pk]))

    assert response["Location"] == detail_url(technology)
    technology.refresh_from_db()
    assert technology.status == status
    followed = client.get(response["Location"])
    assert any("cannot be withdrawn" in m for m in messages_of(followed))


# --- Query counts ----------------------------------------------------------------------------

# Session, user, the user's groups, the user's institution, then the rows with their call,
# provider and area.
MY_SUBMISSIONS_QUERIES = 5
# Session, user, groups, the calls, their green areas, their criteria.
OPEN_CALLS_QUERIES = 6


@pytest.mark.parametrize("count", [1, 3])
def test_my_submissions_queries_do_not_grow_with_the_list(
    client, partner, django_assert_max_num_queries, count
):
    for number in range(count):
        complete_draft(partner=partner, name=f"Technology {number}")
    in_status(S.ACCEPTED, partner=PartnerFactory(institution=partner.institution))

    with django_assert_max_num_queries(MY_SUBMISSIONS_QUERIES):
        response = client.get(MY_SUBMISSIONS)

    assert len(response.context["technologies"]) == count + 1


@pytest.mark.parametrize("count", [1, 3])
def test_open_calls_queries_do_not_grow_with_the_calls(
    client, partner, django_assert_max_num_queries, count
):
    for number in range(count):
        open_call(title=f"Call {number}", criteria=3)

    with django_assert_max_num_queries(OPEN_CALLS_QUERIES):
        response = client.get(OPEN_CALLS)

    assert len(response.context["calls"]) == count
    assert response.content.decode().count("/declare/") == count


# --- Accessibility ---------------------------------------------------------------------------


class ControlsAndLabels(HTMLParser):
    """The ids of the visible form controls and the `for` of the labels."""

    def __init__(self):
        super().__init__()
        self.controls, self.labelled, self.unnamed = [], set(), 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") != "hidden":
            if attrs.get("id"):
                self.controls.append(attrs["id"])
            else:
                self.unnamed += 1


def assert_every_control_is_labelled(response):
    assert response.status_code == 200
    parser = ControlsAndLabels()
    parser.feed(response.content.decode())
    assert parser.unnamed == 0
    assert parser.controls
    assert [c for c in parser.controls if c not in parser.labelled] == []


def test_every_form_control_of_the_partner_pages_has_a_label(client):
    technology = complete_draft()
    sent = submitted(partner=PartnerFactory(institution=technology.provider))
    client.force_login(technology.submitted_by)
    urls = [
        *(step_url(technology, step) for step in STEPS),
        reverse("technologies:declare", args=[technology.call.slug]),
        reverse("technologies:withdraw", args=[sent.pk]),
    ]

    for url in urls:
        assert_every_control_is_labelled(client.get(url))


# --- Odds and ends ---------------------------------------------------------------------------


def test_the_pages_serve_the_paths_the_emails_link_to(settings):
    technology_pk, attachment_pk = 41, 42

    assert links.my_submissions() == settings.SITE_URL + MY_SUBMISSIONS
    assert links.submission_detail(technology_pk) == settings.SITE_URL + reverse(
        "technologies:submission_detail", args=[technology_pk]
    )
    assert links.attachment_download(attachment_pk) == settings.SITE_URL + reverse(
        "technologies:attachment_download", args=[attachment_pk]
    )


def test_declaring_a_name_already_declared_to_the_call_is_refused(client, partner):
    existing = complete_draft(partner=partner, name="Solar dryer")

    response = client.post(
        reverse("technologies:declare", args=[existing.call.slug]),
        {"name": "Solar dryer", "green_area": existing.green_area_id},
    )

    assert response.status_code == 200
    assert "already declared a technology with this name" in text(response)
    assert Technology.objects.filter(name="Solar dryer").count() == 1


def test_withdrawing_without_a_note_withdraws(client):
    technology = submitted()
    client.force_login(technology.submitted_by)

    client.post(reverse("technologies:withdraw", args=[technology.pk]))

    technology.refresh_from_db()
    assert technology.status == S.WITHDRAWN
    history = client.get(detail_url(technology)).context["history"]
    assert history[-1].who == technology.submitted_by.get_full_name()


def test_the_pages_render_in_chinese(client, partner):
    technology = complete_draft(partner=partner)
    client.cookies["django_language"] = "zh-hans"
    urls = [
        OPEN_CALLS,
        MY_SUBMISSIONS,
        detail_url(technology),
        submit_url(technology),
        *(step_url(technology, step) for step in STEPS),
    ]

    # The locale middleware leaves the language active in the thread: restore it afterwards.
    with translation.override(translation.get_language()):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.content.decode().count('<html lang="zh-hans">') == 1, url
