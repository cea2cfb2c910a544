"""A partner's declaration: drafts, application cases, the completeness check, submission and
withdrawal (services)."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from technologies import services
from technologies.exceptions import (
    NotPermitted,
    SubmissionIncomplete,
    TechnologyError,
    TransitionNotAllowed,
)
from technologies.models import Technology, TechnologyStatus
from technologies.validation import submission_problems
from tests.factories import ExpertFactory, GreenAreaFactory, PartnerFactory, UserFactory
from tests.technologies.builders import (
    area_of,
    complete_draft,
    in_status,
    open_call,
)
from tests.technologies.factories import (
    ApplicationCaseFactory,
    CollectionCallFactory,
    TechnologyFactory,
)

pytestmark = pytest.mark.django_db

S = TechnologyStatus


def create(call, partner, **kwargs):
    return services.technology_create_draft(
        call=call, green_area=area_of(call), name="Biochar kiln", by=partner, **kwargs
    )


# --- drafts --------------------------------------------------------------------------------


def test_partner_starts_a_draft_for_their_institution():
    call, partner = open_call(), PartnerFactory()

    technology = create(call, partner, data={"summary": "Straw into carbon.", "trl": 5})

    assert technology.status == S.DRAFT
    assert technology.provider == partner.institution
    assert technology.submitted_by == partner
    assert technology.slug == "biochar-kiln"
    assert (technology.summary, technology.trl) == ("Straw into carbon.", 5)
    assert not technology.transitions.exists()


def test_a_closed_call_is_refused_with_its_title():
    now = timezone.now()
    call = CollectionCallFactory(
        title="Pool 2020",
        opens_on=now - dt.timedelta(days=100),
        closes_on=now - dt.timedelta(days=1),
        green_areas=[GreenAreaFactory()],
    )

    with pytest.raises(TechnologyError) as error:
        create(call, PartnerFactory())

    assert error.value.message_dict == {
        "call": ["The collection call “Pool 2020” is not open for submissions."]
    }
    assert not Technology.objects.exists()


def test_an_unpublished_call_is_refused():
    call = CollectionCallFactory(is_published=False, green_areas=[GreenAreaFactory()])

    with pytest.raises(TechnologyError, match="not open"):
        create(call, PartnerFactory())


def test_a_green_area_outside_the_call_is_refused():
    call = open_call(title="Pool 2026")
    other = GreenAreaFactory(name="Marine litter")

    with pytest.raises(TechnologyError) as error:
        services.technology_create_draft(
            call=call, green_area=other, name="Net", by=PartnerFactory()
        )

    assert error.value.message_dict["green_area"] == [
        "The collection call “Pool 2026” does not cover the green area “Marine litter”."
    ]


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(),
        lambda: ExpertFactory(),
        lambda: PartnerFactory(institution=None),
    ],
    ids=["no role", "expert", "partner without institution"],
)
def test_only_partners_with_an_institution_start_drafts(make_user):
    with pytest.raises(NotPermitted):
        create(open_call(), make_user())


def test_slugs_are_unique_and_never_a_page_path():
    call, partner = open_call(), PartnerFactory()
    TechnologyFactory(slug="biochar-kiln")

    first = create(call, partner)
    reserved = services.technology_create_draft(
        call=call, green_area=area_of(call), name="Submissions", by=partner
    )

    assert first.slug == "biochar-kiln-2"
    assert reserved.slug == "submissions-technology"


def test_update_changes_fields_and_renames_the_slug_of_an_unpublished_draft():
    technology = create(open_call(), partner := PartnerFactory())

    services.technology_update_draft(
        technology=technology, by=partner, data={"name": "Solar kiln", "trl": 6}
    )

    technology.refresh_from_db()
    assert (technology.name, technology.slug, technology.trl) == ("Solar kiln", "solar-kiln", 6)


def test_update_refreshes_the_search_vector():
    technology = create(open_call(), partner := PartnerFactory())

    services.technology_update_draft(
        technology=technology, by=partner, data={"summary": "Pyrolysis of rice straw."}
    )

    if connection.vendor != "postgresql":
        pytest.skip("full-text search needs PostgreSQL")
    assert Technology.objects.search("pyrolysis").filter(pk=technology.pk).exists()


def test_update_reports_field_errors():
    technology = create(open_call(), partner := PartnerFactory())

    with pytest.raises(TechnologyError) as error:
        services.technology_update_draft(
            technology=technology, by=partner, data={"trl": 10, "contact_email": "nope"}
        )

    assert set(error.value.message_dict) == {"trl", "contact_email"}
    technology.refresh_from_db()
    assert technology.trl is None


def test_update_refuses_fields_a_partner_does_not_set():
    technology = create(open_call(), partner := PartnerFactory())

    with pytest.raises(TechnologyError) as error:
        services.technology_update_draft(
            technology=technology, by=partner, data={"status": S.ACCEPTED}
        )

    assert "status" in error.value.message_dict


def test_update_refuses_a_green_area_outside_the_call():
    technology = create(open_call(), partner := PartnerFactory())

    with pytest.raises(TechnologyError, match="does not cover"):
        services.technology_update_draft(
            technology=technology, by=partner, data={"green_area": GreenAreaFactory()}
        )


def test_a_partner_of_another_institution_cannot_change_a_draft():
    technology = create(open_call(), PartnerFactory())

    with pytest.raises(NotPermitted):
        services.technology_update_draft(
            technology=technology, by=PartnerFactory(), data={"summary": "Hijacked"}
        )


def test_a_colleague_of_the_same_institution_can_change_a_draft():
    technology = create(open_call(), partner := PartnerFactory())
    colleague = PartnerFactory(institution=partner.institution)

    services.technology_update_draft(technology=technology, by=colleague, data={"trl": 4})

    technology.refresh_from_db()
    assert technology.trl == 4


@pytest.mark.parametrize("status", sorted(set(S.values) - {S.DRAFT, S.REVISION_REQUESTED}))
def test_a_declaration_under_way_cannot_be_changed(status):
    technology = TechnologyFactory(status=status)

    with pytest.raises(TransitionNotAllowed, match="only while it is a draft"):
        services.technology_update_draft(
            technology=technology, by=technology.submitted_by, data={"trl": 3}
        )


def test_a_revision_can_be_changed():
    technology = TechnologyFactory(status=S.REVISION_REQUESTED)

    services.technology_update_draft(
        technology=technology, by=technology.submitted_by, data={"trl": 8}
    )

    technology.refresh_from_db()
    assert technology.trl == 8


# --- application cases ---------------------------------------------------------------------


def test_application_cases_are_added_changed_and_removed():
    technology = TechnologyFactory()
    partner = technology.submitted_by

    first = services.application_case_add(
        technology=technology,
        by=partner,
        data={"place": "Nakuru", "country": "KE", "year": 2019, "results": "800 people"},
    )
    second = services.application_case_add(
        technology=technology,
        by=partner,
        data={"place": "Khon Kaen", "country": "TH", "year": 2021},
    )
    services.application_case_update(case=first, by=partner, data={"scale": "500 m3/day"})
    services.application_case_remove(case=second, by=partner)

    [case] = technology.application_cases.all()
    assert (case.place, case.scale, case.position) == ("Nakuru", "500 m3/day", 0)
    assert second.position == 1


def test_application_case_with_a_year_out_of_range_is_a_field_error():
    technology = TechnologyFactory()

    with pytest.raises(TechnologyError) as error:
        services.application_case_add(
            technology=technology,
            by=technology.submitted_by,
            data={"place": "Nakuru", "country": "KE", "year": 1800},
        )

    assert "year" in error.value.message_dict


def test_application_cases_of_another_institution_are_refused():
    case = ApplicationCaseFactory()

    with pytest.raises(NotPermitted):
        services.application_case_update(case=case, by=PartnerFactory(), data={"scale": "x"})
    with pytest.raises(NotPermitted):
        services.application_case_remove(case=case, by=PartnerFactory())


def test_application_cases_of_a_submitted_declaration_are_frozen():
    case = ApplicationCaseFactory(technology__status=S.SUBMITTED)

    with pytest.raises(TransitionNotAllowed):
        services.application_case_remove(case=case, by=case.technology.submitted_by)


# --- completeness and submission -----------------------------------------------------------


def test_an_empty_draft_lists_every_missing_item_by_step():
    call = open_call()
    partner = PartnerFactory()
    technology = services.technology_create_draft(
        call=call, green_area=area_of(call), name="Empty", by=partner, data={"trl": 8}
    )

    with pytest.raises(SubmissionIncomplete) as error:
        services.technology_submit(technology=technology, by=partner)

    errors = error.value.errors
    assert list(errors) == [
        "basics",
        "technical_detail",
        "application_cases",
        "economics",
        "attachments",
    ]
    assert errors["basics"] == [
        "Fill in “Summary”.",
        "Fill in “Contact name”.",
        "Fill in “Contact e-mail”.",
    ]
    assert errors["technical_detail"] == [
        "Fill in “Technical principle”.",
        "Fill in “Key performance indicators”.",
        "Fill in “Intellectual property”.",
        "Fill in “Applicable conditions”.",
        "Name at least one target country.",
    ]
    assert errors["application_cases"] == [
        "At readiness level 7 or above, describe at least one application case."
    ]
    assert errors["economics"] == [
        "Fill in “Investment (USD)”.",
        "Fill in “Operating cost (USD per year)”.",
        "State the environmental benefit: the CO2e avoided per year or other benefits.",
    ]
    assert len(errors["attachments"]) == 1
    assert error.value.steps["economics"] == "Economics and benefits"
    assert "Basics: Fill in “Summary”." in error.value.messages
    technology.refresh_from_db()
    assert technology.status == S.DRAFT


def test_a_complete_draft_has_no_problems():
    assert submission_problems(complete_draft()) == {}


def test_below_readiness_level_7_no_application_case_is_needed():
    technology = complete_draft(trl=6)
    technology.application_cases.all().delete()

    assert submission_problems(technology) == {}


def test_application_cases_in_the_future_and_without_results_are_listed():
    technology = complete_draft()
    next_year = timezone.now().year + 1
    ApplicationCaseFactory(technology=technology, place="Mombasa", year=next_year, results="")

    problems = submission_problems(technology)

    assert problems == {
        "application_cases": [
            f"Application case “Mombasa”: the year must lie between 1950 and {next_year - 1}.",
            "Application case “Mombasa”: describe its results.",
        ]
    }


def test_a_patent_needs_its_numbers():
    technology = complete_draft(intellectual_property="patent_granted", ip_details="")

    assert submission_problems(technology) == {
        "technical_detail": ["Give the patent numbers or application numbers in the details."]
    }


def test_a_green_area_the_call_no_longer_covers_is_listed():
    technology = complete_draft()
    technology.call.green_areas.set([GreenAreaFactory()])

    assert "does not cover" in submission_problems(technology)["basics"][0]


def test_submit_moves_to_submitted_and_mails_the_submitter(
    mailoutbox, django_capture_on_commit_callbacks
):
    technology = complete_draft(name="Reed bed")
    partner = technology.submitted_by

    with django_capture_on_commit_callbacks(execute=True):
        services.technology_submit(technology=technology, by=partner)

    technology.refresh_from_db()
    assert technology.status == S.SUBMITTED
    assert technology.submitted_at is not None
    [mail] = mailoutbox
    assert mail.to == [partner.email]
    assert "Reed bed" in mail.subject
    assert f"/technologies/submissions/{technology.pk}/" in mail.body


def test_a_first_submission_after_the_call_closed_is_refused():
    technology = complete_draft()
    call = technology.call
    call.closes_on = timezone.now() - dt.timedelta(minutes=1)
    call.save()

    with pytest.raises(SubmissionIncomplete) as error:
        services.technology_submit(technology=technology, by=technology.submitted_by)

    assert error.value.errors == {
        "basics": [f"The collection call “{call.title}” is not open for submissions."]
    }


def test_a_revision_can_be_resubmitted_after_the_call_closed():
    technology = in_status(S.REVISION_REQUESTED)
    call = technology.call
    call.closes_on = timezone.now() - dt.timedelta(minutes=1)
    call.save()

    services.technology_submit(technology=technology, by=technology.submitted_by)

    technology.refresh_from_db()
    assert technology.status == S.SUBMITTED
    assert technology.transitions.last().note == "Resubmitted after a revision request."


def test_another_institution_cannot_submit():
    with pytest.raises(NotPermitted):
        services.technology_submit(technology=complete_draft(), by=PartnerFactory())


def test_withdrawal_is_logged_with_the_note():
    technology = in_status(S.UNDER_REVIEW)

    services.technology_withdraw(
        technology=technology, by=technology.submitted_by, note="Licensed elsewhere."
    )

    log = technology.transitions.last()
    assert (log.to_status, log.note, log.by) == (
        S.WITHDRAWN,
        "Licensed elsewhere.",
        technology.submitted_by,
    )


def test_another_institution_cannot_withdraw():
    technology = in_status(S.SUBMITTED)

    with pytest.raises(NotPermitted):
        services.technology_withdraw(technology=technology, by=PartnerFactory())
