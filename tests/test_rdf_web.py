"""The linked-data blueprint in a tiny Flask app: SPARQL endpoint, vocabulary, entity RDF."""

from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib
from flask import Flask
from ttgraph.web import linked_data

from ttgraph.rdf_sample import sample_store
from ttgraph.rdf_terms import DEFAULT_BASE

TT = rdflib.Namespace("https://ttgraph.example.org/vocab#")
ID = rdflib.Namespace(DEFAULT_BASE)
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(autouse=True)
def _default_base(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests expect the documented placeholder base, whatever the developer's environment says."""
    monkeypatch.delenv("TTGRAPH_BASE_URI", raising=False)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    store = sample_store(tmp_path_factory.mktemp("linked-data") / "sample")
    app = Flask("linked-data-test")
    app.config.update(TTGRAPH_HOME=str(store.home), TESTING=True, TTGRAPH_SPARQL_LIMIT=50)
    app.register_blueprint(linked_data.bp)
    return app.test_client()


Q = "SELECT ?n WHERE { ?x a tt:Province ; schema:name ?n } ORDER BY ?n"


def test_sparql_get_json_by_default(client):
    r = client.get("/sparql", query_string={"query": Q})
    assert r.status_code == 200 and r.mimetype == "application/sparql-results+json"
    names = [b["n"]["value"] for b in r.get_json()["results"]["bindings"]]
    assert "เชียงใหม่" in names and "Khon Kaen" in names


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        ("text/csv", "text/csv"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+json", "application/sparql-results+json"),
    ],
)
def test_sparql_content_negotiation(client, accept, mimetype):
    r = client.get("/sparql", query_string={"query": Q}, headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == mimetype
    assert "เชียงใหม่" in r.get_data(as_text=True)


def test_sparql_post_form_and_direct(client):
    r = client.post("/sparql", data={"query": Q}, headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    assert rows[0] == ["n"] and len(rows) == 5
    r = client.post(
        "/sparql", data="ASK { ?s a tt:Village }", content_type="application/sparql-query"
    )
    assert r.get_json()["boolean"] is True


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "POST", "data": {"query": "DROP ALL"}},
        {"method": "POST", "data": "INSERT DATA { <a:b> <a:b> <a:b> }",
         "content_type": "application/sparql-update"},
        {"method": "POST", "data": {"update": "CLEAR DEFAULT"}},
        {"method": "GET", "query_string": {"query": "DELETE WHERE { ?s ?p ?o }"}},
    ],
)  # fmt: skip
def test_sparql_refuses_updates(client, request_kwargs):
    r = client.open("/sparql", **request_kwargs)
    assert r.status_code == 400
    body = r.get_json()
    assert body["ok"] is False and "not allowed" in body["error"]


def test_sparql_limits(client):
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(r.get_json()["results"]["bindings"]) == 50  # the app's cap
    assert "50" in r.headers["X-TTGraph-Truncated"]
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }", "limit": "3"})
    assert len(r.get_json()["results"]["bindings"]) == 3
    r = client.get("/sparql", query_string={"query": CROSS, "timeout": "0.5"})
    assert r.status_code == 503 and "longer than 0.5 s" in r.get_json()["error"]
    r = client.get("/sparql", query_string={"query": "SELECT", "limit": "many"})
    assert r.status_code == 400 and r.get_json()["ok"] is False


def test_sparql_without_query(client):
    assert "<form" in client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert client.get("/sparql", headers={"Accept": "application/json"}).status_code == 400


def test_vocab_and_context(client):
    r = client.get("/vocab")
    assert r.mimetype == "text/turtle"
    g = rdflib.Graph().parse(data=r.get_data(as_text=True), format="turtle")
    assert (TT.Technology, rdflib.RDFS.label, rdflib.Literal("เทคโนโลยี", lang="th")) in g
    r = client.get("/context.jsonld")
    assert r.mimetype == "application/ld+json" and "@context" in json.loads(
        r.get_data(as_text=True)
    )
    assert client.get("/vocab/shapes.ttl").status_code == 200


@pytest.mark.parametrize(
    ("path", "headers", "fmt", "mimetype"),
    [
        ("/id/village/v-cm-1", {"Accept": "text/turtle"}, "turtle", "text/turtle"),
        ("/id/village/v-cm-1", {"Accept": "application/ld+json"}, "json-ld", "application/ld+json"),
        ("/id/village/v-cm-1.ttl", {}, "turtle", "text/turtle"),
        ("/id/village/v-cm-1.jsonld", {}, "json-ld", "application/ld+json"),
        ("/id/village/v-cm-1.nt", {}, "nt", "application/n-triples"),
    ],
)
def test_entity_rdf(client, path, headers, fmt, mimetype):
    r = client.get(path, headers=headers)
    assert r.status_code == 200 and r.mimetype == mimetype
    g = rdflib.Graph().parse(data=r.get_data(as_text=True), format=fmt)
    v = ID["village/v-cm-1"]
    assert (v, rdflib.RDF.type, TT.Village) in g
    assert (v, TT.locatedIn, ID["province/50"]) in g
    assert (ID["transfer/tr-1"], TT.transferredTo, v) in g  # incoming links too


def test_entity_html_redirects_and_errors(client):
    r = client.get("/id/village/v-cm-1", headers={"Accept": "text/html"})
    assert r.status_code == 303 and r.location.endswith("/node/v-cm-1")
    r = client.get("/id/agency/v-cm-1.ttl")
    assert r.status_code == 301 and r.location.endswith("/id/village/v-cm-1.ttl")
    assert client.get("/id/village/nope.ttl").status_code == 404
    assert client.get("/id/gadget/x").status_code == 404


def test_alternate_links():
    links = linked_data.alternate_links({"kind": "village", "id": "บ้าน 1"})
    assert {link["type"] for link in links} >= {"text/turtle", "application/ld+json"}
    assert all(link["rel"] == "alternate" and " " not in link["href"] for link in links)
    assert links[0]["href"].startswith("/id/village/%E0%B8")


def test_blueprint_in_the_real_app_accepts_posted_queries(tmp_path):
    """The web app's CSRF protection must not block SPARQL clients."""
    pytest.importorskip("flask_wtf")
    from ttgraph.web.app import create_app

    store = sample_store(tmp_path / "app-home")
    app = create_app({"TTGRAPH_HOME": str(store.home), "TESTING": True})
    r = app.test_client().post("/sparql", data={"query": Q}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and "เชียงใหม่" in r.get_data(as_text=True)
