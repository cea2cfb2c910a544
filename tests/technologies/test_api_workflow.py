"""The whole path through the API: a partner declares to an open call, staff screen and assign
two experts, both review, staff accept, and the technology is found in the public pool."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import PartnerFactory, StaffCuratorFactory
from tests.technologies.builders import PDF, area_of, expert, open_call, upload

pytestmark = pytest.mark.django_db


def post(client, url, data=None):
    response = client.post(url, data or {}, content_type="application/json")
    assert response.status_code in (200, 201), response.content
    return response.json()


def test_from_declaration_to_the_public_pool(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    call = open_call()
    area = area_of(call)
    partner, curator = PartnerFactory(), StaffCuratorFactory()
    reviewers = [expert(area=area), expert(area=area)]

    with django_capture_on_commit_callbacks(execute=True):
        # The partner drafts, completes and submits.
        client.force_login(partner)
        draft = post(
            client,
            "/api/submissions/",
            {
                "call": call.slug,
                "green_area": area.code,
                "name": "Vermifiltration of village wastewater",
                "summary": "Earthworms and bacteria clean wastewater without power.",
                "contact_name": "A. Partner",
                "contact_email": "a.partner@example.org",
                "technical_principle": "Worm beds over gravel.",
                "key_performance_indicators": "BOD removal above 90 %.",
                "trl": 8,
                "intellectual_property": "patent_granted",
                "ip_details": "CN 1234567",
                "applicable_conditions": "Villages up to 5,000 people.",
                "target_countries": ["KE", "PK"],
                "investment_usd": "90000.00",
                "operating_cost_usd_per_year": "4000.00",
                "co2e_avoided_t_per_year": "12.50",
            },
        )
        url = f"/api/submissions/{draft['id']}/"
        post(
            client,
            f"{url}application-cases/",
            {"place": "Kisumu", "country": "KE", "year": 2022, "results": "1,200 people served"},
        )
        attachment = client.post(f"{url}attachments/", {"file": upload("brochure.pdf", PDF)})
        assert attachment.status_code == 201
        assert post(client, f"{url}submit/")["status"] == "submitted"

        # Staff screen, look at the suggestions and assign both experts.
        client.force_login(curator)
        assert post(client, f"{url}screen/", {"action": "accept"})["status"] == "under_review"
        suggested = [e["id"] for e in client.get(f"{url}suggested-experts/").json()]
        assert sorted(suggested) == sorted(r.pk for r in reviewers)
        due = (timezone.localdate() + dt.timedelta(days=21)).isoformat()
        assignments = [
            post(client, f"{url}assign/", {"expert": pk, "due_on": due})["id"] for pk in suggested
        ]

        # Both experts review.
        criteria = [c.pk for c in call.criteria.all()]
        for reviewer, assignment_id in zip(
            sorted(reviewers, key=lambda r: suggested.index(r.pk)), assignments, strict=True
        ):
            client.force_login(reviewer)
            post(
                client,
                f"/api/review-assignments/{assignment_id}/review/",
                {
                    "scores": [{"criterion": c, "score": "4.5"} for c in criteria],
                    "recommendation": "accept",
                },
            )

        # Staff accept.
        client.force_login(curator)
        summary = client.get(f"{url}decision-summary/").json()
        assert (summary["overall"], summary["reviews_submitted"]) == ("4.50", 2)
        decided = post(client, f"{url}decide/", {"outcome": "accept", "feedback": "Welcome."})
        assert decided["status"] == "accepted"

    client.logout()
    found = client.get("/api/technologies/", {"q": "vermifiltration"}).json()["results"]
    assert [t["name"] for t in found] == ["Vermifiltration of village wastewater"]
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects[partner.email].startswith("Decision on your declaration")
    assert all(r.email in subjects for r in reviewers)
    assert subjects[curator.email].startswith("All reviews are in")
