"""Issue "reports": staff request each report kind on the demo data from the Reports page and
download it; the files open with their libraries and hold the demo's figures."""

import io
import re

import openpyxl
import pytest
from pypdf import PdfReader

from tests.e2e.helpers import CURATOR_EMAIL, log_in, nav

REPORTS = [
    # kind, format, fields to fill, text the file must hold
    ("pool", "pdf", {"From": "2019-01-01", "To": "2026-12-31"}, "Technology pool report"),
    ("cooperation_annual", "pdf", {"Year": "2025"}, "Cooperation annual report"),
    ("country_profile", "pdf", {"Country": "TH"}, "Thailand"),
    (
        "training_forum_stats",
        "pdf",
        {"From": "2018-01-01", "To": "2026-12-31"},
        "Training and forum statistics",
    ),
    ("pool", "xlsx", {"From": "2019-01-01", "To": "2026-12-31"}, "Heap bioleaching"),
]


def _label(text: str):
    return re.compile(rf"^{text}:?$")


def _request(page, kind: str, format: str, fields: dict) -> None:
    form = page.locator("form[action='/reports/']")
    form.get_by_label(_label("Report")).select_option(kind)
    form.get_by_label(_label("Format")).select_option(format)
    for label, value in fields.items():
        field = form.get_by_label(_label(label))
        if label == "Country":
            field.select_option(value)
        else:
            field.fill(value)
    form.get_by_role("button", name="Request the report").click()
    page.wait_for_load_state()


def _text_of(content: bytes, format: str) -> str:
    if format == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


@pytest.mark.parametrize(("kind", "format", "fields", "expected"), REPORTS)
def test_staff_request_a_report_and_download_it(
    page, screenshot, tmp_path, kind, format, fields, expected
):
    log_in(page, CURATOR_EMAIL)
    nav(page, "Reports")

    _request(page, kind, format, fields)

    assert page.get_by_role("status").filter(has_text="Report requested").is_visible()
    row = page.locator("table.reports tbody tr").first
    assert row.get_attribute("data-status") == "done"
    with page.expect_download() as download_info:
        row.get_by_role("link", name=re.compile(r"^Download")).click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    assert path.suffix == f".{format}"
    assert expected in _text_of(path.read_bytes(), format)
    if kind == "pool" and format == "pdf":
        screenshot(page, "reports")
