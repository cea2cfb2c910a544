"""JSON log lines (LOG_FORMAT=json): one object per line, for a log collector to index."""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has: anything else passed through `extra=` goes into the line.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "request_id",
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or None,
            "process": record.process,
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def configure_worker_handlers(logger: logging.Logger | None) -> None:
    """Celery set up the worker's loggers its way: add the request id to their records and,
    with LOG_FORMAT=json, write them as JSON lines too."""
    from django.conf import settings

    from .requestid import RequestIdFilter

    if logger is None:
        return
    for handler in logger.handlers:
        if not any(isinstance(f, RequestIdFilter) for f in handler.filters):
            handler.addFilter(RequestIdFilter())
        if getattr(settings, "LOG_FORMAT", "text") == "json":
            handler.setFormatter(JsonFormatter())
