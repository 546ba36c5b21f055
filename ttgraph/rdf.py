"""RDF out of the store: one node's triples, and whole-graph exports in every usual format.

N-Triples and N-Quads are written line by line straight from SQLite (nodes and their outgoing
edges merge-joined in id order), so a million-triple export never holds an rdflib Graph; the
other formats (Turtle, TriG, JSON-LD, RDF/XML) go through rdflib.  Node triples land in the
named graph of the node's source, edge triples in the graph of the import that wrote the edge.

>>> from ttgraph.model import Node
>>> [t[1].rsplit("/", 1)[-1] for t in node_triples(Node("r1", "region", {"name": "ภาคเหนือ"}), [])][:3]
['22-rdf-syntax-ns#type', '22-rdf-syntax-ns#type', 'identifier']
"""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any, NamedTuple

from ttgraph.model import KINDS, Node, label
from ttgraph.rdf_select import Selection, resolve_selection
from ttgraph.rdf_terms import (
    DCT,
    DEFAULT_BASE,
    IRI,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SKOS,
    VOCAB,
    XSD,
    Lit,
    Term,
    check_base,
    encode_id,
    entity_iri,
    is_thai,
    name_local,
    nt,
    to_rdflib,
    typed,
)
from ttgraph.rdf_vocab import (
    EXTRA_PREFIX,
    JSON_DATATYPE,
    KIND_CLASSES,
    LINK_ATTRS,
    LINK_CLASS,
    RELATED_FIELD,
    SAME_AS,
    SCHEME_CLASS,
    class_iri,
    edge_predicate,
    field_predicate,
)
from ttgraph.store import Store

FORMATS = {
    "turtle": ("turtle", ".ttl", "text/turtle"),
    "nt": ("nt", ".nt", "application/n-triples"),
    "nq": ("nquads", ".nq", "application/n-quads"),
    "trig": ("trig", ".trig", "application/trig"),
    "jsonld": ("json-ld", ".jsonld", "application/ld+json"),
    "xml": ("xml", ".rdf", "application/rdf+xml"),
}
Quad = tuple[Term, Term, Term, IRI | None]


class OutEdge(NamedTuple):
    """An outgoing edge as the exporter needs it: the target's kind mints its IRI."""

    kind: str
    dst: str
    dst_kind: str
    data: dict[str, Any]
    field: str = ""
    origin: str = ""


def out_edges(store: Store, node_id: str) -> list[OutEdge]:
    """The active outgoing edges of one node (for entity pages)."""
    rows = store.conn.execute(
        "SELECT e.kind, e.dst, d.kind, e.data, e.field, e.origin FROM edges e"
        " JOIN nodes d ON d.id=e.dst AND d.status='active' WHERE e.src=? ORDER BY e.kind, e.dst",
        (node_id,),
    )
    return [OutEdge(k, dst, dk, json.loads(data), f, o) for k, dst, dk, data, f, o in rows]


def scheme_iri(base: str) -> IRI:
    return IRI(base + "scheme/category")


def graph_iri(base: str, source: str) -> IRI | None:
    return IRI(base + "graph/" + encode_id(source)) if source else None


_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


def _date_literal(value: str) -> Lit:
    """xsd:date or xsd:dateTime when the text is a valid one, else a plain string."""
    try:
        if _DATE.match(value):
            _dt.date.fromisoformat(value)
            return Lit(value, datatype=XSD + "date")
        if _DATETIME.match(value):
            _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return Lit(value, datatype=XSD + "dateTime")
    except ValueError:
        pass
    return Lit(value)


def _field_literals(kind: str, key: str, value: Any) -> Iterator[tuple[str, Lit]]:
    spec = KINDS[kind].field(key)
    if spec is None:  # a column the model does not know: kept, typed, and reversible
        pred = EXTRA_PREFIX + name_local(key)
        if isinstance(value, list):
            yield pred, Lit(json.dumps(value, ensure_ascii=False), datatype=JSON_DATATYPE)
        else:
            yield pred, typed(value)
        return
    pred, lang = field_predicate(kind, key)
    if spec.many:
        for item in sorted(map(str, value if isinstance(value, list) else [value])):
            yield pred, Lit(item, lang="th") if is_thai(item) else Lit(item)
    elif spec.type == "date" and isinstance(value, str):
        yield pred, _date_literal(value)
    elif spec.type in ("int", "float", "bool") and not isinstance(value, str):
        yield pred, typed(value)
    elif key == "url":
        yield pred, Lit(str(value), datatype=XSD + "anyURI")
    else:
        yield pred, Lit(str(value), lang=lang)


