"""Write a `ReportDocument` to a file: XLSX (openpyxl write-only), CSV, or PDF (WeasyPrint).

XLSX and CSV stream every row straight to the file, table after table, so a large report never
sits in memory. The PDF shows at most REPORTS_PDF_MAX_ROWS rows per table (a note says how many
were left out and that the XLSX and CSV versions hold them all): a printed list of ten thousand
technologies helps nobody, and the layout engine holds the whole document in memory.

Writers write to a binary file object (an anonymous temporary file the service then hands to
the storage): no file name, no folder of the host is involved.

Progress is reported through `progress(percent)` as rows are written, between PROGRESS_START
and PROGRESS_END (the service saves it; 100 means the file is stored).
"""

import csv
import datetime
import io
from collections.abc import Callable
from contextlib import contextmanager
from decimal import Decimal
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from greentech.core.pdf import render_pdf
from greentech.core.tabular import UTF8_BOM, csv_safe

from .generators.base import ReportDocument, Table

PROGRESS_START = 10
PROGRESS_END = 95
SHEET_TITLE_MAX = 31
COLUMN_WIDTH_MIN, COLUMN_WIDTH_MAX = 10, 50
PDF_TEMPLATE = "reports/pdf/report.html"
COLUMN_TEXT_MAX = 20  # characters; longer texts wrap
COLUMN_PADDING = 3  # characters' worth of cell padding
PORTRAIT_MAX_COLUMNS = 7  # a report with a wider table is printed in landscape


def pdf_max_rows() -> int:
    return int(getattr(settings, "REPORTS_PDF_MAX_ROWS", 500))


class Progress:
    """Turns rows written into a percentage and calls `report` when it changes."""

    def __init__(self, total_rows: int, report: Callable[[int], None] | None):
        self.total = max(total_rows, 1)
        self.done = 0
        self.report = report
        self.last = None

    def percent(self) -> int:
        share = min(self.done / self.total, 1)
        return PROGRESS_START + int((PROGRESS_END - PROGRESS_START) * share)

    def tick(self, rows: int = 1) -> None:
        self.done += rows
        current = self.percent()
        if self.report is not None and current != self.last:
            self.last = current
            self.report(current)


def _naive(value):
    """openpyxl refuses aware datetimes: write them in the site's time zone."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _xlsx_value(sheet, value):
    value = _naive(value)
    if value is None or isinstance(value, int | float | datetime.date):
        return value
    text = str(value)
    if text.startswith("="):
        # Text from people (a technology's name) stays text, never a formula.
        cell = WriteOnlyCell(sheet, text)
        cell.data_type = "s"
        return cell
    return text


def _sheet_title(title: str, taken: set[str]) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    title = title.strip()[:SHEET_TITLE_MAX] or "Sheet"
    candidate, number = title, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate = title[: SHEET_TITLE_MAX - len(suffix)] + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def _bold_row(sheet, values) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, str(value))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def write_xlsx(document: ReportDocument, output: BinaryIO, progress: Progress) -> None:
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    summary = workbook.create_sheet(title=_sheet_title(str(_("Summary")), taken))
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["B"].width = 45
    summary.column_dimensions["C"].width = 16
    summary.append(_bold_row(summary, [document.title]))
    summary.append([document.subtitle])
    summary.append([str(_("Generated")), _naive(document.generated_at)])
    summary.append([])
    summary.append(_bold_row(summary, [_("Section"), _("Figure"), _("Value")]))
    for section in document.sections:
        for figure in section.figures:
            value = _xlsx_value(summary, figure.value)
            summary.append([str(section.title), str(figure.label), value])
    for table in document.tables:
        sheet = workbook.create_sheet(title=_sheet_title(str(table.title), taken))
        for column, header in enumerate(table.headers, start=1):
            width = min(max(len(str(header)) + 4, COLUMN_WIDTH_MIN), COLUMN_WIDTH_MAX)
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A2"
        sheet.append(_bold_row(sheet, table.headers))
        for row in table.iter_rows():
            sheet.append([_xlsx_value(sheet, value) for value in row])
            progress.tick()
    workbook.save(output)


def _csv_cell(value):
    value = _naive(value)
    if isinstance(value, float):
        return value
    return csv_safe(value)


@contextmanager
def _text_stream(output: BinaryIO):
    """UTF-8 text on top of a binary file, which stays open afterwards."""
    text = io.TextIOWrapper(output, encoding="utf-8", newline="")
    try:
        yield text
    finally:
        text.flush()
        text.detach()


def write_csv(document: ReportDocument, output: BinaryIO, progress: Progress) -> None:
    """One block per table (its title, its header row, its rows, a blank line), after the
    report's title and summary figures. UTF-8 with a byte-order mark, for spreadsheets."""
    with _text_stream(output) as text:
        text.write(UTF8_BOM)
        writer = csv.writer(text)
        writer.writerow([_csv_cell(document.title)])
        writer.writerow([_csv_cell(document.subtitle)])
        writer.writerow([_csv_cell(_("Generated")), _csv_cell(document.generated_at)])
        writer.writerow([])
        for section in document.sections:
            if section.figures:
                writer.writerow([_csv_cell(section.title)])
                for figure in section.figures:
                    writer.writerow([_csv_cell(figure.label), _csv_cell(figure.value)])
                writer.writerow([])
        for table in document.tables:
            writer.writerow([_csv_cell(table.title)])
            writer.writerow([_csv_cell(header) for header in table.headers])
            for row in table.iter_rows():
                writer.writerow([_csv_cell(value) for value in row])
                progress.tick()
            writer.writerow([])


