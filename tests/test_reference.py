"""The shipped reference data: counts, validity, references, coverage and regeneration."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from ttgraph.model import kind_spec, validate_node
from ttgraph.reference import FILES, expected_counts, iter_reference_records, reference_files

ROOT = Path(__file__).resolve().parent.parent
SHARED_GEO = ROOT.parent / "shared" / "data" / "geo"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return list(iter_reference_records())


@pytest.fixture(scope="module")
def by_id(records: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in records}


def _of(records: list[dict], kind: str) -> list[dict]:
    return [r for r in records if r["kind"] == kind]


def test_files_in_load_order_and_shipped_with_licences() -> None:
    paths = reference_files()
    assert [p.name for p in paths] == list(FILES)
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)
    folder = paths[0].parent
    for extra in (
        "SOURCES.md",
        "LICENSE.thailand-geography-json",
        "LICENSE.kongvut-thai-province-data",
    ):
        assert (folder / extra).is_file(), extra


def test_counts(records: list[dict]) -> None:
    counts = Counter(r["kind"] for r in records)
    assert counts == Counter(expected_counts())
    assert (counts["province"], counts["district"], counts["subdistrict"]) == (77, 928, 7436)
    assert (counts["region"], counts["regional_centre"], counts["provincial_group"]) == (6, 5, 18)
    assert {r["id"] for r in _of(records, "region")} == {
        "north",
        "central",
        "northeast",
        "west",
        "east",
        "south",
    }


def test_every_record_is_valid(records: list[dict]) -> None:
    for r in records:
        clean = validate_node(r["kind"], r)
        assert clean, r["id"]


def test_ids_unique_across_files(records: list[dict]) -> None:
    dupes = [i for i, n in Counter(r["id"] for r in records).items() if n > 1]
    assert dupes == []


def test_references_point_at_allowed_kinds_loaded_earlier(records: list[dict]) -> None:
    """Each file is imported strictly on its own, so targets must precede their users' file."""
    order: dict[str, int] = {}
    for n, path in enumerate(reference_files()):
        for line in path.read_text(encoding="utf-8").splitlines():
            order[json.loads(line)["id"]] = n
    kind_of = {r["id"]: r["kind"] for r in records}
    bad = []
    for r in records:
        for f in kind_spec(r["kind"]).refs:
            value = r.get(f.name)
            for target in value if isinstance(value, list) else [value] if value else []:
                if kind_of.get(target) not in f.ref:
                    bad.append((r["id"], f.name, target))
                elif order[target] > order[r["id"]]:
                    bad.append((r["id"], f.name, target, "loaded later"))
    assert bad == []
    assert {order[r["id"]] for r in records} == {0, 1, 2, 3}


def test_geo_parents_come_before_children(records: list[dict]) -> None:
    position = {r["id"]: n for n, r in enumerate(records)}
    for r in records:
        for parent_field in (
            "region",
            "provincial_group",
            "province",
            "district",
            "broader",
            "parent",
        ):
            target = r.get(parent_field)
            if isinstance(target, str) and r["kind"] != "regional_centre":
                assert position[target] < position[r["id"]], (r["id"], parent_field)


def test_provinces_in_groups_and_centres(records: list[dict]) -> None:
    provinces = {r["id"] for r in _of(records, "province")}
    in_group = Counter(r.get("provincial_group") for r in _of(records, "province"))
    # The official scheme has 18 groups over 76 provinces; Bangkok belongs to none.
    assert None not in in_group or in_group[None] == 1
    assert [r["id"] for r in _of(records, "province") if not r.get("provincial_group")] == ["10"]
    assert len(in_group) - (None in in_group) == 18
    assert in_group["pg-lower-north-2"] == 4
    served = Counter(p for c in _of(records, "regional_centre") for p in c["serves"])
    assert set(served) == provinces
    assert max(served.values()) == 1


def test_centres_hosts_and_abbreviations(by_id: dict[str, dict]) -> None:
    hosts = {c: by_id[c]["province"] for c in ("rcc1", "rcc2", "rcc3", "rcc4", "rcc5")}
    assert hosts == {"rcc1": "50", "rcc2": "40", "rcc3": "90", "rcc4": "20", "rcc5": "10"}
    assert "ศวภ.1" in by_id["rcc1"]["abbr"]
    for centre, host in hosts.items():
        assert host in by_id[centre]["serves"]


