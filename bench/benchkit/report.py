"""The benchmark's table: one row per endpoint, its ratio to the bare view of the same run and
whether it meets the issue's target; written as Markdown and JSON under bench/results/."""

import json
from dataclasses import asdict, dataclass

from .load import Measure
from .registrations import RegistrationRun


@dataclass(frozen=True)
class Target:
    """A share of the bare view's req/s, or a p95 bound in milliseconds."""

    ratio: float | None = None
    p95_ms: float | None = None

    def describe(self) -> str:
        if self.ratio is not None:
            return f">= {self.ratio:.0%} of bare"
        if self.p95_ms is not None:
            return f"p95 < {self.p95_ms:.0f} ms"
        return ""

    def met(self, measure: Measure, ratio: float) -> str:
        if self.ratio is not None:
            return "yes" if ratio >= self.ratio else "no"
        if self.p95_ms is not None:
            return "yes" if measure.p95_ms < self.p95_ms else "no"
        return ""


@dataclass(frozen=True)
class Row:
    name: str
    path: str
    measure: Measure
    target: Target


def _number(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def markdown(rows: list[Row], bare_rps: float, run: RegistrationRun | None, header: str) -> str:
    lines = [
        header,
        "",
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | queries/req | ratio to bare | errors "
        "| target | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        m = row.measure
        ratio = m.requests_per_second / bare_rps if bare_rps else 0
        if not m.requests:  # wrk saw no answer within the run: each takes longer than it
            lines.append(
                f"| {row.name} | 0 (none answered) | | | | "
                f"{'' if m.queries is None else m.queries} | 0% | {m.errors} "
                f"| {row.target.describe()} | {'no' if row.target.describe() else ''} |"
            )
            continue
        lines.append(
            f"| {row.name} | {_number(m.requests_per_second)} | {_number(m.p50_ms)} "
            f"| {_number(m.p95_ms)} | {_number(m.p99_ms)} "
            f"| {'' if m.queries is None else m.queries} | {ratio:.1%} | {m.errors} "
            f"| {row.target.describe()} | {row.target.met(m, ratio)} |"
        )
    if run is not None:
        lines += [
            "",
            f"Register and confirm ({run.guests} guests at once, capacity 20): "
            f"**{run.participants_per_second:.1f} participants/s end to end** "
            f"(target >= 150: {'yes' if run.participants_per_second >= 150 else 'no'}); "
            f"{run.confirmed} confirmed, {run.waitlisted} waitlisted, "
            f"**{run.overbooked} overbooked**.",
            "",
            "| phase | per s | p50 ms | p95 ms | queries/req | answers |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for name, phase in (("register", run.register), ("confirm", run.confirm)):
            answers = ", ".join(f"{n} x {status}" for status, n in sorted(phase.statuses.items()))
            lines.append(
                f"| {name} | {_number(phase.per_second)} | {_number(phase.p50_ms)} "
                f"| {_number(phase.p95_ms)} | {phase.queries} | {answers} |"
            )
    return "\n".join(lines) + "\n"


def as_json(rows: list[Row], bare_rps: float, run: RegistrationRun | None, info: dict) -> str:
    return json.dumps(
        {
            **info,
            "bare_requests_per_second": bare_rps,
            "endpoints": [
                {"name": row.name, "path": row.path, **asdict(row.measure)} for row in rows
            ],
            "register_and_confirm": asdict(run) if run is not None else None,
        },
        indent=2,
        default=str,
    )
