"""Search over the graph: Thai queries, hostile input, facets, synonyms, snippets, index upkeep."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ttgraph.cli import main
from ttgraph.index import current_dir, drift, reindex, update_index
from ttgraph.ingest import Record, apply_records
from ttgraph.search import Searcher, snippet
from ttgraph.store import Store

RECORDS = [
    {"kind": "region", "id": "northeast", "name": "ภาคตะวันออกเฉียงเหนือ", "name_en": "Northeast"},
    {"kind": "region", "id": "central", "name": "ภาคกลาง", "name_en": "Central"},
    {"kind": "province", "id": "30", "name": "นครราชสีมา", "region": "northeast"},
    {"kind": "province", "id": "10", "name": "กรุงเทพมหานคร", "abbr": ["กทม."], "region": "central"},
    {
        "kind": "agency",
        "id": "nstda",
        "name": "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ",
        "name_en": "NSTDA",
        "abbr": ["สวทช."],
        "province": "10",
    },
    {"kind": "agency", "id": "tistr", "name": "สถาบันวิจัยวิทยาศาสตร์และเทคโนโลยีแห่งประเทศไทย",
     "name_en": "TISTR", "abbr": ["วว."]},
    {"kind": "category", "id": "food", "name": "แปรรูปอาหาร", "name_en": "Food processing"},
    {
        "kind": "technology",
        "id": "t1",
        "title": "เครื่องอบแห้งพลังงานแสงอาทิตย์",
        "description": "ตู้อบแห้งผลผลิตการเกษตรด้วยพลังงานแสงอาทิตย์ ลดความชื้นกล้วยตากและพริก",
        "agency": ["nstda"],
        "category": ["food"],
        "trl": 7,
        "year": 2015,
    },
    {
        "kind": "technology",
        "id": "t2",
        "title": "ปุ๋ยอินทรีย์ชีวภาพ",
        "description": "การทำปุ๋ยหมักจากเศษวัสดุเหลือใช้ทางการเกษตรด้วยจุลินทรีย์",
        "agency": ["tistr"],
        "trl": 5,
        "year": 2012,
    },
    {
        "kind": "technology",
        "id": "t3",
        "title": "ไบโอดีเซล (Biodiesel)",
        "description": "ผลิตน้ำมันเชื้อเพลิงจากน้ำมันพืชใช้แล้ว",
        "agency": ["tistr"],
        "trl": 6,
    },
    {
        "kind": "technology",
        "id": "t4",
        "title": "ถังผลิตน้ำมันไบโอดีเซลชุมชน",
        "description": "ระบบควบคุมอุณหภูมิโรงเรือนเห็ดด้วยระบบIoTอัจฉริยะ การดำเนินการโดยวิสาหกิจชุมชน",
        "agency": ["nstda"],
        "trl": 4,
    },
    {"kind": "village", "id": "v1", "name": "บ้านโนนสะอาด", "province": "30",
     "main_occupation": "ทำนา", "products": ["ข้าวหอมมะลิ"]},
]  # fmt: skip


def _load(store: Store, records: list[dict]) -> list[str]:
    report = apply_records(
        store,
        [Record(r, i) for i, r in enumerate(records, 1)],
        source="t",
        importer="native",
        full=False,
    )
    assert not report.problems, [str(p) for p in report.problems]
    return report.changed_ids


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("search-home")
    store = Store.create(home)
    _load(store, RECORDS)
    reindex(store, procs=1)
    store.close()
    return home


@pytest.fixture(scope="module")
def s(built: Path):
    with Searcher(built) as searcher:
        yield searcher


def ids(result: dict) -> list[str]:
    return [r["id"] for r in result["results"]]


HOSTILE = [
    "",
    "   ",
    '"',
    '"เครื่องอบแห้ง',
    "AND (OR",
    "NOT",
    "*",
    "?*~^",
    "!!!...,,,",
    "agency:",
    "kind:",
    "trl:abc",
    "unknownfield:ค่า",
    "ก" * 5000,
    "อบแห้ง " * 800,
    "\x00\u200b\ufeff",
    "(((((",
    "title:[a TO",
    "ๆๆๆ ฯฯฯ",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_answer_without_error(s: Searcher, query: str) -> None:
    out = s.search(query)
    assert isinstance(out["results"], list)
    assert out["total"] >= len(out["results"])


def test_unbalanced_quote_still_searches_the_words(s: Searcher) -> None:
    assert "t1" in ids(s.search('"เครื่องอบแห้ง'))


def test_thai_query_finds_title_first(s: Searcher) -> None:
    assert ids(s.search("เครื่องอบแห้ง"))[0] == "t1"
    assert ids(s.search("ปุ๋ยหมัก จุลินทรีย์"))[0] == "t2"


def test_part_of_a_compound_found_through_bigrams(s: Searcher) -> None:
    assert "t2" in ids(s.search("ชีวภาพ"))


def test_missing_tone_mark_still_matches(s: Searcher) -> None:
    assert "t2" in ids(s.search("ปุ๋ยอินทรีย"))  # thanthakhat forgotten


def test_latin_inside_thai(s: Searcher) -> None:
    assert ids(s.search("iot"))[0] == "t4"


def test_quoted_phrase_is_required(s: Searcher) -> None:
    assert ids(s.search('"พลังงานแสงอาทิตย์"')) == ["t1"]
    assert ids(s.search('"แสงอาทิตย์ พลังงาน"')) == []


def test_field_filter_by_abbreviation(s: Searcher) -> None:
    out = s.search("agency:สวทช. kind:technology")
    assert sorted(ids(out)) == ["t1", "t4"]
    assert sorted(ids(s.search("agency:NSTDA kind:technology"))) == ["t1", "t4"]


def test_facets_with_counts_and_filters(s: Searcher) -> None:
    out = s.search("น้ำมัน", kind="technology")
    assert out["facets"]["kind"] == {"technology": 2}
    assert out["facets"]["agency"] == {"tistr": 1, "nstda": 1}
    assert out["facets"]["trl"] == {"6": 1, "4": 1}
    assert ids(s.search("น้ำมัน", facets={"agency": "วว"})) == ["t3"]
    village = s.search("ข้าวหอมมะลิ")
    assert village["facets"]["province"] == {"30": 1}
    assert village["facets"]["region"] == {"northeast": 1}


def test_province_short_name_filter_and_synonym(s: Searcher) -> None:
    assert ids(s.search("", facets={"province": "โคราช"})) == ["30", "v1"]
    assert ids(s.search("กทม"))[0] == "10"


def test_agency_synonyms_reach_its_technologies(s: Searcher) -> None:
    got = ids(s.search("สวทช"))
    assert got[0] == "nstda"
    assert {"t1", "t4"} <= set(got)
    assert {"t1", "t4"} <= set(ids(s.search("NSTDA")))


def test_thai_english_pair_from_the_data(s: Searcher) -> None:
    # "ไบโอดีเซล (Biodiesel)" in one title makes the English word find the Thai-only record
    assert "t4" in ids(s.search("biodiesel"))


def test_snippet_highlights_thai_words(s: Searcher) -> None:
    out = s.search("ความชื้น")
    assert "<b>ความชื้น</b>" in out["results"][0]["snippet"]


def test_snippet_offsets_survive_normalisation() -> None:
    raw = "ขั้นตอนการด าเนินการของส านักงาน <ชุมชน>"
    got = snippet(raw, ["ดำเนินการ", "สำนักงาน"])
    assert "<b>ด าเนินการ</b>" in got
    assert "<b>ส านักงาน</b>" in got
    assert "&lt;ชุมชน&gt;" in got


def test_sorting_and_pagination(s: Searcher) -> None:
    all_tech = ids(s.search("kind:technology", sort="title", limit=10))
    assert len(all_tech) == 4
    page2 = ids(s.search("kind:technology", sort="title", limit=2, offset=2))
    assert page2 == all_tech[2:]
    by_year = ids(s.search("kind:technology", sort="-year", limit=2))
    assert by_year == ["t2", "t1"]  # oldest first with -year; dateless last


def test_did_you_mean(s: Searcher) -> None:
    out = s.search("เครื่องอบแหง")  # ้ missing on แห้ง
    assert "แห้ง" in (out.get("did_you_mean") or "")


def test_incremental_update_add_change_remove(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "h")
    _load(store, RECORDS[:8])
    reindex(store, procs=1)
    changed = _load(
        store,
        [{"kind": "technology", "id": "t9", "title": "โรงเรือนปลูกเมล่อนบ้านโนนสะอาดพัฒนา"}],
    )
    update_index(store, changed, [])
    with Searcher(store) as s:
        assert ids(s.search("เมล่อน")) == ["t9"]
    with store.transaction():
        store.set_status("t9", "withdrawn")
    update_index(store, [], ["t9"])
    with Searcher(store) as s:
        assert ids(s.search("เมล่อน")) == []
    assert drift(store)["ok"]


def test_new_dictionary_word_reindexes_old_documents(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "h")
    text = "ชุมชนบ้านโนนสะอาดพัฒนาปลูกผักปลอดสารพิษ"
    _load(store, [{"kind": "technology", "id": "t1", "title": "ผักปลอดสาร", "description": text}])
    reindex(store, procs=1)
    _load(store, [{"kind": "agency", "id": "nsp", "name": "โนนสะอาดพัฒนา"}])
    update_index(store, ["nsp"], [])
    with Searcher(store) as s:
        assert s.search("โนนสะอาดพัฒนา", kind="technology")["results"][0]["id"] == "t1"
        assert s.searcher.doc_frequency("body", "โนนสะอาดพัฒนา") == 1


def test_drift_reports_changes_the_index_has_not_seen(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "h")
    _load(store, RECORDS[:8])
    reindex(store, procs=1)
    _load(store, [{"kind": "technology", "id": "t9", "title": "เตาเผาถ่านประสิทธิภาพสูง"}])
    report = drift(store)
    assert not report["ok"] and report["missing"] == ["t9"] and report["unseen_changes"] > 0
    update_index(store)
    assert drift(store)["ok"]


def test_reindex_swaps_atomically_and_old_searcher_keeps_working(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "h")
    _load(store, RECORDS)
    reindex(store, procs=1)
    first = current_dir(store.home)
    with Searcher(store) as old:
        reindex(store, procs=1)
        assert ids(old.search("เครื่องอบแห้ง"))[0] == "t1"  # still served from the old build
    second = current_dir(store.home)
    assert second != first and not first.exists()
    with Searcher(store) as new:
        assert ids(new.search("เครื่องอบแห้ง"))[0] == "t1"


def test_cli_batch_one_json_line_per_query_in_order(built: Path, runner, tmp_path: Path) -> None:
    queries = ["เครื่องอบแห้ง", "", "AND (OR", '"', "ปุ๋ย"]
    batch = tmp_path / "q.txt"
    batch.write_text("\n".join(queries) + "\n", encoding="utf-8")
    res = runner.invoke(main, ["--home", str(built), "search", "--batch", str(batch)])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.splitlines()]
    assert [x["query"] for x in lines] == queries
    assert set(lines[0]) >= {"query", "total", "results", "facets"}
    assert set(lines[0]["results"][0]) == {"id", "kind", "title", "score", "snippet"}
    assert lines[0]["results"][0]["id"] == "t1"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "tis-620"])
def test_cli_batch_reads_the_encodings_agencies_use(
    built: Path, runner, tmp_path: Path, encoding: str
) -> None:
    queries = ["เครื่องอบแห้ง", "", "ปุ๋ย"]
    batch = tmp_path / "q.txt"
    batch.write_bytes(("\r\n".join(queries) + "\r\n").encode(encoding))
    res = runner.invoke(main, ["--home", str(built), "search", "--batch", str(batch)])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.splitlines()]
    assert [x["query"] for x in lines] == queries
    assert lines[0]["results"][0]["id"] == "t1"


def test_cli_batch_from_a_pipe_and_not_text(built: Path, runner, tmp_path: Path) -> None:
    import io

    from ttgraph.cli_search import batch_queries

    class Pipe(io.BytesIO):  # a pipe cannot seek: lines are decoded as they come
        def seekable(self) -> bool:
            return False

    piped = "เครื่องอบแห้ง\r\n".encode("tis-620") + "ปุ๋ย\n".encode() + b"\xff\xfe\n"
    assert list(batch_queries(Pipe(piped))) == ["เครื่องอบแห้ง", "ปุ๋ย", "\ufffd\ufffd"]
    res = runner.invoke(main, ["--home", str(built), "search", "--batch", "-"], input=piped)
    assert res.exit_code == 0, res.output
    assert len(res.output.splitlines()) == 3  # one answer per line, whatever the bytes
    junk = tmp_path / "q.xlsx"
    junk.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    bad = runner.invoke(main, ["--home", str(built), "search", "--batch", str(junk)])
    assert bad.exit_code == 2 and "not text" in bad.output and "Traceback" not in bad.output


def test_cli_search_text_and_facet_option(built: Path, runner) -> None:
    res = runner.invoke(
        main, ["--home", str(built), "search", "น้ำมัน", "--facet", "agency=วว", "--limit", "5"]
    )
    assert res.exit_code == 0, res.output
    assert "ไบโอดีเซล" in res.output and "[technology t3]" in res.output
    bad = runner.invoke(main, ["--home", str(built), "search", "x", "--facet", "colour=red"])
    assert bad.exit_code == 2 and "FIELD=VALUE" in bad.output


def test_cli_search_without_index_says_how_to_fix(runner, home: Path) -> None:
    Store.create(home)
    res = runner.invoke(main, ["--home", str(home), "search", "ข้าว"])
    assert res.exit_code == 1
    assert "ttgraph reindex" in res.output


def test_cli_reindex_and_check(runner, home: Path) -> None:
    _load(Store.create(home), RECORDS[:8])
    res = runner.invoke(main, ["--home", str(home), "reindex"])
    assert res.exit_code == 0 and "indexed 8 nodes" in res.output
    ok = runner.invoke(main, ["--home", str(home), "reindex", "--check"])
    assert ok.exit_code == 0 and "in step" in ok.output


def test_counted_fields_keep_exact_term_frequencies(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "h")
    text = "ข้าวหอมมะลิ ข้าวหอมมะลิ ข้าวหอมมะลิ ปลูกข้าว"
    _load(store, [{"kind": "technology", "id": "t1", "title": "ข้าว", "description": text}])
    reindex(store, procs=1)
    with Searcher(store) as s:
        r = s.searcher.reader()
        words = [t.text for t in s.words(text)]
        assert r.doc_field_length(0, "body") == len(words)
        assert words.count("ข้าว") == 4
        assert r.frequency("body", "ข้าว") == 4


def test_ranker_scores_exactly_the_matching_documents(s: Searcher) -> None:
    from whoosh.query import Term

    for field, term in [("body", "การเกษตร"), ("title", "เครื่อง"), ("body_bi", "เกษ")]:
        scores = s.ranker.score([(1.0, [(field, term, 1.0)])])
        expected = set(s.searcher.docs_for_query(Term(field, term)))
        assert expected and set(map(int, (scores > 0).nonzero()[0])) == expected


def test_bm25f_counts_a_word_in_two_fields_once(s: Searcher) -> None:
    both = s.ranker.score([(1.0, [("title", "แห้ง", 1.0), ("body", "แห้ง", 1.0)])])
    title = s.ranker.score([(1.0, [("title", "แห้ง", 1.0)])])
    body = s.ranker.score([(1.0, [("body", "แห้ง", 1.0)])])
    doc = int(both.argmax())
    assert max(title[doc], body[doc]) < both[doc] < title[doc] + body[doc]


def test_cli_search_answers_while_another_process_holds_the_index_lock(
    runner, tmp_path: Path
) -> None:
    from whoosh import index as whoosh_index

    from ttgraph.index import current_dir

    store = Store.create(tmp_path / "h")
    _load(store, RECORDS[:8])
    reindex(store, procs=1)
    _load(store, [{"kind": "technology", "id": "t9", "title": "โรงเรือนปลูกเมล่อน"}])
    lock = whoosh_index.open_dir(str(current_dir(store.home))).lock("WRITELOCK")
    assert lock.acquire()
    try:
        res = runner.invoke(main, ["--home", str(store.home), "search", "เครื่องอบแห้ง", "--json"])
    finally:
        lock.release()
    assert res.exit_code == 0, res.output
    assert "being updated elsewhere" in res.stderr
    assert json.loads(res.stdout)["total"] > 0


def test_sort_by_trl_over_segments_without_the_column(tmp_path: Path) -> None:
    """Places first, technologies last: with two writer processes one segment holds no TRL at
    all; sorting must still read each document's own value and put the ones without last."""
    store = Store.create(tmp_path / "h")
    places = [
        {"kind": "village", "id": f"v{i:03d}", "name": f"บ้านหนองบัว {i}", "province": "30"}
        for i in range(600)
    ]
    _load(store, [*places, *RECORDS])
    reindex(store, procs=2)
    with Searcher(store) as s:
        assert len(s.ranker.leaves) == 2
        query = "บ้าน เครื่องอบแห้ง ปุ๋ยอินทรีย์ ไบโอดีเซล ระบบIoT"
        by_trl = s.search(query, sort="trl", limit=1000)["results"]
        trl = {"t1": 7, "t2": 5, "t3": 6, "t4": 4}
        got = [r["id"] for r in by_trl]
        techs = [i for i in got if i in trl]
        assert len(techs) >= 2 and len(got) > 600
        assert got[: len(techs)] == sorted(techs, key=lambda i: -trl[i])  # the rest have none


