"""Request ids: each response carries one, the proxy's when it is plausible; log records carry the
id of their request; tasks take it along in a message header and their run sets it."""

import json
import logging
import sys
from types import SimpleNamespace

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from greentech.observability.logs import JsonFormatter
from greentech.observability.requestid import (
    RequestIdFilter,
    RequestIdMiddleware,
    add_request_id_header,
    current_request_id,
    enter_task,
    leave_task,
)


def _run(header=None):
    seen = {}

    def view(request):
        seen["id"] = current_request_id.get()
        return HttpResponse("ok")

    extra = {"HTTP_X_REQUEST_ID": header} if header is not None else {}
    response = RequestIdMiddleware(view)(RequestFactory().get("/", **extra))
    return response, seen["id"]


def test_a_request_without_an_id_gets_a_new_one_in_its_response():
    response, during = _run()
    assert len(during) == 32
    assert response["X-Request-ID"] == during
    assert current_request_id.get() == ""  # reset after the request


def test_the_proxy_id_is_kept():
    response, during = _run("edge-7f3a-01")
    assert during == response["X-Request-ID"] == "edge-7f3a-01"


@pytest.mark.parametrize("header", ["", "a" * 65, "two words", "id\nforged log line"])
def test_an_implausible_proxy_id_is_replaced(header):
    response, during = _run(header)
    assert during != header
    assert response["X-Request-ID"] == during


def _record(message="Report 3 built", **extra):
    record = logging.LogRecord("greentech.reports", logging.INFO, __file__, 1, message, (), None)
    record.__dict__.update(extra)
    return record


def test_log_records_carry_the_request_id_of_their_request():
    token = current_request_id.set("req-42")
    try:
        record = _record()
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)
    assert record.request_id == "req-42"


def test_a_json_log_line_has_time_level_logger_message_request_id_and_extras():
    record = _record(request_id="req-42", report_id=3)
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "INFO"
    assert line["logger"] == "greentech.reports"
    assert line["message"] == "Report 3 built"
    assert line["request_id"] == "req-42"
    assert line["report_id"] == 3
    assert line["time"].endswith("+00:00")


def test_a_json_log_line_holds_the_exception_on_one_line():
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text = JsonFormatter().format(record)
    assert "\n" not in text
    assert "ValueError: broken" in json.loads(text)["exception"]


def test_a_task_queued_in_a_request_carries_its_id_and_its_run_sets_it():
    headers = {}
    token = current_request_id.set("req-42")
    try:
        add_request_id_header(headers=headers)
    finally:
        current_request_id.reset(token)
    assert headers == {"request_id": "req-42"}

    task = SimpleNamespace(request=SimpleNamespace(request_id="req-42"))
    enter_task(task_id="t1", task=task)
    assert current_request_id.get() == "req-42"
    leave_task(task_id="t1")
    assert current_request_id.get() == ""


def test_a_task_nobody_requested_runs_under_a_new_id():
    enter_task(task_id="t2", task=SimpleNamespace(request=SimpleNamespace()))
    try:
        assert len(current_request_id.get()) == 32
    finally:
        leave_task(task_id="t2")
