"""Each report kind writes files that open: XLSX (openpyxl), CSV and PDF (pypdf), holding the
figures the generators computed."""

import csv
import datetime
import io

import pytest

from greentech.reports.generators import (
    cooperation_annual,
    country_profile,
    pool,
    training_forum_stats,
)
from greentech.reports.generators.base import ReportDocument, Section, Table
from greentech.reports.writers import write
from tests.reports.builders import annual_world, country_world, pool_world, training_forum_world
from tests.reports.conftest import pdf_text, squash, workbook_rows

pytestmark = pytest.mark.django_db

YEAR_2024 = {"start": datetime.date(2024, 1, 1), "end": datetime.date(2024, 12, 31)}


def _write(document, format, tmp_path) -> bytes:
    """The writer's output: it writes to a file object, never to a named file."""
    output = io.BytesIO()
    write(document, format, output)
    assert list(tmp_path.iterdir()) == []
    return output.getvalue()


def test_the_pool_report_as_xlsx_has_a_summary_and_one_sheet_per_table(tmp_path):
    pool_world()

    sheets = workbook_rows(_write(pool.build(YEAR_2024), "xlsx", tmp_path))

    assert list(sheets) == [
        "Summary",
        "By green area",
        "By provider country",
        "By technology readiness level",
        "Accepted technologies",
    ]
    summary = {row[1]: row[2] for row in sheets["Summary"][5:]}
    assert summary["Accepted"] == 3
    assert summary["Acceptance rate (%)"] == 75.0
    assert summary["Review turnaround, median (days)"] == 25.0
    assert sheets["By green area"][1] == ("Water test", 3, 3, 2, 66.7, 2)
    accepted = sheets["Accepted technologies"]
    assert accepted[0][:3] == ("Technology", "Provider", "Provider country")
    assert [row[0] for row in accepted[1:]] == [
        "Anaerobic reactor",
        "Membrane bioreactor",
        "Solar dryer",
    ]
    assert accepted[2][7] == datetime.datetime(2024, 3, 2)


def test_the_pool_report_as_csv_has_one_block_per_table(tmp_path):
    pool_world()

    content = _write(pool.build(YEAR_2024), "csv", tmp_path).decode("utf-8")

    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))
    assert rows[0] == ["Technology pool report"]
    assert ["Acceptance rate (%)", "75.0"] in rows
    start = rows.index(["Accepted technologies"])
    assert rows[start + 1][0] == "Technology"
    assert [row[0] for row in rows[start + 2 : start + 5]] == [
        "Anaerobic reactor",
        "Membrane bioreactor",
        "Solar dryer",
    ]
    assert rows[start + 3][7] == "2024-03-02"


def test_the_pool_report_as_pdf_shows_figures_charts_and_the_list(tmp_path):
    pool_world()

    content = _write(pool.build(YEAR_2024), "pdf", tmp_path)

    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    assert squash("Technology pool report") in text
    assert squash("Acceptance rate (%) 75.0") in text
    assert squash("Review turnaround, median (days) 25.0") in text
    assert squash("Membrane bioreactor") in text
    assert squash("Submitted and published by green area") in text  # the chart's title
    assert b"<svg" not in content  # drawn as vector graphics, not left as markup


def test_the_pdf_lists_at_most_the_configured_rows_and_says_so(tmp_path, settings):
    settings.REPORTS_PDF_MAX_ROWS = 2
    pool_world()

    text = pdf_text(_write(pool.build(YEAR_2024), "pdf", tmp_path))

    assert squash("Anaerobic reactor") in text
    assert squash("Membrane bioreactor") in text
    assert squash("Solar dryer") not in text
    assert squash("The first 2 of 3 rows are shown.") in text


@pytest.mark.parametrize("format", ["pdf", "xlsx", "csv"])
def test_every_kind_writes_every_format(tmp_path, format):
    annual_world()
    country_world()
    training_forum_world()
    documents = [
        cooperation_annual.build({"year": 2024}),
        country_profile.build({"country": "KE"}),
        training_forum_stats.build(
            {"start": datetime.date(2025, 1, 1), "end": datetime.date(2025, 12, 31)}
        ),
    ]
    for document in documents:
        content = _write(document, format, tmp_path)
        if format == "pdf":
            assert squash(document.title) in pdf_text(content)
        elif format == "xlsx":
            assert len(workbook_rows(content)) == 1 + len(document.tables)
        else:
            assert content.decode("utf-8").count("\n") > document.row_count


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    document = ReportDocument(
        title="Check",
        subtitle="",
        sections=[
            Section(
                title="Data",
                tables=[Table.of("data", "Data", ["Name"], [['=HYPERLINK("x")'], ["+1"]])],
            )
        ],
    )

    sheets = workbook_rows(_write(document, "xlsx", tmp_path))
    text = _write(document, "csv", tmp_path).decode("utf-8")

    assert sheets["Data"][1:] == [('=HYPERLINK("x")',), ("+1",)]
    assert "'=HYPERLINK" in text
    assert "'+1" in text


def test_progress_rises_to_the_end_as_rows_are_written(tmp_path):
    pool_world()
    seen = []

    write(pool.build(YEAR_2024), "xlsx", tmp_path / "r.xlsx", seen.append)

    assert seen == sorted(seen)
    assert seen[-1] == 95
