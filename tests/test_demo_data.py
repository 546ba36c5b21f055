"""The shipped demo catalogue and matching evaluation set: valid, linked, coherent, big enough.

Pure file checks against the project's own reference data; no store, no ``../shared``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from ttgraph.model import kind_spec, ref_edges, validate_node

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "ttgraph" / "data" / "demo" / "native"
REFERENCE = ROOT / "ttgraph" / "data" / "reference"
EVAL = ROOT / "benchmarks" / "data" / "match_eval.jsonl"
FILES = {
    "technologies.jsonl": "technology",
    "clinics.jsonl": "clinic",
    "villages.jsonl": "village",
    "needs.jsonl": "need",
    "transfers.jsonl": "transfer",
    "volunteer_networks.jsonl": "volunteer_network",
}
TOP_CATEGORIES = {
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
THAI_DIGITS = re.compile("[๐-๙]")


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@cache
def demo() -> dict[str, list[dict]]:
    return {kind: _read(DEMO / name) for name, kind in FILES.items()}


@cache
def reference() -> dict[str, dict]:
    """Every reference node (agencies, categories, geography, regional centres) by id."""
    out: dict[str, dict] = {}
    for path in sorted(REFERENCE.glob("*.jsonl")):
        for rec in _read(path):
            out[rec["id"]] = rec
    return out


@cache
def everything() -> dict[str, dict]:
    nodes = dict(reference())
    for records in demo().values():
        for rec in records:
            nodes[rec["id"]] = rec
    return nodes


def _region_of(province_id: str) -> str:
    return reference()[province_id]["region"]


def test_every_record_is_a_valid_node_of_its_file_kind() -> None:
    for kind, records in demo().items():
        for rec in records:
            assert rec["kind"] == kind, rec["id"]
            validate_node(kind, rec)


def test_ids_are_unique_across_the_demo_and_the_reference_data() -> None:
    ids = [rec["id"] for records in demo().values() for rec in records]
    assert not [i for i, n in Counter(ids).items() if n > 1]
    assert not set(ids) & set(reference())


def test_every_reference_field_names_an_existing_node_of_an_allowed_kind() -> None:
    nodes = everything()
    for kind, records in demo().items():
        spec = kind_spec(kind)
        for rec in records:
            for field, _edge, target in ref_edges(kind, rec):
                assert target in nodes, f"{rec['id']}.{field} -> {target}"
                assert nodes[target]["kind"] in spec.field(field).ref, f"{rec['id']}.{field}"


def test_village_and_need_places_nest() -> None:
    ref = reference()
    for kind in ("village", "need"):
        for rec in demo()[kind]:
            assert ref[rec["subdistrict"]]["district"] == rec["district"], rec["id"]
            assert ref[rec["district"]]["province"] == rec["province"], rec["id"]
    villages = {v["id"]: v for v in demo()["village"]}
    for need in demo()["need"]:
        village = villages[need["raised_by"]]
        assert need["subdistrict"] == village["subdistrict"], need["id"]


def test_counts_meet_the_issue() -> None:
    d = demo()
    techs = d["technology"]
    assert len(techs) >= 160
    assert len({t["agency"][0] for t in techs}) >= 10
    assert {c for t in techs for c in t["category"]} == TOP_CATEGORIES
    assert len(d["clinic"]) == 70
    assert len(d["village"]) >= 110
    assert len({v["province"] for v in d["village"]}) >= 40
    assert len(d["need"]) >= 110
    assert len(d["transfer"]) >= 220
    assert len(d["volunteer_network"]) == 8


def test_technologies_read_like_a_real_catalogue() -> None:
    techs = demo()["technology"]
    for t in techs:
        assert t["id"].startswith(t["agency"][0] + "-t"), t["id"]
        sentences = [s for s in re.split(r"\s{1,}(?=\S)", t["description"]) if s]
        assert len(sentences) >= 2, t["id"]
        assert t.get("keywords") and t.get("trl") and t.get("year"), t["id"]
    assert sum("cost_baht" in t for t in techs) >= 0.8 * len(techs)
    assert sum("title_en" in t for t in techs) >= 10
    assert sum(bool(THAI_DIGITS.search(t["description"] + t["benefits"])) for t in techs) >= 3
    assert any("วทน." in t["description"] for t in techs)
    english = re.compile(r"[ก-๙] \([A-Za-z][A-Za-z ]+\)$")  # "ไทย (English)"
    assert sum(bool(english.search(t["title"])) for t in techs) >= 2


def _title_key(title: str) -> str:
    return re.sub(r"[\W_]+", "", title).lower()


def test_near_duplicate_pairs_share_an_owner_and_a_normalised_title() -> None:
    """Pairs ``ttgraph duplicates`` should offer once the two sit in different sources."""
    techs = demo()["technology"]
    pairs = [
        (a["id"], b["id"])
        for i, a in enumerate(techs)
        for b in techs[i + 1 :]
        if set(a["agency"]) & set(b["agency"]) and _title_key(a["title"]) == _title_key(b["title"])
    ]
    assert len(pairs) >= 4, pairs


def test_transfers_are_coherent_with_clinics_and_villages() -> None:
    d = demo()
    clinics = {c["id"]: c for c in d["clinic"]}
    villages = {v["id"]: v for v in d["village"]}
    needs = {n["id"]: n for n in d["need"]}
    by_clinic = 0
    for tr in d["transfer"]:
        assert 2015 <= tr["year"] <= 2025, tr["id"]
        province = villages[tr["village"][0]]["province"]
        via = tr["via"][0]
        if via in clinics:
            serves = clinics[via]["serves"]
            assert province in serves or _region_of(province) in serves, tr["id"]
            by_clinic += 1
        if "need" in tr:
            need = needs[tr["need"]]
            assert need["raised_by"] in tr["village"], tr["id"]
            assert need["status"] in ("in_progress", "resolved"), tr["id"]
            assert tr["date"] >= need["date"], tr["id"]
    assert by_clinic >= 0.7 * len(d["transfer"])
    assert set(Counter(t["outcome"] for t in d["transfer"])) == {
        "adopted",
        "partly_adopted",
        "not_adopted",
        "ongoing",
    }


def test_needs_have_a_status_mix_and_distinct_wording() -> None:
    needs = demo()["need"]
    assert set(Counter(n["status"] for n in needs)) == {
        "open",
        "matched",
        "in_progress",
        "resolved",
    }
    assert len({n["text"] for n in needs}) == len(needs)


def test_clinics_cover_every_village_province() -> None:
    d = demo()
    served = set()
    for c in d["clinic"]:
        served |= set(c["serves"])
    for v in d["village"]:
        assert v["province"] in served or _region_of(v["province"]) in served, v["id"]


@pytest.fixture(scope="module")
def eval_set() -> list[dict]:
    return _read(EVAL)


def test_eval_set_is_graded_against_the_catalogue(eval_set: list[dict]) -> None:
    nodes = everything()
    techs = {t["id"] for t in demo()["technology"]}
    assert len(eval_set) >= 60
    assert len({e["id"] for e in eval_set}) == len(eval_set)
    for item in eval_set:
        assert item["relevant"], item["id"]
        assert set(item["relevant"]) <= techs, item["id"]
        assert set(item["relevant"].values()) <= {1, 2, 3}, item["id"]
        assert 3 in item["relevant"].values(), item["id"]
        assert nodes[item["place"]]["kind"] in ("province", "district"), item["id"]
        if "village" in item:
            assert nodes[item["village"]]["district"] == item["place"], item["id"]


def test_eval_needs_are_not_written_in_the_catalogue_words(eval_set: list[dict]) -> None:
    need_texts = {n["text"] for n in demo()["need"]}
    titles = [t["title"] for t in demo()["technology"]]
    for item in eval_set:
        assert item["text"] not in need_texts, item["id"]
        assert not any(title in item["text"] for title in titles), item["id"]


def test_committed_files_are_what_the_generator_makes() -> None:
    """Hand edits to the JSON Lines would be lost on a rebuild: edit scripts/demo/ instead."""
    import importlib.util

    geo = ROOT.parent / "shared" / "data" / "geo"
    if not geo.is_dir():
        pytest.skip("the reference geography in ../shared is not here")
    spec = importlib.util.spec_from_file_location("make_demo", ROOT / "scripts" / "make_demo.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path, text in module.build().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name}: run scripts/make_demo.py"
