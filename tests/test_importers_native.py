"""The native importer: every bad input is a problem with its line; strict, idempotent, withdrawn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ttgraph.importing import run_import
from ttgraph.store import Store

SAMPLE = Path(__file__).resolve().parent.parent / "plugins" / "samples" / "native.jsonl"

REGIONS = [
    {"kind": "region", "id": "north", "name": "ภาคเหนือ"},
    {"kind": "region", "id": "south", "name": "ภาคใต้"},
    {"kind": "province", "id": "50", "name": "เชียงใหม่", "region": "north", "abbr": ["ชม."]},
]


def write_jsonl(path: Path, records: list, encoding: str = "utf-8") -> Path:
    text = "".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records
    )
    path.write_bytes(text.encode(encoding))
    return path


def snapshot(store: Store) -> tuple:
    return store.stats(), store.seq, store.edge_count(), len(store.imports())


def test_sample_covers_every_common_kind(ref_store: Store) -> None:
    report = run_import(ref_store, "native", SAMPLE)
    assert report.rejected == 0 and report.created == 7 and report.edges == 1
    village = ref_store.get("sample-village")
    assert village.data["lead_village"] is True
    assert ("serves", "sample-village") in {
        (e.kind, e.target) for e in ref_store.edges("sample-vol")
    }
    transfer = ref_store.get("sample-transfer")
    assert transfer.label.startswith("เครื่องคัดขนาดลำไย")  # title filled in from the technology


@pytest.mark.parametrize(
    ("line", "expect"),
    [
        ('{"kind": "region", "id": "x", "name": "ก"', "not valid JSON"),
        ('{"kind": "spaceship", "id": "x"}', "unknown kind 'spaceship'"),
        ('{"kind": "region", "id": "x"}', "missing required field 'name'"),
        ('{"kind": "technology", "id": "t", "title": "ก", "trl": "สูง"}', "must be a whole number"),
        ('{"kind": "region", "name": "ภาคกลาง"}', "has no 'id'"),
        ('[{"kind": "region"}]', "must be a JSON object"),
        ('"ภาคเหนือ"', "must be a JSON object"),
        ('{"kind": "edge", "type": "serves", "from": "north"}', "edge record needs to"),
    ],
)
def test_bad_line_is_a_problem_with_its_line_number(
    store: Store, tmp_path: Path, line: str, expect: str
) -> None:
    src = write_jsonl(tmp_path / "mixed.jsonl", [REGIONS[0], line, REGIONS[1]])
    report = run_import(store, "native", src)
    assert report.rejected == 1 and report.created == 2
    (problem,) = [p for p in report.problems if p.severity == "error"]
    assert expect in problem.message
    assert (problem.file, problem.line) == ("mixed.jsonl", 2)


def test_invalid_utf8_line(store: Store, tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    good = json.dumps(REGIONS[0], ensure_ascii=False).encode()
    bad = json.dumps(REGIONS[1], ensure_ascii=False).encode("utf-8").decode().encode("cp874")
    src.write_bytes(good + b"\n" + bad + b"\n")
    report = run_import(store, "native", src)
    assert report.created == 1 and report.rejected == 1
    assert report.problems[0].line == 2 and "not valid UTF-8" in report.problems[0].message


def test_empty_file(store: Store, tmp_path: Path) -> None:
    for name in ("empty.jsonl", "empty.csv"):
        src = tmp_path / name
        src.write_text("\n\n", encoding="utf-8")
        report = run_import(store, "native", src)
        assert report.rejected == 1 and "empty" in report.problems[0].message
        assert report.problems[0].line == 1


def test_json_document_is_not_records(store: Store, tmp_path: Path) -> None:
    src = tmp_path / "doc.jsonl"
    src.write_text(json.dumps(REGIONS, ensure_ascii=False, indent=2), encoding="utf-8")
    report = run_import(store, "native", src)
    assert report.rejected == 1 and "one JSON object per line" in report.problems[0].message


def test_garbage_stops_early(store: Store, tmp_path: Path) -> None:
    src = tmp_path / "junk.jsonl"
    src.write_text("ไม่ใช่ข้อมูล\n" * 500, encoding="utf-8")
    report = run_import(store, "native", src)
    assert report.read < 60 and "stopped reading" in report.problems[-1].message


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_bom_encodings(store: Store, tmp_path: Path, encoding: str) -> None:
    src = write_jsonl(tmp_path / "bom.jsonl", REGIONS[:2], encoding)
    report = run_import(store, "native", src)
    assert report.created == 2 and not report.problems


def test_native_csv_with_lists_and_edges(store: Store, tmp_path: Path) -> None:
    src = tmp_path / "mixed.csv"
    src.write_bytes(
        (
            "kind,id,name,abbr,region,type,from,to\r\n"
            "region,north,ภาคเหนือ,,,,,\r\n"
            "province,50,เชียงใหม่,ชม.;CNX,north,,,\r\n"
            "regional_centre,rcc1,ศวภ.1,,,,,\r\n"
            "edge,,,,,serves,rcc1,50\r\n"
        ).encode("cp874")
    )
    report = run_import(store, "native", src)
    assert (report.created, report.edges, report.rejected) == (3, 1, 0)
    assert store.get("50").data["abbr"] == ["ชม.", "CNX"]


def test_csv_without_kind_column_is_not_records(store: Store, tmp_path: Path) -> None:
    src = tmp_path / "other.csv"
    src.write_text("ชื่อ,จังหวัด\nบ้านหนองบัว,เชียงใหม่\n", encoding="utf-8")
    report = run_import(store, "native", src)
    assert report.rejected == 1 and "needs a 'kind' column" in report.problems[0].message


def test_strict_leaves_the_store_exactly_as_before(store: Store, tmp_path: Path) -> None:
    run_import(store, "native", write_jsonl(tmp_path / "base.jsonl", REGIONS[:1]))
    before = snapshot(store)
    src = write_jsonl(
        tmp_path / "batch.jsonl",
        [REGIONS[1], REGIONS[2], {"kind": "province", "id": "90", "name": "สงขลา", "region": "x"}],
    )
    report = run_import(store, "native", src, strict=True)
    assert report.status == "refused" and report.rejected == 1
    assert snapshot(store) == before
    assert store.get("south") is None


def test_dry_run_writes_nothing(store: Store, tmp_path: Path) -> None:
    before = snapshot(store)
    report = run_import(store, "native", write_jsonl(tmp_path / "r.jsonl", REGIONS), dry_run=True)
    assert report.status == "dry-run" and report.created == 3
    assert snapshot(store) == before


def test_reimport_is_idempotent_updates_and_withdraws(store: Store, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "regions.jsonl", REGIONS)
    first = run_import(store, "native", src)
    assert first.created == 3
    again = run_import(store, "native", src)
    assert (again.created, again.updated, again.unchanged, again.withdrawn) == (0, 0, 3, 0)
    seq = store.seq
    assert run_import(store, "native", src).unchanged == 3 and store.seq == seq

    changed = [dict(REGIONS[0], name_en="Northern Thailand"), REGIONS[2]]
    other_dir = tmp_path / "elsewhere"
    other_dir.mkdir()
    report = run_import(store, "native", write_jsonl(other_dir / "regions.jsonl", changed))
    assert (report.updated, report.unchanged, report.withdrawn) == (1, 1, 1)
    assert store.get("north").data["name_en"] == "Northern Thailand"
    gone = store.get("south")
    assert gone is not None and gone.status == "withdrawn"
    assert any("withdrawn" in p.message and p.record_id == "south" for p in report.problems)


def test_staged_rows_are_streamed_in_batches(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ingest reads staged rows in batches while writing nodes and edges (bounded memory);
    tiny batches prove records, references and rejections stay right across batch edges."""
    import ttgraph.ingest as ingest

    monkeypatch.setattr(ingest._batches, "__defaults__", (7,))
    records = [{"kind": "region", "id": f"r{i}", "name": f"ภาค {i}"} for i in range(30)]
    records += [
        {"kind": "provincial_group", "id": f"g{i}", "name": f"กลุ่ม {i}", "region": f"r{i % 31}"}
        for i in range(40)
    ]
    report = run_import(store, "native", write_jsonl(tmp_path / "many.jsonl", records))
    assert (report.created, report.rejected) == (69, 1)  # g30 names r30, which does not exist
    assert store.edge_count() == 69 - 30
    assert {p.record_id for p in report.problems} == {"g30"}


def test_unreadable_row_withdraws_nothing(store: Store, tmp_path: Path) -> None:
    """A row that cannot be read might be any record: a full re-import then withdraws none."""
    src = tmp_path / "techs.csv"
    rows = ["w1,technology,ปุ๋ยหมัก", "w2,technology,เตาเผาถ่าน", "w3,technology,ตู้อบแห้ง"]
    src.write_text("id,kind,title\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert run_import(store, "native", src).created == 3
    rows[1] = 'w2,technology,"เตาเผาถ่าน'  # the quote never closes: w2 and w3 cannot be read
    src.write_text("id,kind,title\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = run_import(store, "native", src)
    assert report.rejected == 1 and report.withdrawn == 0
    assert all(store.get(i).status == "active" for i in ("w1", "w2", "w3"))
    assert any("were not withdrawn" in p.message for p in report.problems)
    del rows[2]  # read in full again: the record that is gone is withdrawn as before
    src.write_text("id,kind,title\n" + "\n".join(rows).replace('"', "") + "\n", "utf-8")
    assert run_import(store, "native", src).withdrawn == 1
    assert store.get("w3").status == "withdrawn"
