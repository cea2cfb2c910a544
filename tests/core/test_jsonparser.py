"""The API's JSON parser refuses, with a 400, what would fail deep inside: nesting past the
limit and NUL characters; everything else parses as DRF's would."""

import io

import pytest
from rest_framework.exceptions import ParseError

from greentech.core.jsonparser import SafeJSONParser, nesting_depth


def parse(text: str):
    return SafeJSONParser().parse(io.BytesIO(text.encode()), "application/json")


def test_ordinary_json_parses():
    assert parse('{"name": "Solar [dryer] {v2}", "cases": [{"year": 2020}]}') == {
        "name": "Solar [dryer] {v2}",
        "cases": [{"year": 2020}],
    }


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert nesting_depth('{"a": "[[[[{{{{\\"[["}', limit=32) == 1


def test_nesting_up_to_the_limit_parses_and_one_deeper_is_refused(settings):
    settings.JSON_MAX_DEPTH = 32
    assert parse("[" * 32 + "]" * 32) is not None
    with pytest.raises(ParseError, match="deeper than 32"):
        parse("[" * 33 + "]" * 33)


def test_a_thousand_levels_is_a_parse_error_not_a_recursion_error():
    with pytest.raises(ParseError):
        parse('{"a":' * 1000 + "1" + "}" * 1000)


@pytest.mark.parametrize("text", ['{"name": "a\\u0000b"}', '{"a\\u0000": 1}', '[["x", "\\u0000"]]'])
def test_a_nul_anywhere_is_refused(text):
    with pytest.raises(ParseError, match="NUL"):
        parse(text)


def test_an_escaped_backslash_before_u0000_is_not_a_nul():
    assert parse('{"path": "C:\\\\u0000"}') == {"path": "C:\\u0000"}


def test_bytes_that_are_not_utf8_are_refused():
    with pytest.raises(ParseError):
        SafeJSONParser().parse(io.BytesIO(b'{"a": "\xff"}'), "application/json")


def test_nan_is_refused_as_drf_strict_json_does():
    with pytest.raises(ParseError):
        parse('{"a": NaN}')
