"""Linked data: the SPARQL endpoint, the vocabulary, and every entity's RDF at its own IRI.

A blueprint with no state of its own: each request opens the home named by ``TTGRAPH_HOME``.
Settings (all optional): ``TTGRAPH_BASE_URI`` (entity IRIs, from the config or the environment
as for the CLI; ``https://<your host>/id/`` makes them dereferenceable here),
``TTGRAPH_SPARQL_TIMEOUT`` (seconds, default 10) and ``TTGRAPH_SPARQL_LIMIT`` (rows, default
10 000); a request may ask for less with ``timeout`` / ``limit`` but never for more.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, redirect, request

from ttgraph.errors import TTGraphError
from ttgraph.model import KINDS, Node
from ttgraph.rdf_terms import DEFAULT_BASE, entity_iri
from ttgraph.store import Store

bp = Blueprint("linked_data", __name__)

ENTITY_TYPES = {
    "text/turtle": ("turtle", ".ttl"),
    "application/ld+json": ("jsonld", ".jsonld"),
    "application/n-triples": ("nt", ".nt"),
    "application/rdf+xml": ("xml", ".rdf"),
}
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}


@bp.record_once
def _exempt_from_csrf(state: Any) -> None:
    """SPARQL clients POST queries without a form token; the endpoint never writes."""
    csrf = state.app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(bp)


def _vocab_file(name: str) -> Path:
    """A shipped vocabulary file, wherever the package is installed."""
    from importlib.resources import files

    return Path(str(files("ttgraph").joinpath("data", "vocab", name)))


@contextmanager
def _store() -> Iterator[Store]:
    store = Store.open(current_app.config["TTGRAPH_HOME"])
    try:
        yield store
    finally:
        store.close()


def _base() -> str:
    return (
        current_app.config.get("TTGRAPH_BASE_URI")
        or os.environ.get("TTGRAPH_BASE_URI")
        or DEFAULT_BASE
    )


def _fail(message: str, status: int = 400) -> Response:
    response = jsonify({"ok": False, "error": message})
    response.status_code = status
    return response


def alternate_links(node: Node | dict[str, Any]) -> list[dict[str, str]]:
    """``<link rel="alternate">`` targets for an entity page: one per RDF format."""
    kind = node.kind if isinstance(node, Node) else node["kind"]
    node_id = node.id if isinstance(node, Node) else node["id"]
    path = "/id/" + entity_iri("", kind, node_id)
    return [
        {"rel": "alternate", "type": media, "href": path + ext}
        for media, (_fmt, ext) in ENTITY_TYPES.items()
    ]


# -- vocabulary ---------------------------------------------------------------------------------
@bp.get("/vocab")
@bp.get("/vocab.ttl")
def vocab() -> Response:
    text = _vocab_file("ttgraph.ttl").read_text(encoding="utf-8")
    return Response(text, mimetype="text/turtle")


@bp.get("/vocab/shapes.ttl")
def shapes() -> Response:
    text = _vocab_file("shapes.ttl").read_text(encoding="utf-8")
    return Response(text, mimetype="text/turtle")


@bp.get("/context.jsonld")
def context() -> Response:
    text = _vocab_file("context.jsonld").read_text(encoding="utf-8")
    response = Response(text, mimetype="application/ld+json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


# -- entities -----------------------------------------------------------------------------------
@bp.get("/id/<kind>/<path:node_id>")
def entity(kind: str, node_id: str) -> Response:
    if kind not in KINDS:
        return _fail(f"unknown kind {kind!r}", 404)
    fmt = None
    with _store() as store:
        node = store.get(node_id)
        for media, (_name, ext) in ENTITY_TYPES.items():
            if node is None and node_id.endswith(ext):
                node = store.get(node_id[: -len(ext)])
                if node is not None:
                    fmt, node_id = media, node_id[: -len(ext)]
        if node is None or node.status != "active":
            return _fail(f"no {kind} with id {node_id!r}", 404)
        if node.kind != kind:
            suffix = ENTITY_TYPES[fmt][1] if fmt else ""
            return redirect("/id/" + entity_iri("", node.kind, node.id) + suffix, code=301)
        if fmt is None:
            best = request.accept_mimetypes.best_match(["text/html", *ENTITY_TYPES])
            if best == "text/html" or best is None:
                return redirect(f"/node/{node.id}", code=303)
            fmt = best
        text = _describe(store, node, ENTITY_TYPES[fmt][0])
    response = Response(text, mimetype=fmt)
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _describe(store: Store, node: Node, fmt: str) -> str:
    """The node's own triples plus the edges pointing at it, in ``fmt``."""
    from ttgraph.rdf import graph_iri, node_triples, out_edges, to_rdflib_graph, write_lines
    from ttgraph.rdf_terms import IRI
    from ttgraph.rdf_vocab import edge_predicate

    base = _base()
    quads: list[Any] = [
        (s, p, o, graph_iri(base, g))
        for s, p, o, g in node_triples(node, out_edges(store, node.id), base=base)
    ]
    target = IRI(entity_iri(base, node.kind, node.id))
    incoming = store.conn.execute(
        "SELECT e.src, n.kind, e.kind FROM edges e JOIN nodes n ON n.id=e.src AND n.status='active'"
        " WHERE e.dst=? AND e.kind NOT IN ('same_as') ORDER BY e.kind, e.src",
        (node.id,),
    )
    for src, src_kind, ekind in incoming:
        quads.append(
            (IRI(entity_iri(base, src_kind, src)), IRI(edge_predicate(ekind)), target, None)
        )
    if fmt == "nt":
        buf = io.StringIO()
        write_lines(quads, buf, named_graphs=False)
        return buf.getvalue()
    graph = to_rdflib_graph(quads)
    if fmt == "jsonld":
        from ttgraph.rdf_context import context as ctx

        return graph.serialize(format="json-ld", context=ctx(), auto_compact=True)
    return graph.serialize(format="xml" if fmt == "xml" else "turtle")


