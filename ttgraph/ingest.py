"""Records in, graph out: validation, linking, idempotent upserts and the import report.

An importer yields :class:`Record` objects (or :class:`ImportProblem` for a row it could not
read).  :func:`apply_records` stages them in a temporary table, checks every reference against
the store *and* the rest of the import (so order inside a file does not matter), then writes the
good ones in one transaction.  Without ``strict``, bad records are reported and the rest land;
with ``strict``, any problem refuses the whole import; ``dry_run`` does all the work and rolls back.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from ttgraph.errors import TTGraphError, ValidationError
from ttgraph.model import KINDS, Node, kind_spec, label, ref_edges, validate_edge, validate_node
from ttgraph.store import Store, now
from ttgraph.thai import normalize


class ImportProblem(TTGraphError):
    """A record (row, line) that cannot be imported; importers raise or yield it."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        file: str = "",
        record_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.line = line
        self.field = field
        self.file = file
        self.record_id = record_id


@dataclass
class Record:
    """One raw record from a source, with where it came from."""

    data: dict[str, Any]
    line: int | None = None
    file: str = ""


@dataclass
class Problem:
    """One thing wrong with one record, phrased for the clerk who has to fix the file."""

    message: str
    file: str = ""
    line: int | None = None
    field: str | None = None
    record_id: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        parts = [self.file] if self.file else []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"field {self.field}")
        return f"{', '.join(parts)}: {self.message}" if parts else self.message


@dataclass
class ImportReport:
    importer: str
    source: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    rejected: int = 0
    edges: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    strict: bool = False
    status: str = "ok"  # ok | partial | refused | dry-run
    changed_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("changed_ids")
        return out

    @property
    def counts(self) -> str:
        return (
            f"read {self.read}, created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, withdrawn {self.withdrawn}, rejected {self.rejected}"
        )


class Linker(Protocol):
    """Resolves free text (places, agency names) in a record to node ids, in place."""

    def link(self, kind: str, data: dict[str, Any]) -> list[str]:
        """Fill reference fields from text; return warnings; raise ValidationError if unsure."""
        ...

    # Optional: ``note_id(node_id, kind)`` is called for every record staged, so a value that
    # is the id of an earlier record in the same import is kept as that id.


BAD_UNICODE = (
    "the record holds text that is not valid Unicode (a lone surrogate such as \\ud800, "
    "usually a broken JSON escape); correct that text in the source"
)


