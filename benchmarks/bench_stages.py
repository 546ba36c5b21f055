"""The stages ``benchmarks/run`` measures, each run in its own child process.

A stage returns a dict of figures; ``{"status": "not available", "why": …}`` when the module it
measures has not landed (yet).  Latencies are wall-clock per call after a short warm-up.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import store_load

STAGES = [
    "import",
    "reimport",
    "load",
    "index",
    "search",
    "match",
    "rdf",
    "web",
    "web-nocache",
    "peer-whoosh",
    "peer-fts5",
]


def not_available(why: str) -> dict[str, Any]:
    return {"status": "not available", "why": why}


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50/p95/max in milliseconds."""
    if not samples:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0}
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered
    p95 = q[94] if len(ordered) > 1 else ordered[0]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


BUDGET_S = float(os.environ.get("TTGRAPH_BENCH_BUDGET", "90"))


def timed(
    fn: Callable[[str], int], queries: list[str], warmup: int = 3, budget_s: float = BUDGET_S
) -> dict[str, Any]:
    """Run the queries once each (after ``warmup`` untimed ones) until ``budget_s`` is spent;
    latency percentiles over the queries that ran, and how many found something."""
    for q in queries[:warmup]:
        fn(q)
    samples, hits = [], 0
    deadline = time.perf_counter() + budget_s
    for q in queries:
        t0 = time.perf_counter()
        n = fn(q)
        samples.append(time.perf_counter() - t0)
        hits += 1 if n else 0
        if t0 > deadline:
            break
    out = {"queries": len(samples), "with_results": hits, **percentiles(samples)}
    if len(samples) < len(queries):
        out["stopped_after_s"] = budget_s
    return out


def read_queries(data: Path) -> list[str]:
    return [q for q in (data / "queries.txt").read_text(encoding="utf-8").splitlines() if q]


def cli(home: Path, *args: str) -> None:
    """Run a ttgraph command in this process (click, no sys.exit)."""
    from ttgraph.cli import main

    main.main(["--home", str(home), *args], standalone_mode=False)


def has_command(name: str) -> bool:
    from ttgraph.cli import main

    return name in main.commands


# -- stages ----------------------------------------------------------------------------------
def stage_index(home: Path, data: Path) -> dict[str, Any]:
    try:
        from ttgraph.index import reindex
    except ImportError as exc:
        return not_available(f"ttgraph.index: {exc}")
    r = reindex(home)
    return {
        "docs": r["docs"],
        "seconds": r["seconds"],
        "docs_per_s": round(r["docs"] / r["seconds"]),
    }


def _search_fn(home: Path) -> Callable[[str], int] | None:
    try:
        from ttgraph import search as S  # type: ignore[attr-defined]
    except ImportError:
        return None
    for name in ("Searcher", "SearchEngine"):
        cls = getattr(S, name, None)
        if cls is not None:
            engine = cls(home) if not hasattr(cls, "open") else cls.open(home)
            return lambda q: _count(engine.search(q, limit=10))
    fn = getattr(S, "search", None)
    if fn is None:
        return None
    return lambda q: _count(fn(home, q, limit=10))


def _count(result: Any) -> int:
    if isinstance(result, dict):
        return int(result.get("total") or len(result.get("results", [])))
    total = getattr(result, "total", None)
    if total is not None:
        return int(total)
    if hasattr(result, "results"):
        return len(result.results)
    return len(result) if hasattr(result, "__len__") else 0


def stage_search(home: Path, data: Path) -> dict[str, Any]:
    fn = _search_fn(home)
    if fn is None:
        return not_available("ttgraph.search has no search() yet")
    return timed(fn, read_queries(data))


def stage_match(home: Path, data: Path) -> dict[str, Any]:
    try:
        from ttgraph import matching as M  # type: ignore[attr-defined]
    except ImportError as exc:
        return not_available(f"ttgraph.matching: {exc}")
    from ttgraph.store import Store

    store = Store.open(home)
    needs = [n.id for n, _ in zip(store.nodes("need"), range(50), strict=False)]
    fn = getattr(M, "match_need", None)
    if fn is None:
        return not_available("ttgraph.matching has no match_need() yet")
    return timed(lambda nid: _count(fn(store, nid, limit=10)), needs, warmup=2)