# -- SPARQL -------------------------------------------------------------------------------------
def _query_text() -> str | None:
    if request.method == "POST":
        if request.mimetype == "application/sparql-update":
            return "__UPDATE__"
        if request.mimetype == "application/sparql-query":
            return request.get_data(as_text=True)
        if request.form.get("update"):
            return "__UPDATE__"
        return request.form.get("query")
    if request.args.get("update"):
        return "__UPDATE__"
    return request.args.get("query")


def _bounded(name: str, cap: float, cast: type) -> Any:
    raw = request.values.get(name)
    if raw is None:
        return cast(cap)
    try:
        value = cast(raw)
    except ValueError:
        raise TTGraphError(f"{name} must be a number") from None
    if value <= 0:
        raise TTGraphError(f"{name} must be positive")
    return min(value, cast(cap))


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    from ttgraph.rdf_results import MEDIA_TYPES, render
    from ttgraph.rdf_sparql import QueryError, QueryTimeout, run_query

    query = _query_text()
    if query == "__UPDATE__":
        return _fail("SPARQL updates are not allowed: this endpoint is read-only", 400)
    if not query:
        if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "text/html":
            return Response(_FORM, mimetype="text/html")
        return _fail("give a SPARQL query in the 'query' parameter", 400)
    fmt = request.values.get("format")
    if fmt not in ("json", "xml", "csv", "tsv"):
        best = request.accept_mimetypes.best_match(list(RESULT_TYPES))
        fmt = RESULT_TYPES.get(best or "", "json")
    try:
        timeout = _bounded("timeout", current_app.config.get("TTGRAPH_SPARQL_TIMEOUT", 10.0), float)
        limit = _bounded("limit", current_app.config.get("TTGRAPH_SPARQL_LIMIT", 10_000), int)
        with _store() as store:
            result = run_query(store, query, timeout=timeout, limit=limit, base=_base())
    except QueryTimeout as exc:
        return _fail(exc.message, 503)
    except (QueryError, TTGraphError) as exc:
        return _fail(exc.message, 400)
    body = render(result, fmt)
    media = MEDIA_TYPES["nt"] if result.type == "graph" and fmt != "json" else MEDIA_TYPES[fmt]
    response = Response(body, mimetype=media)
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    if result.truncated:
        response.headers["X-TTGraph-Truncated"] = f"stopped at {limit} rows"
    return response


_FORM = """<!doctype html>
<html lang="th"><head><meta charset="utf-8"><title>SPARQL · ttgraph</title></head>
<body><h1>SPARQL (อ่านอย่างเดียว / read-only)</h1>
<form method="get" action="/sparql">
<textarea name="query" rows="12" cols="90">SELECT ?tech ?title WHERE {
  ?tech a tt:Technology ; dcterms:title ?title .
} LIMIT 20</textarea><br>
<select name="format"><option>json</option><option>csv</option><option>tsv</option>
<option>xml</option></select>
<button type="submit">Run</button></form>
<p>Prefixes tt:, schema:, skos:, dcterms:, prov:, org:, foaf:, geo:, rdfs:, xsd: are predeclared.
Vocabulary: <a href="/vocab">/vocab</a> · JSON-LD context: <a href="/context.jsonld">/context.jsonld</a></p>
</body></html>
"""
