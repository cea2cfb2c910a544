import datetime

import pytest

from greentech.core.calendar import (
    CalendarEvent,
    build_calendar,
    escape_text,
    fold_line,
    make_uid,
)

STAMP = datetime.datetime(2025, 9, 1, 8, 30, tzinfo=datetime.UTC)


def _event(**overrides):
    values = {
        "uid": "training-cohort-7@portal.example",
        "summary": "Shanghai session 2025",
        "starts_on": datetime.date(2025, 10, 13),
        "ends_on": datetime.date(2025, 10, 26),
    }
    return CalendarEvent(**{**values, **overrides})


def unfold(text: str) -> list[str]:
    """Content lines as a calendar program reads them (RFC 5545, 3.1)."""
    return text.replace("\r\n ", "").split("\r\n")


def test_every_line_ends_with_crlf_and_no_bare_newline_is_left():
    text = build_calendar([_event(description="line one\nline two")], dtstamp=STAMP)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")


def test_the_calendar_wraps_one_vevent_per_event_with_the_required_properties():
    text = build_calendar([_event(), _event(uid="other@portal.example")], dtstamp=STAMP)
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    assert lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert lines.count("BEGIN:VEVENT") == 2 == lines.count("END:VEVENT")
    assert "UID:training-cohort-7@portal.example" in lines
    assert "UID:other@portal.example" in lines
    assert lines.count("DTSTAMP:20250901T083000Z") == 2


def test_all_day_dates_and_an_exclusive_end_the_day_after_the_last_day():
    lines = unfold(build_calendar([_event()], dtstamp=STAMP))
    assert "DTSTART;VALUE=DATE:20251013" in lines
    assert "DTEND;VALUE=DATE:20251027" in lines


def test_a_one_day_event_ends_the_next_day_also_across_a_month_end():
    day = datetime.date(2025, 10, 31)
    lines = unfold(build_calendar([_event(starts_on=day, ends_on=day)], dtstamp=STAMP))
    assert "DTSTART;VALUE=DATE:20251031" in lines
    assert "DTEND;VALUE=DATE:20251101" in lines


def test_an_event_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        _event(starts_on=datetime.date(2025, 10, 2), ends_on=datetime.date(2025, 10, 1))


def test_text_escapes_backslash_semicolon_comma_and_newlines():
    assert escape_text("a\\b; c, d\ne\r\nf\rg") == "a\\\\b\\; c\\, d\\ne\\nf\\ng"


def test_summary_location_and_description_are_escaped_in_the_file():
    event = _event(
        summary="Water, air; soil",
        location="Tongji University, Shanghai",
        description="Day 1: opening\nDay 2: visits",
    )
    lines = unfold(build_calendar([event], dtstamp=STAMP))
    assert "SUMMARY:Water\\, air\\; soil" in lines
    assert "LOCATION:Tongji University\\, Shanghai" in lines
    assert "DESCRIPTION:Day 1: opening\\nDay 2: visits" in lines


def test_the_url_is_kept_as_a_uri_without_text_escaping():
    lines = unfold(build_calendar([_event(url="https://p.example/a,b;c/")], dtstamp=STAMP))
    assert "URL:https://p.example/a,b;c/" in lines


def test_long_lines_are_folded_at_75_octets_and_unfold_to_the_original():
    summary = "International Training Program on Green and Low-Carbon Technologies " * 3
    text = build_calendar([_event(summary=summary)], dtstamp=STAMP)
    physical = text.split("\r\n")
    assert max(len(line.encode("utf-8")) for line in physical) <= 75
    assert any(line.startswith(" ") for line in physical)
    assert f"SUMMARY:{summary}" in unfold(text)


def test_folding_never_splits_a_multibyte_character():
    line = "SUMMARY:" + "绿色低碳技术国际培训" * 10  # three octets per character
    folded = fold_line(line)
    pieces = folded.split("\r\n")
    for piece in pieces:
        encoded = piece.encode("utf-8")
        assert len(encoded) <= 75
        encoded.decode("utf-8")  # a split character would not decode
    assert folded.replace("\r\n ", "") == line


def test_a_short_line_is_not_folded():
    assert fold_line("SUMMARY:GT2018") == "SUMMARY:GT2018"


def test_a_line_of_exactly_75_octets_stays_whole_and_76_octets_fold():
    assert "\r\n" not in fold_line("X" * 75)
    assert fold_line("X" * 76) == "X" * 75 + "\r\n X"


def test_a_cancelled_event_says_so():
    lines = unfold(build_calendar([_event(cancelled=True)], dtstamp=STAMP))
    assert "STATUS:CANCELLED" in lines


def test_uid_carries_the_site_host(settings):
    settings.SITE_URL = "https://greentech.example.org"
    assert make_uid("forum-event", 12) == "forum-event-12@greentech.example.org"
