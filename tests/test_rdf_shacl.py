"""The vocabulary, JSON-LD context and SHACL shapes: shipped, current, and actually enforcing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from ttgraph.model import KINDS
from ttgraph.rdf import export
from ttgraph.rdf_context import context_document
from ttgraph.rdf_sample import sample_store
from ttgraph.rdf_schema import VOCAB_DIR, build_shapes, build_vocabulary
from ttgraph.rdf_terms import DEFAULT_BASE
from ttgraph.rdf_vocab import KIND_CLASSES, class_iri, field_predicate

TT = rdflib.Namespace("https://ttgraph.example.org/vocab#")
ID = rdflib.Namespace(DEFAULT_BASE)
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SCHEMA = rdflib.Namespace("https://schema.org/")


def _shipped(name: str) -> rdflib.Graph:
    return rdflib.Graph().parse(VOCAB_DIR / name, format="turtle")


def test_shipped_files_match_the_model():
    """Regenerate with `python -m ttgraph.rdf_schema` when this fails after a model change."""
    for name, graph in (("ttgraph.ttl", build_vocabulary()), ("shapes.ttl", build_shapes())):
        text = graph.serialize(format="turtle")  # deterministic: sorted, blank nodes inlined
        if (VOCAB_DIR / name).read_text("utf-8") != text:
            assert isomorphic(_shipped(name), graph), f"{name} is out of date"
    shipped = json.loads((VOCAB_DIR / "context.jsonld").read_text("utf-8"))
    assert shipped == context_document()


def test_every_class_and_tt_property_has_thai_and_english_labels():
    g = _shipped("ttgraph.ttl")
    terms = set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDF.type, OWL.ObjectProperty))
    terms |= set(g.subjects(RDF.type, OWL.DatatypeProperty))
    assert len(terms) > 50
    for term in terms:
        langs = {lit.language for lit in g.objects(term, RDFS.label)}
        assert {"th", "en"} <= langs, term
    for kind in KINDS:
        c = rdflib.URIRef(class_iri(kind))
        assert {lit.language for lit in g.objects(c, RDFS.comment)} == {"th", "en"}, kind
        assert (c, RDFS.subClassOf, rdflib.URIRef(KIND_CLASSES[kind][1])) in g
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    assert (TT.Category, RDFS.subClassOf, skos.Concept) in g
    assert (TT.inCategory, RDFS.subPropertyOf, DCT.subject) in g


def test_every_model_field_has_a_home_in_the_vocabulary():
    for kind, spec in KINDS.items():
        for f in spec.fields:
            if not f.ref:
                pred, _lang = field_predicate(kind, f.name)
                assert "#x-" not in pred, f"{kind}.{f.name} has no mapped predicate"


def test_shapes_cover_every_kind():
    g = _shipped("shapes.ttl")
    targets = set(g.objects(None, SH.targetClass))
    assert {rdflib.URIRef(class_iri(k)) for k in KINDS} <= targets


@pytest.fixture(scope="module")
def export_graph(tmp_path_factory: pytest.TempPathFactory) -> rdflib.Graph:
    store = sample_store(tmp_path_factory.mktemp("shacl") / "home")
    buf = io.StringIO()
    export(store, buf, "nt", provenance=True)
    return rdflib.Graph().parse(data=buf.getvalue(), format="nt")


def _validate(g: rdflib.Graph) -> tuple[bool, rdflib.Graph]:
    conforms, report, _text = pyshacl.validate(g, shacl_graph=_shipped("shapes.ttl"))
    return conforms, report


def test_demo_export_conforms_with_zero_violations(export_graph):
    conforms, report = _validate(export_graph)
    assert conforms
    assert len(list(report.subjects(RDF.type, SH.ValidationResult))) == 0


BREAKAGES = {
    "missing title": lambda g: g.remove((ID["technology/nstda-0001"], DCT.title, None)),
    "trl out of range": lambda g: g.set(
        (ID["technology/nstda-0001"], TT.trl, rdflib.Literal(12, datatype=XSD.integer))
    ),
    "wrong language": lambda g: g.add(
        (ID["agency/cmu"], SCHEMA.name, rdflib.Literal("x", lang="fr"))
    ),
    "wrong target kind": lambda g: g.add(
        (ID["technology/nstda-0001"], TT.developedBy, ID["village/v-cm-1"])
    ),
    "status not allowed": lambda g: g.set(
        (ID["need/need-1"], TT.needStatus, rdflib.Literal("maybe"))
    ),
    "district without province": lambda g: g.remove((ID["district/5001"], TT.partOf, None)),
    "text instead of number": lambda g: g.set(
        (ID["village/v-cm-1"], TT.households, rdflib.Literal("สองร้อย", lang="th"))
    ),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_broken_graph_fails(export_graph, breakage):
    g = rdflib.Graph()
    for t in export_graph:
        g.add(t)
    BREAKAGES[breakage](g)
    conforms, report = _validate(g)
    assert not conforms
    assert len(list(report.subjects(RDF.type, SH.ValidationResult))) >= 1


def test_context_is_usable_on_its_own(tmp_path: Path):
    """A JSON-LD document written with only the published context expands as intended."""
    doc = {
        **context_document(),
        "@id": DEFAULT_BASE + "technology/x",
        "@type": "Technology",
        "title": "เครื่องอบแห้ง",
        "title_en": "Dryer",
        "trl": "7",
        "developed_by": DEFAULT_BASE + "agency/nstda",
    }
    g = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    s = ID["technology/x"]
    assert (s, RDF.type, TT.Technology) in g
    assert (s, DCT.title, rdflib.Literal("เครื่องอบแห้ง", lang="th")) in g
    assert (s, DCT.title, rdflib.Literal("Dryer", lang="en")) in g
    assert (s, TT.trl, rdflib.Literal("7", datatype=XSD.integer)) in g
    assert (s, TT.developedBy, ID["agency/nstda"]) in g
