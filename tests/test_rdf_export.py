"""RDF export: escaping, isomorphic serializations, two independent parsers, subsets, streaming."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from ttgraph import rdf
from ttgraph.cli import main
from ttgraph.errors import NotFound, UsageError
from ttgraph.model import Node
from ttgraph.rdf import OutEdge, export, node_triples
from ttgraph.rdf_sample import sample_store
from ttgraph.rdf_select import Selection
from ttgraph.rdf_terms import DEFAULT_BASE, Lit, check_base, entity_iri, nt, split_entity_iri

TT = rdflib.Namespace("https://ttgraph.example.org/vocab#")
ID = rdflib.Namespace(DEFAULT_BASE)
RDFLIB_FORMAT = {"turtle": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                 "jsonld": "json-ld", "xml": "xml"}  # fmt: skip
OX_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
             "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
             "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}  # fmt: skip


@pytest.fixture(autouse=True)
def _default_base(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests expect the documented placeholder base, whatever the developer's environment says."""
    monkeypatch.delenv("TTGRAPH_BASE_URI", raising=False)


@pytest.fixture
def sample(tmp_path: Path):
    return sample_store(tmp_path / "sample")


def _text(store, fmt: str, **kw) -> str:
    buf = io.StringIO()
    export(store, buf, fmt, **kw)
    return buf.getvalue()


def _graph(text: str, fmt: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=text, format=RDFLIB_FORMAT[fmt])
    return g


HOSTILE = 'คำพูด "อ้างอิง"\nบรรทัดใหม่\r\tแท็บ \\ ทับ \x00\x07\x1f\x7f จบ'


