"""HTTP responses for files the portal generates: CSV (streamed), XLSX, PDF and iCalendar."""

from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from .tabular import csv_lines

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_filename(stem: str, extension: str) -> str:
    """ASCII letters, digits and dashes only, whatever the stem holds."""
    return f"{slugify(stem) or 'download'}.{extension}"


def _disposition(response, filename: str, *, as_attachment: bool = True):
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_download(filename: str, headers: Sequence, rows: Iterable[Sequence]):
    """A CSV attachment streamed line by line, so a long list never sits in memory."""
    response = StreamingHttpResponse(
        csv_lines(headers, rows), content_type="text/csv; charset=utf-8"
    )
    return _disposition(response, filename)


def xlsx_download(filename: str, content: bytes) -> HttpResponse:
    return _disposition(HttpResponse(content, content_type=XLSX_TYPE), filename)


def pdf_download(filename: str, content: bytes, *, as_attachment: bool = False) -> HttpResponse:
    """A PDF, shown in the browser by default (badges and certificates are printed)."""
    response = HttpResponse(content, content_type="application/pdf")
    return _disposition(response, filename, as_attachment=as_attachment)


def calendar_download(filename: str, content: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    return _disposition(response, filename)
