"""Tables out of the portal: CSV safe to open in a spreadsheet, and XLSX workbooks.

Row builders (e.g. `training.exports`) yield plain Python values; these helpers turn them into
files. Datetimes are expected naive, in the site's time zone (spreadsheets have no time zones).
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# A spreadsheet program reads a cell starting with one of these as a formula (or, for tab and
# carriage return, may shift it into one): e-mail addresses and names are user input.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a UTF-8 CSV as UTF-8 only when it starts with a byte-order mark.
UTF8_BOM = "\ufeff"
MAX_COLUMN_WIDTH = 60


def display_value(value) -> str | int | float:
    """A cell value as text for CSV (numbers stay numbers)."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def csv_safe(value) -> str | int | float:
    """The value for a CSV cell, with a leading quote when it would start a formula."""
    value = display_value(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() hands the line back, for streaming."""

    def write(self, value: str) -> str:
        return value


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The CSV text, one line at a time (for a StreamingHttpResponse), injection-safe."""
    writer = csv.writer(_Echo())
    yield UTF8_BOM + writer.writerow([csv_safe(header) for header in headers])
    for row in rows:
        yield writer.writerow([csv_safe(cell) for cell in row])


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """A workbook with one sheet per (title, headers, rows): bold header row, frozen below it,
    columns as wide as their content. Text is always stored as text, never as a formula."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=_sheet_title(title))
        widths = [len(str(header)) for header in headers]
        sheet.append([str(header) for header in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row_number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column, value=_xlsx_value(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # "=..." from a person's input stays text
                elif isinstance(cell.value, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                if column <= len(widths):
                    widths[column - 1] = max(widths[column - 1], len(str(display_value(value))))
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = min(
                width + 2, MAX_COLUMN_WIDTH
            )
        sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _xlsx_value(value):
    if value is None or isinstance(value, int | float | datetime.date):
        return value
    return str(value)


def _sheet_title(title: str) -> str:
    """Excel limits sheet titles to 31 characters and forbids a few."""
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Sheet"


@dataclass(frozen=True)
class StatRow:
    """One line of a statistics table: how many records share a value, and how many of those
    hold a place."""

    key: str
    label: str
    count: int
    holding_place: int


@dataclass(frozen=True)
class StatTable:
    key: str
    title: str
    rows: list[StatRow]

    @property
    def count(self) -> int:
        return sum(row.count for row in self.rows)

    @property
    def holding_place(self) -> int:
        return sum(row.holding_place for row in self.rows)


def grouped_counts(
    queryset: QuerySet,
    field: str,
    *,
    holding_place: Q,
    label: Callable[[str | None], str],
    order: Sequence[str] | None = None,
) -> list[StatRow]:
    """Count the records of `queryset` per value of `field` (one query). Rows come in `order`
    (the values' order, e.g. a TextChoices enum) when given, else largest count first."""
    grouped = (
        queryset.order_by()
        .values(field)
        .annotate(n=Count("pk"), placed=Count("pk", filter=holding_place))
    )
    rows = [
        StatRow(
            key=entry[field] or "unknown",
            label=str(label(entry[field])),
            count=entry["n"],
            holding_place=entry["placed"],
        )
        for entry in grouped
    ]
    if order is not None:
        rank = {value: position for position, value in enumerate(order)}
        return sorted(rows, key=lambda row: (rank.get(row.key, len(rank)), row.label))
    return sorted(rows, key=lambda row: (-row.count, row.label))


STATISTICS_HEADERS = [_("Table"), _("Code"), _("Value"), _("Count"), _("Holding a place")]


def statistics_rows(tables: Iterable[StatTable]) -> Iterator[list]:
    """The statistics tables flattened into rows for CSV, with a total line per table."""
    for table in tables:
        for row in table.rows:
            yield [str(table.title), row.key, row.label, row.count, row.holding_place]
        yield [str(table.title), "", str(_("Total")), table.count, table.holding_place]
