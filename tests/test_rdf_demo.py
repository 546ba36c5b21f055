"""The shipped demo catalogue (over the reference data) as RDF: SHACL-valid and a lossless backup."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import RDF, SH

from ttgraph.ingest import apply_records
from ttgraph.rdf import export
from ttgraph.rdf_read import records_from_rdf
from ttgraph.rdf_schema import VOCAB_DIR
from ttgraph.store import Store


@pytest.fixture(scope="module")
def demo_store(_reference_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    from ttgraph.importing import load_demo

    home = tmp_path_factory.mktemp("rdf-demo") / "home"
    shutil.copytree(_reference_template, home)
    store = Store.open(home)
    reports = load_demo(store)
    assert all(r.status == "ok" for r in reports), [str(p) for r in reports for p in r.problems]
    return store


def _nt(store: Store, **kw) -> str:
    buf = io.StringIO()
    export(store, buf, "nt", **kw)
    return buf.getvalue()


def test_demo_export_has_zero_shacl_violations(demo_store):
    """Every node from the demo sources, with everything it points at, transitively.

    (pyshacl over all 8,000 reference places takes half a minute; the closure keeps the check
    complete for the demo data, sh:class included, at a fraction of that.)
    """
    from collections import defaultdict

    from ttgraph.rdf import iter_quads
    from ttgraph.rdf_terms import IRI, to_rdflib

    by_subject: dict[str, list[tuple]] = defaultdict(list)
    todo: list[str] = []
    for s, p, o, g in iter_quads(demo_store):
        by_subject[s].append((s, p, o))
        if g is not None and "reference%3A" not in g:
            todo.append(s)
    data = rdflib.Graph()
    seen: set[str] = set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for s, p, o in by_subject.get(subject, []):
            data.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
            if isinstance(o, IRI) and o in by_subject:
                todo.append(o)
    assert len(data) > 10_000
    shapes = rdflib.Graph().parse(VOCAB_DIR / "shapes.ttl", format="turtle")
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes)
    assert conforms, text[:2000]
    assert not list(report.subjects(RDF.type, SH.ValidationResult))


def test_demo_round_trip_through_rdf(demo_store, tmp_path):
    path = tmp_path / "demo-backup.nt"
    original = _nt(demo_store)
    path.write_text(original, encoding="utf-8")
    copy = Store.create(tmp_path / "restored")
    report = apply_records(copy, records_from_rdf(path), source="rdf:demo-backup.nt", importer="rdf",
                           strict=True)  # fmt: skip
    assert report.status == "ok", [str(p) for p in report.problems][:5]
    assert copy.stats()["kinds"] == demo_store.stats()["kinds"]
    assert copy.stats()["edges"] == demo_store.stats()["edges"]
    assert _nt(copy) == original  # statement for statement