def node_triples(
    node: Node,
    edges: Iterable[OutEdge],
    *,
    base: str = DEFAULT_BASE,
    provenance: bool = False,
    activity: str | None = None,
) -> list[tuple[Term, Term, Term, str]]:
    """The triples describing one node, each with the source it came from (for named graphs)."""
    s = IRI(entity_iri(base, node.kind, node.id))
    src = node.source
    out: list[tuple[Term, Term, Term, str]] = [
        (s, IRI(RDF + "type"), IRI(class_iri(node.kind)), src),
        (s, IRI(RDF + "type"), IRI(KIND_CLASSES[node.kind][1]), src),
        (s, IRI(DCT + "identifier"), Lit(node.id), src),
    ]
    text = label(node.kind, node.data)
    if text:
        thai = bool(node.data.get(KINDS[node.kind].label_field))
        out.append((s, IRI(RDFS + "label"), Lit(text, lang="th" if thai else "en"), src))
    for key in sorted(node.data):
        spec = KINDS[node.kind].field(key)
        if spec is not None and spec.ref:
            continue  # reference fields are written as edges
        if (node.kind, key) == RELATED_FIELD and isinstance(node.data[key], list):
            for other in sorted(map(str, node.data[key])):
                out.append(
                    (s, IRI(SKOS + "related"), IRI(entity_iri(base, "category", other)), src)
                )
            continue
        for pred, lit in _field_literals(node.kind, key, node.data[key]):
            out.append((s, IRI(pred), lit, src))
    has_broader = False
    for e in edges:
        o = IRI(entity_iri(base, e.dst_kind, e.dst))
        origin = e.origin or src
        if e.kind == "same_as":
            if e.data.get("status") == "confirmed":
                out.append((s, IRI(SAME_AS), o, origin))
        else:
            out.append((s, IRI(edge_predicate(e.kind)), o, origin))
        if e.kind == "broader":
            has_broader = True
            out.append((o, IRI(SKOS + "narrower"), s, origin))
        if not e.field or e.data:
            out.extend(_link_triples(base, node, e, s, o, origin))
    if node.kind == "category":
        out.append((s, IRI(SKOS + "inScheme"), scheme_iri(base), src))
        if not has_broader:
            out.append((s, IRI(SKOS + "topConceptOf"), scheme_iri(base), src))
    if provenance:
        out.extend((t[0], t[1], t[2], src) for t in _provenance_triples(base, node, s, activity))
    return out


def _link_triples(
    base: str, node: Node, e: OutEdge, s: IRI, o: IRI, origin: str
) -> Iterator[tuple[Term, Term, Term, str]]:
    """An explicit edge (or one with attributes) as a tt:Link resource, so nothing is lost."""
    link = IRI(f"{base}link/{encode_id(node.id)}/{e.kind}/{encode_id(e.dst)}")
    yield link, IRI(RDF + "type"), IRI(LINK_CLASS), origin
    yield link, IRI(RDF + "subject"), s, origin
    yield link, IRI(RDF + "predicate"), IRI(edge_predicate(e.kind)), origin
    yield link, IRI(RDF + "object"), o, origin
    for key in sorted(e.data):
        value = e.data[key]
        if key in LINK_ATTRS and not isinstance(value, list):
            yield link, IRI(VOCAB + LINK_ATTRS[key]), typed(value), origin
        elif key == "note" and isinstance(value, str):
            yield link, IRI(VOCAB + "note"), Lit(value, lang="th"), origin
        elif isinstance(value, list):
            lit = Lit(json.dumps(value, ensure_ascii=False), datatype=JSON_DATATYPE)
            yield link, IRI(EXTRA_PREFIX + name_local(key)), lit, origin
        else:
            yield link, IRI(EXTRA_PREFIX + name_local(key)), typed(value), origin


