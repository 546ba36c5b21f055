"""Each matching signal on a small hand-made graph where the right answer is known."""

from __future__ import annotations

from typing import Any

import pytest

from ttgraph.ingest import Record, apply_records
from ttgraph.matching import WEIGHTS, match_need
from ttgraph.matching_text import Category, expand
from ttgraph.store import Store

BASE: list[dict[str, Any]] = [
    {"kind": "region", "id": "north", "name": "ภาคเหนือ"},
    {"kind": "region", "id": "northeast", "name": "ภาคตะวันออกเฉียงเหนือ"},
    {
        "kind": "province",
        "id": "50",
        "name": "เชียงใหม่",
        "region": "north",
        "lat": 18.79,
        "lon": 98.98,
    },
    {
        "kind": "province",
        "id": "57",
        "name": "เชียงราย",
        "region": "north",
        "lat": 19.91,
        "lon": 99.83,
    },
    {
        "kind": "province",
        "id": "40",
        "name": "ขอนแก่น",
        "region": "northeast",
        "lat": 16.43,
        "lon": 102.83,
    },
    {"kind": "district", "id": "5001", "name": "เมืองเชียงใหม่", "province": "50"},
    {"kind": "district", "id": "4001", "name": "เมืองขอนแก่น", "province": "40"},
    {"kind": "subdistrict", "id": "500101", "name": "ศรีภูมิ", "district": "5001"},
    {"kind": "subdistrict", "id": "400101", "name": "ในเมือง", "district": "4001"},
    {
        "kind": "category",
        "id": "food",
        "name": "แปรรูปอาหาร",
        "keywords": ["แปรรูป", "เพิ่มมูลค่า", "อบแห้ง"],
        "problem_terms": ["ราคาตกต่ำ", "ผลผลิตล้นตลาด", "ขายไม่ได้ราคา"],
    },
    {
        "kind": "category",
        "id": "water",
        "name": "การจัดการน้ำ",
        "keywords": ["ระบบสูบน้ำ", "กักเก็บน้ำ"],
        "problem_terms": ["น้ำไม่พอ", "หน้าแล้ง", "ขาดแคลนน้ำ"],
    },
    {
        "kind": "agency",
        "id": "cmu",
        "name": "มหาวิทยาลัยเชียงใหม่",
        "type": "university",
        "province": "50",
    },
    {
        "kind": "agency",
        "id": "kku",
        "name": "มหาวิทยาลัยขอนแก่น",
        "type": "university",
        "province": "40",
    },
    {
        "kind": "clinic",
        "id": "clinic-cmu",
        "name": "คลินิกเทคโนโลยี มหาวิทยาลัยเชียงใหม่",
        "university": "cmu",
        "serves": ["50", "57"],
    },
    {
        "kind": "clinic",
        "id": "clinic-kku",
        "name": "คลินิกเทคโนโลยี มหาวิทยาลัยขอนแก่น",
        "serves": ["northeast"],
    },
    {
        "kind": "village",
        "id": "v-cm",
        "name": "บ้านแม่ริม",
        "subdistrict": "500101",
        "main_occupation": "ทำนา",
        "lat": 18.8,
        "lon": 98.99,
    },
    {
        "kind": "village",
        "id": "v-cr",
        "name": "บ้านดอยแม่สลอง",
        "province": "57",
        "main_occupation": "ปลูกชา",
    },
    {
        "kind": "village",
        "id": "v-kk",
        "name": "บ้านโนนสวรรค์",
        "subdistrict": "400101",
        "main_occupation": "ทำนา",
        "lat": 16.44,
        "lon": 102.84,
    },
]

TWIN = "เครื่องสีข้าวขนาดเล็กสำหรับชุมชน ช่วยแปรรูปข้าวเปลือกเป็นข้าวสาร"


def tech(tid: str, title: str, desc: str = "", **kw: Any) -> dict[str, Any]:
    return {"kind": "technology", "id": tid, "title": title, "description": desc, **kw}


