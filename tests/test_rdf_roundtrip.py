"""Round trip: export -> the rdf importer -> an empty home gives the same graph."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from ttgraph.plugins.rdf import RdfImporter

from ttgraph.errors import UsageError
from ttgraph.ingest import ImportProblem, apply_records
from ttgraph.pluginmanager import get_plugin_manager
from ttgraph.rdf import FORMATS, export
from ttgraph.rdf_read import records_from_rdf
from ttgraph.rdf_sample import sample_store
from ttgraph.store import Store


def _snapshot(store: Store) -> tuple[dict, set]:
    nodes = {
        n.id: (
            n.kind,
            {k: sorted(v, key=str) if isinstance(v, list) else v for k, v in n.data.items()},
        )
        for n in store.nodes()
    }
    edges = {
        (e.source, e.kind, e.target, json.dumps(e.data, sort_keys=True)) for e in store.edges()
    }
    return nodes, edges


def _nt(store: Store) -> str:
    buf = io.StringIO()
    export(store, buf, "nt")
    return buf.getvalue()


@pytest.fixture
def sample(tmp_path: Path) -> Store:
    return sample_store(tmp_path / "sample")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_round_trip_every_format(sample, tmp_path, fmt):
    path = tmp_path / f"backup{FORMATS[fmt][1]}"
    with path.open("w", encoding="utf-8") as fh:
        export(sample, fh, fmt, provenance=True)
    copy = Store.create(tmp_path / "copy")
    importer = RdfImporter()
    report = apply_records(copy, importer.read(path), source=importer.source_name(path), importer="rdf",
                           strict=True)  # fmt: skip
    assert report.status == "ok", [str(p) for p in report.problems]
    assert _snapshot(copy) == _snapshot(sample)
    assert _nt(copy) == _nt(sample)  # the same graph, statement for statement


def test_round_trip_keeps_hostile_text_and_unknown_columns(sample, tmp_path):
    copy = Store.create(tmp_path / "copy")
    path = tmp_path / "g.ttl"
    with path.open("w", encoding="utf-8") as fh:
        export(sample, fh, "turtle")
    apply_records(copy, records_from_rdf(path), source="rdf:g.ttl", importer="rdf", strict=True)
    tech = copy.require("nstda-0001")
    assert tech.data["description"] == sample.require("nstda-0001").data["description"]
    assert '"' in tech.data["description"] and "\n" in tech.data["description"]
    assert tech.data["budget_code"] == "A-12"
    assert tech.data["cost_baht"] == 45000.5 and tech.data["trl"] == 8
    assert copy.require("v-cm-1").data["lead_village"] is True
    same = next(copy.edges(src="tistr-0002b", kind="same_as"))
    assert same.data == {"status": "confirmed", "by": "สมชาย"}


def test_round_trip_of_a_subset_keeps_references_to_existing_nodes(sample, tmp_path):
    """A technologies-only export imports into a home that already has the agencies."""
    from ttgraph.rdf_select import Selection

    path = tmp_path / "tech.nt"
    with path.open("w", encoding="utf-8") as fh:
        export(sample, fh, "nt", selection=Selection(kinds=["technology"]))
    with sample.transaction():
        sample.delete_node("tistr-0002b")
    report = apply_records(sample, records_from_rdf(path), source="rdf:tech", importer="rdf",
                           full=False)  # fmt: skip
    assert sample.get("tistr-0002b") is not None
    assert report.rejected == 0


def test_plugin_is_registered_and_sniffs_rdf_files(tmp_path):
    pm = get_plugin_manager()
    assert pm.importers()["rdf"].cls is RdfImporter
    backup = tmp_path / "backup.ttl"
    backup.write_text("<https://e.org/a> <https://e.org/b> 1 .\n", encoding="utf-8")
    assert pm.detect(backup)[0] == "rdf"
    for name in ("a.ttl", "a.nt", "a.nq", "a.trig", "a.jsonld", "a.rdf"):
        assert RdfImporter.sniff(Path(name), b"")
    assert RdfImporter.sniff(Path("a.json"), b'{"@context": {}}')
    assert not RdfImporter.sniff(Path("a.json"), b'{"kind": "technology"}')
    assert not RdfImporter.sniff(Path("a.csv"), b"kind,id")


def test_foreign_owl_sameas_becomes_a_confirmed_duplicate(sample, tmp_path):
    base = "https://ttgraph.example.org/id/"
    path = tmp_path / "links.nt"
    lines = [
        f"<{base}agency/a1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://ttgraph.example.org/vocab#Agency> .",
        f'<{base}agency/a1> <http://purl.org/dc/terms/identifier> "a1" .',
        f'<{base}agency/a1> <https://schema.org/name> "สวทช. (สำเนา)"@th .',
        f"<{base}agency/a1> <http://www.w3.org/2002/07/owl#sameAs> <{base}agency/nstda> .",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = apply_records(sample, records_from_rdf(path), source="rdf:links", importer="rdf")
    assert report.status == "ok", [str(p) for p in report.problems]
    edge = next(sample.edges(src="a1", kind="same_as"))
    assert edge.target == "nstda" and edge.data["status"] == "confirmed"


def test_bad_files_give_clear_problems(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(ImportProblem, match="broken.ttl is not valid TURTLE"):
        list(records_from_rdf(bad))
    with pytest.raises(UsageError, match="extension"):
        list(records_from_rdf(tmp_path / "data.xyz"))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_unknown_columns_with_any_name_survive_every_format(tmp_path, fmt):
    import pyoxigraph as ox
    import rdflib

    from ttgraph.ingest import Record

    extra = {"งบประมาณ ปี": 5, "a b<c>": "x", "_x0020_": 1.5, "ผู้ประสานงาน": ["ข", "ก"], "ok": True}
    store = Store.create(tmp_path / "src")
    rec = {"kind": "technology", "id": "t 1/ก", "title": "ทดสอบ", **extra}
    apply_records(store, [Record(rec, 1, "x")], source="x", importer="native", strict=True)
    path = tmp_path / f"out{FORMATS[fmt][1]}"
    with path.open("w", encoding="utf-8") as fh:
        export(store, fh, fmt)
    text = path.read_text("utf-8")
    rdflib_name = {"nt": "nt", "nq": "nquads", "turtle": "turtle", "trig": "trig",
                   "jsonld": "json-ld", "xml": "xml"}[fmt]  # fmt: skip
    assert len(rdflib.Dataset().parse(data=text, format=rdflib_name)) >= 0
    ox_format = ox.RdfFormat.from_extension(FORMATS[fmt][1].lstrip("."))
    assert len(list(ox.parse(text.encode("utf-8"), format=ox_format))) > 5
    copy = Store.create(tmp_path / "copy")
    report = apply_records(copy, records_from_rdf(path), source="rdf", importer="rdf", strict=True)
    assert report.status == "ok", [str(p) for p in report.problems]
    assert copy.require("t 1/ก").data == store.require("t 1/ก").data
