"""The bulk index writer writes what Whoosh's own writer writes, in one or several processes."""

from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from pythainlp.tokenize.tcc import segment as pythainlp_tcc
from whoosh import index

from ttgraph.analysis import _tcc, bigram_analyzer, folded_analyzer, word_analyzer
from ttgraph.index import GraphText, fast_codec, make_schema, node_document
from ttgraph.index_build import BulkSegmentWriter, IndexBuildError, build
from ttgraph.model import Node
from ttgraph.thai import normalize


def _demo_nodes() -> list[Node]:
    """The demo catalogue's technologies, villages and needs: real Thai of every length."""
    base = resources.files("ttgraph") / "data" / "demo" / "native"
    out = []
    for name in ("technologies.jsonl", "villages.jsonl", "needs.jsonl"):
        for line in (base / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out.append(Node(rec.pop("id"), rec.pop("kind"), rec))
    return out


@pytest.fixture(scope="module")
def docs() -> list[dict]:
    gt = GraphText()
    nodes = _demo_nodes()
    for node in nodes:
        gt.add_node(node)
    return [node_document(n, gt) for n in nodes]


def _segment_files(path: Path) -> dict[str, bytes]:
    """A segment's files by what they hold (the random segment name dropped)."""
    out = {}
    for f in path.iterdir():
        m = re.match(r"MAIN_[a-z0-9]+\.(.+)$", f.name)
        if m:
            out[m.group(1)] = f.read_bytes()
    return out


def test_bulk_writer_writes_the_same_bytes_as_whoosh(tmp_path: Path, docs: list[dict]) -> None:
    a, b = tmp_path / "whoosh", tmp_path / "bulk"
    a.mkdir()
    b.mkdir()
    ix = index.create_in(str(a), make_schema(None))
    w = ix.writer(codec=fast_codec(), compound=False)
    for d in docs:
        w.add_document(**d)
    w.commit()
    ix = index.create_in(str(b), make_schema(None))
    assert build(ix, iter(docs), procs=1, codec=fast_codec(), compound=False) == len(docs)
    want, got = _segment_files(a), _segment_files(b)
    assert {"pst", "trm", "_stored.col", "_body_len.col"} <= set(want)
    # Whoosh's files are all there, plus the ranker's side arrays of frequent terms
    assert set(got) - set(want) == {"ttdocs.npy", "ttweights.npy", "ttterms"}
    for ext in want:
        assert got[ext] == want[ext], ext


def test_parallel_build_finds_what_one_process_finds(tmp_path: Path, docs: list[dict]) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    build(index.create_in(str(one), make_schema(None)), iter(docs), procs=1, codec=fast_codec())
    n = build(
        index.create_in(str(two), make_schema(None)),
        iter(docs),
        procs=2,
        max_postings=5_000,  # several segments per process
        codec=fast_codec(),
    )
    assert n == len(docs)
    ix1, ix2 = index.open_dir(str(one)), index.open_dir(str(two))
    assert len(ix2._segments()) > 2
    with ix1.searcher() as s1, ix2.searcher() as s2:
        assert s1.doc_count() == s2.doc_count() == len(docs)
        for field in ("title", "body", "body_bi"):
            terms1 = {t: s1.doc_frequency(field, t) for t in s1.lexicon(field)}
            terms2 = {t: s2.doc_frequency(field, t) for t in s2.lexicon(field)}
            assert terms1 == terms2
        ids1 = sorted(f["id"] for f in s1.all_stored_fields())
        assert ids1 == sorted(f["id"] for f in s2.all_stored_fields())


def test_failing_writer_process_leaves_the_index_unchanged(
    tmp_path: Path, docs: list[dict]
) -> None:
    path = tmp_path / "ix"
    path.mkdir()
    ix = index.create_in(str(path), make_schema(None))
    build(ix, iter(docs[:5]), procs=1, codec=fast_codec())
    bad = [*docs, {"id": "x", "no_such_field": "ข้อความ"}]
    with pytest.raises(IndexBuildError, match="no_such_field"):
        build(ix, iter(bad), procs=2, codec=fast_codec())
    with index.open_dir(str(path)).searcher() as s:
        assert s.doc_count() == 5


def test_bulk_writer_refuses_schemas_it_cannot_write(tmp_path: Path) -> None:
    from whoosh import fields

    ix = index.create_in(str(tmp_path), fields.Schema(t=fields.TEXT(vector=True)))
    with pytest.raises(ValueError, match="vector|'t'"):
        BulkSegmentWriter(ix)


THAI = [
    "เครื่องอบแห้งพลังงานแสงอาทิตย์สำหรับกล้วยตาก",
    "การดำเนินการโดยวิสาหกิจชุมชนบ้านโนนสะอาด เฉลี่ย เคลียร์ เกาะ เคราะห์",
    "ระบบIoTอัจฉริยะ ของ สวทช. กับ สส.สป.วท. ปี ๒๕๖๘ เด็กๆ กรุงเทพฯ ฯลฯ",
    "ก ข ค น้ำ",
]


def test_fast_cluster_cutting_matches_pythainlp() -> None:
    for text in THAI:
        for run in re.findall("[\u0e01-\u0e4e]+", normalize(text)):
            assert _tcc(run) == pythainlp_tcc(run), run


@pytest.mark.parametrize("make", [word_analyzer, bigram_analyzer, folded_analyzer])
def test_counting_path_gives_the_terms_of_the_token_path(make, docs: list[dict]) -> None:
    """Indexing counts terms without token objects; queries use tokens: they must agree."""
    analyzer = make()
    for text in THAI + [d.get("body", "") for d in docs[:80]]:
        counted = analyzer.count_terms(text)
        tokens = Counter(t.text for t in analyzer(text, mode="query") if t.text.strip())
        assert counted == tokens, text[:40]


def test_side_arrays_give_the_postings_whoosh_stores(tmp_path: Path, docs: list[dict]) -> None:
    from ttgraph import search_rank
    from ttgraph.search_rank import Ranker

    ix = index.create_in(str(tmp_path), make_schema(None))
    build(ix, iter(docs), procs=1, codec=fast_codec(), compound=False)
    with ix.searcher() as s:
        ranker = Ranker(s, 1.2, {}, 0.75)
        assert ranker._sidecar(0) is not None
        frequent = [t for (f, t) in ranker._sidecar(0)[0] if f == "body_bi"][:20]
        assert frequent
        with_side = {t: ranker.postings("body_bi", t) for t in frequent}
    search_rank.load_sidecar, saved = (lambda reader: None), search_rank.load_sidecar
    try:
        with ix.searcher() as s:
            plain = Ranker(s, 1.2, {}, 0.75)
            for t in frequent:
                ids, tf = plain.postings("body_bi", t)
                assert ids.tolist() == with_side[t][0].tolist()
                assert tf.tolist() == with_side[t][1].tolist()
    finally:
        search_rank.load_sidecar = saved


def test_parallel_build_from_a_threaded_process(tmp_path: Path, docs: list[dict]) -> None:
    """In a threaded process (the web server) writers start fresh instead of by fork."""
    import threading

    from ttgraph import index_build

    result: dict[str, object] = {}

    def run() -> None:
        result["context"] = index_build._context().get_start_method()
        ix = index.create_in(str(tmp_path), make_schema(None))
        result["n"] = build(ix, iter(docs), procs=2, codec=fast_codec())

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=300)
    assert result["context"] in ("forkserver", "spawn")
    assert result["n"] == len(docs)
    with index.open_dir(str(tmp_path)).searcher() as s:
        assert s.doc_count() == len(docs)
