"""Drives one endpoint with wrk and reads what the server says about each request."""

import json
import shutil
import subprocess
import urllib.request
from dataclasses import dataclass

from .setup import BENCH_DIR

LUA = BENCH_DIR / "wrk" / "report.lua"
QUERIES_HEADER = "X-Bench-Queries"


@dataclass(frozen=True)
class Measure:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    requests: int
    queries: int | None
    size_bytes: int


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk (Debian's package).")
    return wrk


def probe(url: str, *, times: int = 3) -> tuple[int | None, int, int]:
    """GET the URL a few times (the first fills any cache); the last answer's query count,
    size and status."""
    queries, size, status = None, 0, 0
    for _attempt in range(times):
        request = urllib.request.Request(url, headers={"Accept": "*/*"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                body = response.read()
                status = response.status
                header = response.headers.get(QUERIES_HEADER)
        except urllib.error.HTTPError as error:
            body, status, header = error.read(), error.code, error.headers.get(QUERIES_HEADER)
        queries = int(header) if header is not None else None
        size = len(body)
    return queries, size, status


def run_wrk(url: str, *, duration: int, connections: int, threads: int) -> dict:
    command = [
        require_wrk(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def measure(url: str, *, duration: int, connections: int, threads: int, warmup: int) -> Measure:
    queries, size, status = probe(url)
    if status != 200:
        raise SystemExit(f"{url} answered {status}")
    if warmup:
        run_wrk(url, duration=warmup, connections=connections, threads=threads)
    result = run_wrk(url, duration=duration, connections=connections, threads=threads)
    errors = sum(result["errors"].values())
    seconds = result["duration_us"] / 1e6
    return Measure(
        requests_per_second=result["requests"] / seconds,
        p50_ms=result["p50"] / 1000,
        p95_ms=result["p95"] / 1000,
        p99_ms=result["p99"] / 1000,
        errors=errors,
        requests=result["requests"],
        queries=queries,
        size_bytes=size,
    )