def test_question_words_are_not_search_terms() -> None:
    from ttgraph.search import asks

    assert [w for w in ["คนใด", "ที่ไหน", "อะไร", "เมื่อไร", "ปีใด"] if not asks(w)] == []
    assert not any(asks(w) for w in ["กำไร", "ข้าว", "ใดๆ", "ไหม้"])  # profit, rice, burnt


def test_words_that_frame_a_question_are_not_search_terms(s: Searcher) -> None:
    from ttgraph.search import asking

    # "X คืออะไร", "X มีชื่อว่าอะไร": the copula and the naming words ask, like the question word
    assert asking(["ปุ๋ยหมัก", "คือ", "อะไร"]) == {"คือ", "อะไร"}
    assert asking(["เพลงชาติ", "มี", "ชื่อ", "ว่า", "อะไร"]) == {"ชื่อ", "ว่า", "อะไร"}
    # elsewhere they describe: ชื่อ in "ชื่อวิทยาศาสตร์", คือ after the question word
    assert asking(["ชื่อ", "วิทยาศาสตร์", "ของ", "ข้าว", "คือ", "อะไร"]) == {"คือ", "อะไร"}
    assert asking(["อะไร", "คือ", "ปุ๋ยหมัก"]) == {"อะไร"}
    assert "คือ" not in s.parse("ปุ๋ยหมักคืออะไร").highlight
    assert "ปุ๋ยหมัก" in s.parse("ปุ๋ยหมักคืออะไร").highlight
    assert "คือ" in s.parse("อะไรคือปุ๋ยหมัก").highlight
    # a query made only of asking words still searches for them
    assert s.parse("คืออะไร").highlight


