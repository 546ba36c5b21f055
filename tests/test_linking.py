"""Linking free text to places and agencies, and finding the same technology in two sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ttgraph.errors import NotFound, ValidationError
from ttgraph.importing import run_import
from ttgraph.linking import StoreLinker, find_duplicates, key, list_duplicates, title_key
from ttgraph.store import Store


@pytest.fixture
def linker(ref_store: Store) -> StoreLinker:
    return StoreLinker(ref_store)


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("ต.บ้านใหม่ อ.เมือง จ.นครราชสีมา", ("300113", "3001", "30")),
        ("ตำบลบ้านใหม่ อำเภอเมืองนครราชสีมา จังหวัดนครราชสีมา", ("300113", "3001", "30")),
        ("บ้านเลขที่ 12 หมู่ 4 ต.บ้านใหม่, อ.เมือง, จ.นครราชสีมา 30000", ("300113", "3001", "30")),
        ("ต.บ้านใหม่ อ.เมือง โคราช", ("300113", "3001", "30")),
        ("อำเภอเมืองเชียงใหม่", (None, "5001", "50")),
        ("Tambon Ban Mai, Amphoe Mueang Nakhon Ratchasima", ("300113", "3001", "30")),
        ("Mueang Chiang Mai, Chiang Mai", (None, "5001", "50")),
        ("แขวงพระบรมมหาราชวัง เขตพระนคร กรุงเทพฯ", ("100101", "1001", "10")),
        ("โคราช", (None, None, "30")),
        ("Korat", (None, None, "30")),
        ("กทม.", (None, None, "10")),
        ("นำ้พอง ขอนแก่น", (None, "4007", "40")),  # typed with a split sara am
    ],
)
def test_place_text_resolves(linker: StoreLinker, text: str, expect: tuple) -> None:
    found, _ = linker.resolve_place(text)
    got = (found.get("subdistrict"), found.get("district"), found.get("province"))
    assert got == expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("ต.บ้านใหม่", "ambiguous subdistrict"),
        ("อ.เมือง", "every province has an อำเภอเมือง"),
        ("จ.เมืองลับแล", "unknown province"),
        ("ต.บ้านใหม่ จ.เชียงใหม่", "unknown subdistrict"),
        ("อุทยานแห่งชาติ", "unknown place"),
    ],
)
def test_unknown_or_ambiguous_place_is_a_problem(
    linker: StoreLinker, text: str, expect: str
) -> None:
    with pytest.raises(ValidationError, match=expect):
        linker.resolve_place(text)


def test_ambiguous_place_lists_the_candidates(linker: StoreLinker) -> None:
    with pytest.raises(ValidationError) as exc:
        linker.resolve_place("ต.บ้านใหม่")
    assert "นครราชสีมา" in exc.value.message and "add the province" in exc.value.message


@pytest.mark.parametrize(
    "name",
    ["สวทช.", "สวทช", "NSTDA", "nstda", "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ", " สวทช . "],
)
def test_agency_names_and_abbreviations(linker: StoreLinker, name: str) -> None:
    assert linker.resolve_name(("agency",), name, "agency") == "nstda"


def test_link_rewrites_reference_fields(linker: StoreLinker) -> None:
    tech = {
        "title": "ก",
        "agency": ["วว.", "Chiang Mai University"],
        "category": ["อาหารและการแปรรูป"],
    }
    assert linker.link("technology", tech) == []
    assert tech["agency"] == ["tistr", "cmu"] and tech["category"] == ["food"]
    village = {
        "name": "บ้านหนองหาร",
        "subdistrict": "บ้านใหม่",
        "district": "เมือง",
        "province": "โคราช",
    }
    linker.link("village", village)
    assert (village["subdistrict"], village["district"], village["province"]) == (
        "300113",
        "3001",
        "30",
    )
    clinic = {"name": "คลินิก", "university": "มช.", "province": "50", "serves": "ภาคเหนือ; ลำพูน"}
    linker.link("clinic", clinic)
    assert clinic["university"] == "cmu" and clinic["serves"] == ["north", "51"]


def test_link_leaves_ids_and_refuses_unknown_names(linker: StoreLinker) -> None:
    tech = {"title": "ก", "agency": ["agency-not-yet-imported"]}
    linker.link("technology", tech)
    assert tech["agency"] == ["agency-not-yet-imported"]  # ingest checks it exists
    with pytest.raises(ValidationError) as exc:
        linker.link("technology", {"title": "ก", "agency": ["กรมที่ไม่มีจริง"]})
    assert exc.value.field == "agency"
    village = {"name": "ก", "province": "99"}  # a code: left for the reference check
    linker.link("village", village)
    assert village["province"] == "99"


def test_key_normalises_dots_spaces_and_case() -> None:
    assert key("NSTDA") == key("nstda") and key("มทร. ล้านนา") == key("มทร.ล้านนา")
    assert key("สถาบันเทคโนโลยีนิวเคลียร์แห่งชาติ (องค์การมหาชน)") == key("สถาบันเทคโนโลยีนิวเคลียร์แห่งชาติ")
    assert title_key("การแปรรูป กล้วยตาก!") == title_key("การแปรรูปกล้วยตาก")


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def test_same_technology_from_two_sources(ref_store: Store, tmp_path: Path, runner) -> None:
    a = {"kind": "technology", "id": "a-1", "title": "เตาเผาถ่านแบบถังคู่", "agency": "tistr"}
    b = {"kind": "technology", "id": "b-1", "title": "เตาเผาถ่าน แบบถังคู่", "agency": "วว."}
    c = {"kind": "technology", "id": "c-1", "title": "เตาเผาถ่านแบบถังคู่", "agency": "dss"}
    run_import(ref_store, "native", _write(tmp_path / "a.jsonl", [a]))
    report = run_import(ref_store, "native", _write(tmp_path / "b.jsonl", [b, c]))
    assert find_duplicates(ref_store) == [("a-1", "b-1")]  # c-1: another owner
    assert any("a-1 and b-1" in p.message for p in report.problems if p.severity == "info")
    (pair,) = list_duplicates(ref_store, "candidate")
    assert (pair["a"], pair["b"], pair["source_b"]) == ("a-1", "b-1", "native:b.jsonl")

    from ttgraph.cli import main

    home = ["--home", str(ref_store.home)]
    out = runner.invoke(main, [*home, "duplicates", "--json"])
    assert out.exit_code == 0 and json.loads(out.output)[0]["status"] == "candidate"
    out = runner.invoke(main, [*home, "duplicates", "confirm", "b-1", "a-1", "--user", "somchai"])
    assert out.exit_code == 0, out.output
    edge = next(ref_store.edges(src="a-1", kind="same_as"))
    assert edge.data["status"] == "confirmed" and edge.data["by"] == "somchai"
    # a re-import does not turn a decided pair back into a candidate
    run_import(ref_store, "native", _write(tmp_path / "b.jsonl", [dict(b, year=2020), c]))
    assert list_duplicates(ref_store, "candidate") == []
    out = runner.invoke(main, [*home, "duplicates", "reject", "a-1", "b-1"])
    assert out.exit_code == 0 and list_duplicates(ref_store, "rejected")[0]["a"] == "a-1"
    out = runner.invoke(main, [*home, "duplicates", "confirm", "a-1", "c-1"])
    assert out.exit_code == 1 and "not a duplicate pair" in out.output
    with pytest.raises(NotFound):
        from ttgraph.linking import set_duplicate_status

        set_duplicate_status(ref_store, "x", "y", "confirmed")


def test_an_id_from_earlier_in_the_import_beats_a_look_alike_name(ref_store) -> None:
    """'most' is the old English abbreviation of the ministry, but here it is a new agency's id."""
    from ttgraph.ingest import Record, apply_records
    from ttgraph.linking import StoreLinker

    rows = [
        {"kind": "agency", "id": "most", "name": "สำนักงานทดลอง", "type": "agency"},
        {"kind": "technology", "id": "t-most", "title": "เตาเผาถ่านประสิทธิภาพสูง", "agency": "most"},
    ]
    records = [Record(r, n) for n, r in enumerate(rows, 1)]
    report = apply_records(
        ref_store, records, source="t", importer="native", linker=StoreLinker(ref_store)
    )
    assert report.rejected == 0, report.problems
    assert [e.target for e in ref_store.edges(src="t-most", kind="developed_by")] == ["most"]
