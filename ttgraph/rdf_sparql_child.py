"""The child process of :func:`ttgraph.rdf_sparql.run_query`: one query, one database, no writes.

Kept tiny (pyoxigraph and the standard library only) so each query starts fast; the parent kills
it at the time limit.  Reads the query on stdin, writes the result as JSON on stdout.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from ttgraph.rdf_terms import PREFIXES


def _term_json(t: Any) -> dict[str, str] | None:
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = t.datatype.value
    return out


def _child(db_path: str, limit: int, query: str) -> dict[str, Any]:
    import pyoxigraph as ox

    db = ox.Store.read_only(db_path)
    try:
        res = db.query(query, use_default_graph_as_union=True, prefixes=dict(PREFIXES))
    except SyntaxError as exc:
        return {"error": str(exc)}
    if isinstance(res, ox.QueryBoolean):
        return {"type": "ask", "boolean": bool(res)}
    if isinstance(res, ox.QuerySolutions):
        names = [v.value for v in res.variables]
        rows = []
        for sol in res:
            if len(rows) >= limit:
                return {"type": "select", "vars": names, "rows": rows, "truncated": True}
            rows.append([_term_json(sol[i]) for i in range(len(names))])
        return {"type": "select", "vars": names, "rows": rows}
    triples = []
    for t in res:
        if len(triples) >= limit:
            return {"type": "graph", "triples": triples, "truncated": True}
        triples.append(f"{t.subject} {t.predicate} {t.object} .")
    return {"type": "graph", "triples": triples}


if __name__ == "__main__":  # pragma: no cover - exercised through run_query
    out = _child(sys.argv[1], int(sys.argv[2]), sys.stdin.buffer.read().decode("utf-8"))
    sys.stdout.write(json.dumps(out, ensure_ascii=False))