def load(store: Store, records: list[dict[str, Any]]) -> None:
    report = apply_records(
        store,
        [Record(r, i) for i, r in enumerate(BASE + records, 1)],
        source="test",
        importer="test",
        strict=True,
    )
    assert report.status == "ok", [str(p) for p in report.problems]


def ids(result: Any) -> list[str]:
    return [m.id for m in result.results]


def test_expansion_turns_problem_words_into_solution_words() -> None:
    cats = [Category("food", "แปรรูปอาหาร", ("แปรรูป", "เพิ่มมูลค่า"), ("ราคาตกต่ำ",))]
    exp = expand("ราคาข้าวตกต่ำมาก ชาวบ้านขาดทุน", cats)
    assert exp.problems == [("food", "ราคาตกต่ำ")]
    assert exp.added == ["แปรรูป", "เพิ่มมูลค่า"]
    assert exp.categories == {"food": 0.75}
    assert expand("ถนนชำรุด", cats).added == []


def test_text_signal_uses_taxonomy_expansion(store: Store) -> None:
    load(
        store,
        [
            tech("t-snack", "ขนมจากแป้งข้าว", "การแปรรูปเพิ่มมูลค่าผลผลิตทางการเกษตร", category=["food"]),
            tech("t-pump", "ระบบสูบน้ำพลังงานแสงอาทิตย์", "สูบน้ำขึ้นถังเพื่อการเกษตร", category=["water"]),
            tech("t-road", "การซ่อมถนนด้วยยางพารา", "ถนนในหมู่บ้าน"),
        ],
    )
    res = match_need(store, None, text="ราคาตกต่ำ ขายผลผลิตไม่ได้", limit=3)
    assert ids(res)[0] == "t-snack"
    top = res.results[0]
    assert any("แปรรูป" in r["th"] for r in top.reasons if r["component"] == "text")
    assert res.as_dict()["need"]["categories"] == ["food"]
    dry = match_need(store, None, text="น้ำไม่พอใช้ในหน้าแล้ง", limit=3)
    assert ids(dry)[0] == "t-pump"


def test_evidence_same_occupation_weighted_by_outcome(store: Store) -> None:
    load(
        store,
        [
            tech("t-a", TWIN),
            tech("t-b", TWIN),
            tech("t-c", TWIN),
            {
                "kind": "transfer",
                "id": "tr-b",
                "technology": "t-b",
                "village": ["v-kk"],
                "year": 2015,
                "outcome": "adopted",
            },
            {
                "kind": "transfer",
                "id": "tr-c",
                "technology": "t-c",
                "village": ["v-kk"],
                "year": 2015,
                "outcome": "not_adopted",
            },
        ],
    )
    res = match_need(store, None, text="ชาวนาอยากสีข้าวเอง", place="v-cm", limit=3)
    assert res.need["occupation"] == "ทำนา"
    assert ids(res) == ["t-b", "t-a", "t-c"] or ids(res)[0] == "t-b"
    comp = {m.id: m.components for m in res.results}
    assert comp["t-b"]["evidence"] > comp["t-c"]["evidence"]
    assert any("อาชีพคล้ายกัน (ทำนา)" in r["th"] for r in res.results[0].reasons)


def test_evidence_accepted_for_similar_need(store: Store) -> None:
    from ttgraph.matching import add_need, decide

    load(store, [tech("t-a", TWIN), tech("t-b", TWIN)])
    old = add_need(store, "ชาวบ้านอยากมีเครื่องสีข้าวของชุมชนเอง", place="40")
    decide(store, old.id, "t-b", True, by="somchai")
    res = match_need(store, None, text="อยากได้เครื่องสีข้าวของชุมชน", place="50", limit=2)
    assert ids(res)[0] == "t-b"
    assert res.results[0].components["evidence"] > res.results[1].components["evidence"]
    assert old.id in res.need["similar_needs"]


