#!/usr/bin/env python3
"""Store benchmarks: import throughput of a generated catalogue, and loading the networkx view.

Each stage prints one JSON object on its last line so ``benchmarks/run`` can run it in a child
process (its peak memory is then the child's alone).  Usable on its own too:

    python benchmarks/generate.py 10000 -o /tmp/c10k
    python benchmarks/store_load.py import --home /tmp/h10k --data /tmp/c10k
    python benchmarks/store_load.py load --home /tmp/h10k
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ttgraph.ingest import ImportProblem, Record, apply_records  # noqa: E402
from ttgraph.store import Store  # noqa: E402


def native_records(path: Path) -> tuple[Iterator[Record | ImportProblem], str]:
    """Records of a native JSONL file: through the native importer plugin when it is there."""
    try:
        from ttgraph.plugins.native import NativeImporter  # type: ignore[import-not-found]

        return iter(NativeImporter().read(path)), "plugins.native"
    except (ImportError, AttributeError, TypeError):
        pass

    def read() -> Iterator[Record | ImportProblem]:
        with path.open(encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, 1):
                if line.strip():
                    yield Record(json.loads(line), line_no, path.name)

    return read(), "jsonl reader (benchmarks)"


def reference_home(home: Path, data: Path) -> dict[str, Any]:
    """Create ``home`` with reference data: ``ttgraph init`` if the project has its reference
    files, otherwise the generator's ``reference.jsonl``."""
    t0 = time.perf_counter()
    try:
        from ttgraph.home import init_home

        store, _ = init_home(home)
        how = "ttgraph init"
        missing = {"province", "subdistrict", "agency", "category"} - set(store.stats()["kinds"])
    except ImportError:
        missing = {"all"}
    if missing:
        store = Store.create(home)
        records, _ = native_records(data / "reference.jsonl")
        report = apply_records(
            store, records, source="reference:bench", importer="reference", full=False
        )
        if report.rejected:
            raise SystemExit(f"reference.jsonl rejected {report.rejected}: {report.problems[:3]}")
        how = "reference.jsonl"
    store.close()
    return {"how": how, "seconds": round(time.perf_counter() - t0, 2)}


def stage_import(home: Path, data: Path) -> dict[str, Any]:
    """Import the catalogue into a fresh reference home; records/s of the catalogue alone."""
    ref = reference_home(home, data)
    store = Store.open(home)
    records, reader = native_records(data / "catalogue.jsonl")
    t0 = time.perf_counter()
    report = apply_records(store, records, source="bench:catalogue", importer="native")
    seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpoint = time.perf_counter() - t1
    stats = store.stats()
    return {
        "reader": reader,
        "reference": ref,
        "records": report.read,
        "created": report.created,
        "rejected": report.rejected,
        "problems": [str(p) for p in report.problems[:3]],
        "seconds": round(seconds, 2),
        "records_per_s": round(report.read / seconds, 1) if seconds else None,
        "checkpoint_s": round(checkpoint, 2),
        "nodes": sum(stats["kinds"].values()),
        "edges": sum(stats["edges"].values()),
        "db_mb": round((home / "ttgraph.db").stat().st_size / 1e6, 1),
    }


def stage_reimport(home: Path, data: Path) -> dict[str, Any]:
    """Import the same catalogue again: everything unchanged (idempotence at scale)."""
    store = Store.open(home)
    records, _ = native_records(data / "catalogue.jsonl")
    t0 = time.perf_counter()
    report = apply_records(store, records, source="bench:catalogue", importer="native")
    seconds = time.perf_counter() - t0
    return {
        "records": report.read,
        "unchanged": report.unchanged,
        "changed": report.created + report.updated + report.withdrawn,
        "seconds": round(seconds, 2),
        "records_per_s": round(report.read / seconds, 1) if seconds else None,
    }


def stage_load(home: Path) -> dict[str, Any]:
    """Time ``store.graph()`` from cold (a fresh process) and once more from its cache."""
    t0 = time.perf_counter()
    store = Store.open(home)
    g = store.graph()
    cold = time.perf_counter() - t0
    t1 = time.perf_counter()
    store.graph()
    warm = time.perf_counter() - t1
    return {
        "seconds": round(cold, 2),
        "cached_ms": round(warm * 1000, 2),
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ttgraph store benchmarks")
    parser.add_argument("stage", choices=["import", "reimport", "load"])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--data", type=Path, help="a directory written by generate.py")
    args = parser.parse_args(argv)
    if args.stage == "load":
        result = stage_load(args.home)
    else:
        if args.data is None:
            parser.error("--data is needed for import")
        fn = stage_import if args.stage == "import" else stage_reimport
        result = fn(args.home, args.data)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
