import io

import pytest
from django.core.files.storage import FileSystemStorage
from openpyxl import load_workbook
from pypdf import PdfReader

from greentech.reports.models import Report


@pytest.fixture(autouse=True)
def report_files(settings, tmp_path, monkeypatch):
    """Report files go to a temporary folder, whichever storage settings give reports (the
    default one under MEDIA_ROOT, or a "reports" entry of STORAGES)."""
    folder = tmp_path / "report-files"
    settings.MEDIA_ROOT = folder
    monkeypatch.setattr(
        Report._meta.get_field("file"), "storage", FileSystemStorage(location=folder)
    )
    return folder


def squash(text: str) -> str:
    """Text without whitespace: PDF text extraction splits and joins words unpredictably."""
    return "".join(str(text).split())


def pdf_text(content: bytes) -> str:
    return squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def workbook_rows(content: bytes) -> dict[str, list[tuple]]:
    """{sheet title: rows as tuples} of an XLSX file."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: list(sheet.values) for sheet in workbook.worksheets}