def test_reach_by_service_area_and_region(store: Store) -> None:
    load(
        store,
        [
            tech("t-north", TWIN),
            tech("t-ne", TWIN),
            {
                "kind": "transfer",
                "id": "tr-n",
                "technology": "t-north",
                "village": ["v-cr"],
                "via": ["clinic-cmu"],
                "year": 2014,
            },
            {
                "kind": "transfer",
                "id": "tr-e",
                "technology": "t-ne",
                "village": ["v-kk"],
                "via": ["clinic-kku"],
                "year": 2014,
            },
        ],
    )
    north = match_need(store, None, text="ต้องการเครื่องสีข้าว", place="เชียงใหม่", limit=2)
    assert ids(north)[0] == "t-north"
    top = north.results[0]
    assert any(r["th"] == "คลินิกเทคโนโลยี มหาวิทยาลัยเชียงใหม่ ให้บริการจังหวัดนี้" for r in top.reasons)
    assert any("ถ่ายทอดแล้ว 1 หมู่บ้านในภาคเหนือ" in r["th"] for r in top.reasons)
    assert top.deliverers[0]["id"] == "clinic-cmu"
    east = match_need(store, None, text="ต้องการเครื่องสีข้าว", place="400101", limit=2)
    assert ids(east)[0] == "t-ne"
    assert east.results[0].deliverers[0]["serves"] == "province"  # it has worked there


def test_reach_by_distance(store: Store) -> None:
    load(
        store,
        [
            tech("t-near", TWIN),
            tech("t-far", TWIN),
            {
                "kind": "transfer",
                "id": "tr-1",
                "technology": "t-near",
                "village": ["v-cm"],
                "year": 2014,
            },
            {
                "kind": "transfer",
                "id": "tr-2",
                "technology": "t-far",
                "village": ["v-kk"],
                "year": 2014,
            },
        ],
    )
    res = match_need(store, None, text="ต้องการเครื่องสีข้าว", place="57", limit=2)
    assert ids(res) == ["t-near", "t-far"]
    assert res.results[0].components["reach"] > res.results[1].components["reach"]


def test_readiness_and_budget(store: Store) -> None:
    load(
        store,
        [
            tech("t-lab", TWIN, trl=3, cost_baht=5000),
            tech("t-ready", TWIN, trl=9, cost_baht=8000),
            tech("t-dear", TWIN, trl=9, cost_baht=250000),
        ],
    )
    res = match_need(store, None, text="ต้องการเครื่องสีข้าว งบไม่เกิน 10,000 บาท", limit=3)
    assert res.need["max_cost_baht"] == 10000
    assert ids(res) == ["t-ready", "t-lab", "t-dear"]
    assert any("เกินงบ" in r["th"] for r in res.results[2].reasons)


def test_result_shape_and_shares(store: Store) -> None:
    load(store, [tech("t-a", TWIN, trl=8)])
    res = match_need(store, None, text="เครื่องสีข้าว", place="50").as_dict()
    item = res["results"][0]
    assert set(item) >= {"id", "title", "score", "components", "reasons", "deliverers"}
    assert set(item["components"]) == set(WEIGHTS)
    assert sum(item["shares"].values()) == pytest.approx(1.0, abs=0.01)
    assert all({"th", "en"} <= set(r) for r in item["reasons"])


def test_graph_facts_follow_the_store(store: Store) -> None:
    from ttgraph.matching_graph import facts

    load(store, [tech("t-a", TWIN)])
    first = facts(store)
    assert facts(store) is first
    assert first.province_of("v-cm") == "50" and first.region_of("v-cm") == "north"
    load(
        store,
        [
            tech("t-a", TWIN),
            {
                "kind": "transfer",
                "id": "tr",
                "technology": "t-a",
                "village": ["v-cm"],
                "year": 2020,
            },
        ],
    )
    assert [t.id for t in facts(store).transfers["t-a"]] == ["tr"]


