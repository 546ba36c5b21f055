#!/usr/bin/env python3
"""Search-page latency under load: p50/p95 at 100k technologies with 16 connections.

Goal: p95 < 100 ms and no errors.  The home is the matching benchmark's synthetic store
(``match_speed.bulk_build``: the reference data plus ``generate.py``'s catalogue) with a search
index built by ``ttgraph.index.reindex``; it is kept under /tmp and reused.  The server is the
real thing, ``ttgraph serve`` (waitress) in its own process on 127.0.0.1; the load comes from
wrk (Debian's ``apt-get install wrk``) with a Lua script that rotates through Thai queries, or,
without wrk, from a bounded Python client (one keep-alive connection per thread).

    python benchmarks/web_load.py                          # 100k technologies, 16 connections
    python benchmarks/web_load.py --techs 10000 --duration 10 --tool python
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

RESULTS = HERE / "results"
GOAL_P95_MS = 100

LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "seconds": %%.3f, "p50_ms": %%.2f, "p95_ms": %%.2f, "p99_ms": %%.2f, '
    .. '"max_ms": %%.2f, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def build_home(home: Path, techs: int, edges: int) -> dict[str, Any]:
    """The synthetic home with a search index (reused when it already has both)."""
    import match_speed

    from ttgraph.index import current_dir, reindex
    from ttgraph.store import Store

    if (
        (home / "ttgraph.db").is_file()
        and current_dir(home) is not None
        and not (home / "match_speed.json").is_file()
    ):  # a home made some other way (e.g. by importing a catalogue): use it as it is
        store = Store.open(home)
        return {"technologies": store.count("technology"), "nodes": store.count(), "reused": True}
    built = match_speed.ensure_home(home, techs, edges)
    index_s = None
    if current_dir(home) is None:
        t0 = time.perf_counter()
        reindex(Store.open(home))
        index_s = round(time.perf_counter() - t0, 1)
    return {**built, "index_s": index_s}


def queries(n: int = 300, seed: int = 5) -> list[str]:
    """Search-page URLs as staff use it: topic words, community problems, a facet, a page 2."""
    import generate

    rng = random.Random(seed)
    words = list(generate.OBJECTS) + list(generate.PRODUCTS)
    out = []
    for i in range(n):
        if i % 3 == 0:
            q = rng.choice(generate.PROBLEMS).format(p=rng.choice(generate.PRODUCTS))
        else:
            q = rng.choice(words)
        args: list[tuple[str, Any]] = [("q", q)]
        if i % 4 == 1:
            args.append(("kind", "technology"))
        if i % 10 == 7:
            args.append(("page", 2))
        out.append("/search?" + urlencode(args))
    return out


def page_urls(home: Path) -> list[str]:
    """The other pages under load: home, dashboards, entity pages of every kind, the desk form."""
    from ttgraph.store import Store

    conn = Store.open(home).conn
    urls = ["/", "/match", "/export", "/node/50", "/node/10"]
    for kind in ("technology", "agency", "clinic", "village", "need", "transfer", "category"):
        urls += [f"/node/{r[0]}" for r in conn.execute(
            "SELECT id FROM nodes WHERE kind=? ORDER BY id LIMIT 20", (kind,))]  # fmt: skip
    return urls


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    home: Path, port: int, threads: int | None, workers: int, cache: int = 1024
) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-c", "from ttgraph.cli import main; main()", "--home", str(home),
           "serve", "--port", str(port), "--workers", str(workers),
           "--search-cache", str(cache)]  # fmt: skip
    if threads:  # else serve's default (one per worker with --workers)
        cmd += ["--threads", str(threads)]
    # stderr to a file: waitress logs queue warnings under load, and an unread pipe would fill
    # up and stall the server
    log = Path(tempfile.gettempdir()) / f"web_load-{port}.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=fh)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"server did not start: {log.read_text(errors='replace')}")


def run_wrk(port: int, paths: list[str], connections: int, seconds: int) -> dict[str, Any]:
    lua = LUA % ", ".join(json.dumps(p) for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(lua)
    try:
        out = subprocess.run(
            ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "60s",
             "-s", fh.name, f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(fh.name)
    line = next(ln for ln in out.splitlines() if ln.startswith("WRKJSON "))
    data = json.loads(line[len("WRKJSON ") :])
    errors = sum(data.pop(k) for k in ("connect", "read", "write", "status", "timeout"))
    return {**data, "errors": errors, "rps": round(data["requests"] / data["seconds"], 1)}


def run_python(port: int, paths: list[str], connections: int, seconds: int) -> dict[str, Any]:
    """A bounded closed-loop client: ``connections`` threads, one keep-alive connection each."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        i = offset
        mine: list[float] = []
        while time.perf_counter() < stop:
            path = paths[i % len(paths)]
            i += connections
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            mine.append((time.perf_counter() - t0) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 2)

    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 3),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": round(latencies[-1], 2),
        "errors": errors[0],
        "rps": round(len(latencies) / elapsed, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--techs", type=int, default=100_000)
    ap.add_argument("--edges", type=int, default=300_000)
    ap.add_argument("--home", type=Path, default=None, help="default: /tmp/ttgraph-web-<techs>")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument(
        "--threads", type=int, help="waitress threads per process (default: serve's own)"
    )
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes")
    ap.add_argument("--duration", type=int, default=30, help="seconds measured")
    ap.add_argument("--warmup", type=int, default=10, help="seconds of load before measuring")
    ap.add_argument("--no-cache", action="store_true", help="serve with --search-cache 0")
    ap.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    ap.add_argument(
        "--pages",
        choices=["search", "other"],
        default="search",
        help="search: the search page; other: home, dashboards and entity pages",
    )
    args = ap.parse_args(argv)
    tool = args.tool
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "python"
    home = args.home or Path(f"/tmp/ttgraph-web-{args.techs}")
    t0 = time.perf_counter()
    built = build_home(home, args.techs, args.edges)
    print(f"home {home}: {built} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    paths = queries() if args.pages == "search" else page_urls(home)
    port = free_port()
    proc = start_server(home, port, args.threads, args.workers, 0 if args.no_cache else 1024)
    try:
        load = run_wrk if tool == "wrk" else run_python
        if args.warmup:
            load(port, paths, args.connections, args.warmup)
        result = load(port, paths, args.connections, args.duration)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    out = {
        "benchmark": "web_load",
        "page": "/search" if args.pages == "search" else "home, /node/<id>, /match, /export",
        "technologies": args.techs,
        "nodes": built.get("nodes"),
        "connections": args.connections,
        "server_threads": args.threads
        or ("serve's default: 1 per worker" if args.workers > 1 else 8),
        "server_workers": args.workers,
        "result_cache": not args.no_cache,
        "tool": tool,
        "distinct_urls": len(set(paths)),
        **result,
        "goal_p95_ms": GOAL_P95_MS,
        "ok": result["requests"] > 0 and result["p95_ms"] < GOAL_P95_MS and not result["errors"],
        "cpus": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 1),  # other work on the machine skews latency
    }
    print(f"{'measure':<18}{'value':>14}")
    for key, value in out.items():
        print(f"{key:<18}{value!s:>14}")
    RESULTS.mkdir(exist_ok=True)
    kind = "" if args.pages == "search" else "-pages"
    name = f"web_load-{args.techs}{kind}{'-nocache' if args.no_cache else ''}.json"
    (RESULTS / name).write_text(json.dumps(out, indent=2) + "\n")
    return 0 if out["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
