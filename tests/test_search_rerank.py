"""Passage re-ranking: the record holding the query's words together in one sentence ranks first."""

from __future__ import annotations

from pathlib import Path

import pytest

from ttgraph.index import reindex
from ttgraph.ingest import Record, apply_records
from ttgraph.passage import best_passage, passage_words, rerank
from ttgraph.search import RANKING, Searcher
from ttgraph.store import Store

IDF = {"ตู้อบ": 3.0, "กล้วยตาก": 4.0, "ความชื้น": 2.0, "2558": 2.5, "iot": 3.5, "ที่": 0.1}


def test_words_in_one_sentence_count_together() -> None:
    text = "ชุมชนประชุมประจำเดือน ตู้อบช่วยลดความชื้นของกล้วยตาก สมาชิกนำไปขายที่ตลาด"
    assert best_passage(text, ["ตู้อบ", "กล้วยตาก", "ความชื้น"], IDF) == pytest.approx(9.0)


def test_scattered_words_count_only_within_two_adjacent_pieces() -> None:
    text = "ตู้อบ ราคาถูก ติดตั้งง่าย ดูแลง่าย กล้วยตาก ขายดี มีคุณภาพ ความชื้น ต่ำ"
    words = ["ตู้อบ", "กล้วยตาก", "ความชื้น"]
    assert best_passage(text, words, IDF, span=2) == pytest.approx(4.0)  # กล้วยตาก alone
    assert best_passage(text, words, IDF, span=1) == pytest.approx(4.0)
    assert best_passage(text, words, IDF, span=20) == pytest.approx(9.0)  # the whole text


def test_a_word_counts_once_however_often_it_occurs() -> None:
    text = "กล้วยตากกล้วยตากกล้วยตาก กล้วยตาก"
    assert best_passage(text, ["กล้วยตาก"], IDF) == pytest.approx(4.0)


def test_thai_digits_and_latin_case_match_the_analysed_query_words() -> None:
    text = "โครงการเริ่มปี ๒๕๕๘ ด้วยระบบIoTอัจฉริยะ"
    assert best_passage(text, ["2558", "iot"], IDF) == pytest.approx(6.0)


def test_nothing_found_or_nothing_given_is_zero() -> None:
    assert best_passage("", ["ตู้อบ"], IDF) == 0.0
    assert best_passage("ข้าวหอมมะลิ", [], IDF) == 0.0
    assert best_passage("ข้าวหอมมะลิ", ["ตู้อบ"], IDF) == 0.0


def test_one_letter_and_very_common_words_are_not_looked_for() -> None:
    assert passage_words(["ก", "ที่", "ตู้อบ", "ตู้อบ"], IDF, 0.5) == ["ตู้อบ"]
    assert passage_words(["ก", "ที่", "ตู้อบ"]) == ["ที่", "ตู้อบ"]


def test_rerank_lifts_the_clustered_text_and_keeps_ties_in_order() -> None:
    texts = ["ตู้อบ ราคาถูก ติดตั้งง่าย ดูแลง่าย ความชื้น", "ตู้อบลดความชื้นของกล้วยตาก"]
    words = ["ตู้อบ", "กล้วยตาก", "ความชื้น"]
    docs, scores = rerank([7, 3], [10.0, 9.0], texts, words, IDF, 1.0)
    assert docs == [3, 7]
    assert scores == [pytest.approx(18.0), pytest.approx(13.0)]
    assert rerank([7, 3], [5.0, 5.0], ["", ""], words, IDF, 1.0)[0] == [7, 3]


