"""The ingest pipeline: references checked across the import, idempotent, strict and dry runs."""

from __future__ import annotations

from ttgraph.ingest import ImportProblem, Record, apply_records
from ttgraph.store import Store

BASE = [
    {"kind": "region", "id": "north", "name": "ภาคเหนือ", "name_en": "North"},
    {"kind": "province", "id": "50", "name": "เชียงใหม่", "region": "north"},
    {
        "kind": "agency",
        "id": "cmu",
        "name": "มหาวิทยาลัยเชียงใหม่",
        "abbr": ["มช."],
        "type": "university",
    },
]


def _records(rows: list[dict], file: str = "test.jsonl") -> list[Record]:
    return [Record(row, n, file) for n, row in enumerate(rows, 1)]


def _load(store: Store, rows: list[dict], **kw) -> object:
    kw.setdefault("source", "test")
    kw.setdefault("importer", "native")
    return apply_records(store, _records(rows), **kw)


def test_references_may_point_forward_within_a_file(store: Store) -> None:
    rows = [
        {"kind": "technology", "id": "t1", "title": "เครื่องอบลำไยพลังงานแสงอาทิตย์", "agency": "cmu"},
        *BASE,
    ]
    report = _load(store, rows)
    assert report.status == "ok" and report.created == 4, report.problems
    assert store.graph().has_edge("t1", "cmu", key="developed_by")
    assert store.graph().has_edge("50", "north", key="part_of")


def test_reimport_is_idempotent_and_updates_in_place(store: Store) -> None:
    _load(store, BASE)
    seq = store.seq
    again = _load(store, BASE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert store.seq == seq
    changed = [dict(BASE[0]), BASE[1], dict(BASE[2], name_en="Chiang Mai University")]
    report = _load(store, changed)
    assert (report.updated, report.unchanged) == (1, 2)
    assert store.get("cmu").data["name_en"] == "Chiang Mai University"


def test_vanished_record_is_withdrawn_not_deleted(store: Store) -> None:
    _load(store, BASE)
    report = _load(store, BASE[:2])
    assert report.withdrawn == 1
    assert store.get("cmu").status == "withdrawn"
    assert any("withdrawn" in p.message for p in report.problems)


def test_dangling_reference_rejects_that_record_only(store: Store) -> None:
    rows = [*BASE, {"kind": "technology", "id": "t9", "title": "ปุ๋ยหมักชีวภาพ", "agency": "nobody"}]
    report = _load(store, rows)
    assert report.status == "partial" and report.rejected == 1 and report.created == 3
    (problem,) = [p for p in report.problems if p.severity == "error"]
    assert problem.line == 4 and problem.field == "agency" and "'nobody'" in problem.message
    assert store.get("t9") is None


def test_rejections_cascade_to_records_that_depend_on_them(store: Store) -> None:
    rows = [
        *BASE,
        {"kind": "province", "id": "57", "name": "เชียงราย", "region": "nowhere"},
        {"kind": "district", "id": "5701", "name": "เมืองเชียงราย", "province": "57"},
    ]
    report = _load(store, rows)
    assert report.rejected == 2
    assert store.get("5701") is None


def test_strict_refuses_everything_and_leaves_store_unchanged(store: Store) -> None:
    _load(store, BASE)
    before = (store.stats(), store.seq, len(store.imports()))
    rows = [*BASE, {"kind": "technology", "id": "t2", "trl": 3}]
    report = _load(store, rows, strict=True)
    assert report.status == "refused" and report.rejected == 1
    assert (store.stats(), store.seq, len(store.imports())) == before


def test_dry_run_reports_but_writes_nothing(store: Store) -> None:
    report = _load(store, BASE, dry_run=True)
    assert report.status == "dry-run" and report.created == 3
    assert store.count() == 0 and store.imports() == []


def test_problems_from_the_reader_are_counted(store: Store) -> None:
    items = [*_records(BASE), ImportProblem("bad JSON: Expecting ',' ", line=4, file="x.jsonl")]
    report = apply_records(store, items, source="test", importer="native")
    assert report.read == 4 and report.rejected == 1
    assert str(report.problems[0]).startswith("x.jsonl, line 4")


def test_duplicate_id_in_one_import_is_a_problem(store: Store) -> None:
    report = _load(store, [*BASE, BASE[0]])
    assert report.rejected == 1 and "appears twice" in report.problems[0].message


def test_edge_records_are_validated(store: Store) -> None:
    rows = [
        *BASE,
        {"kind": "clinic", "id": "c1", "name": "คลินิกเทคโนโลยี มช.", "university": "cmu"},
        {"kind": "edge", "type": "serves", "from": "c1", "to": "50"},
        {"kind": "edge", "type": "serves", "from": "50", "to": "c1"},
    ]
    report = _load(store, rows)
    assert report.rejected == 1 and "cannot go from a province" in report.problems[0].message
    assert store.graph().has_edge("c1", "50", key="serves")


def test_thai_text_is_normalised_on_the_way_in(store: Store) -> None:
    rows = [{"kind": "region", "id": "r", "name": "การด าเนินงาน\u200bภาคเหนือ"}]
    _load(store, rows)
    assert store.get("r").data["name"] == "การดำเนินงานภาคเหนือ"


def test_provenance_is_recorded(store: Store) -> None:
    _load(store, BASE, source="native:agencies.jsonl")
    node = store.get("cmu")
    assert (node.source, node.source_id, node.importer) == (
        "native:agencies.jsonl",
        "cmu",
        "native",
    )
    assert node.created and node.updated
    edge = next(store.edges(src="50"))
    assert (edge.origin, edge.importer) == ("native:agencies.jsonl", "native")
