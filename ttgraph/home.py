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
    (other sources) is never touched.
    """
    store = Store.create(home)
    reports = []
    for path in reference_files():
        report = apply_records(
            store,
            _read_jsonl(path),
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