def _pdf_cell(value) -> dict:
    if value is None:
        return {"value": "", "number": False}
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return {"value": value.strftime("%Y-%m-%d %H:%M"), "number": False}
    if isinstance(value, datetime.date):
        return {"value": value.isoformat(), "number": False}
    is_number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    return {"value": value, "number": is_number}


def _column_widths(headers, rows, sample: int = 50) -> list[float]:
    """Column widths in per cent (the PDF tables use the fixed layout: measuring every cell, as
    the automatic layout does, takes far longer). Each column gets room for the longest word of
    its header and for its longest value among the first rows; long texts count as
    COLUMN_TEXT_MAX characters and wrap."""
    widths = [
        max([len(word) + COLUMN_PADDING for word in str(header).split()] + [6])
        for header in headers
    ]
    for row in rows[:sample]:
        for index, cell in enumerate(row[: len(widths)]):
            length = min(len(str(cell["value"])) + COLUMN_PADDING, COLUMN_TEXT_MAX)
            widths[index] = max(widths[index], length)
    total = sum(widths) or 1
    return [round(100 * width / total, 1) for width in widths]


def _pdf_table(table: Table, limit: int, progress: Progress) -> dict:
    rows = []
    for row in table.iter_rows(limit=limit):
        rows.append([_pdf_cell(value) for value in row])
        progress.tick()
    return {
        "key": table.key,
        "title": table.title,
        "headers": table.headers,
        "widths": _column_widths(table.headers, rows),
        "rows": rows,
        "size": table.size,
        "shown": len(rows),
        "truncated": table.size > len(rows),
        "note": table.note,
        "chart": table.chart.render() if table.chart and table.chart.has_values else None,
        "chart_title": table.chart.title if table.chart else "",
    }


def write_pdf(document: ReportDocument, output: BinaryIO, progress: Progress) -> None:
    limit = pdf_max_rows()
    sections = [
        {
            "title": section.title,
            "intro": section.intro,
            "figures": section.figures,
            "tables": [_pdf_table(table, limit, progress) for table in section.tables],
        }
        for section in document.sections
    ]
    landscape = any(len(table.headers) > PORTRAIT_MAX_COLUMNS for table in document.tables)
    content = render_pdf(
        PDF_TEMPLATE, {"document": document, "sections": sections, "landscape": landscape}
    )
    output.write(content)


WRITERS = {"xlsx": write_xlsx, "csv": write_csv, "pdf": write_pdf}


def rows_to_write(document: ReportDocument, format: str) -> int:
    """How many rows the writer will go through (the PDF stops at its cap per table)."""
    if format == "pdf":
        limit = pdf_max_rows()
        return sum(min(table.size, limit) for table in document.tables)
    return document.row_count


def write(document: ReportDocument, format: str, output: BinaryIO, report_progress=None) -> None:
    progress = Progress(rows_to_write(document, format), report_progress)
    WRITERS[format](document, output, progress)
