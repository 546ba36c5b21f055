"""Build the published vocabulary (``ttgraph.ttl``) and SHACL shapes (``shapes.ttl``).

Both are generated from the model and :mod:`ttgraph.rdf_vocab`, then shipped as files under
``ttgraph/data/vocab/``; a test checks the shipped files still match.  Regenerate with::

    python -m ttgraph.rdf_schema
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from ttgraph.model import EDGE_KINDS, KINDS, Field
from ttgraph.rdf_terms import PREFIXES, SCHEMA, VOCAB
from ttgraph.rdf_terms import SKOS as SKOS_NS
from ttgraph.rdf_vocab import (
    EDGE_PROPS,
    KIND_CLASSES,
    LINK_ATTRS,
    LINK_CLASS,
    TT_FIELDS,
    class_iri,
    edge_predicate,
    field_for_edge,
    field_predicate,
)

VOCAB_DIR = Path(__file__).parent / "data" / "vocab"
ONTOLOGY = URIRef(VOCAB.rstrip("#"))
SHAPES = Namespace("https://ttgraph.example.org/shapes#")
_DT = {"int": XSD.integer, "float": XSD.decimal, "bool": XSD.boolean}


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, replace=True)
    g.bind("sh", str(SH))
    g.bind("shapes", str(SHAPES))
    return g


def _labels(g: Graph, s: URIRef, th: str, en: str, comment_en: str = "", comment_th: str = ""):
    g.add((s, RDFS.label, Literal(th, lang="th")))
    g.add((s, RDFS.label, Literal(en, lang="en")))
    if comment_en:
        g.add((s, RDFS.comment, Literal(comment_en, lang="en")))
    if comment_th:
        g.add((s, RDFS.comment, Literal(comment_th, lang="th")))
    g.add((s, RDFS.isDefinedBy, ONTOLOGY))


def _range(f: Field) -> URIRef:
    if f.type in _DT:
        return _DT[f.type]
    if f.type == "date":
        return XSD.date
    return RDF.langString if field_predicate("technology", f.name)[1] else XSD.string


def build_vocabulary() -> Graph:
    """The ttgraph vocabulary: classes, our own properties, and how they relate to others."""
    g = _graph()
    g.add((ONTOLOGY, RDF.type, OWL.Ontology))
    g.add((ONTOLOGY, URIRef("http://purl.org/dc/terms/title"), Literal("คำศัพท์ ttgraph", lang="th")))
    g.add(
        (
            ONTOLOGY,
            URIRef("http://purl.org/dc/terms/title"),
            Literal("ttgraph vocabulary", lang="en"),
        )
    )
    g.add((ONTOLOGY, RDFS.comment, Literal(
        "Classes and properties of the ttgraph technology-transfer graph. Names, titles, dates, "
        "categories, coordinates and provenance use schema.org, Dublin Core, SKOS, WGS84, W3C org, "
        "FOAF and PROV-O; the tt: terms cover the rest.", lang="en")))  # fmt: skip
    g.add((ONTOLOGY, RDFS.comment, Literal(
        "คลาสและพร็อพเพอร์ตีของกราฟความรู้การถ่ายทอดเทคโนโลยี ttgraph ใช้คำศัพท์มาตรฐานเมื่อมีอยู่แล้ว",
        lang="th")))  # fmt: skip
    g.add((ONTOLOGY, OWL.versionInfo, Literal("0.1")))
    for kind, (_cls, extra, comment_th) in KIND_CLASSES.items():
        spec = KINDS[kind]
        c = URIRef(class_iri(kind))
        g.add((c, RDF.type, OWL.Class))
        g.add((c, RDFS.subClassOf, URIRef(extra)))
        _labels(g, c, spec.label_th, spec.label_en, spec.doc, comment_th)
    link = URIRef(LINK_CLASS)
    g.add((link, RDF.type, OWL.Class))
    g.add((link, RDFS.subClassOf, RDF.Statement))
    _labels(g, link, "ความเชื่อมโยงพร้อมคุณสมบัติ", "Link with attributes",
            "An edge written as a statement so its attributes (status, by, at) survive export.",
            "ความเชื่อมโยงที่เขียนเป็น statement เพื่อเก็บสถานะและผู้ยืนยัน")  # fmt: skip
    domains: dict[str, set[str]] = defaultdict(set)
    fields: dict[str, Field] = {}
    for kind, spec in KINDS.items():
        for f in spec.fields:
            if f.name in TT_FIELDS:
                domains[f.name].add(kind)
                fields[f.name] = f
    for name, (local, th, en) in TT_FIELDS.items():
        p = URIRef(VOCAB + local)
        g.add((p, RDF.type, OWL.DatatypeProperty))
        _labels(g, p, th, en, fields[name].doc if name in fields else "")
        for kind in sorted(domains[name]):
            g.add((p, URIRef(SCHEMA + "domainIncludes"), URIRef(class_iri(kind))))
        if name in fields:
            g.add((p, URIRef(SCHEMA + "rangeIncludes"), _range(fields[name])))
    for edge, (local, parent, en) in EDGE_PROPS.items():
        if edge == "broader":
            continue  # skos:broader itself
        spec = EDGE_KINDS[edge]
        p = URIRef(VOCAB + local)
        g.add((p, RDF.type, OWL.ObjectProperty))
        _labels(g, p, spec.label_th or en, en, spec.doc)
        if parent:
            g.add((p, RDFS.subPropertyOf, URIRef(parent)))
        for k in spec.sources:
            g.add((p, URIRef(SCHEMA + "domainIncludes"), URIRef(class_iri(k))))
        for k in spec.targets:
            g.add((p, URIRef(SCHEMA + "rangeIncludes"), URIRef(class_iri(k))))
    g.add((URIRef(VOCAB + "sameAs"), RDFS.comment, Literal(
        "Only on tt:Link statements; a confirmed duplicate is also written as owl:sameAs.",
        lang="en")))  # fmt: skip
    extra = {
        LINK_ATTRS["status"]: (
            "สถานะ",
            "status",
            "candidate/confirmed/rejected or proposed/accepted",
        ),
        LINK_ATTRS["by"]: ("ผู้ยืนยัน", "decided by", "Who proposed or decided the link"),
        LINK_ATTRS["at"]: ("เวลาที่ยืนยัน", "decided at", "When the link was decided"),
        LINK_ATTRS["score"]: ("คะแนน", "score", "Match score"),
        "importer": ("ตัวนำเข้า", "importer", "The importer plugin that read the record"),
        "importStatus": ("สถานะการนำเข้า", "import status", "ok, partial, refused"),
        "sourceId": ("รหัสในแหล่งข้อมูล", "id in the source", "The record's id in its source"),
    }
    for local, (th, en, doc) in extra.items():
        p = URIRef(VOCAB + local)
        g.add((p, RDF.type, OWL.DatatypeProperty))
        _labels(g, p, th, en, doc)
    return g


def _prop(g: Graph, shape: URIRef, name: str, path: str, **facets: Any) -> URIRef:
    p = SHAPES[f"{shape.split('#')[-1]}-{name}"]
    g.add((shape, SH.property, p))
    g.add((p, SH.path, URIRef(path)))
    for key, value in facets.items():
        if key == "or_classes":
            items = []
            for cls in value:
                b = BNode()
                g.add((b, SH["class"], URIRef(cls)))
                items.append(b)
            lst = BNode()
            Collection(g, lst, items)
            g.add((p, SH["or"], lst))
        elif key in ("in_", "languageIn", "or_datatypes"):
            lst = BNode()
            if key == "or_datatypes":
                items = []
                for dt in value:
                    b = BNode()
                    g.add((b, SH.datatype, dt))
                    items.append(b)
                Collection(g, lst, items)
                g.add((p, SH["or"], lst))
            else:
                Collection(g, lst, [Literal(v) for v in value])
                g.add((p, SH["in"] if key == "in_" else SH.languageIn, lst))
        elif key == "qualified_class":
            b = BNode()
            g.add((b, SH["class"], URIRef(value)))
            g.add((p, SH.qualifiedValueShape, b))
            g.add((p, SH.qualifiedMinCount, Literal(1)))
        else:
            g.add(
                (p, SH[key], value if not isinstance(value, (int, float, bool)) else Literal(value))
            )
    return p


def _field_facets(kind: str, f: Field) -> dict[str, Any]:
    facets: dict[str, Any] = {}
    if f.many:
        facets["or_datatypes"] = [XSD.string, RDF.langString]
        return facets
    facets["maxCount"] = 1
    if f.type in _DT:
        facets["datatype"] = _DT[f.type]
    elif f.type == "date":
        facets["or_datatypes"] = [XSD.date, XSD.dateTime]
    elif f.name == "url":
        facets["datatype"] = XSD.anyURI
    elif field_predicate(kind, f.name)[1]:
        facets["datatype"] = RDF.langString
        facets["maxCount"] = 2
        facets["uniqueLang"] = True
        facets["languageIn"] = ["th", "en"]
    else:
        facets["datatype"] = XSD.string
    if f.choices:
        facets["in_"] = list(f.choices)
    for bound, key in ((f.minimum, "minInclusive"), (f.maximum, "maxInclusive")):
        if bound is not None:
            value = int(bound) if f.type == "int" else Decimal(repr(float(bound)))
            facets[key] = Literal(value, datatype=XSD.integer if f.type == "int" else XSD.decimal)
    return facets


def build_shapes() -> Graph:
    """SHACL shapes for every kind (validate a full export: subsets leave targets undescribed)."""
    g = _graph()
    for kind, spec in KINDS.items():
        shape = SHAPES[KIND_CLASSES[kind][0] + "Shape"]
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetClass, URIRef(class_iri(kind))))
        g.add((shape, RDFS.label, Literal(f"{spec.label_th} / {spec.label_en}")))
        _prop(g, shape, "identifier", "http://purl.org/dc/terms/identifier", minCount=1,
              maxCount=1, datatype=XSD.string)  # fmt: skip
        done: set[str] = set()
        for f in spec.fields:
            if f.ref:
                continue
            pred, _lang = field_predicate(kind, f.name)
            if pred in done:
                continue
            done.add(pred)
            facets = _field_facets(kind, f)
            if f.required:
                facets["minCount"] = 1
            _prop(g, shape, f.name, pred, **facets)
        for edge, ek in EDGE_KINDS.items():
            if kind not in ek.sources or edge == "same_as":
                continue
            _prop(g, shape, edge, edge_predicate(edge), nodeKind=SH.IRI,
                  or_classes=[class_iri(t) for t in ek.targets])  # fmt: skip
        if kind == "category":
            _prop(g, shape, "related", SKOS_NS + "related", nodeKind=SH.IRI,
                  or_classes=[class_iri("category")])  # fmt: skip
            _prop(g, shape, "in_scheme", SKOS_NS + "inScheme", minCount=1, nodeKind=SH.IRI)
        for f in spec.refs:
            if f.required:
                src = field_for_edge(kind, f.edge or "", f.ref[0])
                assert src is not None
                _prop(g, shape, f.name + "-required", edge_predicate(f.edge or ""),
                      qualified_class=class_iri(f.ref[0]))  # fmt: skip
    link = SHAPES["LinkShape"]
    g.add((link, RDF.type, SH.NodeShape))
    g.add((link, SH.targetClass, URIRef(LINK_CLASS)))
    for name in ("subject", "predicate", "object"):
        _prop(g, link, name, str(RDF[name]), minCount=1, maxCount=1, nodeKind=SH.IRI)
    _prop(g, link, "status", VOCAB + LINK_ATTRS["status"], maxCount=1, datatype=XSD.string)
    return g


def write_files(directory: Path = VOCAB_DIR) -> list[Path]:
    """Write ttgraph.ttl, shapes.ttl and context.jsonld into ``directory``."""
    from ttgraph.rdf_context import context_document

    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for name, graph in (("ttgraph.ttl", build_vocabulary()), ("shapes.ttl", build_shapes())):
        path = directory / name
        path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
        out.append(path)
    path = directory / "context.jsonld"
    path.write_text(json.dumps(context_document(), ensure_ascii=False, indent=2) + "\n", "utf-8")
    out.append(path)
    return out


if __name__ == "__main__":  # pragma: no cover
    for p in write_files():
        print(p)