def test_facet_value_limit_keeps_the_chosen_values(s: Searcher) -> None:
    both = s.search("น้ำมัน", facets={"trl": ["4", "6"]})["facets"]["trl"]
    assert both == {"6": 1, "4": 1}
    # one value per facet asked for: the other chosen value still has its count
    assert s.search("น้ำมัน", facets={"trl": ["4", "6"]}, facet_values=1)["facets"]["trl"] == both
    assert len(s.search("น้ำมัน", facet_values=1)["facets"]["agency"]) == 1


def test_facet_counts_equal_a_count_by_hand(s: Searcher) -> None:
    import numpy as np
    from whoosh.query import Term

    rng = np.random.default_rng(7)
    for share in (0.001, 0.05, 0.5, 0.97):  # both sides of the complement trick
        matched = (rng.random(s.ranker.n) < share) & s.ranker.live
        got = s._facet_counts(matched)
        for name in ("kind", "province", "region", "agency", "category", "trl"):
            want: dict[str, int] = {}
            # documents per value, read through Whoosh's own query of that facet value
            for value in s.searcher.reader().field_terms(name):
                docs = set(s.searcher.docs_for_query(Term(name, value)))
                n = sum(1 for d in docs if matched[d])
                if n:
                    want[value] = n
            assert got[name] == want, (name, share)