def stage_rdf(home: Path, data: Path) -> dict[str, Any]:
    """N-Triples export of the whole graph (the streaming path) to a file."""
    try:
        from ttgraph.rdf import export
    except ImportError:
        export = None
    if export is None and not has_command("export"):
        return not_available("no ttgraph.rdf.export and no 'ttgraph export' command yet")
    out = Path(tempfile.mkdtemp()) / "export.nt"
    try:
        t0 = time.perf_counter()
        if export is not None:
            from ttgraph.store import Store

            with out.open("w", encoding="utf-8") as fh:
                export(Store.open(home), fh, "nt")
        else:
            cli(home, "export", "--format", "nt", "-o", str(out))
        seconds = time.perf_counter() - t0
        with out.open("rb") as fh:
            triples = sum(1 for line in fh if line.strip() and not line.startswith(b"#"))
        mb = out.stat().st_size / 1e6
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)
    return {
        "triples": triples,
        "seconds": round(seconds, 2),
        "triples_per_s": round(triples / seconds),
        "mb": round(mb, 1),
    }


WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format('{"p50_us": %%d, "p95_us": %%d, "max_us": %%d, "requests": %%d, ' ..
    '"non2xx": %%d, "socket_errors": %%d, "duration_us": %%d}\\n',
    latency:percentile(50), latency:percentile(95), latency.max, summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.duration))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_cmd(home: Path, port: int, cache: bool = True) -> list[str] | None:
    try:
        import ttgraph.web.app  # noqa: F401
    except ImportError:
        try:
            import web.app  # noqa: F401
        except ImportError:
            return None
    if has_command("serve"):
        return [
            sys.executable,
            "-c",
            "from ttgraph.cli import main; main()",
            "--home",
            str(home),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(os.cpu_count() or 1),
            "--search-cache",
            "1024" if cache else "0",
        ]
    code = (
        "import sys; from waitress import serve; from ttgraph.web.app import create_app; "
        "serve(create_app({'TTGRAPH_HOME': sys.argv[1]}), host='127.0.0.1', port=int(sys.argv[2]),"
        " threads=8, _quiet=True)"
    )
    return [sys.executable, "-c", code, str(home), str(port)]


def stage_web(
    home: Path, data: Path, seconds: int = 10, connections: int = 16, cache: bool = True
) -> dict[str, Any]:
    """The search page under wrk (16 connections), with the server in a child of this stage;
    ``cache=False`` serves with the result cache off, so every request runs the search."""
    if shutil.which("wrk") is None:
        return not_available("wrk is not installed (apt-get install wrk)")
    port = _free_port()
    cmd = _server_cmd(home, port, cache)
    if cmd is None:
        return not_available("the web app (ttgraph.web.app) is not there yet")
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        paths = [f"/search?q={urllib.parse.quote(q)}" for q in read_queries(data)[:100]]
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(base + paths[0], timeout=30) as resp:
                    status = resp.status
                break
            except (OSError, ValueError):
                if server.poll() is not None or time.time() > deadline:
                    err = server.stderr.read().decode()[-600:] if server.stderr else ""
                    return {"status": "failed", "why": "server did not start", "stderr": err}
                time.sleep(0.5)
        # Warm up as a server that has been running a while: every worker's searchers open
        # (hence concurrent requests), each query seen (with the cache on, the timed requests
        # are then cache hits; without it, they still run the whole search).
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(connections) as pool:
            list(pool.map(lambda p: urllib.request.urlopen(base + p, timeout=60).read(), paths * 3))
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
            fh.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
            script = fh.name
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        os.unlink(script)
        w = json.loads([ln for ln in out.splitlines() if ln.startswith("{")][-1])
        memory = _server_memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        **memory,
        "url": "/search?q=…",
        "first_status": status,
        "connections": connections,
        "requests": w["requests"],
        "rps": round(w["requests"] / (w["duration_us"] / 1e6), 1),
        "p50_ms": round(w["p50_us"] / 1000, 2),
        "p95_ms": round(w["p95_us"] / 1000, 2),
        "max_ms": round(w["max_us"] / 1000, 2),
        "errors": w["non2xx"] + w["socket_errors"],
    }


