"""Running an import: pick the importer, stream its records through linking into the store.

This is what ``ttgraph import``, ``ttgraph demo`` and the web UI's upload page call.  The source
name recorded as provenance is the importer's name plus the file name, so importing the same
file again updates the same records (and withdraws the ones that vanished) wherever it lives.

>>> from ttgraph.store import Store
>>> import tempfile, pathlib
>>> home = pathlib.Path(tempfile.mkdtemp())
>>> store = Store.create(home)
>>> _ = (home / "r.jsonl").write_text('{"kind": "region", "id": "north", "name": "ภาคเหนือ"}\\n')
>>> run_import(store, "native", home / "r.jsonl").counts
'read 1, created 1, updated 0, unchanged 0, withdrawn 0, rejected 0'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ttgraph.errors import NotFound, UsageError
from ttgraph.ingest import ImportProblem, ImportReport, Problem, Record, apply_records
from ttgraph.linking import StoreLinker, mark_duplicates
from ttgraph.pluginmanager import PluginManager, get_plugin_manager
from ttgraph.store import Store


def run_import(
    store: Store,
    importer_name: str,
    source_path: str | os.PathLike[str],
    *,
    strict: bool = False,
    dry_run: bool = False,
    plugins_dir: str | os.PathLike[str] | None = None,
    user: str = "",
    config: dict[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
    skip_ids: set[str] | None = None,
    link: bool = True,
    pm: PluginManager | None = None,
) -> ImportReport:
    """Import ``source_path`` with the importer called ``importer_name`` (``auto`` detects it).

    Per-record problems land in the report; an unknown importer, a missing file or a file in an
    encoding we cannot read raise TTGraphError (the CLI shows ``Error: …``).  ``skip_ids``
    leaves out records by id (the demo uses it for technologies shipped in agency formats).
    After a successful import, technologies that look like ones from other sources get
    ``same_as`` candidate edges, and the report lists them as notes.
    """
    pm = pm or get_plugin_manager(plugins_dir)
    path = Path(source_path)
    if not path.exists():
        raise NotFound(f"no such file or directory: {path}")
    if importer_name == "auto":
        importer_name = detect(pm, path)
    cls = pm.importer(importer_name)
    importer = cls(config)
    records: Iterable[Record | ImportProblem] = _guarded(importer.read(path), path.name)
    if skip_ids:
        records = _without(records, skip_ids)
    report = apply_records(
        store,
        records,
        source=importer.source_name(path),
        importer=cls.name,
        strict=strict,
        dry_run=dry_run,
        full=cls.full,
        linker=StoreLinker(store) if link else None,
        progress=progress,
        user=user,
    )
    if report.status in ("ok", "partial") and report.changed_ids:
        for a, b in mark_duplicates(store, report.changed_ids):
            report.problems.append(
                Problem(
                    f"{a} and {b} look like the same technology from two sources; "
                    f"confirm or reject with 'ttgraph duplicates confirm|reject {a} {b}'",
                    record_id=a,
                    severity="info",
                )
            )
    if report.status in ("ok", "partial") and report.changed_ids:
        sync_search(store)
    return report


def sync_search(store: Store, *, build: bool = False) -> dict[str, Any] | None:
    """Bring the search index in step with the store after a write.

    An existing index is updated in place from the store's change log; a home without one is
    left alone unless ``build`` (then it gets a fresh index, as ``ttgraph demo`` wants).
    """
    from ttgraph.index import current_dir, reindex, update_index

    if current_dir(store.home) is None:
        return reindex(store) if build else None
    return update_index(store)


def detect(pm: PluginManager, path: Path) -> str:
    """The one importer that recognises ``path``; none or several is a UsageError."""
    names = pm.detect(path)
    if len(names) == 1:
        return names[0]
    if not names:
        raise UsageError(f"no importer recognises {path.name}; name one (see 'ttgraph plugins')")
    raise UsageError(f"{path.name} could be read by {', '.join(names)}; name the importer")


def _guarded(records: Iterable[Any], file: str) -> Iterator[Record | ImportProblem]:
    """An importer's stream, made safe: a raised ImportProblem ends it as a reported problem
    (a generator cannot go on after raising), and a plain dict is taken as a record."""
    it = iter(records)
    while True:
        try:
            item = next(it)
        except StopIteration:
            return
        except ImportProblem as exc:
            exc.file = exc.file or file
            yield exc
            return
        yield Record(item, None, file) if isinstance(item, dict) else item


def _without(records: Iterable[Record | ImportProblem], ids: set[str]) -> Iterator[Any]:
    for rec in records:
        if isinstance(rec, Record) and isinstance(rec.data, dict) and rec.data.get("id") in ids:
            continue
        yield rec


# -- the demo catalogue ------------------------------------------------------------------------
_KIND_ORDER = (
    "region",
    "provincial_group",
    "province",
    "district",
    "subdistrict",
    "regional_centre",
    "agency",
    "category",
    "clinic",
    "volunteer_network",
    "technology",
    "village",
    "need",
    "transfer",
    "edge",
)


def demo_dir() -> Path:
    """Where the demo catalogue ships inside the package."""
    return Path(__file__).parent / "data" / "demo"


def demo_plan(root: Path | None = None) -> list[tuple[str, Path]]:
    """(importer, path) for every demo source, in an order where references resolve.

    Catalogues in agency formats come first (``catalogues/manifest.toml`` names the importer
    of each); then the native files, ordered by the kind of their first record.
    """
    import json
    import tomllib

    root = root or demo_dir()
    plan: list[tuple[str, Path]] = []
    manifest = root / "catalogues" / "manifest.toml"
    if manifest.is_file():
        for item in tomllib.loads(manifest.read_text(encoding="utf-8")).get("source", []):
            plan.append((item["importer"], manifest.parent / item["path"]))

    def rank(path: Path) -> int:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    kind = json.loads(line).get("kind", "")
                    return _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)
        return len(_KIND_ORDER)

    native = sorted((root / "native").glob("*.jsonl"), key=lambda p: (rank(p), p.name))
    plan += [("native", p) for p in native]
    return plan


def load_demo(
    store: Store,
    *,
    root: Path | None = None,
    progress: Callable[[str], Callable[[int], None] | None] | None = None,
) -> list[ImportReport]:
    """Import the whole demo catalogue; native records shipped in agency formats are skipped."""
    pm = get_plugin_manager()
    reports: list[ImportReport] = []
    converted: set[str] = set()
    for importer, path in demo_plan(root):
        report = run_import(
            store,
            importer,
            path,
            pm=pm,
            skip_ids=converted if importer == "native" else None,
            progress=progress(path.name) if progress else None,
        )
        reports.append(report)
        if importer != "native":
            converted |= {
                node_id
                for (node_id,) in store.conn.execute(
                    "SELECT id FROM nodes WHERE source=?", (report.source,)
                )
            }
    return reports
