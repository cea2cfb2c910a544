"""What a generator returns: a document of sections, figures and tables, written to a file by
the writers (writers.py). Large tables keep a function that yields their rows, so a writer can
stream them from the database and never hold them all."""

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from django.utils import timezone

from ..charts import BarChart


@dataclass(frozen=True)
class Figure:
    label: str
    value: object
    key: str = ""


@dataclass
class Table:
    """A table of a report. `rows` is either a list or a function returning an iterator (called
    once per writer pass, so a streamed table is read from the database as it is written);
    `size` is the number of rows."""

    key: str
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence] | Callable[[], Iterator[Sequence]]
    size: int
    chart: BarChart | None = None
    note: str = ""

    @classmethod
    def of(cls, key, title, headers, rows: Iterable[Sequence], **kwargs) -> "Table":
        rows = [list(row) for row in rows]
        return cls(key=key, title=title, headers=headers, rows=rows, size=len(rows), **kwargs)

    def iter_rows(self, limit: int | None = None) -> Iterator[Sequence]:
        rows = self.rows() if callable(self.rows) else iter(self.rows)
        return islice(rows, limit) if limit is not None else rows


@dataclass
class Section:
    title: str
    intro: str = ""
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class ReportDocument:
    title: str
    subtitle: str
    sections: list[Section]
    generated_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]

    @property
    def row_count(self) -> int:
        return sum(table.size for table in self.tables)


def period_bounds(start: datetime.date, end: datetime.date):
    """The period as aware datetimes in the site's time zone: [first day 00:00, day after 00:00)."""
    tz = timezone.get_current_timezone()
    lower = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    day_after = end + datetime.timedelta(days=1)
    upper = datetime.datetime.combine(day_after, datetime.time.min, tzinfo=tz)
    return lower, upper


def local_date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(value) if value else None


def percent(part: int, whole: int) -> float | None:
    """part/whole in per cent with one decimal, None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


ProgressCallback = Callable[[int], None]
