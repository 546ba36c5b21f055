"""Search quality on Thai question sets: ttgraph's search beside two peers, in one run.

Protocol (../shared/README.md): each pool paragraph becomes a technology record (title = first
60 characters, description = the text) imported with the native importer into a fresh home;
every question is one query; its paragraph is the one relevant record.  Reported: Recall@1,
Recall@10 and MRR@10 for

- ttgraph: the product's search (``Searcher.search``, the code behind ``ttgraph search --batch``;
  ``--cli`` sends the questions through the batch CLI instead),
- Whoosh StandardAnalyzer: the same two fields, BM25F, OR of terms, no Thai segmentation,
- SQLite FTS5 trigram: bm25 over an OR of the question's character trigrams.

    python benchmarks/search_quality.py [--sets xquad,iapp] [--cli] [--ranking body_bi=0.6]

Prints a table and writes benchmarks/results/search_quality.json.  Skips without ../shared.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "eval"
RESULTS = Path(__file__).resolve().parent / "results"
GOALS = {"xquad": 0.975, "iapp": 0.94}
BEST_BEFORE = {"xquad": 0.964, "iapp": 0.919}


def load_set(name: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(pool id -> text, [(question, relevant id)])."""
    if name == "xquad":
        data = json.loads((SHARED / "xquad" / "xquad.th.json").read_text(encoding="utf-8"))
        pool, qs = {}, []
        for art in data["data"]:
            for i, para in enumerate(art["paragraphs"]):
                pid = f"xq-{len(pool):04d}"
                pool[pid] = para["context"]
                qs += [(qa["question"], pid) for qa in para["qas"]]
                del i
        return pool, qs
    pool = {}
    with (SHARED / "iapp" / "contexts.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            pool[rec["id"]] = rec["text"]
    qs = []
    with (SHARED / "iapp" / "valid.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["context_id"] in pool:
                qs.append((rec["question"], rec["context_id"]))
    return pool, qs


def metrics(ranked: list[list[str]], qs: list[tuple[str, str]]) -> dict[str, float]:
    r1 = r10 = mrr = 0.0
    for ids, (_q, rel) in zip(ranked, qs, strict=True):
        ids = ids[:10]
        if ids[:1] == [rel]:
            r1 += 1
        if rel in ids:
            r10 += 1
            mrr += 1 / (ids.index(rel) + 1)
    n = len(qs) or 1
    return {"R@1": r1 / n, "R@10": r10 / n, "MRR@10": mrr / n}


def build_home(pool: dict[str, str], where: Path) -> tuple[Path, float]:
    """Import the pool with the native importer and build the index; returns (home, seconds)."""
    from ttgraph.index import reindex
    from ttgraph.ingest import apply_records
    from ttgraph.store import Store

    home = where / "home"
    store = Store.create(home)
    src = where / "pool.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for pid, text in pool.items():
            rec = {"kind": "technology", "id": pid, "title": text[:60], "description": text}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    started = time.perf_counter()
    try:
        from ttgraph.plugins.native import NativeImporter

        records = NativeImporter().read(src)
    except ImportError:  # an older tree without the plugin: the same records, read directly
        from ttgraph.ingest import Record

        lines = src.read_text(encoding="utf-8").splitlines()
        records = (Record(json.loads(x), n) for n, x in enumerate(lines, 1))
    report = apply_records(store, records, source=str(src), importer="native")
    if report.rejected:
        raise SystemExit(f"import rejected {report.rejected} records: {report.problems[:3]}")
    reindex(store)
    store.close()
    return home, time.perf_counter() - started


def run_ttgraph(home: Path, qs: list[tuple[str, str]], ranking: dict[str, float], cli: bool):
    if cli:
        batch = home / "questions.txt"
        batch.write_text("\n".join(q.replace("\n", " ") for q, _ in qs) + "\n", encoding="utf-8")
        out = subprocess.run(
            [sys.executable, "-c", "from ttgraph.cli import main; main()", "--home", str(home),
             "search", "--batch", str(batch), "--limit", "10", "--no-facets"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return [[r["id"] for r in json.loads(x)["results"]] for x in out.stdout.splitlines()]
    from ttgraph.search import Searcher

    with Searcher(home, **ranking) as s:
        return [
            [r["id"] for r in s.search(q, limit=10, with_facets=False, snippets=False)["results"]]
            for q, _ in qs
        ]


def run_whoosh_standard(pool: dict[str, str], qs: list[tuple[str, str]], where: Path):
    from whoosh import fields, index, scoring
    from whoosh.analysis import StandardAnalyzer
    from whoosh.query import Or, Term

    an = StandardAnalyzer()
    schema = fields.Schema(
        id=fields.ID(stored=True), title=fields.TEXT(analyzer=an), body=fields.TEXT(analyzer=an)
    )
    path = where / "whoosh-std"
    path.mkdir()
    ix = index.create_in(str(path), schema)
    with ix.writer() as w:
        for pid, text in pool.items():
            w.add_document(id=pid, title=text[:60], body=text)
    out = []
    with ix.searcher(weighting=scoring.BM25F()) as s:
        for q, _ in qs:
            terms = {t.text for t in an(q)}
            query = Or([Term(f, t) for t in terms for f in ("title", "body")])
            out.append([h["id"] for h in s.search(query, limit=10)])
    return out


def run_fts5_trigram(pool: dict[str, str], qs: list[tuple[str, str]]):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE p USING fts5(id UNINDEXED, title, body, tokenize='trigram')")
    db.executemany("INSERT INTO p VALUES (?,?,?)", [(k, v[:60], v) for k, v in pool.items()])
    out = []
    for q, _ in qs:
        grams = {w[i : i + 3] for w in q.split() for i in range(max(len(w) - 2, 0))}
        grams = {g for g in grams if '"' not in g}
        if not grams:
            out.append([])
            continue
        match = " OR ".join(f'"{g}"' for g in sorted(grams))
        rows = db.execute(
            "SELECT id FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 10", (match,)
        ).fetchall()
        out.append([r[0] for r in rows])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="xquad,iapp")
    ap.add_argument("--cli", action="store_true", help="send ttgraph queries through the batch CLI")
    ap.add_argument("--ranking", default="", help="override search weights: name=value,...")
    ap.add_argument("--only-ttgraph", action="store_true", help="skip the peers (for tuning)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"skipped: no evaluation data at {SHARED}")
        return 0
    ranking = {k: float(v) for k, v in (p.split("=") for p in args.ranking.split(",") if p)}
    table: dict[str, dict[str, dict[str, float]]] = {}
    timings: dict[str, dict[str, float]] = {}
    for name in args.sets.split(","):
        pool, qs = load_set(name)
        with tempfile.TemporaryDirectory() as tmp:
            where = Path(tmp)
            home, build_s = build_home(pool, where)
            systems = ["ttgraph"] + (
                [] if args.only_ttgraph else ["whoosh-standard", "fts5-trigram"]
            )
            for system in systems:
                started = time.perf_counter()
                if system == "ttgraph":
                    ranked = run_ttgraph(home, qs, ranking, args.cli)
                elif system == "whoosh-standard":
                    ranked = run_whoosh_standard(pool, qs, where)
                else:
                    ranked = run_fts5_trigram(pool, qs)
                secs = time.perf_counter() - started
                table.setdefault(name, {})[system] = metrics(ranked, qs)
                timings.setdefault(name, {})[system] = round(secs, 2)
            timings[name]["ttgraph-import+index"] = round(build_s, 2)
        print(f"{name}: {len(pool)} paragraphs, {len(qs)} questions", file=sys.stderr)
    print(f"{'set':<7} {'system':<16} {'R@1':>6} {'R@10':>6} {'MRR@10':>7}  goal")
    for name, rows in table.items():
        for system, m in rows.items():
            goal = ""
            if system == "ttgraph" and name in GOALS:
                met = m["MRR@10"] >= GOALS[name]
                goal = (
                    f">= {GOALS[name]} {'met' if met else 'gap %.3f' % (GOALS[name] - m['MRR@10'])}"
                )
            print(
                f"{name:<7} {system:<16} {m['R@1']:6.3f} {m['R@10']:6.3f} {m['MRR@10']:7.3f}  {goal}"
            )
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        out = {
            "protocol": "shared/README.md: pool as technology records via the native importer",
            "via": "batch CLI" if args.cli else "Searcher API (same code as the batch CLI)",
            "ranking_overrides": ranking,
            "results": table,
            "seconds": timings,
            "goals_mrr10": GOALS,
            "best_before_mrr10": BEST_BEFORE,
            "segmenter": os.environ.get("TTGRAPH_SEGMENTER", "nlpo3"),
        }
        path = RESULTS / "search_quality.json"
        path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
