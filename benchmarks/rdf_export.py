#!/usr/bin/env python3
"""RDF export at scale: a streaming N-Triples / N-Quads export of about a million statements.

Builds a synthetic store by direct SQL (fast, no ``../shared`` needed), then runs each export in
a child process so the peak memory reported is the export's own.  Target: N-Triples of 1M
statements in under 60 s without holding an rdflib Graph.  Also times the first SPARQL query
(which loads the graph into Oxigraph).

    python benchmarks/rdf_export.py                 # ~1M statements
    python benchmarks/rdf_export.py --technologies 5000    # quick run
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ttgraph.store import Store, now  # noqa: E402

WORDS = ["เครื่องอบแห้ง", "ปุ๋ยอินทรีย์", "น้ำหมักชีวภาพ", "โรงเรือน", "แปรรูปกล้วย", "เลี้ยงปลานิล",
         "ผ้าทอมือ", "ข้าวกล้องงอก", "พลังงานแสงอาทิตย์", "ระบบน้ำหยด"]  # fmt: skip


def build(home: Path, technologies: int) -> dict[str, int]:
    """A store with agencies, categories, provinces, villages, technologies and transfers."""
    store = Store.create(home)
    stamp = now()
    nodes: list[tuple[Any, ...]] = []
    edges: list[tuple[Any, ...]] = []

    def node(id_: str, kind: str, data: dict[str, Any], label: str) -> None:
        nodes.append((id_, kind, label, json.dumps(data, ensure_ascii=False), "bench", id_,
                      "bench", stamp, stamp, "active"))  # fmt: skip

    def edge(src: str, kind: str, dst: str, fld: str) -> None:
        edges.append((src, kind, dst, "{}", fld, "bench", "bench", stamp, stamp))

    node("north", "region", {"name": "ภาคเหนือ", "name_en": "North"}, "ภาคเหนือ")
    for p in range(10, 20):
        node(str(p), "province", {"name": f"จังหวัด {p}", "region": "north"}, f"จังหวัด {p}")
        edge(str(p), "part_of", "north", "region")
    for a in range(50):
        node(f"ag{a}", "agency", {"name": f"หน่วยงาน {a}", "type": "agency"}, f"หน่วยงาน {a}")
    for c in range(20):
        node(f"cat{c}", "category", {"name": f"หมวด {c}", "name_en": f"Category {c}"}, f"หมวด {c}")
    for v in range(1000):
        pid = str(10 + v % 10)
        node(f"v{v}", "village", {"name": f"บ้าน {v}", "province": pid, "moo": v % 20,
                                  "lead_village": v % 3 == 0}, f"บ้าน {v}")  # fmt: skip
        edge(f"v{v}", "located_in", pid, "province")
    for t in range(technologies):
        w = WORDS[t % len(WORDS)]
        data = {
            "title": f"{w} รุ่น {t}",
            "title_en": f"Technology {t}",
            "description": f'{w} "สูตร {t}"\nลดต้นทุนการผลิตให้ชุมชน',
            "keywords": [w, "ชุมชน", f"k{t % 97}"],
            "agency": [f"ag{t % 50}"],
            "category": [f"cat{t % 20}"],
            "trl": 1 + t % 9,
            "year": 2000 + t % 25,
            "cost_baht": 1000.5 + t,
        }
        node(f"tech{t}", "technology", data, data["title"])
        edge(f"tech{t}", "developed_by", f"ag{t % 50}", "agency")
        edge(f"tech{t}", "in_category", f"cat{t % 20}", "category")
        if t % 4 == 0:
            tr = f"tr{t}"
            node(tr, "transfer", {"technology": f"tech{t}", "village": [f"v{t % 1000}"], "year": 2020,
                                  "outcome": "adopted", "title": data["title"]}, data["title"])  # fmt: skip
            edge(tr, "transfer_of", f"tech{t}", "technology")
            edge(tr, "transferred_to", f"v{t % 1000}", "village")
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO nodes(id, kind, label, data, source, source_id, importer, created, updated,"
            " status) VALUES(?,?,?,?,?,?,?,?,?,?)",
            nodes,
        )
        store.conn.executemany(
            "INSERT INTO edges(src, kind, dst, data, field, origin, importer, created, updated)"
            " VALUES(?,?,?,?,?,?,?,?,?)",
            edges,
        )
        store.conn.execute("INSERT INTO changes(node_id, op) VALUES('bench', 'create')")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"nodes": len(nodes), "edges": len(edges)}


def _peak_kb() -> int:
    """This process's peak RSS.  VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so a
    child would report the (bigger) parent it was forked from."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0])
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(stage: str, home: str, out: str) -> None:
    """Run one stage in this (child) process and print its JSON result."""
    store = Store.open(home)
    t0 = time.perf_counter()
    if stage == "sparql":
        from ttgraph.rdf_sparql import run_query

        rows = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=600).rows
        n = int(rows[0][0]["value"])
    else:
        from ttgraph.rdf import export

        with open(out, "w", encoding="utf-8") as fh:
            n = export(store, fh, stage)
    seconds = time.perf_counter() - t0
    peak_kb = _peak_kb()
    print(json.dumps({"statements": n, "seconds": seconds, "peak_kb": peak_kb}))


def run_stage(stage: str, home: Path, out: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", stage, str(home), str(out)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    wall = time.perf_counter() - t0
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result.update(stage=stage, wall_seconds=round(wall, 2), seconds=round(result["seconds"], 2),
                  peak_rss_mb=round(result.pop("peak_kb") / 1024, 1),
                  statements_per_second=round(result["statements"] / result["seconds"]),
                  file_mb=round(out.stat().st_size / 2**20, 1) if out.exists() else None)  # fmt: skip
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--technologies", type=int, default=58_000, help="about 17 statements each")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument(
        "--child", nargs=3, metavar=("STAGE", "HOME", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="ttgraph-rdf-bench-") as tmp:
        home = Path(tmp) / "home"
        t0 = time.perf_counter()
        sizes = build(home, args.technologies)
        build_s = time.perf_counter() - t0
        rows = [
            run_stage(stage, home, Path(tmp) / f"out.{stage}") for stage in ("nt", "nq", "sparql")
        ]
    report = {"benchmark": "rdf_export", "technologies": args.technologies, **sizes,
              "build_seconds": round(build_s, 2), "stages": rows,
              "target": "nt export of ~1M statements < 60 s", "when": now()}  # fmt: skip
    nt = rows[0]
    report["meets_target"] = nt["seconds"] < 60 * max(1.0, nt["statements"] / 1_000_000)
    print(f"store: {sizes['nodes']:,} nodes, {sizes['edges']:,} edges (built in {build_s:.1f} s)")
    print(
        f"{'stage':<8} {'statements':>12} {'seconds':>8} {'stmt/s':>10} {'peak RSS MB':>12} {'file MB':>8}"
    )
    for r in rows:
        print(f"{r['stage']:<8} {r['statements']:>12,} {r['seconds']:>8.2f} "
              f"{r['statements_per_second']:>10,} {r['peak_rss_mb']:>12.1f} {r['file_mb'] or '-':>8}")  # fmt: skip
    print("target met" if report["meets_target"] else "TARGET MISSED: N-Triples export too slow")
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / "rdf_export.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