def _provenance_triples(
    base: str, node: Node, s: IRI, activity: str | None
) -> Iterator[tuple[Term, Term, Term]]:
    if node.source:
        yield s, IRI(PROV + "wasDerivedFrom"), IRI(base + "source/" + encode_id(node.source))
    if node.source_id and node.source_id != node.id:
        yield s, IRI(VOCAB + "sourceId"), Lit(node.source_id)
    if node.importer:
        yield s, IRI(VOCAB + "importer"), Lit(node.importer)
    for pred, stamp in ((DCT + "created", node.created), (DCT + "modified", node.updated)):
        if stamp:
            yield s, IRI(pred), _date_literal(stamp)
    if activity:
        yield s, IRI(PROV + "wasGeneratedBy"), IRI(activity)


class _Activities:
    """Which import run last wrote a node: the latest run of its source that began before."""

    def __init__(self, store: Store, base: str) -> None:
        self.base = base
        self.rows = store.conn.execute(
            "SELECT id, importer, source, started, finished, status FROM imports ORDER BY started"
        ).fetchall()
        self.by_source: dict[str, tuple[list[str], list[int]]] = {}
        for id_, _imp, source, started, _fin, _st in self.rows:
            starts, ids = self.by_source.setdefault(source, ([], []))
            starts.append(started)
            ids.append(id_)

    def iri(self, import_id: int) -> IRI:
        return IRI(f"{self.base}import/{import_id}")

    def of(self, node: Node) -> str | None:
        starts, ids = self.by_source.get(node.source, ([], []))
        i = bisect.bisect_right(starts, node.updated) - 1
        return self.iri(ids[i]) if i >= 0 else None

    def triples(self) -> Iterator[tuple[Term, Term, Term]]:
        """Each import as a prov:Activity that used its source file."""
        for id_, importer, source, started, finished, status in self.rows:
            a = self.iri(id_)
            src = IRI(self.base + "source/" + encode_id(source))
            yield a, IRI(RDF + "type"), IRI(PROV + "Activity")
            yield a, IRI(PROV + "startedAtTime"), _date_literal(started)
            yield a, IRI(PROV + "endedAtTime"), _date_literal(finished)
            yield a, IRI(PROV + "used"), src
            yield a, IRI(VOCAB + "importer"), Lit(importer)
            yield a, IRI(VOCAB + "importStatus"), Lit(status)
            yield src, IRI(RDF + "type"), IRI(PROV + "Entity")
            yield src, IRI(DCT + "title"), Lit(source)


def _scheme_quads(base: str) -> Iterator[Quad]:
    """The category taxonomy as a SKOS concept scheme (written before the first category)."""
    sch = scheme_iri(base)
    yield sch, IRI(RDF + "type"), IRI(SCHEME_CLASS), None
    yield sch, IRI(SKOS + "prefLabel"), Lit("หมวดหมู่เทคโนโลยีและความต้องการ", "th"), None
    yield sch, IRI(SKOS + "prefLabel"), Lit("Technology and need categories", "en"), None


def iter_quads(
    store: Store,
    *,
    base: str = DEFAULT_BASE,
    selection: Selection | None = None,
    provenance: bool = False,
) -> Iterator[Quad]:
    """Every triple of the (selected) active graph with its named graph, streamed from SQLite."""
    base = check_base(base)
    kinds, ids = resolve_selection(store, selection or Selection())
    acts = _Activities(store, base) if provenance else None
    if acts is not None:
        for s, p, o in acts.triples():
            yield s, p, o, None
    conn = store.conn
    sql = f"SELECT {Store._NODE_COLS} FROM nodes WHERE status='active'"
    args: list[str] = []
    if kinds is not None:
        sql += f" AND kind IN ({','.join('?' * len(kinds))})"
        args.extend(sorted(kinds))
    node_rows = conn.cursor().execute(sql + " ORDER BY id", args)
    edge_rows = conn.cursor().execute(
        "SELECT e.src, e.kind, e.dst, d.kind, e.data, e.field, e.origin FROM edges e"
        " JOIN nodes d ON d.id=e.dst AND d.status='active' ORDER BY e.src, e.kind, e.dst"
    )
    pending = next(edge_rows, None)
    scheme_done = False
    for row in node_rows:
        node = Store._row_to_node(row)
        edges: list[OutEdge] = []
        while pending is not None and pending[0] <= node.id:
            if pending[0] == node.id:
                edges.append(OutEdge(pending[1], pending[2], pending[3], json.loads(pending[4]),
                                     pending[5], pending[6]))  # fmt: skip
            pending = next(edge_rows, None)
        if (ids is not None and node.id not in ids) or node.kind not in KIND_CLASSES:
            continue
        if node.kind == "category" and not scheme_done:
            scheme_done = True
            yield from _scheme_quads(base)
        act = acts.of(node) if acts is not None else None
        for s, p, o, g in node_triples(node, edges, base=base, provenance=provenance, activity=act):
            yield s, p, o, graph_iri(base, g)


