"""RDF back into records: ttgraph's own export (any format) becomes native records again.

So an export is also a backup: ``export -> import into an empty home`` gives the same nodes,
fields and edges (list fields come back sorted; provenance is that of the new import).  The file
is parsed by pyoxigraph, statement by statement, and grouped by subject; each resource typed
with a ``tt:`` class becomes a node record, each ``tt:Link`` an edge record with its attributes.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ttgraph.errors import UsageError
from ttgraph.ingest import ImportProblem, Record
from ttgraph.model import KINDS
from ttgraph.rdf_terms import (
    DCT,
    IRI,
    OWL,
    RDF,
    SKOS,
    XSD,
    Lit,
    encode_id,
    field_name,
    split_entity_iri,
)
from ttgraph.rdf_vocab import (
    EXTRA_PREFIX,
    JSON_DATATYPE,
    LINK_ATTRS,
    LINK_CLASS,
    field_for_edge,
    field_predicate,
    kind_of_class,
    literal_fields,
    predicate_index,
)

EXTENSIONS = {
    ".ttl": "TURTLE",
    ".turtle": "TURTLE",
    ".nt": "N_TRIPLES",
    ".nq": "N_QUADS",
    ".trig": "TRIG",
    ".jsonld": "JSON_LD",
    ".json": "JSON_LD",
    ".rdf": "RDF_XML",
    ".xml": "RDF_XML",
    ".owl": "RDF_XML",
}
_LINK_KEYS = {v: k for k, v in LINK_ATTRS.items()}


def _term(t: Any) -> IRI | Lit:
    import pyoxigraph as ox

    if isinstance(t, ox.Literal):
        dt = t.datatype.value if t.datatype else None
        return Lit(t.value, t.language, None if t.language else dt)
    if isinstance(t, ox.NamedNode):
        return IRI(t.value)
    return IRI("_:" + t.value)  # blank nodes are never ttgraph entities


def parse_file(path: Path, fmt: str | None = None) -> Iterator[tuple[IRI, IRI, IRI | Lit]]:
    """The statements of an RDF file (named graphs merged), via pyoxigraph."""
    import pyoxigraph as ox

    name = fmt or EXTENSIONS.get(path.suffix.lower())
    if name is None:
        raise UsageError(
            f"{path.name}: cannot tell the RDF format from the extension; "
            f"use one of {', '.join(sorted(EXTENSIONS))}"
        )
    try:
        for q in ox.parse(path=str(path), format=getattr(ox.RdfFormat, name)):
            yield _term(q.subject), IRI(q.predicate.value), _term(q.object)
    except SyntaxError as exc:
        raise ImportProblem(f"{path.name} is not valid {name}: {exc}", file=path.name) from None


def _value(lit: Lit) -> Any:
    """A JSON value for a literal: numbers and booleans by datatype, the rest as text."""
    dt = lit.datatype or ""
    try:
        if dt in (XSD + "integer", XSD + "int", XSD + "long"):
            return int(lit.value)
        if dt in (XSD + "decimal", XSD + "double", XSD + "float"):
            return float(lit.value)
    except ValueError:
        return lit.value
    if dt == XSD + "boolean":
        return lit.value.strip() in ("true", "1")
    if dt == JSON_DATATYPE:
        return json.loads(lit.value)
    return lit.value


def _literal_map(kind: str) -> dict[tuple[str, str | None], str]:
    """(predicate, 'en' or None) -> field name for the kind's literal fields."""
    out: dict[tuple[str, str | None], str] = {}
    for f in literal_fields(kind):
        pred, lang = field_predicate(kind, f.name)
        out[(pred, "en" if lang == "en" else None)] = f.name
    return out


