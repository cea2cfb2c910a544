"""The whole review path through the pages: a submitted declaration is in the staff queue, is
accepted for review, gets two experts (a conflicted one neither suggested nor accepted), both
review on the expert pages, the decision page shows the arithmetic, staff accept, and the
technology is found by the public pool's search."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from technologies.models import AssignmentStatus, ReviewAssignment, TechnologyStatus
from tests.factories import PartnerFactory
from tests.technologies.builders import area_of, expert, open_call, submitted
from tests.technologies.factories import CriterionFactory

pytestmark = pytest.mark.django_db

S = TechnologyStatus


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_from_the_queue_to_the_public_pool(
    client, curator, mailoutbox, django_capture_on_commit_callbacks
):
    call = open_call(criteria=0, score_scale_max=5)
    principle = CriterionFactory(call=call, name="Advanced nature", weight=1, position=1)
    economy = CriterionFactory(call=call, name="Economy", weight=3, position=2)
    area = area_of(call)
    partner = PartnerFactory()
    technology = submitted(call=call, partner=partner, name="Solar membrane distillation")
    first_expert = expert(area=area, user__first_name="Amina", user__last_name="First")
    second_expert = expert(area=area, user__first_name="Bo", user__last_name="Second")
    colleague = expert(area=area, institution=partner.institution, user__last_name="Colleague")
    due = timezone.localdate() + dt.timedelta(days=20)
    client.force_login(curator)

    # The queue lists the declaration and links to its staff page.
    queue = client.get(reverse("technologies:staff_queue"))
    staff_page = reverse("technologies:staff_submission", args=[technology.pk])
    assert f'href="{staff_page}"' in queue.content.decode()

    # Screening: accept for review.
    client.post(reverse("technologies:accept_for_review", args=[technology.pk]), {"note": ""})
    technology.refresh_from_db()
    assert technology.status == S.UNDER_REVIEW

    # Experts: both are suggested, the colleague of the provider is not, and is refused.
    page = client.get(staff_page)
    suggested = [e.pk for e in page.context["assign_form"].suggested]
    assert sorted(suggested) == sorted([first_expert.pk, second_expert.pk])
    assert colleague.pk not in [e.pk for e in page.context["assign_form"].others]
    forced = client.post(
        reverse("technologies:assign_expert", args=[technology.pk]),
        {"expert": colleague.pk, "due_on": due.isoformat()},
    )
    assert "works for the provider" in forced.context["assign_form"].errors["expert"][0]
    with django_capture_on_commit_callbacks(execute=True):
        for person in (first_expert, second_expert):
            client.post(
                reverse("technologies:assign_expert", args=[technology.pk]),
                {"expert": person.pk, "due_on": due.isoformat()},
            )
    assignments = {a.expert_id: a for a in ReviewAssignment.objects.filter(technology=technology)}
    assert set(assignments) == {first_expert.pk, second_expert.pk}
    assert {m.to[0] for m in mailoutbox} >= {first_expert.email, second_expert.email}

    # Both experts review on their pages.
    for person, scores, recommendation in (
        (first_expert, ("4", "5"), "accept"),
        (second_expert, ("3", "4"), "accept"),
    ):
        client.force_login(person)
        assignment = assignments[person.pk]
        listed = client.get(reverse("technologies:my_reviews"))
        assert [a.pk for a in listed.context["assignments"]] == [assignment.pk]
        response = client.post(
            reverse("technologies:review_form", args=[assignment.pk]),
            {
                f"score_{principle.pk}": scores[0],
                f"score_{economy.pk}": scores[1],
                "recommendation": recommendation,
                "comment": f"Reviewed by {person.first_name}.",
            },
        )
        assert response.status_code == 302
        assignment.refresh_from_db()
        assert assignment.status == AssignmentStatus.SUBMITTED

    # The decision page: means 3.50 and 4.50, overall (1 x 3.50 + 3 x 4.50) / 4 = 4.25.
    client.force_login(curator)
    decision = client.get(reverse("technologies:decision", args=[technology.pk]))
    means = {row["criterion"].name: str(row["mean"]) for row in decision.context["rows"]}
    assert means == {"Advanced nature": "3.50", "Economy": "4.50"}
    assert str(decision.context["overall"]) == "4.25"
    assert dict(decision.context["recommendations"])["Accept"] == 2
    assert decision.context["summary"].warnings == []
    page = text(decision)
    assert "Amina First" in page and "Bo Second" in page

    # Accept and release now: published, and found by the pool's search.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("technologies:decision", args=[technology.pk]),
            {"outcome": "accept", "feedback": "Welcome to the pool.", "release": "now"},
        )
    technology.refresh_from_db()
    assert technology.status == S.ACCEPTED
    [mail] = mailoutbox
    assert mail.to == [partner.email]
    assert "Amina" not in mail.body and "4.25" not in mail.body

    client.logout()
    found = client.get(reverse("technologies:pool"), {"q": "membrane distillation"})
    assert [t.name for t in found.context["technologies"]] == ["Solar membrane distillation"]
    missed = client.get(reverse("technologies:pool"), {"q": "incinerator"})
    assert list(missed.context["technologies"]) == []
    assert technology.transitions.count() == 4  # submitted, screening, under review, accepted