def test_top_k_cut_at_a_sampled_score_equals_a_full_sort() -> None:
    import numpy as np

    from ttgraph.search_rank import TOP_SAMPLE, Ranker

    rng = np.random.default_rng(3)
    n = 40 * TOP_SAMPLE
    # many ties (scores from one-byte lengths) and a quarter of the documents unmatched
    scores = np.round(rng.random(n), 2).astype(np.float32)
    scores[rng.random(n) < 0.25] = 0.0
    mask = rng.random(n) < 0.9
    for k in (1, 10, 20, 500):
        for m in (None, mask):
            got, total = Ranker.top(None, scores, m, k)  # type: ignore[arg-type]
            s2 = scores if m is None else np.where(m, scores, 0.0)
            hits = np.flatnonzero(s2 > 0)
            want = hits[np.lexsort((hits, -s2[hits]))][:k]
            assert total == len(hits)
            assert got.tolist() == want.tolist()


def test_dense_and_sparse_term_vectors_score_alike(s: Searcher, monkeypatch) -> None:
    import numpy as np

    from ttgraph import search_rank

    groups = s.parse("น้ำมันไบโอดีเซลจากพืช").terms
    s.ranker._groups.clear()
    monkeypatch.setattr(search_rank, "DENSE_SHARE", 1)  # no term is dense
    sparse = s.ranker.score(groups)
    s.ranker._groups.clear()
    monkeypatch.setattr(search_rank, "DENSE_SHARE", 10**9)  # every term is dense
    dense = s.ranker.score(groups)
    s.ranker._groups.clear()
    assert np.count_nonzero(sparse) and np.allclose(sparse, dense)


def test_synonym_bonus_covers_every_document_with_the_phrase(s: Searcher) -> None:
    import numpy as np
    from whoosh.query import Or, Phrase

    words = [t for t in s.parse("เครื่องอบแห้งพลังงานแสงอาทิตย์").highlight if len(t) > 1][:2]
    assert len(words) == 2
    q = Or([Phrase(f, words) for f in ("title", "names", "keywords", "related")])
    exact = set(s.searcher.docs_for_query(q))
    together = set(np.flatnonzero(s._together(q)).tolist())
    assert exact and exact <= together  # every phrase match gets the bonus
    reversed_q = Or([Phrase(f, words[::-1]) for f in ("title", "names", "keywords", "related")])
    assert not set(s.searcher.docs_for_query(reversed_q))  # not a phrase the other way round,
    assert set(np.flatnonzero(s._together(reversed_q)).tolist()) == together  # same words