def _safe(text: str | None) -> str | None:
    """``text`` with any lone surrogate written as an escape, so a report can always be saved."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


class _Refused(Exception):
    """Internal: roll back a dry run or a strict import that found problems."""


def clean_text(value: Any) -> Any:
    """Normalise Thai text in a value (strings and lists of strings) on the way in."""
    if isinstance(value, str):
        return normalize(value).strip()
    if isinstance(value, list):
        return [clean_text(v) for v in value]
    return value


def _prepare(
    rec: Record, linker: Linker | None, warnings: list[Problem]
) -> tuple[str, str, dict[str, Any], str]:
    """Validate one node record; returns (id, kind, clean data, source id)."""
    raw = rec.data
    if not isinstance(raw, dict):
        raise ValidationError('a record must be an object with fields, e.g. {"kind": ...}')
    kind = raw.get("kind")
    if not kind or not isinstance(kind, str):
        raise ValidationError("record has no 'kind' (technology, agency, village, …)", "kind")
    kind_spec(kind)
    node_id = raw.get("id")
    if isinstance(node_id, int) and not isinstance(node_id, bool):
        node_id = str(node_id)
    if not node_id or not isinstance(node_id, str) or not node_id.strip():
        raise ValidationError(f"{kind} record has no 'id'", "id")
    node_id = node_id.strip()
    source_id = str(raw.get("_source_id") or node_id)
    data = {k: clean_text(v) for k, v in raw.items() if not k.startswith("_")}
    if linker is not None:
        for msg in linker.link(kind, data):
            warnings.append(Problem(msg, rec.file, rec.line, record_id=node_id, severity="warning"))
    return node_id, kind, validate_node(kind, data), source_id


def apply_records(
    store: Store,
    records: Iterable[Record | ImportProblem],
    *,
    source: str,
    importer: str,
    strict: bool = False,
    dry_run: bool = False,
    full: bool = True,
    linker: Linker | None = None,
    progress: Callable[[int], None] | None = None,
    user: str = "",
) -> ImportReport:
    """Import ``records`` from ``source``; see the module docstring for the rules."""
    report = ImportReport(importer=importer, source=source, dry_run=dry_run, strict=strict)
    started = now()
    try:
        with store.transaction():
            _run(store, records, report, linker, progress, full)
            if strict and any(p.severity == "error" for p in report.problems):
                report.status = "refused"
                report.created = report.updated = report.withdrawn = report.edges = 0
                raise _Refused
            if dry_run:
                report.status = "dry-run"
                raise _Refused
            report.status = "partial" if report.rejected else "ok"
            store.record_import(importer, source, started, report.status, report.as_dict(), user)
    except _Refused:
        report.changed_ids = []
    return report


def _run(
    store: Store,
    records: Iterable[Record | ImportProblem],
    report: ImportReport,
    linker: Linker | None,
    progress: Callable[[int], None] | None,
    full: bool,
) -> None:
    conn = store.conn
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS stage(seq INTEGER PRIMARY KEY, id TEXT UNIQUE, kind TEXT,"
        " data TEXT, source_id TEXT, line INTEGER, file TEXT, ok INTEGER DEFAULT 1)"
    )
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS stage_refs(seq INTEGER, field TEXT, edge TEXT, target TEXT)"
    )
    # Ids of records refused before staging: a full re-import must not withdraw them.  Kept in
    # SQLite, like the stage itself, so memory does not grow with the size of the import.
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS stage_seen(id TEXT PRIMARY KEY)")
    for table in ("stage", "stage_refs", "stage_seen"):
        conn.execute(f"DELETE FROM {table}")
    edge_records: list[tuple[Record, dict[str, Any]]] = []
    unread = 0

    def seen(node_id: str) -> None:
        # An id no store can hold (a lone surrogate) cannot name a stored node either.
        with contextlib.suppress(UnicodeEncodeError):
            conn.execute("INSERT OR IGNORE INTO stage_seen(id) VALUES(?)", (node_id,))

    def reject(message: str, rec_file: str, line: int | None, fld: str | None, rid: str | None):
        report.problems.append(Problem(_safe(message), rec_file, line, _safe(fld), _safe(rid)))
        report.rejected += 1

    for n, item in enumerate(records, 1):
        if progress is not None:
            progress(n)
        report.read += 1
        if isinstance(item, ImportProblem):
            reject(item.message, item.file, item.line, item.field, item.record_id)
            if item.record_id:
                seen(item.record_id)
            else:  # a row that could not be read at all: its id is unknown
                unread += 1
            continue
        raw = item.data
        if isinstance(raw, dict) and raw.get("kind") == "edge":
            edge_records.append((item, raw))
            continue
        rid = raw.get("id") if isinstance(raw, dict) else None
        try:
            node_id, kind, data, source_id = _prepare(item, linker, report.problems)
        except ValidationError as exc:
            reject(exc.message, item.file, item.line, exc.field, str(rid) if rid else None)
            if rid:
                seen(str(rid))
            continue
        first = None
        with contextlib.suppress(UnicodeEncodeError):  # such a record is refused just below
            first = conn.execute("SELECT line FROM stage WHERE id=?", (node_id,)).fetchone()
        if first is not None:
            reject(
                f"id {node_id!r} appears twice in this import (first at line {first[0]})",
                item.file,
                item.line,
                "id",
                node_id,
            )
            continue
        note = getattr(linker, "note_id", None)
        if note is not None:
            note(node_id, kind)  # later records may refer to it by id, not by a look-alike name
        seq = None
        try:
            seq = conn.execute(
                "INSERT INTO stage(id, kind, data, source_id, line, file) VALUES(?,?,?,?,?,?)",
                (
                    node_id,
                    kind,
                    json.dumps(data, ensure_ascii=False),
                    source_id,
                    item.line,
                    item.file,
                ),
            ).lastrowid
            conn.executemany(
                "INSERT INTO stage_refs(seq, field, edge, target) VALUES(?,?,?,?)",
                [(seq, f, e, t) for f, e, t in ref_edges(kind, data)],
            )
        except UnicodeEncodeError:  # text no SQLite (or any UTF-8 file) can hold
            if seq is not None:
                conn.execute("DELETE FROM stage_refs WHERE seq=?", (seq,))
                conn.execute("DELETE FROM stage WHERE seq=?", (seq,))
            reject(BAD_UNICODE, item.file, item.line, None, node_id)
            seen(node_id)

    _check_references(store, report)
    _apply_stage(store, report)
    _apply_edges(store, report, edge_records)
    if full:
        _withdraw_missing(store, report, unread)


def _check_references(store: Store, report: ImportReport) -> None:
    """Reject staged records whose references point nowhere (repeat: rejections cascade)."""
    conn = store.conn
    clash = conn.execute(
        "SELECT s.seq, s.id, s.kind, n.kind, s.line, s.file FROM stage s JOIN nodes n ON n.id=s.id"
        " WHERE n.kind<>s.kind"
    ).fetchall()
    for seq, sid, skind, nkind, line, file in clash:
        conn.execute("UPDATE stage SET ok=0 WHERE seq=?", (seq,))
        report.problems.append(
            Problem(
                f"id {sid!r} is already used by a {nkind}; give this {skind} another id",
                file,
                line,
                "id",
                sid,
            )
        )
        report.rejected += 1
    while True:
        rows = conn.execute(
            "SELECT r.seq, s.kind, s.id, s.line, s.file, r.field, r.target,"
            " coalesce(t.kind, n.kind) FROM stage_refs r JOIN stage s ON s.seq=r.seq AND s.ok=1"
            " LEFT JOIN stage t ON t.id=r.target AND t.ok=1"
            " LEFT JOIN nodes n ON n.id=r.target AND n.status='active'"
        )
        bad: dict[int, Problem] = {}
        for seq, kind, sid, line, file, fld, target, tkind in _batches(rows):
            spec = kind_spec(kind).field(fld)
            allowed = spec.ref if spec else ()
            if tkind is None:
                msg = (
                    f"{fld} refers to {target!r}, which is not in the graph or this file; "
                    f"add that {'/'.join(allowed)} first or correct the id"
                )
            elif tkind not in allowed:
                msg = f"{fld} must name a {'/'.join(allowed)}, but {target!r} is a {tkind}"
            else:
                continue
            bad.setdefault(seq, Problem(msg, file, line, fld, sid))
        if not bad:
            return
        for seq, problem in bad.items():
            conn.execute("UPDATE stage SET ok=0 WHERE seq=?", (seq,))
            report.problems.append(problem)
            report.rejected += 1


def _apply_stage(store: Store, report: ImportReport) -> None:
    conn = store.conn
    kinds: dict[str, str] = dict(conn.execute("SELECT id, kind FROM stage WHERE ok=1"))
    targets = {t for (t,) in conn.execute("SELECT DISTINCT target FROM stage_refs")}
    kinds.update(store.kinds_of(targets - kinds.keys()))
    # Stream the staged rows (fetchall would hold the whole import in memory at once).
    cursor = conn.execute("SELECT id, kind, data, source_id FROM stage WHERE ok=1 ORDER BY seq")
    for node_id, kind, data_json, source_id in _batches(cursor):
        data = json.loads(data_json)
        if kind == "transfer" and not data.get("title"):
            data["title"] = _transfer_title(store, data)
        node = Node(node_id, kind, data, report.source, source_id, report.importer)
        outcome = store.put_node(node)
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome != "unchanged":
            report.changed_ids.append(node_id)
        store.replace_field_edges(
            node_id,
            ref_edges(kind, data),
            origin=report.source,
            importer=report.importer,
            kinds=kinds,
        )


def _batches(cursor: Any, size: int = 1000) -> Iterator[Any]:
    while rows := cursor.fetchmany(size):
        yield from rows


def _transfer_title(store: Store, data: dict[str, Any]) -> str:
    """A readable title for a transfer record: 'technology → village (year)'."""
    tech = store.get(data["technology"])
    villages = data.get("village") or []
    place = store.get(villages[0]) if villages else None
    parts = [tech.label if tech else data["technology"]]
    if place:
        parts.append(f"→ {place.label}")
    if data.get("year"):
        parts.append(f"({data['year']})")
    return " ".join(parts)


def _apply_edges(
    store: Store, report: ImportReport, edge_records: list[tuple[Record, dict[str, Any]]]
) -> None:
    for rec, raw in edge_records:
        src, dst, etype = raw.get("from"), raw.get("to"), raw.get("type")
        missing = [k for k, v in (("type", etype), ("from", src), ("to", dst)) if not v]
        if missing:
            report.problems.append(
                Problem(f"edge record needs {', '.join(missing)}", rec.file, rec.line, missing[0])
            )
            report.rejected += 1
            continue
        attrs = {
            k: clean_text(v)
            for k, v in raw.items()
            if k not in ("kind", "type", "from", "to") and not k.startswith("_")
        }
        try:
            kinds = store.kinds_of([str(src), str(dst)])
            for end, fld in ((src, "from"), (dst, "to")):
                if str(end) not in kinds:
                    raise ValidationError(f"edge {fld} {end!r} is not in the graph", fld)
            validate_edge(str(etype), kinds[str(src)], kinds[str(dst)])
            outcome = store.add_edge(
                str(src),
                str(etype),
                str(dst),
                attrs,
                origin=report.source,
                importer=report.importer,
                kinds=kinds,
            )
        except ValidationError as exc:
            report.problems.append(
                Problem(_safe(exc.message), rec.file, rec.line, _safe(exc.field))
            )
            report.rejected += 1
            continue
        except UnicodeEncodeError:
            report.problems.append(Problem(BAD_UNICODE, rec.file, rec.line))
            report.rejected += 1
            continue
        if outcome != "unchanged":
            report.edges += 1
            report.changed_ids.extend([str(src), str(dst)])


def _withdraw_missing(store: Store, report: ImportReport, unread: int = 0) -> None:
    """Nodes this source wrote before but that a full re-import no longer has.  When
    ``unread`` rows could not be read (their ids unknown), a missing node may be one of them,
    so none is withdrawn: a broken line must not take good records out of the graph."""
    rows = store.conn.execute(
        "SELECT id FROM nodes WHERE source=? AND status='active'"
        " AND id NOT IN (SELECT id FROM stage) AND id NOT IN (SELECT id FROM stage_seen)",
        (report.source,),
    ).fetchall()
    if rows and unread:
        report.problems.append(
            Problem(
                f"{len(rows)} record(s) of this source are missing from this import but were "
                f"not withdrawn, since {unread} row(s) could not be read; fix those rows and "
                "import again",
                severity="info",
            )
        )
        return
    for (node_id,) in rows:
        if store.set_status(node_id, "withdrawn"):
            report.withdrawn += 1
            report.changed_ids.append(node_id)
            report.problems.append(
                Problem(
                    f"{node_id} is no longer in this source; marked withdrawn (not deleted)",
                    record_id=node_id,
                    severity="info",
                )
            )


def kinds_overview() -> dict[str, list[str]]:
    """Each kind's required fields (for help texts)."""
    return {name: spec.required for name, spec in KINDS.items()}


__all__ = [
    "ImportProblem",
    "ImportReport",
    "Linker",
    "Problem",
    "Record",
    "apply_records",
    "clean_text",
    "label",
]