# Two records with the same words: the first scatters them over a longer text and repeats
# them (BM25F alone prefers it); the second says them in one sentence.
SCATTERED = (
    "ตู้อบพลังงานแสงอาทิตย์ขนาดเล็ก เหมาะกับครัวเรือน ผู้ผลิตรับประกันหนึ่งปี จัดส่งทั่วประเทศ "
    "กล้วยตากและผลไม้อบแห้งขายในงานเกษตรแฟร์ทุกปี สินค้าขายดีในหลายจังหวัด "
    "ความชื้นในโรงเรือนเห็ดควบคุมด้วยพัดลม"
)
CLUSTERED = (
    "วิสาหกิจชุมชนแปรรูปผลไม้ในจังหวัดพิษณุโลก ประชุมสมาชิกทุกเดือนเรื่องบัญชีและการตลาด "
    "ตู้อบช่วยลดความชื้นในกล้วยตากให้แห้งเร็วขึ้น "
    "สมาชิกนำผลผลิตไปขายที่ตลาดนัดและร้านของฝากริมทาง"
)
RECORDS = [
    {"kind": "technology", "id": "scattered", "title": "ตู้อบกล้วยตาก", "description": SCATTERED},
    {"kind": "technology", "id": "clustered", "title": "วิสาหกิจชุมชนแปรรูปผลไม้",
     "description": CLUSTERED},
] + [
    {"kind": "technology", "id": f"other{i}", "title": title, "description": text}
    for i, (title, text) in enumerate([
        ("ปุ๋ยอินทรีย์ชีวภาพ", "การทำปุ๋ยหมักจากเศษวัสดุเหลือใช้ทางการเกษตรด้วยจุลินทรีย์"),
        ("ไบโอดีเซลชุมชน", "ผลิตน้ำมันเชื้อเพลิงจากน้ำมันพืชใช้แล้ว ลดค่าใช้จ่ายของเกษตรกร"),
        ("โรงเรือนเห็ดอัจฉริยะ", "ควบคุมอุณหภูมิโรงเรือนเห็ดด้วยระบบIoT แจ้งเตือนทางโทรศัพท์"),
        ("ข้าวหอมมะลิอินทรีย์", "การปลูกข้าวหอมมะลิแบบอินทรีย์ในทุ่งกุลาร้องไห้ ได้ราคาดี"),
        ("เครื่องสีข้าวขนาดเล็ก", "เครื่องสีข้าวสำหรับกลุ่มเกษตรกร ใช้ไฟฟ้าน้อย ดูแลรักษาง่าย"),
        ("ผ้าทอมือย้อมสีธรรมชาติ", "การย้อมผ้าฝ้ายด้วยครามและเปลือกไม้ สีติดทนนาน"),
    ])
]  # fmt: skip
QUESTION = "ความชื้นของกล้วยตากในตู้อบ"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("rerank-home")
    store = Store.create(home)
    recs = [Record(r, i) for i, r in enumerate(RECORDS, 1)]
    report = apply_records(store, recs, source="t", importer="native", full=False)
    assert not report.problems
    reindex(store, procs=1)
    store.close()
    return home


def _ids(out: dict) -> list[str]:
    return [r["id"] for r in out["results"]]


def test_search_puts_the_answer_sentence_first(built: Path) -> None:
    assert RANKING["passage"] > 0
    with Searcher(built, passage=0.0) as plain:
        assert _ids(plain.search(QUESTION))[:2] == ["scattered", "clustered"]  # BM25F alone
    with Searcher(built) as s:
        out = s.search(QUESTION)
    assert _ids(out)[:2] == ["clustered", "scattered"]
    scores = [r["score"] for r in out["results"]]
    assert scores == sorted(scores, reverse=True)


def test_pages_agree_with_the_reranked_list(built: Path) -> None:
    with Searcher(built) as s:
        whole = _ids(s.search(QUESTION, limit=10, with_facets=False))
        pages = [_ids(s.search(QUESTION, limit=1, offset=i, snippets=False)) for i in range(3)]
        assert sum(pages, []) == whole[:3]
        assert s.search(QUESTION, sort="title")["total"] == len(whole)
        assert _ids(s.search('"ตู้อบ"'))  # a required phrase alone still answers


def test_rerank_depth_limits_what_moves(built: Path) -> None:
    with Searcher(built, rerank=1) as s:  # nothing to compare: BM25F order stays
        assert _ids(s.search(QUESTION))[:2] == ["scattered", "clustered"]