def test_agency_names_and_abbreviations(by_id: dict[str, dict]) -> None:
    assert {"สวทช.", "สวทช", "NSTDA"} <= set(by_id["nstda"]["abbr"])
    assert by_id["nstda"]["name"] == "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ"
    assert "วท." in by_id["mhesi"]["abbr"] and by_id["mhesi"]["type"] == "ministry"
    for agency, abbr in [
        ("tistr", "วว."),
        ("dss", "วศ."),
        ("oap", "ปส."),
        ("tint", "สทน."),
        ("narit", "สดร."),
        ("gistda", "สทอภ."),
        ("nimt", "มว."),
        ("slri", "สซ."),
        ("haii", "สสน."),
        ("nia", "สนช."),
        ("nsm", "อพวช."),
        ("psu", "ม.อ."),
    ]:
        assert abbr in by_id[agency]["abbr"], agency
        assert by_id[agency]["name_en"] and by_id[agency]["province"]
    for centre in ("biotec", "mtec", "nectec", "nanotec", "entec"):
        assert by_id[centre]["parent"] == "nstda"
    universities = [r for r in by_id.values() if r.get("type") == "university"]
    assert len(universities) >= 20


def test_bangkok_and_chiang_mai_are_where_they_should_be(by_id: dict[str, dict]) -> None:
    bkk, cm = by_id["10"], by_id["50"]
    assert 13.5 < bkk["lat"] < 14.0 and 100.3 < bkk["lon"] < 100.9
    assert {"กทม", "กรุงเทพฯ", "Bangkok"} <= set(bkk["abbr"])
    assert "โคราช" in by_id["30"]["abbr"]
    assert 18.3 < cm["lat"] < 19.5 and 98.5 < cm["lon"] < 99.5
    assert cm["region"] == "north" and by_id["40"]["region"] == "northeast"
    # Bueng Kan's codes differ between the two source sets; the join is by name there.
    soi = by_id["380301"]
    assert soi["name"] == "โซ่" and soi["district"] == "3803"
    assert math.dist((soi["lat"], soi["lon"]), (by_id["38"]["lat"], by_id["38"]["lon"])) < 1.0


def test_every_point_inside_thailand_and_near_its_province(
    records: list[dict], by_id: dict[str, dict]
) -> None:
    placed = [r for r in records if "lat" in r]
    assert len(placed) > 8000
    for r in placed:
        assert 5.5 < r["lat"] < 20.6 and 97.3 < r["lon"] < 105.7, r["id"]
    for d in _of(records, "district"):
        if "lat" in d:
            p = by_id[d["province"]]
            assert math.dist((d["lat"], d["lon"]), (p["lat"], p["lon"])) < 2.5, d["id"]


def test_categories_are_rich_and_thai(records: list[dict]) -> None:
    cats = _of(records, "category")
    top = [c for c in cats if "broader" not in c]
    assert {c["id"] for c in top} >= {
        "agriculture",
        "food",
        "energy",
        "water",
        "health",
        "materials",
        "digital",
        "environment",
        "fisheries",
        "livestock",
        "community_business",
    }
    for t in top:
        narrower = [c for c in cats if c.get("broader") == t["id"]]
        assert 2 <= len(narrower) <= 5, t["id"]
        assert all(c["id"].startswith(t["id"] + ".") for c in narrower)
    for c in cats:
        for field in ("keywords", "problem_terms"):
            assert 10 <= len(c[field]) <= 25, (c["id"], field)
            assert any("\u0e00" <= ch <= "\u0e7f" for ch in "".join(c[field])), c["id"]
    by = {c["id"]: c for c in cats}
    assert "น้ำไม่พอใช้ในหน้าแล้ง" in by["water.storage"]["problem_terms"]
    assert "ราคาข้าวตกต่ำ" in by["agriculture.rice"]["problem_terms"]


@pytest.mark.skipif(not SHARED_GEO.is_dir(), reason="needs ../shared/data/geo")
def test_build_script_reproduces_committed_files(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "build_reference.py"
    done = subprocess.run(
        [
            sys.executable,
            str(script),
            "--shared",
            str(SHARED_GEO.parent.parent),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for path in reference_files():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
