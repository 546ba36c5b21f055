"""Health of a ttgraph home: is the store sound, and is the search index in step with it?

After a crash, a full disk or a killed import, a person needs one answer: is anything broken,
and what will fix it.  :func:`check_home` runs SQLite's own integrity check, looks for edges that
point nowhere or whose kind does not fit their end nodes, and asks the search index how far it
is behind the store.  Each finding says what to do.

>>> import tempfile
>>> from ttgraph.store import Store
>>> home = tempfile.mkdtemp(); _ = Store.create(home)
>>> check_home(home)["store"]["state"]
'consistent'
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ttgraph.model import EDGE_KINDS, KINDS
from ttgraph.store import Store

SAMPLE = 10  # how many offending rows each finding lists


@dataclass
class Finding:
    """One check's outcome, with the fix phrased for a person."""

    name: str
    ok: bool
    detail: str = ""
    count: int = 0
    examples: list[Any] = field(default_factory=list)
    fix: str = ""


def _integrity(conn: sqlite3.Connection, quick: bool) -> Finding:
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    ok = rows == ["ok"]
    return Finding(
        "sqlite_integrity",
        ok,
        "SQLite reports the file sound" if ok else "SQLite reports damage: " + "; ".join(rows[:3]),
        0 if ok else len(rows),
        rows[:SAMPLE] if not ok else [],
        "" if ok else "restore the home from a backup, or re-import the sources into a new home",
    )


def _dangling(conn: sqlite3.Connection) -> Finding:
    sql = (
        "SELECT e.src, e.kind, e.dst FROM edges e"
        " LEFT JOIN nodes s ON s.id = e.src LEFT JOIN nodes d ON d.id = e.dst"
        " WHERE s.id IS NULL OR d.id IS NULL"
    )
    rows = conn.execute(sql).fetchall()
    return Finding(
        "dangling_edges",
        not rows,
        f"{len(rows)} edges name a node that does not exist"
        if rows
        else "every edge has both ends",
        len(rows),
        [list(r) for r in rows[:SAMPLE]],
        "re-import the source that wrote them, or delete them" if rows else "",
    )


def _edge_kinds(conn: sqlite3.Connection) -> Finding:
    rows = conn.execute(
        "SELECT e.kind, s.kind, d.kind, count(*), min(e.src), min(e.dst) FROM edges e"
        " JOIN nodes s ON s.id = e.src JOIN nodes d ON d.id = e.dst GROUP BY 1, 2, 3"
    ).fetchall()
    bad = []
    for kind, skind, dkind, n, src, dst in rows:
        spec = EDGE_KINDS.get(kind)
        if spec is None or not spec.allows(skind, dkind):
            bad.append((kind, skind, dkind, n, src, dst))
    total = sum(b[3] for b in bad)
    return Finding(
        "edge_kinds",
        not bad,
        f"{total} edges do not fit their end nodes' kinds" if bad else "every edge kind fits",
        total,
        [f"{k}: {s} -> {d} ({n}, e.g. {a} -> {b})" for k, s, d, n, a, b in bad[:SAMPLE]],
        "correct or remove those edges and re-import" if bad else "",
    )


def _node_kinds(conn: sqlite3.Connection) -> Finding:
    rows = conn.execute("SELECT kind, count(*) FROM nodes GROUP BY kind").fetchall()
    bad = [(k, n) for k, n in rows if k not in KINDS]
    total = sum(n for _, n in bad)
    return Finding(
        "node_kinds",
        not bad,
        f"{total} nodes have a kind the model does not know" if bad else "every node kind is known",
        total,
        [f"{k} ({n})" for k, n in bad[:SAMPLE]],
        "upgrade ttgraph, or re-import those records with a known kind" if bad else "",
    )