def test_search_engine_ranker(store: Store) -> None:
    from ttgraph.index import reindex
    from ttgraph.matching_engine import engine_ranker

    load(
        store,
        [
            tech("t-snack", "ขนมจากแป้งข้าว", "การแปรรูปเพิ่มมูลค่าผลผลิต", category=["food"]),
            tech("t-road", "การซ่อมถนนด้วยยางพารา", "ถนนในหมู่บ้าน"),
        ],
    )
    assert engine_ranker(store) is None
    reindex(store)
    ranker = engine_ranker(store)
    assert ranker is not None
    res = match_need(store, None, text="ราคาตกต่ำ", limit=2)
    assert res.need["ranker"] == "search-engine"
    # the weighted path (not the fallback on the engine's public search) must work
    exp = expand("ราคาตกต่ำ", [Category("food", "แปรรูปอาหาร", ("แปรรูป",), ("ราคาตกต่ำ",))])
    assert ranker._weighted(ranker._get(store), exp, 2)[0][0] == "t-snack"
    assert ids(res)[0] == "t-snack"


def test_local_index_follows_changes(store: Store) -> None:
    from ttgraph.matching_text import local_ranker

    load(store, [tech("t-a", "เครื่องสีข้าว"), tech("t-b", "เตาอบลำไย")])
    index = local_ranker(store)
    exp = expand("อบลำไย", [])
    assert [t for t, _ in index.rank(store, exp, 5)] == ["t-b"]
    load(
        store,
        [tech("t-a", "เครื่องสีข้าว"), tech("t-b", "ถังหมักปุ๋ย"), tech("t-c", "ตู้อบลำไยพลังงานแสงอาทิตย์")],
    )
    assert [t for t, _ in index.rank(store, exp, 5)] == ["t-c"]


def test_category_given_by_user(store: Store) -> None:
    load(store, [tech("t-a", TWIN), tech("t-b", TWIN, category=["food"])])
    res = match_need(store, None, text="เครื่องสีข้าว", category="food", limit=2)
    assert ids(res) == ["t-b", "t-a"]
    assert any("แปรรูปอาหาร" in r["th"] for r in res.results[0].reasons)


def test_engine_failure_falls_back_to_local_index(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ttgraph.index import reindex
    from ttgraph.matching_engine import EngineRanker

    load(store, [tech("t-a", TWIN)])
    reindex(store)

    def broken(*args: Any) -> list[tuple[str, float]]:
        raise RuntimeError("index being swapped")

    monkeypatch.setattr(EngineRanker, "rank", broken)
    res = match_need(store, None, text="เครื่องสีข้าว")
    assert res.need["ranker"] == "local-bm25" and ids(res) == ["t-a"]


def test_needs_refresh_without_full_rebuild(store: Store) -> None:
    from ttgraph.matching import add_need, decide
    from ttgraph.matching_graph import _build, facts

    load(
        store,
        [
            tech("t-a", TWIN),
            {
                "kind": "transfer",
                "id": "tr",
                "technology": "t-a",
                "village": ["v-kk"],
                "year": 2020,
            },
        ],
    )
    first = facts(store)
    need = add_need(store, "อยากได้เครื่องสีข้าว", place="v-kk")
    decide(store, need.id, "t-a", False, by="somchai")
    again = facts(store)
    assert again is first  # only needs and decisions changed: the graph part was kept
    fresh = _build(store, store.seq)
    assert again.need_facts.needs == fresh.need_facts.needs
    assert again.need_facts.decisions == fresh.need_facts.decisions
    assert {w: s for w, s in again.need_facts.by_word.items() if s} == dict(
        fresh.need_facts.by_word
    )
    assert [t.id for t in again.answered(need.id)] == ["tr"]  # given to the village raising it


def test_matched_words_leave_out_function_words(store: Store) -> None:
    load(store, [tech("t-ram", "แท่นสูบน้ำพลังน้ำ", "สูบน้ำได้โดยไม่ใช้ไฟฟ้า น้ำไม่พอก็ยังสูบได้")])
    res = match_need(store, None, text="น้ำไม่พอใช้ ไม่มีไฟฟ้า", limit=1)
    (shown,) = [r["th"] for r in res.results[0].reasons if r["th"].startswith("ตรงกับคำ")]
    assert "น้ำ" in shown and "ไฟฟ้า" in shown
    assert "ไม่" not in shown.split(": ")[1].split(", ")  # it matches, but says nothing alone
