"""Web load: latency and throughput of a real server under 50 concurrent clients, SQLite and PostgreSQL.

For each backend the demo data are stored (`build_demo`, bundled plans and simulated figures),
then `uvicorn` serves `create_app()` in a subprocess (one worker) on 127.0.0.1 and a free port.
50 clients (httpx.AsyncClient, one connection each, keep-alive) send GETs per endpoint, REQUESTS
or for RUN_SECONDS, whichever ends first: the region dashboard page, the plans API and the region
dashboard API. Latency is measured by the
client from sending to the last byte. Printed: p50/p95/p99 latency and requests per second, each
the median of RUNS runs after a warm-up. PostgreSQL is a throwaway cluster (as in the tests);
it is skipped when no server binaries are installed. Traffic goes to 127.0.0.1 only.
The client shares the machine's two cores with the server, so the figures are a floor.
Run: `.venv/bin/python -m benchmarks web_load` (bounds: EDUPLAN_BENCH_REQUESTS, EDUPLAN_BENCH_SECONDS,
EDUPLAN_BENCH_RUNS).
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote

import httpx

CLIENTS = 50
REQUESTS = int(os.environ.get("EDUPLAN_BENCH_REQUESTS", "2000"))
#: A run stops sending after this many seconds even if REQUESTS are not all sent (slow pages).
RUN_SECONDS = float(os.environ.get("EDUPLAN_BENCH_SECONDS", "10"))
RUNS = int(os.environ.get("EDUPLAN_BENCH_RUNS", "3"))
WARMUP = 100
WARMUP_SECONDS = 3.0
REGION = "涪陵区"
ENDPOINTS = (f"/regions/{quote(REGION)}", "/api/v1/plans", f"/api/v1/regions/{quote(REGION)}")
HOST = "127.0.0.1"
STARTUP_SECONDS = 60.0
#: No single run may take longer than this (a stuck server must not hang the benchmark).
RUN_TIMEOUT_SECONDS = 300.0


@dataclass(frozen=True)
class RunFigures:
    """One run against one endpoint: latency percentiles (ms), throughput, requests sent, failed ones."""

    p50: float
    p95: float
    p99: float
    rps: float
    requests: int
    errors: int


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def seed_demo(url: str) -> None:
    """Store the demo plans, simulated data and accounts in the database at `url`."""
    from eduplan.demo.build import build_demo
    from eduplan.uow import unit_of_work

    with unit_of_work(url) as session:
        build_demo(session=session, plans_dir=None)


@contextmanager
def serve(*, data_dir: Path, database_url: str) -> Iterator[str]:
    """A uvicorn server of `create_app()` on 127.0.0.1 in a subprocess; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "EDUPLAN_DATA_DIR": str(data_dir), "EDUPLAN_DATABASE_URL": database_url,
           "EDUPLAN_ENV": "development", "EDUPLAN_SECRET_KEY": "benchmark-" + "x" * 32}
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "eduplan.web.app:create_app", "--host", HOST,
           "--port", str(port), "--log-level", "warning", "--no-access-log"]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://{HOST}:{port}"
        try:
            _wait_ready(server, base, log)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_ready(server: subprocess.Popen[bytes], base: str, log: IO[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"服务器启动失败：{log.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(base + "/api/v1/plans", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"服务器 {STARTUP_SECONDS:.0f} 秒内未就绪")


async def _drive(base: str, path: str, total: int, seconds: float) -> tuple[list[float], int, float]:
    """GETs of `path` from CLIENTS concurrent clients, `total` of them or as many as are sent within
    `seconds` (the requests in flight then are finished): latencies (s), failures, wall seconds."""
    latencies: list[float] = []
    errors = 0
    remaining = total
    stop_at = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal remaining, errors
            while remaining > 0 and time.perf_counter() < stop_at:
                remaining -= 1
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                    await response.aread()
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - start)
                errors += not ok

        start = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(CLIENTS))), RUN_TIMEOUT_SECONDS)
        return latencies, errors, time.perf_counter() - start


def measure(base: str, path: str) -> RunFigures:
    """One timed run of REQUESTS requests against `path`."""
    latencies, errors, wall = asyncio.run(_drive(base, path, REQUESTS, RUN_SECONDS))
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return RunFigures(p50=cuts[49] * 1000, p95=cuts[94] * 1000, p99=cuts[98] * 1000,
                      rps=len(latencies) / wall, requests=len(latencies), errors=errors)


def median_figures(runs: list[RunFigures]) -> RunFigures:
    """Each figure's median over the runs (requests and errors: their sums)."""
    return RunFigures(p50=statistics.median(r.p50 for r in runs), p95=statistics.median(r.p95 for r in runs),
                      p99=statistics.median(r.p99 for r in runs), rps=statistics.median(r.rps for r in runs),
                      requests=sum(r.requests for r in runs), errors=sum(r.errors for r in runs))


def bench_server(backend: str, base: str) -> None:
    """Warm up, then print the median figures of RUNS runs for each endpoint."""
    for path in ENDPOINTS:
        asyncio.run(_drive(base, path, WARMUP, WARMUP_SECONDS))  # imports, template compilation, caches
        figures = median_figures([measure(base, path) for _ in range(RUNS)])
        print(f"{backend:<11}{_label(path):<26}{figures.p50:>9.0f}{figures.p95:>9.0f}{figures.p99:>9.0f}"
              f"{figures.rps:>10.1f}{figures.requests:>8}{figures.errors:>8}", flush=True)


def _label(path: str) -> str:
    return path.replace(quote(REGION), "{region}")


@contextmanager
def sqlite_backend() -> Iterator[tuple[Path, str]]:
    """A tmp data dir with its SQLite file holding the demo data."""
    with tempfile.TemporaryDirectory(prefix="eduplan-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        url = f"sqlite:///{(data_dir / 'eduplan.db').resolve()}"
        seed_demo(url)
        yield data_dir, url


@contextmanager
def postgres_backend() -> Iterator[tuple[Path, str] | None]:
    """A throwaway PostgreSQL cluster with a database holding the demo data (None: no server installed)."""
    from tests.dbfixtures import _admin, _Cluster, _database_url, postgres_bin_dir

    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        yield None
        return
    cluster = _Cluster(bin_dir)
    try:
        server = cluster.start()
        _admin(server, 'CREATE DATABASE "eduplan_bench"')
        url = _database_url(server, "eduplan_bench")
        seed_demo(url)
        with tempfile.TemporaryDirectory(prefix="eduplan-bench-") as tmp:
            yield Path(tmp) / "data", url
    finally:
        cluster.stop()


def main() -> None:
    """Print p50/p95/p99 latency (ms) and throughput per endpoint and backend."""
    print(f"{CLIENTS} 个并发客户端；每个端点每次 {REQUESTS} 个请求或 {RUN_SECONDS:.0f} 秒（先到为准），"
          f"取 {RUNS} 次的中位数；uvicorn 单进程")
    print(f"{'backend':<11}{'endpoint':<26}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>10}{'sent':>8}{'failed':>8}")
    with sqlite_backend() as (data_dir, url), serve(data_dir=data_dir, database_url=url) as base:
        bench_server("SQLite", base)
    with postgres_backend() as pg:
        if pg is None:
            print("跳过 PostgreSQL：未安装服务器程序（initdb/pg_ctl）")
            return
        data_dir, url = pg
        with serve(data_dir=data_dir, database_url=url) as base:
            bench_server("PostgreSQL", base)


if __name__ == "__main__":
    main()
