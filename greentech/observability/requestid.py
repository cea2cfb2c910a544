"""A request id for every web request, in its log lines and in those of the tasks it queues.

The id comes from the proxy's `X-Request-ID` header when it looks like one (letters, digits,
dashes, at most 64), a new one otherwise; the response carries it back. Tasks queued during the
request take it along in a message header (`request_id`) and the worker sets it while the task
runs, so one id ties the page, the e-mail and the report build together in the logs.
"""

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
_VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

current_request_id: ContextVar[str] = ContextVar("request_id", default="")


def new_request_id() -> str:
    return uuid.uuid4().hex


def accepted_request_id(value: str | None) -> str:
    """The proxy's id when it is a plausible one, a new id otherwise (never a log injection)."""
    if value and _VALID.match(value):
        return value
    return new_request_id()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accepted_request_id(request.headers.get(HEADER))
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (empty outside a request or task)."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id.get()
        return True


def add_request_id_header(headers: dict | None = None, **_kwargs) -> None:
    """Celery `before_task_publish`: the queuing request's id travels with the task."""
    request_id = current_request_id.get()
    if request_id and headers is not None and TASK_HEADER not in headers:
        headers[TASK_HEADER] = request_id


_task_tokens: dict[str, object] = {}


def enter_task(task_id=None, task=None, **_kwargs) -> None:
    """Celery `task_prerun`: the task's log lines carry the id it was queued with (a fresh one
    for tasks nobody's request queued, such as beat's)."""
    request_id = getattr(task.request, TASK_HEADER, None) if task is not None else None
    token = current_request_id.set(request_id or current_request_id.get() or new_request_id())
    if task_id:
        _task_tokens[task_id] = token


def leave_task(task_id=None, **_kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        current_request_id.reset(token)
