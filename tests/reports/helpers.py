from greentech.reports.generators.base import ReportDocument


def figures(document: ReportDocument) -> dict:
    """{figure key: value} over every section."""
    return {f.key: f.value for section in document.sections for f in section.figures}


def table(document: ReportDocument, key: str) -> list[list]:
    """The rows of one table, as lists."""
    [found] = [t for t in document.tables if t.key == key]
    rows = [list(row) for row in found.iter_rows()]
    assert len(rows) == found.size
    return rows
