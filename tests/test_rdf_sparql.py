"""SPARQL: read-only, time and row limits, result formats, and the documented example queries."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from ttgraph.cli import main
from ttgraph.rdf_results import render
from ttgraph.rdf_sample import sample_store
from ttgraph.rdf_schema import VOCAB_DIR
from ttgraph.rdf_sparql import QueryError, QueryTimeout, check_read_only, run_query
from ttgraph.store import Store

QUERIES = VOCAB_DIR / "queries"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "rdf.md"
ID = "https://ttgraph.example.org/id/"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(autouse=True)
def _default_base(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests expect the documented placeholder base, whatever the developer's environment says."""
    monkeypatch.delenv("TTGRAPH_BASE_URI", raising=False)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Shared by the read-only tests (queries cannot write; one database build for all)."""
    return sample_store(tmp_path_factory.mktemp("sparql") / "sample")


@pytest.fixture
def own_sample(tmp_path: Path) -> Store:
    return sample_store(tmp_path / "sample")


def _rows(store: Store, query: str) -> list[dict[str, str]]:
    result = run_query(store, query)
    return [
        {v: t["value"] for v, t in zip(result.vars, row, strict=True) if t} for row in result.rows
    ]


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }",
        "load <http://example.org/data.ttl>",
        "DROP ALL",
        "CLEAR DEFAULT",
        "WITH <http://g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused(sample, update):
    with pytest.raises(QueryError, match="not allowed"):
        run_query(sample, update)
    assert sample.count() == 29


def test_update_words_inside_names_and_strings_are_fine(sample):
    check_read_only('SELECT ?delete WHERE { ?delete ?p "INSERT" . ?x <http://e/load> ?y } # DROP')
    assert run_query(sample, 'SELECT ?insert WHERE { ?insert ?p "DROP" }').rows == []


def test_syntax_errors_are_reported(sample):
    with pytest.raises(QueryError, match="syntax"):
        run_query(sample, "SELEKT ?x WHERE {")


def test_time_limit_is_enforced(sample):
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match="longer than 1 s"):
        run_query(sample, CROSS, timeout=1, limit=10**9)
    assert time.monotonic() - start < 8


def test_row_limit_is_enforced(sample):
    result = run_query(sample, "SELECT * WHERE { ?s ?p ?o }", limit=7)
    assert len(result.rows) == 7 and result.truncated
    graph = run_query(sample, "CONSTRUCT WHERE { ?s ?p ?o }", limit=5)
    assert len(graph.triples) == 5 and graph.truncated


def test_default_graph_is_the_union_and_prefixes_are_predeclared(sample):
    rows = _rows(
        sample, "SELECT ?n WHERE { ?r a tt:Region ; schema:name ?n FILTER(lang(?n)='en') }"
    )
    assert sorted(r["n"] for r in rows) == ["North", "Northeast"]
    assert run_query(sample, "ASK { GRAPH ?g { ?s a tt:Technology } }").boolean is True


def test_database_follows_store_changes(own_sample):
    sample = own_sample
    q = "SELECT ?s WHERE { ?s a tt:Region }"
    assert len(run_query(sample, q).rows) == 2
    with sample.transaction():
        from ttgraph.model import Node

        sample.put_node(Node("south", "region", {"name": "ภาคใต้"}))
    assert len(run_query(sample, q).rows) == 3
    assert len(list((sample.home / "indexes").glob("sparql-*"))) == 1  # old version removed


def test_result_formats(sample):
    r = run_query(sample, "SELECT ?t ?title WHERE { ?t dcterms:title ?title } ORDER BY ?title")
    data = json.loads(render(r, "json"))
    assert data["head"]["vars"] == ["t", "title"]
    langs = {b["title"].get("xml:lang") for b in data["results"]["bindings"]}
    assert "th" in langs
    rows = list(csv.reader(io.StringIO(render(r, "csv"))))
    assert rows[0] == ["t", "title"] and len(rows) == len(r.rows) + 1
    xml = ElementTree.fromstring(render(r, "xml"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(xml.findall(f"{ns}results/{ns}result")) == len(r.rows)
    tsv = render(r, "tsv").splitlines()
    assert tsv[0] == "?t\t?title" and '\t"Solar dryer"@en' in "\n".join(tsv)
    assert "rows)" in render(r, "table")
    ask = run_query(sample, "ASK { ?s a tt:Need }")
    assert json.loads(render(ask, "json"))["boolean"] is True


def _load(name: str) -> str:
    return (QUERIES / name).read_text(encoding="utf-8")


def test_example_technologies_per_agency_per_region(sample):
    rows = _rows(sample, _load("technologies-per-agency-per-region.rq"))
    got = {
        (r["agency"].rsplit("/", 1)[-1], r["region"].rsplit("/", 1)[-1], r["technologies"])
        for r in rows
    }
    assert got == {("nstda", "north", "1"), ("tistr", "northeast", "1")}


def test_example_villages_served_from_outside_their_region(sample):
    rows = _rows(sample, _load("villages-served-from-outside-region.rq"))
    assert [(r["village"], r["clinic"]) for r in rows] == [
        (ID + "village/v-kk-1", ID + "clinic/clinic-cmu")
    ]
    assert rows[0]["villageName"] == "บ้านโนนสวรรค์"


def test_example_open_needs_by_category(sample):
    rows = _rows(sample, _load("open-needs-by-category.rq"))
    got = {r["label"]: r["openNeeds"] for r in rows}
    assert got == {"แปรรูปอาหาร": "1", "เกษตร": "1"}  # need-2 is resolved


def test_examples_are_the_ones_in_the_docs():
    docs = DOCS.read_text(encoding="utf-8")
    for path in QUERIES.glob("*.rq"):
        body = "\n".join(
            line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")
        )
        assert body.strip() in docs, path.name


def test_cli_sparql(sample, runner, tmp_path):
    home = ["--home", str(sample.home)]
    res = runner.invoke(main, [*home, "sparql", "SELECT ?n WHERE { ?x a tt:Province ; schema:name ?n }",
                               "--format", "csv"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert set(res.output.split()) >= {"n", "เชียงใหม่", "Chiang", "Mai", "ขอนแก่น"}
    qfile = tmp_path / "q.rq"
    qfile.write_text("SELECT ?s WHERE { ?s a tt:Need }", encoding="utf-8")
    res = runner.invoke(main, [*home, "sparql", str(qfile), "--limit", "2"])
    assert res.exit_code == 0 and "(2 rows)" in res.output and "--limit 2" in res.output
    qfile.write_bytes('SELECT ?x WHERE { ?x schema:name "เชียงใหม่"@th }'.encode("tis-620"))
    res = runner.invoke(main, [*home, "sparql", str(qfile), "--format", "csv"])
    assert res.exit_code == 0 and len(res.output.split()) == 2, res.output  # a TIS-620 file
    qfile.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    res = runner.invoke(main, [*home, "sparql", str(qfile)])
    assert res.exit_code == 2 and "not a text file" in res.output and "Traceback" not in res.output
    res = runner.invoke(main, [*home, "sparql", "DELETE WHERE { ?s ?p ?o }"])
    assert res.exit_code != 0 and "Error: SPARQL updates are not allowed" in res.output
    res = runner.invoke(main, [*home, "sparql", CROSS, "--timeout", "0.5", "--limit", "1000000000"])
    assert res.exit_code != 0 and "longer than 0.5 s" in res.output
