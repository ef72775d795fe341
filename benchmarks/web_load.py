"""Web load: what users feel of a real server under 50 connections, on SQLite and PostgreSQL.

For each backend the demo data are stored (`build_demo`: bundled plans, simulated figures,
accounts), then `eduplan serve` runs in a subprocess (`--workers`, default 1) on 127.0.0.1 and a
free port, and `wrk` (installed by `scripts/setup.sh --test`) drives it with 50 connections
(2 threads, keep-alive) for RUN_SECONDS per endpoint after a short warm-up: the login page, the
region board, the municipal board, a target page and their JSON twins, as an anonymous visitor.
Printed per endpoint: requests/s, p50/p95/p99 latency (ms, wrk's own histogram), requests made,
failures (a socket error, a timeout or an answer other than 2xx/3xx), and requests/s as a ratio
to the login page measured just before on the same server — the machine is shared and its load
changes by the minute, so the ratio of two neighbouring runs is the comparable figure. PostgreSQL is a throwaway cluster (as in the tests), skipped when no server binaries are
installed. Traffic goes to 127.0.0.1 only.
Run: `.venv/bin/python -m benchmarks web_load` (EDUPLAN_BENCH_SECONDS, EDUPLAN_BENCH_WORKERS,
EDUPLAN_BENCH_BACKENDS=sqlite,postgresql, EDUPLAN_BENCH_CONNECTIONS).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
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

from benchmarks.clusters import throwaway_postgres

CONNECTIONS = int(os.environ.get("EDUPLAN_BENCH_CONNECTIONS", "50"))
THREADS = 2
RUN_SECONDS = int(os.environ.get("EDUPLAN_BENCH_SECONDS", "10"))
WARMUP_SECONDS = 2
WORKERS = int(os.environ.get("EDUPLAN_BENCH_WORKERS", "1"))
BACKENDS = tuple(os.environ.get("EDUPLAN_BENCH_BACKENDS", "sqlite,postgresql").split(","))
#: wrk's per-request timeout: a request slower than this counts as failed.
TIMEOUT_SECONDS = 10
REGION = "涪陵区"
HOST = "127.0.0.1"
STARTUP_SECONDS = 90.0

#: wrk prints its summary as one JSON line (latencies in microseconds).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50":%d,"p95":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class Figures:
    """One endpoint under load: throughput, latency percentiles (ms), requests made, failed ones."""

    rps: float
    p50: float
    p95: float
    p99: float
    requests: int
    failed: int


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
def serve(*, data_dir: Path, database_url: str, workers: int = WORKERS, port: int | None = None) -> Iterator[str]:
    """`eduplan serve` on 127.0.0.1 in a subprocess; yields its base URL."""
    port = port or _free_port()
    env = {**os.environ, "EDUPLAN_DATA_DIR": str(data_dir), "EDUPLAN_DATABASE_URL": database_url,
           "EDUPLAN_ENV": "development", "EDUPLAN_SECRET_KEY": "benchmark-" + "x" * 32}
    cmd = [sys.executable, "-c", "from eduplan.cli import main; main()", "serve", "--host", HOST, "--port", str(port),
           "--workers", str(workers)]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://{HOST}:{port}"
        try:
            _wait_ready(server, base, log)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
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
            if httpx.get(base + "/login", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"服务器 {STARTUP_SECONDS:.0f} 秒内未就绪")


def endpoints(base: str) -> list[tuple[str, str]]:
    """(label, path) of what is measured; the target is the region board's first one."""
    region = quote(REGION, safe="")
    board = httpx.get(f"{base}/api/v1/regions/{region}", timeout=60).json()
    key = quote(board["targets"][0]["key"], safe="")
    return [("/login", "/login"),
            ("/regions/{region}", f"/regions/{region}"),
            ("/dashboard", "/dashboard"),
            ("/regions/{region}/targets/{key}", f"/regions/{region}/targets/{key}"),
            ("/api/v1/plans", "/api/v1/plans"),
            ("/api/v1/regions/{region}", f"/api/v1/regions/{region}"),
            ("/api/v1/dashboard", "/api/v1/dashboard"),
            ("/api/v1/regions/{region}/targets/{key}", f"/api/v1/regions/{region}/targets/{key}")]


