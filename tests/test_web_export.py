"""Export page and RDF downloads."""

from __future__ import annotations

import pytest
from flask import Flask
from ttgraph.web.app import create_app

from ttgraph.ingest import Record, apply_records
from ttgraph.store import Store

SMALL = [
    {"kind": "agency", "id": "nstda", "name": "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ"},
    {"kind": "category", "id": "food", "name": "อาหารและการแปรรูป"},
    {"kind": "technology", "id": "t-banana", "title": "การแปรรูปกล้วยตากพลังงานแสงอาทิตย์",
     "agency": ["nstda"], "category": ["food"], "trl": 8},
]  # fmt: skip


@pytest.fixture
def app(store: Store) -> Flask:
    apply_records(store, [Record(r) for r in SMALL], source="small.jsonl", importer="native")
    return create_app({"TTGRAPH_HOME": str(store.home), "TESTING": True})


def test_export_page_links_every_format_and_endpoint(app: Flask) -> None:
    html = app.test_client().get("/export").get_data(as_text=True)
    for fmt in ("turtle", "nt", "nq", "trig", "jsonld", "xml"):
        assert f'href="/export/{fmt}"' in html
    if app.config.get("LINKED_DATA"):
        assert 'href="/sparql"' in html and 'href="/vocab"' in html


@pytest.mark.parametrize(
    "fmt,rdflib_format", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")]
)
def test_download_parses(app: Flask, fmt: str, rdflib_format: str) -> None:
    import rdflib

    response = app.test_client().get(f"/export/{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)
    titles = {str(o) for o in graph.objects() if "กล้วยตาก" in str(o)}
    assert titles


def test_unknown_format_is_404(app: Flask) -> None:
    response = app.test_client().get("/export/docx")
    assert response.status_code == 404
