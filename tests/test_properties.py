"""Property-based tests: the Thai analyzer, the query parser and the native importer take any
input without crashing, and keep their promises (idempotent normalisation, text matches itself).

Examples are kept modest so the suite stays fast; hypothesis remembers failures between runs.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ttgraph.errors import TTGraphError
from ttgraph.ingest import ImportProblem, Record, apply_records
from ttgraph.store import Store

thai = pytest.importorskip("ttgraph.thai")
analysis = pytest.importorskip("ttgraph.analysis")

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text as it arrives: Thai letters, vowels, tone marks, digits, Latin, punctuation, the
# invisible and odd spaces that web pages and PDFs leave behind, and now and then anything.
THAI_ALPHABET = (
    [chr(c) for c in range(0x0E01, 0x0E3B)]
    + [chr(c) for c in range(0x0E3F, 0x0E5C)]
    + list(" \u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad.,;:'\"()[]*?-_/\\")
    + list("abcXYZ019")
)
thai_text = st.one_of(
    st.text(alphabet=st.sampled_from(THAI_ALPHABET), max_size=80),
    st.text(max_size=40),
)
REAL = ["การด าเนินการ นำ้ เเละ ๒๕๕๘", "ระบบIoTอัจฉริยะ สวทช. เด็กๆ กรุงเทพฯ", "น้ำไม่พอใช้ในหน้าแล้ง"]


@FAST
@given(thai_text)
@example(REAL[0])
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    once = thai.normalize(text)
    assert isinstance(once, str)
    assert thai.normalize(once) == once


@FAST
@given(thai_text)
def test_normalize_map_points_into_the_original(text: str) -> None:
    mapped = thai.normalize_map(text)
    assert len(mapped.starts) == len(mapped.ends) == len(mapped.text)
    for start, end in zip(mapped.starts, mapped.ends, strict=True):
        assert 0 <= start <= end <= len(text)


@FAST
@given(thai_text)
@example(REAL[1])
def test_analyzers_never_raise(text: str) -> None:
    for make in (analysis.word_analyzer, analysis.bigram_analyzer, analysis.folded_analyzer):
        for mode in ("index", "query"):
            tokens = [t.text for t in make()(text, mode=mode)]
            assert all(isinstance(t, str) and t for t in tokens)


def ram_index():
    """A fresh Whoosh index in memory with the project's word and bigram analyzers."""
    from whoosh import fields
    from whoosh.filedb.filestore import RamStorage

    schema = fields.Schema(
        id=fields.ID(stored=True),
        words=fields.TEXT(analyzer=analysis.word_analyzer()),
        grams=fields.TEXT(analyzer=analysis.bigram_analyzer()),
    )
    return RamStorage().create_index(schema)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(thai_text)
@example(REAL[2])
def test_text_indexed_and_queried_matches_itself(text: str) -> None:
    from whoosh.query import Or, Term

    words = analysis.word_analyzer()
    grams = analysis.bigram_analyzer()
    terms = [Term("words", t.text) for t in words(text, mode="query")]
    terms += [Term("grams", t.text) for t in grams(text, mode="query")]
    ix = ram_index()
    writer = ix.writer()
    writer.add_document(id="doc", words=text, grams=text)
    writer.commit()
    if not terms:  # nothing searchable in it (only spaces or punctuation)
        return
    with ix.searcher() as s:
        hits = [h["id"] for h in s.search(Or(terms), limit=1)]
    assert hits == ["doc"]


# -- the query parser ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def searcher():
    search = pytest.importorskip("ttgraph.search")
    from ttgraph.index import reindex

    home = Path(tempfile.mkdtemp(prefix="ttgraph-prop-"))
    store = Store.create(home)
    recs = [
        {"kind": "agency", "id": "nstda", "name": "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ"},
        {"kind": "technology", "id": "t1", "title": "เครื่องอบแห้งพลังงานแสงอาทิตย์", "agency": "nstda"},
        {"kind": "technology", "id": "t2", "title": "การแปรรูปข้าวฮางงอก", "keywords": ["ข้าว"]},
    ]
    apply_records(store, [Record(r, i) for i, r in enumerate(recs, 1)], source="p", importer="t")
    reindex(home, procs=1)
    with search.Searcher(home) as s:
        yield s


