"""Thai analyzers: the terms a document and a query produce must meet where a reader's would."""

from __future__ import annotations

import pickle

import pytest

from ttgraph.analysis import (
    bigram_analyzer,
    folded_analyzer,
    segmenter,
    terms,
    word_analyzer,
)


@pytest.fixture(params=["nlpo3", "newmm"])
def words(request: pytest.FixtureRequest):
    return word_analyzer(request.param)


def test_latin_split_from_thai_and_lowercased(words) -> None:
    assert terms("ระบบIoTอัจฉริยะ", words) == ["ระบบ", "iot", "อัจฉริยะ"]


def test_mai_yamok_is_never_a_token(words) -> None:
    assert terms("เด็กๆ", words) == terms("เด็ก ๆ", words) == ["เด็ก"]


def test_paiyannoi(words) -> None:
    assert terms("กรุงเทพฯ", words) == terms("กรุงเทพ", words) == ["กรุงเทพ"]
    assert "ฯลฯ" in terms("ผัก ผลไม้ ฯลฯ", words)


@pytest.mark.parametrize("abbr", ["สวทช", "วทน", "ศวภ", "อสวท"])
def test_dotted_and_undotted_abbreviations_equal(words, abbr: str) -> None:
    assert terms(abbr + ".", words) == terms(abbr, words) == [abbr]


def test_abbreviation_chain_whole_and_parts(words) -> None:
    got = terms("สส.สป.วท.", words)
    assert got[0] == "สสสปวท"
    assert {"สส", "สป", "วท"} <= set(got)
    assert terms("พ.ศ. ๒๕๕๘", words) == ["พศ", "2558"]


def test_thai_digits_match_ascii(words) -> None:
    assert terms("ปี ๒๕๕๘", words) == terms("ปี 2558", words)


def test_punctuation_dropped(words) -> None:
    assert terms("“น้ำ” (ประปา), ชุมชน!", words) == ["น้ำ", "ประปา", "ชุมชน"]
    assert terms("!!! ... ---", words) == []


def test_normalisation_applied_before_segmentation(words) -> None:
    assert terms("การด าเนินการ", words) == terms("การดำเนินการ", words)
    assert terms("นำ้ประปา", words) == terms("น้ำประปา", words)
    assert terms("\u0e40\u0e40ปรรูป", words) == terms("แปรรูป", words)


def test_offsets_refer_to_the_original_text(words) -> None:
    raw = "ส านักงาน\u200bการด าเนินการ"
    spans = {t.text: (t.startchar, t.endchar) for t in words(raw, chars=True)}
    s, e = spans["ดำเนินการ"]
    assert raw[s:e] == "ด าเนินการ"


def test_custom_dictionary_keeps_graph_names_whole(tmp_path) -> None:
    name = "บ้านโนนสะอาดพัฒนา"
    assert terms(name, word_analyzer("nlpo3")) != [name]
    path = tmp_path / "dictionary.txt"
    path.write_text(name + "\n", encoding="utf-8")
    for engine in ("nlpo3", "newmm"):
        assert terms(name, word_analyzer(engine, str(path))) == [name]


def test_missing_dictionary_file_falls_back(tmp_path) -> None:
    a = word_analyzer("nlpo3", str(tmp_path / "nope.txt"))
    assert terms("เทคโนโลยีการเกษตร", a) == ["เทคโนโลยี", "การเกษตร"]


def test_engines_agree_on_ordinary_text() -> None:
    text = "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติถ่ายทอดเทคโนโลยีให้ชุมชน"
    assert segmenter("nlpo3")(text) == segmenter("newmm")(text)


def test_nlpo3_never_cuts_a_mark_off_a_word() -> None:
    assert all(not w.startswith("\u0e4c") for w in segmenter("nlpo3")("เวียร์ยาว"))


def test_bigrams_find_part_of_a_compound() -> None:
    bi = bigram_analyzer()
    assert terms("เทคโนโลยีชีวภาพ", word_analyzer()) == ["เทคโนโลยีชีวภาพ"]
    assert set(terms("ชีวภาพ", bi)) <= set(terms("เทคโนโลยีชีวภาพ", bi))
    assert terms("เด็ก", bi) == ["เด็ก"]  # one cluster run stays whole


def test_folded_forgives_tone_marks_and_thanthakhat() -> None:
    f = folded_analyzer()
    assert terms("กาฬสินธุ์", f) == terms("กาฬสินธุ", f)
    assert terms("น้ำ", f) == ["นำ"]
    assert terms("กาฬสินธุ์") != terms("กาฬสินธุ")  # the main field keeps the marks


def test_analyzers_pickle_without_loaded_state(tmp_path) -> None:
    for a in (
        word_analyzer("nlpo3", str(tmp_path / "d.txt")),
        bigram_analyzer(),
        folded_analyzer(),
    ):
        blob = pickle.dumps(a)
        assert len(blob) < 2000
        assert pickle.loads(blob) == a


def test_query_mode_and_untokenized() -> None:
    a = word_analyzer()
    assert [t.text for t in a("สวทช.", mode="query")] == ["สวทช"]
    assert [t.text for t in a(" ไทย ", tokenize=False)] == [" ไทย "]


def test_tokenizer_pickled_before_an_attribute_existed_still_works() -> None:
    """Indexes keep their pickled analyzers; one written before ``aggregate`` existed must load."""
    import pickle

    from ttgraph.analysis import ThaiTokenizer

    tok = ThaiTokenizer(unit="tcc")
    del tok.__dict__["aggregate"]  # as an older version pickled it
    old = pickle.loads(pickle.dumps(tok))
    assert [t.text for t in old("ข้าวหอม")]
