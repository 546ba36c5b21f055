"""Re-ranking signals beside the passage: unknown compounds cut into indexed words, a word
found only inside a longer one, and the record's name written whole in the query."""

from __future__ import annotations

from pathlib import Path

import pytest

from ttgraph.decompound import split_unknown
from ttgraph.index import reindex
from ttgraph.ingest import Record, apply_records
from ttgraph.passage import held_words, name_match, record_name, rerank
from ttgraph.search import RANKING, WORD_FIELDS, Searcher
from ttgraph.store import Store

KNOWN = {"การ", "ขัดขืน", "เป็น", "ที่", "เป็นที่", "ต้องการ", "เห็น", "ด้วย", "กฎหมาย"}


def test_an_unknown_compound_is_cut_into_the_fewest_known_words() -> None:
    assert split_unknown("การขัดขืน", KNOWN.__contains__) == ["การ", "ขัดขืน"]
    assert split_unknown("เป็นที่ต้องการ", KNOWN.__contains__) == ["เป็นที่", "ต้องการ"]
    assert split_unknown("เห็นด้วย", KNOWN.__contains__) == ["เห็น", "ด้วย"]


def test_no_cut_when_a_piece_is_unknown_or_splits_a_cluster() -> None:
    assert split_unknown("การประท้วง", KNOWN.__contains__) == []  # ประท้วง unknown
    # เห็ + นด้วย would cut the cluster เห็น: never tried, even if both were "known"
    assert split_unknown("เห็นด้วย", {"เห็", "นด้วย"}.__contains__) == []
    assert split_unknown("การขัดขืน", {"การขัดขืน"}.__contains__) == []  # no one-piece answer
    assert split_unknown("protest", KNOWN.__contains__) == []
    assert split_unknown("ก", KNOWN.__contains__) == []


def test_record_name_is_the_title_up_to_a_space_or_bracket() -> None:
    assert record_name("ปลาแดง ปลาน้ำจืดชนิดหนึ่ง") == "ปลาแดง"
    assert record_name("ชวนชม (อังกฤษ: Adenium) เป็นไม้ดอก") == "ชวนชม"
    assert record_name("  เตาชีวมวล๒๕๕๘: รุ่นใหม่") == "เตาชีวมวล2558"
    assert record_name("") == ""


def test_name_counts_only_when_written_whole_in_the_query() -> None:
    idf = {"ปลาแดง": 6.6, "มีชื่อ": 2.5, "วิทยาศาสตร์": 5.4}
    query = "ปลาแดงมีชื่อวิทยาศาสตร์ว่าอะไร"
    words = list(idf)
    assert name_match("ปลาแดง", query, words, idf) == pytest.approx(6.6)
    assert name_match("ปลาแดงน้อย", query, words, idf) == 0.0  # another fish
    assert name_match("ปล", query, words, idf) == 0.0  # too short to name anything


def test_a_word_found_only_inside_a_longer_word_counts_less() -> None:
    idf = {"ชนะ": 4.0, "การแข่งขัน": 3.6}
    texts = ["ทีมบรอนคอสเอาชนะในการแข่งขัน", "ทีมแพนเธอร์สชนะในการแข่งขัน"]
    words = ["ชนะ", "การแข่งขัน"]
    held = [{"การแข่งขัน"}, {"ชนะ", "การแข่งขัน"}]
    docs, scores = rerank([1, 2], [10.0, 10.0], texts, words, idf, 1.0, held=held, inside=0.5)
    assert docs == [2, 1]
    assert scores == [pytest.approx(17.6), pytest.approx(15.6)]
    # without the list of held words both count in full: a tie, kept in order
    assert rerank([1, 2], [10.0, 10.0], texts, words, idf, 1.0)[0] == [1, 2]


RECORDS = [
    ("pla-daeng-noi", "ปลาแดงน้อย ปลาน้ำจืด",
     "ปลาแดงน้อย ปลาน้ำจืดชนิดหนึ่ง มีชื่อวิทยาศาสตร์ว่า Discherodontus ashmeadi พบในแม่น้ำโขง"),
    ("pla-daeng", "ปลาแดง ปลาน้ำจืด",
     "ปลาแดง ปลาน้ำจืดชนิดหนึ่ง มีชื่อวิทยาศาสตร์ว่า Phalacronotus bleekeri อาศัยในบึงใหญ่"),
    ("broncos", "ทีมบรอนคอส", "ทีมบรอนคอสเอาชนะทีมสตีลเลอร์สในรอบแรก"),
    ("panthers", "ทีมแพนเธอร์ส", "ทีมแพนเธอร์สชนะการแข่งขันในรอบแรก"),
    ("protest", "ชาวบ้านคัดค้านเขื่อน", "ชาวบ้านขัดขืนคำสั่งย้ายออกจากป่า ตามกฎหมายป่าไม้"),
    ("rice", "ข้าวหอมมะลิอินทรีย์", "การปลูกข้าวหอมมะลิแบบอินทรีย์ในทุ่งกุลาร้องไห้ ได้ราคาดี"),
]  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("signals-home")
    store = Store.create(home)
    recs = [
        Record({"kind": "technology", "id": i, "title": t, "description": d}, n)
        for n, (i, t, d) in enumerate(RECORDS, 1)
    ]
    report = apply_records(store, recs, source="t", importer="native", full=False)
    assert not report.problems
    reindex(store, procs=1)
    store.close()
    return home


def _scores(out: dict) -> dict[str, float]:
    return {r["id"]: r["score"] for r in out["results"]}


def test_search_seeks_the_parts_of_an_unknown_compound(built: Path) -> None:
    assert RANKING["unknown_parts"] > 0
    with Searcher(built) as s:
        pq = s.parse("การขัดขืนกฎหมาย")
        assert "ขัดขืน" in pq.highlight
        part = [w for w, parts in pq.terms if parts[0][1] == "ขัดขืน"]
        assert part == [RANKING["unknown_parts"]]
        assert [r["id"] for r in s.search("การขัดขืน")["results"]][:1] == ["protest"]
    with Searcher(built, unknown_parts=0.0) as s:
        assert "ขัดขืน" not in s.parse("การขัดขืนกฎหมาย").highlight


def test_search_lifts_the_record_named_in_the_question(built: Path) -> None:
    question = "ปลาแดงมีชื่อวิทยาศาสตร์ว่าอะไร"
    with Searcher(built, name=0.0) as s:
        plain = _scores(s.search(question))
    with Searcher(built) as s:
        named = _scores(s.search(question))
        assert next(iter(named)) == "pla-daeng"
        idf = s.ranker.idf("body", "ปลาแดง")
    assert named["pla-daeng"] - plain["pla-daeng"] == pytest.approx(RANKING["name"] * idf, 1e-3)
    assert named["pla-daeng-noi"] == pytest.approx(plain["pla-daeng-noi"], abs=1e-3)


def test_search_knows_which_records_hold_a_query_word(built: Path) -> None:
    with Searcher(built) as s:
        pq = s.parse("ใครชนะการแข่งขัน")
        kept: dict = {}
        s.ranker.score(pq.terms, kept)
        docs = {s.searcher.stored_fields(d)["id"]: d for d in range(s.ranker.n)}
        head = [docs["broncos"], docs["panthers"]]
        words = ["ชนะ", "การแข่งขัน"]
        found = [kept.get(tuple((f, w, RANKING[f]) for f in WORD_FIELDS)) for w in words]
        held = held_words(head, words, found)
        assert held == [set(), {"ชนะ", "การแข่งขัน"}]  # เอาชนะ is one word of its own
        assert held_words(head, words, [None, None]) == [set(), set()]
