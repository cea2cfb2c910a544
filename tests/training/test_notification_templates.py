"""Every e-mail of the application and registration workflows renders in both languages, with
the greeting and the manage link."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted(
    f"notifications/{path.stem}"
    for folder in ("training", "forums")
    for path in (ROOT / folder / "templates" / "notifications").glob("*_*.txt")
    if not path.stem.endswith("_base")
)
CONTEXT = {
    "SITE_URL": "https://portal.example.org",
    "subject": "Subject",
    "first_name": "Amina",
    "full_name": "Amina Diallo",
    "cohort_title": "Shanghai session 2026",
    "programme_title": "International Training Program on Green and Low-Carbon Technologies",
    "event_title": "Symposium on Green Technology 2027",
    "registration_type": "Delegate",
    "city": "Shanghai",
    "country": "China",
    "venue": "Tongji University",
    "starts_on": "2026-10-12",
    "ends_on": "2026-10-23",
    "status": "Waitlisted",
    "waitlist_position": 3,
    "requires_selection": False,
    "cohort_url": "https://portal.example.org/training/cohorts/shanghai-2026/",
    "event_url": "https://portal.example.org/forums/gt2027/",
    "manage_url": "https://portal.example.org/training/applications/manage/1:a:b/",
    "confirm_url": "https://portal.example.org/training/applications/confirm/1:a:b/",
    "days_left": 3,
    "certificate_code": "GT-ABCD-EFGH",
    "certificate_url": "https://portal.example.org/training/certificates/GT-ABCD-EFGH/",
}


def test_every_workflow_email_is_covered():
    names = {name.split("/")[1] for name in TEMPLATES}
    assert {
        "training_please_confirm",
        "training_confirmed",
        "training_waitlisted",
        "training_promoted",
        "training_cancelled",
        "training_pending_selection",
        "training_declined",
        "training_reminder",
        "training_certificate_ready",
        "training_links",
        "forums_please_confirm",
        "forums_confirmed",
        "forums_waitlisted",
        "forums_promoted",
        "forums_cancelled",
        "forums_reminder",
        "forums_links",
    } == names


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_the_email_renders_with_the_greeting_and_the_manage_link(template, language):
    with translation.override(language):
        text = render_to_string(f"{template}.txt", CONTEXT)
        html = render_to_string(f"{template}.html", CONTEXT)
    for body in (text, html):
        assert "Amina" in body
        assert CONTEXT["manage_url"] in body
        assert "{{" not in body and "{%" not in body
    assert "<html" in html
    assert "<p>" not in text