class _Reader:
    def __init__(self, statements: Iterator[tuple[IRI, IRI, IRI | Lit]], file: str) -> None:
        self.file = file
        self.by_subject: dict[str, list[tuple[str, IRI | Lit]]] = defaultdict(list)
        for s, p, o in statements:
            self.by_subject[s].append((p, o))
        classes = kind_of_class()
        self.kinds: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        self.links: list[str] = []
        bases: Counter[str] = Counter()
        for s, pos in self.by_subject.items():
            for p, o in pos:
                if p == RDF + "type" and o in classes:
                    self.kinds[s] = classes[o]
                elif p == RDF + "type" and o == LINK_CLASS:
                    self.links.append(s)
            if s in self.kinds:
                ident = next((o.value for p, o in pos if p == DCT + "identifier"
                              and isinstance(o, Lit)), None)  # fmt: skip
                if ident is None:
                    continue
                self.ids[s] = ident
                tail = f"{self.kinds[s]}/{encode_id(ident)}"
                if s.endswith(tail):
                    bases[s[: -len(tail)]] += 1
        self.base = bases.most_common(1)[0][0] if bases else None
        self.edge_of = predicate_index()

    def target(self, iri: str) -> tuple[str, str] | None:
        """(id, kind) of a resource the file describes or that our IRI scheme names."""
        if iri in self.kinds:
            return self.ids.get(iri, iri), self.kinds[iri]
        if self.base:
            found = split_entity_iri(self.base, iri)
            if found and found[0] in KINDS:
                return found[1], found[0]
        return None

    def link_keys(self) -> set[tuple[str, str, str]]:
        keys = set()
        for link in self.links:
            d = dict(self.by_subject[link])
            keys.add((d.get(RDF + "subject"), d.get(RDF + "predicate"), d.get(RDF + "object")))
        return keys  # type: ignore[return-value]

    def nodes(self) -> Iterator[Record | ImportProblem]:
        explicit = self.link_keys()
        for s, kind in self.kinds.items():
            node_id = self.ids.get(s)
            if node_id is None:
                yield ImportProblem(f"{s} has no dcterms:identifier", file=self.file)
                continue
            lits = _literal_map(kind)
            spec = KINDS[kind]
            data: dict[str, Any] = {"kind": kind, "id": node_id}
            lists: dict[str, list[Any]] = defaultdict(list)
            for p, o in self.by_subject[s]:
                if isinstance(o, Lit):
                    if p.startswith(EXTRA_PREFIX):
                        data[field_name(p[len(EXTRA_PREFIX) :])] = _value(o)
                        continue
                    name = lits.get((p, "en" if o.lang == "en" else None)) or lits.get((p, None))
                    if name is None:
                        continue
                    if spec.field(name).many:  # type: ignore[union-attr]
                        lists[name].append(_value(o))
                    else:
                        data[name] = _value(o)
                elif p == SKOS + "related" and kind == "category":
                    found = self.target(o)
                    if found is not None:
                        lists["related"].append(found[0])
                elif p in self.edge_of and (s, p, o) not in explicit:
                    found = self.target(o)
                    if found is None:
                        continue
                    f = field_for_edge(kind, self.edge_of[p][1], found[1])
                    if f is None:
                        continue
                    if f.many:
                        lists[f.name].append(found[0])
                    else:
                        data[f.name] = found[0]
            for name, values in lists.items():
                data[name] = sorted(values, key=str)
            yield Record(data, None, self.file)

    def edges(self) -> Iterator[Record | ImportProblem]:
        for link in self.links:
            d: dict[str, Any] = {}
            attrs: dict[str, Any] = {}
            for p, o in self.by_subject[link]:
                if p in (RDF + "subject", RDF + "predicate", RDF + "object"):
                    d[p[len(RDF) :]] = o
                elif isinstance(o, Lit) and p.startswith(EXTRA_PREFIX):
                    attrs[field_name(p[len(EXTRA_PREFIX) :])] = _value(o)
                elif isinstance(o, Lit) and p.rsplit("#", 1)[-1] in _LINK_KEYS:
                    attrs[_LINK_KEYS[p.rsplit("#", 1)[-1]]] = _value(o)
                elif isinstance(o, Lit) and p.endswith("#note"):
                    attrs["note"] = o.value
            src = self.target(d.get("subject", ""))
            dst = self.target(d.get("object", ""))
            edge = self.edge_of.get(d.get("predicate", ""))
            if src is None or dst is None or edge is None:
                yield ImportProblem(f"link {link} does not name two ttgraph nodes", file=self.file)
                continue
            yield Record(
                {"kind": "edge", "type": edge[1], "from": src[0], "to": dst[0], **attrs},
                None,
                self.file,
            )
        for s, kind in self.kinds.items():  # owl:sameAs written by others, without a tt:Link
            for p, o in self.by_subject[s]:
                if p == OWL + "sameAs" and not any(
                    dict(self.by_subject[lk]).get(RDF + "subject") == s for lk in self.links
                ):
                    found = self.target(o)
                    if found and kind in KINDS and s in self.ids:
                        yield Record({"kind": "edge", "type": "same_as", "from": self.ids[s],
                                      "to": found[0], "status": "confirmed"}, None, self.file)  # fmt: skip


def records_from_rdf(path: str | Path, fmt: str | None = None) -> Iterator[Record | ImportProblem]:
    """Node and edge records read from an RDF file written by ``ttgraph export``."""
    path = Path(path)
    reader = _Reader(parse_file(path, fmt), path.name)
    yield from reader.nodes()
    yield from reader.edges()
