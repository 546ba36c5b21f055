"""Agency and network importers on their sample files and on broken variants of them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ttgraph.errors import TTGraphError
from ttgraph.importing import run_import
from ttgraph.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "plugins" / "samples"


def errors(report) -> list:
    return [p for p in report.problems if p.severity == "error"]


def load_network(store: Store) -> None:
    """Clinics and villages from the samples (what transfers and needs refer to)."""
    for importer, name in (("clinics", "clinics.csv"), ("villages", "villages.csv")):
        assert not run_import(store, importer, SAMPLES / name).rejected


# -- DSS: TIS-620 CSV ----------------------------------------------------------------------------
def test_dss_sample(ref_store: Store) -> None:
    report = run_import(ref_store, "dss-csv", SAMPLES / "dss-catalogue.csv")
    assert (report.created, report.rejected) == (5, 0), errors(report)
    tech = ref_store.get("dss-S003")
    assert tech.data["agency"] == ["dss"]
    assert tech.data["category"] == ["food.processing", "food.preservation"]
    assert tech.data["trl"] == 7 and tech.data["year"] == 2020 and tech.data["cost_baht"] == 15000
    assert ref_store.get("dss-S005").data["cost_baht"] == 50.0
    assert tech.source == "dss-csv:dss-catalogue.csv" and tech.source_id == "S003"


def _dss_text() -> str:
    return (SAMPLES / "dss-catalogue.csv").read_bytes().decode("cp874")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-8"])
def test_dss_in_other_encodings(ref_store: Store, tmp_path: Path, encoding: str) -> None:
    src = tmp_path / "dss.csv"
    src.write_bytes(_dss_text().encode(encoding))
    report = run_import(ref_store, "dss-csv", src)
    assert (report.created, report.rejected) == (5, 0)
    assert ref_store.get("dss-S001").label == "การผลิตน้ำดื่มชุมชนให้ได้มาตรฐาน อย."


def test_dss_broken_rows(ref_store: Store, tmp_path: Path) -> None:
    text = _dss_text().replace(",S002,", ",,", 1).replace(",TRL 7,", ",สูงมาก,", 1)
    text = text.replace(",มาตรฐาน,", ",\u200bมาตรฐาน ,", 1)  # still the DSS label
    text = text.replace(",สิ่งทอ,", ",ของเล่น,", 1)
    src = tmp_path / "dss.csv"
    src.write_bytes(text.encode("utf-8-sig"))
    report = run_import(ref_store, "dss-csv", src)
    assert report.created == 2 and report.rejected == 3
    by_line = {p.line: p for p in errors(report)}
    assert "row has no 'รหัสเทคโนโลยี'" in by_line[5].message
    assert by_line[6].field == "trl" and "whole number" in by_line[6].message
    assert by_line[7].field == "category" and "ของเล่น" in by_line[7].message
    assert ref_store.get("dss-S005").data["category"] == ["community_business.products"]


def test_dss_given_a_workbook_is_a_clean_error(ref_store: Store, tmp_path: Path) -> None:
    src = tmp_path / "dss.csv"
    shutil.copy(SAMPLES / "tistr-catalogue.xlsx", src)
    with pytest.raises(TTGraphError, match="Excel"):
        run_import(ref_store, "dss-csv", src)


# -- TISTR: Excel workbook ------------------------------------------------------------------------
def test_tistr_sample_merged_headers_and_sheets(ref_store: Store) -> None:
    report = run_import(ref_store, "tistr-xlsx", SAMPLES / "tistr-catalogue.xlsx")
    assert (report.created, report.rejected) == (5, 0), errors(report)
    tech = ref_store.get("tistr-T-AG-02")
    assert tech.data["title"].startswith("การเพาะเห็ดถั่งเช่า")
    assert tech.data["category"] == ["agriculture"]  # from the sheet name
    assert tech.data["requirements"].startswith("ห้องปรับอากาศ")  # under a merged group header
    assert tech.data["year"] == 2022 and tech.data["cost_baht"] == 120000
    assert ref_store.get("tistr-T-EN-01").data["category"] == ["energy"]


def test_tistr_broken_workbook(ref_store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(SAMPLES / "tistr-catalogue.xlsx")
    wb["อาหาร"]["C6"] = None  # the title of the first food technology
    wb["อาหาร"]["G7"] = "แพงมาก"  # the cost of the second one
    empty = wb.create_sheet("ปศุสัตว์")
    empty["A1"] = "ยังไม่มีข้อมูล"
    src = tmp_path / "tistr.xlsx"
    wb.save(src)
    report = run_import(ref_store, "tistr-xlsx", src)
    assert report.created == 3
    problems = {(p.file, p.line): p for p in errors(report)}
    assert "missing required field 'title'" in problems[("tistr.xlsx [อาหาร]", 6)].message
    assert problems[("tistr.xlsx [อาหาร]", 7)].field == "cost_baht"
    assert any("ปศุสัตว์" in p.message and "no header row" in p.message for p in errors(report))


# -- NSTDA: paged JSON API -------------------------------------------------------------------------
def test_nstda_pages_followed_from_the_first(ref_store: Store) -> None:
    report = run_import(ref_store, "nstda-api", SAMPLES / "nstda-api" / "page-1.json")
    assert (report.read, report.created, report.rejected) == (5, 5, 0), errors(report)
    tech = ref_store.get("nstda-TL-2563-0047")
    assert tech.data["agency"] == ["mtec"]  # owner "MTEC" linked to the agency
    assert tech.data["category"] == ["materials.rubber", "livestock.ruminants"]
    assert ref_store.get("nstda-TL-2562-0101").data["agency"] == ["nstda"]  # "สวทช."
    assert tech.data["year"] == 2020 and tech.data["url"].endswith("TL-2563-0047")


def test_nstda_folder_of_pages(ref_store: Store, tmp_path: Path) -> None:
    shutil.copytree(SAMPLES / "nstda-api", tmp_path / "api")
    report = run_import(ref_store, "nstda-api", tmp_path / "api")
    assert (report.created, report.rejected) == (5, 0)


def test_nstda_missing_and_broken_pages(ref_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "api"
    shutil.copytree(SAMPLES / "nstda-api", folder)
    doc = json.loads((folder / "page-1.json").read_text(encoding="utf-8"))
    doc["data"][0]["attributes"]["title"] = {"en": "no Thai title"}
    doc["links"]["next"] = "page-9.json"
    (folder / "page-1.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    report = run_import(ref_store, "nstda-api", folder / "page-1.json")
    assert report.created == 2
    msgs = [(p.file, p.message) for p in errors(report)]
    assert ("page-1.json#data[0]", "technology is missing required field 'title'") in msgs
    assert any("page-9.json is missing" in m for _, m in msgs)
    (folder / "page-2.json").write_text('{"data": [\n  {"id": 1,,}\n]}', encoding="utf-8")
    report = run_import(ref_store, "nstda-api", folder)
    bad = [p for p in errors(report) if p.file == "page-2.json"]
    assert bad and bad[0].line == 2 and "not valid JSON" in bad[0].message


# -- a clinic's saved web page ---------------------------------------------------------------------
def test_clinic_html_sample(ref_store: Store) -> None:
    report = run_import(ref_store, "clinic-html", SAMPLES / "clinic-rmutl.html")
    assert (report.created, report.rejected) == (5, 0), errors(report)
    tech = ref_store.get("rmutl-L02")
    assert tech.data["category"] == ["agriculture"]  # the rowspan cell of its group
    assert tech.data["agency"] == ["rmutl"] and tech.data["cost_baht"] == 2500
    assert ref_store.get("rmutl-L03").data["agency"] == ["rmutl"]  # English university name
    assert "\n" in tech.data["contact"]  # <br> kept as a line break


def test_clinic_html_utf8_without_meta_and_unknown_owner(ref_store: Store, tmp_path: Path) -> None:
    page = (SAMPLES / "clinic-rmutl.html").read_bytes().decode("cp874")
    page = page.replace(
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-874">', ""
    )
    page = page.replace("<td>ราชมงคลล้านนา</td>", "<td>มหาวิทยาลัยนอกระบบแห่งหนึ่ง</td>")
    src = tmp_path / "page.html"
    src.write_bytes(page.encode("utf-8"))
    report = run_import(ref_store, "clinic-html", src)
    assert report.created == 4
    (problem,) = errors(report)
    assert problem.field == "agency" and "มหาวิทยาลัยนอกระบบแห่งหนึ่ง" in problem.message


def test_clinic_html_without_the_table(ref_store: Store, tmp_path: Path) -> None:
    src = tmp_path / "page.html"
    src.write_text("<html><body><table><tr><td>เมนู</td></tr></table></body></html>")
    report = run_import(ref_store, "clinic-html", src)
    assert report.rejected == 1 and "no table with the columns" in report.problems[0].message


# -- the network: clinics, villages, needs, transfers -------------------------------------------
def test_clinics_sample_links_names(ref_store: Store) -> None:
    report = run_import(ref_store, "clinics", SAMPLES / "clinics.csv")
    assert (report.created, report.rejected) == (4, 0), errors(report)
    rmuti = ref_store.get("clinic-s-rmuti")
    assert rmuti.data["university"] == "rmuti" and rmuti.data["province"] == "30"  # โคราช
    assert rmuti.data["serves"] == ["30", "36", "31", "32"]
    assert ref_store.get("clinic-s-psu").data["serves"] == ["south"]
    assert ref_store.get("clinic-s-cmu").data["contact"] == "งานบริการวิชาการ 0 5394 2000"


def test_villages_sample_resolves_places(ref_store: Store) -> None:
    report = run_import(ref_store, "villages", SAMPLES / "villages.csv")
    assert (report.created, report.rejected) == (5, 0), errors(report)
    v = ref_store.get("village-s-002")  # ต.บ้านใหม่ อ.เมือง จ.นครราชสีมา
    assert (v.data["subdistrict"], v.data["district"], v.data["province"]) == (
        "300113",
        "3001",
        "30",
    )
    assert v.data["lead_village"] is True and v.data["year"] == 2014
    assert ref_store.get("village-s-003").data["lead_village"] is False
    assert ref_store.get("village-s-005").data["district"] == "9001"  # "อ.เมืองสงขลา"


def test_villages_from_excel_with_bad_places(ref_store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["หมู่บ้านแม่ข่ายวิทยาศาสตร์และเทคโนโลยี ปี 2567"])
    ws.append(["รหัสหมู่บ้าน", "ชื่อหมู่บ้าน", "ตำบล", "อำเภอ", "จังหวัด", "อาชีพหลัก"])
    ws.append(["x1", "บ้านดอนแก้ว", "ริมใต้", "แม่ริม", "Chiang Mai", "ปลูกผัก"])
    ws.append(["x2", "บ้านใหม่พัฒนา", "บ้านใหม่", "เมือง", "", "ทำนา"])
    ws.append(["x3", "บ้านลับแล", "ลับแลใต้", "ลับแลเหนือ", "เมืองลับแล", "ทอผ้า"])
    src = tmp_path / "villages.xlsx"
    wb.save(src)
    report = run_import(ref_store, "villages", src)
    assert report.created == 1
    assert ref_store.get("village-x1").data["subdistrict"] == "500701"
    problems = {p.line: p for p in errors(report)}
    assert "ambiguous" in problems[4].message and "จ." in problems[4].message
    assert problems[5].field == "province" and "เมืองลับแล" in problems[5].message


def test_needs_survey_utf16_export_is_stable(ref_store: Store) -> None:
    load_network(ref_store)
    src = SAMPLES / "needs-survey.txt"
    report = run_import(ref_store, "needs-survey", src)
    assert (report.created, report.rejected) == (4, 0), errors(report)
    needs = {n.data["raised_by_name"]: n for n in ref_store.nodes("need")}
    somsri = needs["นางสมศรี ใจดี"]
    assert somsri.data["date"] == "2024-03-15" and somsri.data["raised_by"] == "village-s-001"
    assert somsri.data["subdistrict"] == "500703" and somsri.data["max_cost_baht"] == 50000
    assert needs["กลุ่มเลี้ยงโคบ้านโนนหัน"].data["category"] == ["livestock", "energy"]
    again = run_import(ref_store, "needs-survey", src)
    assert (again.unchanged, again.created) == (4, 0)  # ids come from a hash of the answers


def test_transfers_sample_and_bad_rows(ref_store: Store, tmp_path: Path) -> None:
    load_network(ref_store)
    run_import(ref_store, "dss-csv", SAMPLES / "dss-catalogue.csv")
    run_import(ref_store, "tistr-xlsx", SAMPLES / "tistr-catalogue.xlsx")
    report = run_import(ref_store, "transfers", SAMPLES / "transfers.csv")
    assert (report.created, report.rejected) == (3, 0), errors(report)
    t = ref_store.get("transfer-S-2567-001")
    assert t.data["via"] == ["clinic-s-cmu"]  # a clinic named in full
    assert t.data["outcome"] == "adopted" and t.data["income_change_pct"] == 18.0
    assert t.data["year"] == 2024 and t.data["date"] == "2024-06-12"
    assert ref_store.get("transfer-S-2567-002").data["via"] == ["dss"]  # "วศ."
    text = (SAMPLES / "transfers.csv").read_text(encoding="utf-8")
    text = text.replace("นำไปใช้บางส่วน", "ดีมาก").replace("dss-S001", "dss-S999")
    src = tmp_path / "transfers.csv"
    src.write_text(text, encoding="utf-8")
    report = run_import(ref_store, "transfers", src)
    fields = sorted(p.field for p in errors(report))
    assert fields == ["outcome", "technology"]