def write_lines(quads: Iterable[Quad], out: IO[str], *, named_graphs: bool) -> int:
    """Write N-Triples (or N-Quads) line by line; returns the number of statements."""
    n = 0
    buf: list[str] = []
    for s, p, o, g in quads:
        if named_graphs and g is not None:
            buf.append(f"{nt(s)} {nt(p)} {nt(o)} <{g}> .\n")
        else:
            buf.append(f"{nt(s)} {nt(p)} {nt(o)} .\n")
        n += 1
        if len(buf) >= 5000:
            out.write("".join(buf))
            buf.clear()
    out.write("".join(buf))
    return n


def to_rdflib_graph(quads: Iterable[Quad], *, named_graphs: bool = False) -> Any:
    """An rdflib Graph (or Dataset with one named graph per source) holding ``quads``."""
    from rdflib import Dataset, Graph, URIRef

    ds: Any = Dataset() if named_graphs else Graph()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    graphs: dict[str | None, Any] = {}
    for s, p, o, g in quads:
        if named_graphs:
            target = graphs.get(g)
            if target is None:
                target = graphs[g] = ds.graph(URIRef(g)) if g else ds.default_graph
            target.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
        else:
            ds.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return ds


def export(
    store: Store,
    out: IO[str],
    fmt: str = "turtle",
    *,
    base: str = DEFAULT_BASE,
    selection: Selection | None = None,
    provenance: bool = False,
) -> int:
    """Write the (selected) graph to ``out`` in ``fmt``; returns the number of statements."""
    from ttgraph.errors import UsageError

    if fmt not in FORMATS:
        raise UsageError(f"unknown RDF format {fmt!r}; choose one of {', '.join(FORMATS)}")
    quads = iter_quads(store, base=base, selection=selection, provenance=provenance)
    if fmt in ("nt", "nq"):
        return write_lines(quads, out, named_graphs=fmt == "nq")
    count = [0]

    def counted() -> Iterator[Quad]:
        for q in quads:
            count[0] += 1
            yield q

    graph = to_rdflib_graph(counted(), named_graphs=fmt == "trig")
    if fmt == "jsonld":
        from ttgraph.rdf_context import context

        text = graph.serialize(format="json-ld", context=context(), auto_compact=True)
    else:
        text = graph.serialize(format=FORMATS[fmt][0])
    out.write(text)
    return count[0]


def iter_export(
    store: Store,
    fmt: str = "turtle",
    *,
    base: str = DEFAULT_BASE,
    selection: Selection | None = None,
    provenance: bool = False,
) -> Iterator[str]:
    """The export as text chunks, for streaming HTTP responses (N-Triples/N-Quads stay lazy)."""
    import io

    if fmt in ("nt", "nq"):
        quads = iter_quads(store, base=base, selection=selection, provenance=provenance)
        while True:
            buf = io.StringIO()
            batch = list(itertools.islice(quads, 5000))
            if not batch:
                return
            write_lines(batch, buf, named_graphs=fmt == "nq")
            yield buf.getvalue()
    buf = io.StringIO()
    export(store, buf, fmt, base=base, selection=selection, provenance=provenance)
    yield buf.getvalue()
