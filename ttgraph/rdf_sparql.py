"""Read-only SPARQL over the graph, with a time limit that is really enforced.

The graph (with provenance) is loaded once per store version into an Oxigraph database under
``<home>/indexes/sparql-<seq>/``; each query then runs in a short-lived child process that opens
that database read-only, so a runaway query is killed at the deadline instead of pinning a
thread, and no query can write.  Updates are refused before anything runs.  The default graph
is the union of all named graphs, so queries need no ``GRAPH`` clause.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ttgraph.errors import UsageError
from ttgraph.rdf_terms import DEFAULT_BASE, check_base
from ttgraph.store import Store

DEFAULT_TIMEOUT = 10.0
DEFAULT_LIMIT = 10_000
_UPDATE_WORDS = re.compile(
    r"(?<![?$:\w])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)(?![:\w])", re.IGNORECASE
)
_STRIP = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)


class QueryError(UsageError):
    """A query that cannot run: a syntax error, an update, or a limit reached."""


class QueryTimeout(QueryError):
    """The query ran past its time limit and was stopped."""


@dataclass
class QueryResult:
    """A query's answer: SELECT rows, an ASK boolean, or CONSTRUCT/DESCRIBE triples."""

    type: str  # select | ask | graph
    vars: list[str] = field(default_factory=list)
    rows: list[list[dict[str, str] | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[str] = field(default_factory=list)  # N-Triples lines
    truncated: bool = False


def check_read_only(query: str) -> None:
    """Refuse SPARQL Update (INSERT, DELETE, LOAD, DROP …) with a message saying why."""
    bare = _STRIP.sub(" ", query)
    m = _UPDATE_WORDS.search(bare)
    if m:
        raise QueryError(
            f"SPARQL updates are not allowed ({m.group(1).upper()}): the graph is read-only "
            "here; change data through imports"
        )


def _database(store: Store, base: str) -> Path:
    """The Oxigraph database of the current store version, built if missing."""
    import hashlib

    import pyoxigraph as ox

    from ttgraph.rdf import iter_quads, write_lines

    root = store.home / "indexes"
    tag = hashlib.sha1(base.encode()).hexdigest()[:8]
    path = root / f"sparql-{store.seq}-{tag}"
    if (path / "READY").exists():
        return path
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="sparql-build-", dir=root))
    try:
        dump = tmp / "graph.nq"
        with dump.open("w", encoding="utf-8") as fh:
            write_lines(iter_quads(store, base=base, provenance=True), fh, named_graphs=True)
        db = ox.Store(str(tmp / "db"))
        db.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        db.flush()
        del db
        dump.unlink()
        (tmp / "READY").write_text("ok")
        try:
            tmp.rename(path)
        except OSError:  # another process built it first
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for old in root.glob(f"sparql-*-{tag}"):  # older versions only: a newer one may be in use
        seq = old.name.split("-")[1]
        if seq.isdigit() and int(seq) < store.seq:
            shutil.rmtree(old, ignore_errors=True)
    return path


def run_query(
    store: Store,
    query: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = DEFAULT_LIMIT,
    base: str = DEFAULT_BASE,
) -> QueryResult:
    """Run a read-only query with a time limit (seconds) and a row limit."""
    if not query.strip():
        raise QueryError("empty SPARQL query")
    if limit < 1 or timeout <= 0:
        raise UsageError("--limit and --timeout must be positive")
    check_read_only(query)
    db = _database(store, check_base(base))
    env = dict(os.environ)
    pkg_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [pkg_root, env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "ttgraph.rdf_sparql_child", str(db / "db"), str(limit)]
    try:
        proc = subprocess.run(
            cmd, input=query.encode("utf-8"), capture_output=True, timeout=timeout, env=env
        )
    except subprocess.TimeoutExpired:
        raise QueryTimeout(
            f"the query ran longer than {timeout:g} s and was stopped; add LIMIT, narrow the "
            "patterns, or raise --timeout"
        ) from None
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise QueryError(msg[-1] if msg else "the query failed")
    data = json.loads(proc.stdout)
    if "error" in data:
        raise QueryError(f"SPARQL syntax error: {data['error']}")
    return QueryResult(**data)
