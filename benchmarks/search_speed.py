"""Search speed: index throughput and query latency on ~2 KB Thai documents.

Documents are built from the real government press releases in ../shared/data/corpus/: each
release is cut into ~2 KB pieces, and beyond those, further documents are stitched from random
pieces of different releases (seeded), so 100k documents read like real Thai text.  Measured:

- index: documents per second through ``ttgraph.index.reindex`` (Whoosh multi-process writer,
  word + bigram + folded fields), on ``--docs`` documents;
- query: p50/p95 latency of ``Searcher.search`` (top 10, no facets/snippets, and with facets)
  for short keyword queries and question-length queries taken from the corpus.

    python benchmarks/search_speed.py [--docs 100000] [--queries 300] [--procs 2]

Prints a table and writes benchmarks/results/search_speed.json.  Skips without ../shared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus"
RESULTS = Path(__file__).resolve().parent / "results"
GOALS = {"index_docs_per_s": 1000, "query_p95_ms": 30}


def pieces(size: int = 2048) -> list[str]:
    """The corpus cut at spaces into pieces of about ``size`` bytes of UTF-8."""
    out = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            text = re.sub(r"\s+", " ", json.loads(line)["text"]).strip()
            chars = max(200, int(size * len(text) / max(1, len(text.encode("utf-8")))))
            while len(text) > chars // 2:
                cut = text.rfind(" ", chars // 2, chars)
                cut = cut if cut > 0 else chars
                out.append(text[:cut].strip())
                text = text[cut:]
    return out


def documents(n: int, size: int = 2048, seed: int = 7) -> Iterator[object]:
    """``n`` technology nodes of ~``size`` bytes: real pieces first, then stitched ones."""
    from ttgraph.model import Node

    base = pieces(size)
    chunks = [c for p in base for c in p.split(" ") if len(c) > 20]
    rng = random.Random(seed)
    for i in range(n):
        if i < len(base):
            text = base[i]
        else:
            parts, length = [], 0
            while length < size:
                parts.append(rng.choice(chunks))
                length += len(parts[-1].encode("utf-8")) + 1
            text = " ".join(parts)
        yield Node(f"doc-{i:06d}", "technology", {"title": text[:60], "description": text})


def queries(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    base = pieces()
    from ttgraph.analysis import word_analyzer

    words = word_analyzer()
    out = []
    while len(out) < n:
        toks = [t.text for t in words(rng.choice(base))]
        if len(toks) < 30:
            continue
        start = rng.randrange(len(toks) - 20)
        size = rng.choice([1, 2, 3]) if len(out) % 2 == 0 else rng.randrange(8, 16)
        out.append(
            "".join(toks[start : start + size])
            if size > 3
            else " ".join(toks[start : start + size])
        )
    return out


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the writer processes)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument(
        "--doc-bytes",
        type=int,
        default=2048,
        help="document size in bytes of UTF-8 (~680 Thai chars per 2 KB)",
    )
    ap.add_argument("--home", help="keep the built home here (default: a temporary directory)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"skipped: no corpus at {CORPUS}")
        return 0
    from ttgraph.index import reindex
    from ttgraph.search import Searcher
    from ttgraph.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(args.home or tmp) / "speed-home"
        store = Store.create(home)
        # Streamed to the index as they are made (as reindex streams a store's nodes), so
        # memory is the index build's, not a list of every document; every 50th is measured.
        sample: list[str] = []

        def stream() -> Iterator[object]:
            for i, d in enumerate(documents(args.docs, args.doc_bytes)):
                if i % 50 == 0:
                    sample.append(d.data["description"])
                yield d

        cpu0 = _cpu()
        built = reindex(store, procs=args.procs, nodes=stream())
        cpu_index = _cpu() - cpu0
        rate = built["docs"] / built["seconds"]
        avg_chars = statistics.mean(len(t) for t in sample)
        avg_bytes = statistics.mean(len(t.encode("utf-8")) for t in sample)
        qs = queries(args.queries)
        lat: dict[str, list[float]] = {"plain": [], "facets": []}
        cpu: dict[str, list[float]] = {"plain": [], "facets": []}
        with Searcher(store) as s:
            for q in qs[:20]:  # warm up: field lengths, segmenter, caches
                s.search(q, with_facets=False, snippets=False)
            for mode in ("plain", "facets"):
                for q in qs:
                    started, c0 = time.perf_counter(), time.process_time()
                    s.search(q, limit=10, with_facets=mode == "facets", snippets=False)
                    lat[mode].append((time.perf_counter() - started) * 1000)
                    cpu[mode].append((time.process_time() - c0) * 1000)
    short = [t for q, t in zip(qs, lat["plain"], strict=True) if len(q) < 40]
    long_ = [t for q, t in zip(qs, lat["plain"], strict=True) if len(q) >= 40]
    out = {
        "docs": built["docs"],
        "avg_doc_chars": round(avg_chars),
        "avg_doc_bytes": round(avg_bytes),
        "procs": args.procs,
        "index_seconds": built["seconds"],
        "index_docs_per_s": round(rate, 1),
        "index_cpu_seconds": round(cpu_index, 1),
        "index_docs_per_cpu_s": round(built["docs"] / cpu_index, 1) if cpu_index else None,
        "load_average": os.getloadavg(),
        # peak resident memory: this process (documents, searcher) and the largest writer
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "writer_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "queries": len(qs),
        "query_ms": {
            "p50": round(pct(lat["plain"], 50), 2),
            "p95": round(pct(lat["plain"], 95), 2),
            "short_p95": round(pct(short, 95), 2) if short else None,
            "question_p95": round(pct(long_, 95), 2) if long_ else None,
            "with_facets_p50": round(pct(lat["facets"], 50), 2),
            "with_facets_p95": round(pct(lat["facets"], 95), 2),
            "cpu_p50": round(pct(cpu["plain"], 50), 2),
            "cpu_p95": round(pct(cpu["plain"], 95), 2),
        },
        "goals": GOALS,
    }
    q = out["query_ms"]
    print(f"{'measure':<34} {'value':>10}  goal")
    size = f"({out['avg_doc_bytes']:,} B, {out['avg_doc_chars']:,} chars)"
    print(f"{'documents (avg size)':<34} {out['docs']:>10,} {size}")
    ok = rate >= GOALS["index_docs_per_s"]
    print(
        f"{f'index docs/s (procs={args.procs})':<34} {rate:>10,.0f}  >= 1000 {'met' if ok else 'NOT met'}"
    )
    per_cpu = out["index_docs_per_cpu_s"]
    print(f"{'index docs per CPU-second':<34} {per_cpu:>10}  (all writer processes)")
    print(f"{'load average during the run':<34} {os.getloadavg()[0]:>10.1f}")
    print(
        f"{'peak MB (main / largest writer)':<34} {out['peak_mb']:>10,} / {out['writer_peak_mb']:,}"
    )
    keys = ("p50", "p95", "short_p95", "question_p95", "with_facets_p50", "with_facets_p95")
    for key in keys + ("cpu_p50", "cpu_p95"):
        goal = ""
        if key == "p95":
            goal = f"<= 30 {'met' if q['p95'] <= GOALS['query_p95_ms'] else 'NOT met'}"
        print(f"{'query ms ' + key:<34} {q[key]:>10}  {goal}")
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"search_speed-{args.docs}-{args.doc_bytes}.json"
        path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