def wrk(url: str, seconds: int, script: Path) -> Figures:
    """One wrk run against `url`."""
    cmd = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", f"--timeout={TIMEOUT_SECONDS}s",
           "-s", str(script), url]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=seconds + TIMEOUT_SECONDS + 30)
    line = next(ln for ln in reversed(out.stdout.splitlines()) if ln.startswith("{"))
    s = json.loads(line)
    failed = s["connect"] + s["read"] + s["write"] + s["status"] + s["timeout"]
    return Figures(rps=s["requests"] / (s["duration_us"] / 1e6), p50=s["p50"] / 1000, p95=s["p95"] / 1000,
                   p99=s["p99"] / 1000, requests=s["requests"], failed=failed)


def bench_backend(backend: str, data_dir: Path, url: str, script: Path) -> dict[str, tuple[Figures, Figures]]:
    """Each endpoint against a server of its own (a slow page's backlog must not hold up the next
    one): first the login page, then the endpoint warmed up and measured, so that the ratio
    compares two runs a few seconds apart on a machine whose load changes. A row per endpoint."""
    with serve(data_dir=data_dir, database_url=url) as base:
        paths = endpoints(base)
    results: dict[str, tuple[Figures, Figures]] = {}
    for label, path in paths:
        with serve(data_dir=data_dir, database_url=url) as base:
            wrk(base + "/login", WARMUP_SECONDS, script)
            login = wrk(base + "/login", RUN_SECONDS, script)
            if path == "/login":
                f = login
            else:
                wrk(base + path, WARMUP_SECONDS, script)  # imports, template compilation, caches
                f = wrk(base + path, RUN_SECONDS, script)
        results[label] = (f, login)
        ratio = f.rps / login.rps if login.rps else 0.0
        note = "  （测量期内没有一个请求完成）" if f.requests == 0 else ""
        print(f"{backend:<11}{label:<40}{f.rps:>9.1f}{f.p50:>9.0f}{f.p95:>9.0f}{f.p99:>9.0f}"
              f"{f.requests:>8}{f.failed:>7}{login.rps:>10.1f}{ratio:>7.2f}{note}", flush=True)
    return results


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
    with throwaway_postgres("eduplan_bench") as url:
        if url is None:
            yield None
            return
        seed_demo(url)
        with tempfile.TemporaryDirectory(prefix="eduplan-bench-") as tmp:
            yield Path(tmp) / "data", url


def main() -> None:
    """Print requests/s, p50/p95/p99 latency (ms), failures and the ratio to /login per endpoint and backend."""
    if shutil.which("wrk") is None:
        print("跳过：未安装 wrk（scripts/setup.sh --test 会安装）")
        return
    print(f"wrk：{CONNECTIONS} 个连接、{THREADS} 个线程，每个端点预热 {WARMUP_SECONDS} 秒后测 {RUN_SECONDS} 秒；"
          f"eduplan serve --workers {WORKERS}；匿名访问；比值 = 该端点 req/s ÷ 紧挨着在同一服务器上测得的 /login req/s（login/s 列）")
    print(f"{'backend':<11}{'endpoint':<40}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'reqs':>8}{'failed':>7}{'login/s':>10}{'ratio':>7}")
    with tempfile.TemporaryDirectory(prefix="eduplan-wrk-") as tmp:
        script = Path(tmp) / "summary.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        if "sqlite" in BACKENDS:
            with sqlite_backend() as (data_dir, url):
                bench_backend("SQLite", data_dir, url, script)
        if "postgresql" in BACKENDS:
            with postgres_backend() as pg:
                if pg is None:
                    print("跳过 PostgreSQL：未安装服务器程序（initdb/pg_ctl）")
                    return
                bench_backend("PostgreSQL", *pg, script)


if __name__ == "__main__":
    main()