def test_literal_escaping_survives_both_parsers():
    node = Node("t1", "technology", {"title": HOSTILE, "description": "\ud800 bad surrogate"})
    lines = "".join(
        f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o, _ in node_triples(node, [])
    )  # fmt: skip
    assert "\n" not in lines.replace(" .\n", "")  # one statement per line
    g = rdflib.Graph().parse(data=lines, format="nt")
    titles = [str(o) for o in g.objects(None, rdflib.URIRef("http://purl.org/dc/terms/title"))]
    assert titles == [HOSTILE]
    quads = list(ox.parse(lines.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    assert HOSTILE in {q.object.value for q in quads}
    assert "\ufffd bad surrogate" in {q.object.value for q in quads}


def test_literals_are_language_tagged_and_typed():
    node = Node("nstda-9", "technology", {"title": "เครื่องอบ", "title_en": "Dryer", "trl": 6,
                                          "cost_baht": 1200.5, "keywords": ["solar", "อบแห้ง"]})  # fmt: skip
    objs = {
        (str(p).rsplit("/", 1)[-1].rsplit("#", 1)[-1], o) for _s, p, o, _g in node_triples(node, [])
    }
    assert ("title", Lit("เครื่องอบ", "th")) in objs
    assert ("title", Lit("Dryer", "en")) in objs
    assert ("trl", Lit("6", None, "http://www.w3.org/2001/XMLSchema#integer")) in objs
    assert ("costBaht", Lit("1200.5", None, "http://www.w3.org/2001/XMLSchema#decimal")) in objs
    assert ("keywords", Lit("solar")) in objs and ("keywords", Lit("อบแห้ง", "th")) in objs


def test_iris_are_percent_encoded_and_reversible():
    iri = entity_iri(DEFAULT_BASE, "village", "บ้าน/หมู่ 3")
    assert " " not in iri and "/หมู่" not in iri
    assert split_entity_iri(DEFAULT_BASE, iri) == ("village", "บ้าน/หมู่ 3")
    node = Node("บ้าน/หมู่ 3", "village", {"name": "บ้าน"})
    edge = OutEdge("located_in", "50", "province", {}, "province")
    triples = node_triples(node, [edge], base="https://data.example.go.th/ttgraph/")
    assert (
        triples[0][0]
        == "https://data.example.go.th/ttgraph/village/%E0%B8%9A%E0%B9%89%E0%B8%B2%E0%B8%99%2F%E0%B8%AB%E0%B8%A1%E0%B8%B9%E0%B9%88%203"
    )
    assert any(o == "https://data.example.go.th/ttgraph/province/50" for _s, _p, o, _g in triples)


def test_base_uri_is_checked():
    assert check_base("https://x.example/id") == "https://x.example/id/"
    for bad in ("not a uri", "https://x.example/a b/", "ftp//x"):
        with pytest.raises(UsageError):
            check_base(bad)


@pytest.mark.parametrize("fmt", list(RDFLIB_FORMAT))
def test_every_format_parses_in_rdflib_and_pyoxigraph(sample, fmt):
    text = _text(sample, fmt, provenance=True)
    if fmt in ("nq", "trig"):
        ds = rdflib.Dataset()
        ds.parse(data=text, format=RDFLIB_FORMAT[fmt])
        n_rdflib = len(list(ds.quads()))
    else:
        n_rdflib = len(_graph(text, fmt))
    n_ox = len(list(ox.parse(text.encode("utf-8"), format=OX_FORMAT[fmt])))
    assert n_rdflib == n_ox > 300


def test_turtle_ntriples_jsonld_xml_are_isomorphic(sample):
    graphs = {fmt: _graph(_text(sample, fmt), fmt) for fmt in ("turtle", "nt", "jsonld", "xml")}
    for fmt in ("turtle", "jsonld", "xml"):
        assert isomorphic(graphs["nt"], graphs[fmt]), fmt


def test_nquads_has_a_named_graph_per_source(sample):
    text = _text(sample, "nq", provenance=True)
    graphs = {q.graph_name.value for q in ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS)
              if isinstance(q.graph_name, ox.NamedNode)}  # fmt: skip
    assert graphs == {DEFAULT_BASE + "graph/rdf-sample"}
    trig = rdflib.Dataset().parse(data=_text(sample, "trig"), format="trig")
    assert rdflib.URIRef(DEFAULT_BASE + "graph/rdf-sample") in {g.identifier for g in trig.graphs()}


def test_vocabulary_terms_in_the_export(sample):
    g = _graph(_text(sample, "nt", provenance=True), "nt")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    owl_same = rdflib.URIRef("http://www.w3.org/2002/07/owl#sameAs")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    fp, food = ID["category/food-processing"], ID["category/food"]
    assert (fp, skos.broader, food) in g and (food, skos.narrower, fp) in g
    assert (food, skos.topConceptOf, ID["scheme/category"]) in g
    assert (fp, skos.related, ID["category/agri"]) in g
    assert (ID["scheme/category"], rdflib.RDF.type, skos.ConceptScheme) in g
    assert (fp, skos.prefLabel, rdflib.Literal("แปรรูปอาหาร", lang="th")) in g
    assert (fp, skos.prefLabel, rdflib.Literal("Food processing", lang="en")) in g
    # confirmed duplicate -> owl:sameAs; candidate -> only a tt:Link with its status
    assert (ID["technology/tistr-0002b"], owl_same, ID["technology/tistr-0002"]) in g
    assert (ID["agency/tistr-dup"], owl_same, ID["agency/tistr"]) not in g
    statuses = {str(o) for o in g.objects(None, TT.linkStatus)}
    assert statuses == {"confirmed", "candidate", "proposed"}
    # PROV-O: imports are activities, nodes point at their import and source; transfers are activities
    assert (ID["import/1"], rdflib.RDF.type, prov.Activity) in g
    assert (ID["technology/nstda-0001"], prov.wasGeneratedBy, ID["import/1"]) in g
    assert (ID["transfer/tr-1"], rdflib.RDF.type, prov.Activity) in g
    geo_lat = rdflib.URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#lat")
    assert (ID["province/50"], geo_lat, rdflib.Literal("18.79", datatype=rdflib.XSD.decimal)) in g
    extra = rdflib.URIRef("https://ttgraph.example.org/vocab#x-budget_code")
    assert (ID["technology/nstda-0001"], extra, rdflib.Literal("A-12")) in g


def test_without_provenance_there_is_no_prov(sample):
    assert "prov#wasGeneratedBy" not in _text(sample, "nt")


def _subjects(text: str) -> set[str]:
    return {rdflib.URIRef(line.split(" ", 1)[0].strip("<>")) for line in text.splitlines()}


def test_subsets_by_kind_agency_province(sample):
    kinds = _subjects(_text(sample, "nt", selection=Selection(kinds=["region", "province"])))
    assert kinds == {
        ID["region/north"],
        ID["region/northeast"],
        ID["province/50"],
        ID["province/40"],
    }
    tistr = _subjects(_text(sample, "nt", selection=Selection(agency="tistr")))
    assert ID["technology/tistr-0002"] in tistr and ID["transfer/tr-2"] in tistr
    assert ID["technology/nstda-0001"] not in tistr
    kk = _subjects(_text(sample, "nt", selection=Selection(province="40")))
    assert {ID["village/v-kk-1"], ID["district/4001"], ID["need/need-3"], ID["transfer/tr-2"]} <= kk
    assert ID["village/v-cm-1"] not in kk
    both = _subjects(_text(sample, "nt", selection=Selection(agency="nstda", province="40")))
    assert both == set()
    with pytest.raises(NotFound):
        _text(sample, "nt", selection=Selection(agency="nope"))
    with pytest.raises(UsageError):
        _text(sample, "nt", selection=Selection(province="nstda"))
    with pytest.raises(UsageError):
        _text(sample, "nt", selection=Selection(kinds=["gadget"]))


def test_ntriples_stream_without_rdflib(sample, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("N-Triples must not build an rdflib graph")

    monkeypatch.setattr(rdf, "to_rdflib_graph", boom)
    assert _text(sample, "nt").count("\n") > 250
    assert sum(c.count("\n") for c in rdf.iter_export(sample, "nq")) > 250


def test_withdrawn_nodes_and_their_edges_are_left_out(sample):
    with sample.transaction():
        sample.set_status("v-kk-1", "withdrawn")
    text = _text(sample, "nt")
    assert "village/v-kk-1" not in text


def test_cli_export(sample, runner, tmp_path):
    out = tmp_path / "g.jsonld"
    res = runner.invoke(main, ["--home", str(sample.home), "export", "--kind", "technology",
                               "--base-uri", "https://data.example.go.th/id/", "-o", str(out)])  # fmt: skip
    assert res.exit_code == 0, res.output
    g = _graph(out.read_text("utf-8"), "jsonld")
    assert (rdflib.URIRef("https://data.example.go.th/id/technology/nstda-0001"), rdflib.RDF.type,
            TT.Technology) in g  # fmt: skip
    res = runner.invoke(main, ["--home", str(sample.home), "export", "--format", "nq"])
    assert (
        res.exit_code == 0 and "<https://ttgraph.example.org/id/graph/rdf-sample> ." in res.output
    )
    res = runner.invoke(main, ["--home", str(sample.home), "export", "--base-uri", "no way"])
    assert res.exit_code == 2 and "Error:" in res.output
    missing = tmp_path / "no-such-folder" / "g.ttl"
    res = runner.invoke(main, ["--home", str(sample.home), "export", "-o", str(missing)])
    assert res.exit_code == 2 and f"cannot write {missing}" in res.output
    assert ".part" not in res.output and not missing.parent.exists()