def _server_memory(pid: int) -> dict[str, float]:
    """The server's memory after the load: resident (RSS) and proportional (PSS: pages
    shared by the workers, such as the memory-mapped index, counted once in all) summed over
    the serving process and its workers, from /proc (Linux; empty elsewhere).  The stage's own
    peak does not include them: the workers are the server's children, not the stage's."""
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                pids.append(int(entry.name))
    rss = pss = 0.0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) / 1024
        except OSError:
            return {}
    return {"server_processes": len(pids), "server_rss_mb": round(rss), "server_pss_mb": round(pss)}


# -- peers: the same documents and queries in plain engines ----------------------------------
def _documents(home: Path) -> Iterator[tuple[str, str, str]]:
    """(id, title, body) for every active node, as a plain engine would index them."""
    from ttgraph.store import Store

    store = Store.open(home)
    for node in store.nodes():
        body = " ".join(
            " ".join(map(str, v)) if isinstance(v, list) else str(v)
            for k, v in node.data.items()
            if isinstance(v, (str, list)) and k not in ("agency", "category", "village", "via")
        )
        yield node.id, node.label, body


def stage_peer_whoosh(home: Path, data: Path) -> dict[str, Any]:
    """Whoosh with its StandardAnalyzer (no Thai segmentation), OR of terms, BM25F."""
    from whoosh import fields, index
    from whoosh.analysis import StandardAnalyzer
    from whoosh.qparser import MultifieldParser, OrGroup

    tmp = Path(tempfile.mkdtemp(prefix="peer-whoosh-"))
    try:
        ana = StandardAnalyzer()
        schema = fields.Schema(
            id=fields.ID(stored=True, unique=True),
            title=fields.TEXT(analyzer=ana, stored=True, field_boost=2.0),
            body=fields.TEXT(analyzer=ana),
        )
        ix = index.create_in(str(tmp), schema)
        t0 = time.perf_counter()
        writer = ix.writer(procs=min(2, os.cpu_count() or 1), multisegment=True, limitmb=256)
        n = 0
        for doc_id, title, body in _documents(home):
            writer.add_document(id=doc_id, title=title, body=body)
            n += 1
        writer.commit()
        seconds = time.perf_counter() - t0
        parser = MultifieldParser(["title", "body"], schema, group=OrGroup)
        with ix.searcher() as s:
            res = timed(lambda q: len(s.search(parser.parse(q), limit=10)), read_queries(data))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"docs": n, "seconds": round(seconds, 2), "docs_per_s": round(n / seconds), **res}


def stage_peer_fts5(home: Path, data: Path) -> dict[str, Any]:
    """SQLite FTS5 with the trigram tokenizer: each whitespace word a quoted term, ORed, bm25."""
    tmp = Path(tempfile.mkdtemp(prefix="peer-fts5-"))
    try:
        db = sqlite3.connect(tmp / "fts.db")
        db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='trigram')"
        )
        t0 = time.perf_counter()
        with db:
            db.executemany("INSERT INTO docs VALUES(?,?,?)", _documents(home))
        seconds = time.perf_counter() - t0
        n = db.execute("SELECT count(*) FROM docs").fetchone()[0]

        def query(q: str) -> int:
            words = [w.replace('"', '""') for w in q.split() if len(w) >= 3]
            if not words:
                return 0
            match = " OR ".join(f'"{w}"' for w in words)
            rows = db.execute(
                "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 2.0, 1.0) LIMIT 10",
                (match,),
            ).fetchall()
            return len(rows)

        res = timed(query, read_queries(data))
        db.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"docs": n, "seconds": round(seconds, 2), "docs_per_s": round(n / seconds), **res}


def run_stage(stage: str, home: Path, data: Path) -> dict[str, Any]:
    """Dispatch one stage by name (called in the child process)."""
    if stage == "import":
        return store_load.stage_import(home, data)
    if stage == "reimport":
        return store_load.stage_reimport(home, data)
    if stage == "load":
        return store_load.stage_load(home)
    fn = {
        "index": stage_index,
        "search": stage_search,
        "match": stage_match,
        "rdf": stage_rdf,
        "web": stage_web,
        "web-nocache": lambda h, d: stage_web(h, d, cache=False),
        "peer-whoosh": stage_peer_whoosh,
        "peer-fts5": stage_peer_fts5,
    }[stage]
    return fn(home, data)
