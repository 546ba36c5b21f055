"""Setting up a home: the store plus Thailand's reference data."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from ttgraph.ingest import ImportReport, Record, apply_records
from ttgraph.reference import reference_files
from ttgraph.store import Store


def init_home(home: str | os.PathLike[str] | None) -> tuple[Store, list[ImportReport]]:
    """Create the store in ``home`` (if needed) and load or refresh the reference data.

    Safe to run again: reference records that did not change are left alone, and user data
    (other sources) is never touched.  A reference node a user has since re-imported from a
    source of their own (say, a regional centre's edited service area) keeps the user's version.
    """
    store = Store.create(home)
    taken_over = {
        node_id
        for (node_id,) in store.conn.execute(
            "SELECT id FROM nodes WHERE importer<>'reference' AND source NOT LIKE 'reference:%'"
        )
    }
    reports = []
    for path in reference_files():
        records = (r for r in _read_jsonl(path) if r.data.get("id") not in taken_over)
        report = apply_records(
            store,
            records,
            source=f"reference:{path.name}",
            importer="reference",
            strict=True,
        )
        reports.append(report)
    return store, reports


def _read_jsonl(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if line.strip():
                yield Record(json.loads(line), line_no, path.name)
