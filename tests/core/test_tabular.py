import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from greentech.core.tabular import csv_lines, csv_safe, xlsx_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Amina", "Amina"),
        ("a=b", "a=b"),
        (3, 3),
        (None, ""),
        (datetime.datetime(2025, 10, 1, 9, 5), "2025-10-01 09:05"),
    ],
)
def test_csv_safe_defuses_formulas_and_keeps_everything_else(value, expected):
    assert csv_safe(value) == expected


def test_csv_lines_parse_back_with_the_csv_module():
    text = "".join(csv_lines(["Name", "Note"], [["Amina, Diallo", 'say "hi"'], ["=1+1", 2]]))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [["Name", "Note"], ["Amina, Diallo", 'say "hi"'], ["'=1+1", "2"]]


def test_xlsx_bytes_writes_bold_headers_text_not_formulas_and_naive_datetimes():
    when = datetime.datetime(2025, 10, 1, 9, 5)
    content = xlsx_bytes([("A sheet/with:odd*chars?", ["Name", "When"], [["=1+1", when]])])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "A sheet with odd chars "
    assert [cell.value for cell in sheet[1]] == ["Name", "When"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet["A2"].value == "=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == when
    assert sheet.freeze_panes == "A2"