def index_state(store: Store) -> dict[str, Any]:
    """consistent / behind / missing / broken for the search index, with what to do."""
    try:
        from ttgraph import index as search_index
    except ImportError:
        return {"state": "not available", "detail": "this ttgraph has no search index module"}
    root = search_index.index_root(store.home)
    leftovers = _leftover_builds(root, _pointed_build(root))
    try:
        drift = search_index.drift(store)
    except Exception as exc:  # a damaged index must be reported, whatever Whoosh raises
        return {
            "state": "broken",
            "detail": f"the index cannot be read ({type(exc).__name__}: {exc})",
            "fix": "run 'ttgraph reindex' to rebuild it from the store",
            "leftover_builds": leftovers,
        }
    out: dict[str, Any] = {"drift": drift, "leftover_builds": leftovers}
    failure = _probe_search(store) if "store_docs" in drift else None
    if failure:
        out.update(
            state="broken",
            detail=f"the index cannot be searched ({failure}); it may come from an older ttgraph",
            fix="run 'ttgraph reindex' to rebuild it from the store",
        )
        return out
    if drift.get("ok"):
        out.update(state="consistent", detail="the index holds exactly the store's nodes")
    elif "store_docs" not in drift:
        out.update(
            state="missing",
            detail=drift.get("reason", "no index"),
            fix="run 'ttgraph reindex' (search builds it on first use)",
        )
    else:
        parts = []
        if drift.get("unseen_changes"):
            parts.append(f"{drift['unseen_changes']} store changes not yet indexed")
        if drift.get("missing_count"):
            parts.append(f"{drift['missing_count']} nodes missing from the index")
        if drift.get("extra_count"):
            parts.append(f"{drift['extra_count']} index entries no longer in the store")
        if drift.get("dictionary_stale"):
            parts.append("the word list changed since the index was built")
        out.update(
            state="behind",
            detail="; ".join(parts) or "index and store differ",
            fix="caught up on the next import or search start; 'ttgraph reindex' rebuilds it now",
        )
    running = [name for name in leftovers if _builder_alive(name)]
    if running:
        out["detail"] += f"; a reindex is running ({len(running)} build in progress)"
    if len(leftovers) > len(running):
        out["detail"] += (
            f"; {len(leftovers) - len(running)} unfinished build(s) left by an interrupted "
            "reindex (safe to delete)"
        )
    return out


def _probe_search(store: Store) -> str | None:
    """Run one query: an index can be readable yet unusable (e.g. analyzers pickled by an older
    version).  Returns what went wrong, or None."""
    try:
        from ttgraph.search import Searcher
    except ImportError:
        return None
    try:
        with Searcher(store) as searcher:
            searcher.search("เทคโนโลยี", limit=1)
    except Exception as exc:  # whatever the index raises, the person needs to know
        return f"{type(exc).__name__}: {exc}"
    return None


def _pointed_build(root: Path) -> Path | None:
    """The build the index pointer names, without opening it (it may be damaged)."""
    try:
        name = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return root / name if name else None


def _builder_alive(name: str) -> bool:
    """Whether the process that names a build directory (search-<stamp>-<pid>-…) still runs."""
    parts = name.split("-")
    try:
        pid = int(parts[2])
    except (IndexError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftover_builds(root: Path, current: Path | None) -> list[str]:
    """Index build directories that are not the one in use (an interrupted reindex)."""
    if not root.is_dir():
        return []
    return sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and p.name.startswith("search-") and (current is None or p != current)
    )


def check_home(home: str | os.PathLike[str] | Store, *, quick: bool = False) -> dict[str, Any]:
    """Run every check; ``ok`` is False when the store is damaged (an index that is behind is
    reported but is not damage: it catches up on its own)."""
    store = home if isinstance(home, Store) else Store.open(home)
    conn = store.conn
    findings = [_integrity(conn, quick)]
    if findings[0].ok:
        findings += [_dangling(conn), _edge_kinds(conn), _node_kinds(conn)]
    store_ok = all(f.ok for f in findings)
    stats = store.stats() if store_ok else {}
    index = index_state(store) if store_ok else {"state": "unknown", "detail": "store damaged"}
    return {
        "ok": store_ok and index.get("state") != "broken",
        "home": str(store.home),
        "store": {
            "state": "consistent" if store_ok else "damaged",
            "seq": store.seq if store_ok else None,
            "nodes": sum(stats.get("kinds", {}).values()),
            "edges": sum(stats.get("edges", {}).values()),
            "checks": [asdict(f) for f in findings],
        },
        "index": index,
    }