HOSTILE = ['"เครื่องอบ', "AND (OR", "*", "agency:", "kind:technology OR", "ก" * 5000, "!!!??", ""]


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(thai_text, st.sampled_from(HOSTILE)))
@example('agency:สวทช "อบแห้ง')
def test_any_query_answers(searcher, query: str) -> None:
    result = searcher.search(query, limit=5)
    assert isinstance(result["results"], list)
    assert result["total"] >= len(result["results"])


# -- the native importer ---------------------------------------------------------------------
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
record_like = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["technology", "agency", "edge", "village", "nope", ""]),
        "id": st.one_of(st.text(max_size=8), st.integers()),
    },
    optional={
        "title": json_value,
        "name": json_value,
        "agency": json_value,
        "trl": json_value,
        "from": json_value,
        "to": json_value,
        "type": st.sampled_from(["developed_by", "matches", "x"]),
    },
)
lines = st.lists(
    st.one_of(record_like.map(lambda r: json.dumps(r, ensure_ascii=False)), st.text(max_size=30)),
    max_size=6,
).map(lambda ls: "\n".join(ls).encode("utf-8", "surrogatepass"))
raw_bytes = st.one_of(st.binary(max_size=200), lines)


@pytest.fixture(scope="module")
def import_env():
    native = pytest.importorskip("ttgraph.plugins.native")
    root = Path(tempfile.mkdtemp(prefix="ttgraph-native-"))
    store = Store.create(root / "home")
    apply_records(
        store,
        [Record({"kind": "agency", "id": "nstda", "name": "สวทช."}, 1)],
        source="base",
        importer="t",
    )
    return native.NativeImporter(), root, store


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw_bytes, st.sampled_from(["jsonl", "csv"]))
@example(b'{"kind":"technology","id":"t1","title":"\\ud800"}', "jsonl")
@example(b"\xef\xbb\xbfkind,id,title\ntechnology,t9,\xe0\xb8\x81", "csv")
def test_native_importer_any_bytes(import_env, data: bytes, suffix: str) -> None:
    importer, root, store = import_env
    path = root / f"input.{suffix}"
    path.write_bytes(data)
    try:
        items = list(importer.read(path))
    except TTGraphError:
        return  # a whole-file problem, said clearly
    assert all(isinstance(i, (Record, ImportProblem)) for i in items)
    report = apply_records(store, items, source="prop", importer="native", dry_run=True)
    assert report.read == len(items)
    assert report.rejected <= len(items)
    assert all(p.message for p in report.problems)


def test_lone_surrogate_is_a_problem_and_the_report_is_saved(tmp_path: Path) -> None:
    """json.loads turns "\\ud800" into text SQLite cannot store: reject it, keep the rest."""
    store = Store.create(tmp_path / "h")
    recs = [
        json.loads('{"kind": "agency", "id": "a\\ud800", "name": "x"}'),
        json.loads('{"kind": "agency", "id": "dss", "name": "กรมวิทยาศาสตร์บริการ\\udfff"}'),
        json.loads('{"kind": "agency", "id": "tistr", "name": "วว.", "\\ud801": "y"}'),
        {"kind": "agency", "id": "nstda", "name": "สวทช."},
        json.loads(
            '{"kind": "edge", "type": "part_of", "from": "nstda", "to": "nstda", "n": "\\ud800"}'
        ),
    ]
    report = apply_records(
        store, [Record(r, i, "a.jsonl") for i, r in enumerate(recs, 1)], source="s", importer="t"
    )
    assert report.created == 1 and report.rejected == 4
    assert sum("not valid Unicode" in p.message for p in report.problems) == 4
    assert store.imports()[0]["report"]["rejected"] == 4
    assert [n.id for n in store.nodes("agency")] == ["nstda"]
