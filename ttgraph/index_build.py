"""Building the search index in bulk: Whoosh's own segment files, written a term at a time.

Whoosh's ``SegmentWriter`` handles each posting several times in Python (the pool, an external
sort, a per-posting writer with checks), about 700 postings per 2 KB Thai document, which held
``reindex`` to ~150 documents per CPU-second.  ``BulkSegmentWriter`` keeps everything that makes
the result a normal Whoosh segment (the codec, the per-document writer for stored fields,
lengths and columns, the term index, the block format) but gathers each term's postings in
arrays as documents arrive and writes them one whole block at a time.  The counted fields
(body, bigrams, folded words) skip Whoosh's token objects too: the analyzer hands over
(term, count) pairs.

``build`` runs one such writer per process (Whoosh's multi-segment mode: each process writes
its own segments, the parent commits them in one table of contents) and flushes a segment when
a process holds ``max_postings`` postings, so memory stays bounded at any scale.  Documents are
dealt to the processes in fixed batches (batch i to process i mod n), so the same input always
gives the same segments and document numbers.
"""

from __future__ import annotations

import gc
import multiprocessing
import operator
import os
import pickle
import queue
import threading
import traceback
import zlib
from array import array
from collections.abc import Iterable, Iterator
from itertools import repeat
from pathlib import Path
from pickle import dumps
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC
from whoosh.fields import NUMERIC
from whoosh.system import pack_uint
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from ttgraph.errors import TTGraphError

BATCH = 256  # documents per message to a writer process
MAX_POSTINGS = 25_000_000  # per process before it writes a segment (~1.5 GB at its peak)


class IndexBuildError(TTGraphError):
    """A writer process failed; the index was left as it was."""


class _FieldPool:
    """One field's postings in flat arrays, in document order: term number, document, weight."""

    __slots__ = ("term_ids", "tids", "docs", "weights", "values")

    def __init__(self) -> None:
        self.term_ids: dict[str | bytes, int] = {}
        self.tids = array("I")
        self.docs = array("I")
        self.weights = array("f")
        self.values: list[bytes] = []  # encoded values of the generic path (positions)

    def number(self, terms: Iterable[str | bytes]) -> Iterator[int]:
        """Term numbers of ``terms``, numbering unseen ones."""
        ids = self.term_ids
        for t in set(terms).difference(ids):  # C's set - dict: as long as ``terms``, not ``ids``
            ids[t] = len(ids)
        return map(ids.__getitem__, terms)


class BulkSegmentWriter(SegmentWriter):
    """A SegmentWriter that pools postings in arrays and writes them a term and a block at a time.

    For schemas without term vectors or separate spelling fields (ttgraph's).  It writes the
    same bytes as ``SegmentWriter`` (a test compares the segment files).
    """

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        for name in self.schema.names():
            field = self.schema[name]
            if field.vector or field.separate_spelling():
                raise ValueError(f"bulk writing does not support field {name!r}")
        self._pools: dict[str, _FieldPool] = {}
        self.postings = 0
        self._fast = {name: _counts_fn(self.schema[name]) for name in self.schema.names()}

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        pdw = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        names = sorted(n for n in fields if not n.startswith("_"))
        self._check_fields(schema, names)
        pdw.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    length = self._index_field(name, field, value, docnum)
                pdw.add_field(name, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    pdw.add_column_value(name, column, field.to_column_value(value))
        except ValueError:
            pdw.cancel_doc()
            raise
        pdw.finish_doc()
        self._added = True
        self.docnum += 1

    def _index_field(self, name: str, field: Any, value: Any, docnum: int) -> int:
        pool = self._pools.get(name)
        if pool is None:
            pool = self._pools[name] = _FieldPool()
        counts = self._fast[name]
        if counts is not None:  # counted field: (term, count) straight from the analyzer
            found = counts(value)
            pool.tids.extend(pool.number(found))
            pool.weights.extend(found.values())
            pool.docs.extend(repeat(docnum, len(found)))
            self.postings += len(found)
            return sum(found.values()) if field.scorable else 0
        length = 0
        items = list(field.index(value))
        pool.tids.extend(pool.number([t[0] for t in items]))  # bytes (numbers are binary)
        pool.docs.extend(repeat(docnum, len(items)))
        for _btext, freq, weight, vbytes in items:
            pool.weights.append(weight)
            if vbytes:
                pool.values.append(vbytes)
            length += freq
        self.postings += len(items)
        return length if field.scorable else 0

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        fw = self.fieldwriter
        self._side = _Sidecar()
        try:
            for name in sorted(self._pools):
                pool = self._pools.pop(name)
                if pool.term_ids:
                    self._write_field(fw, pdr, name, pool)
        finally:
            fw.close()
            if pdr is not None:
                pdr.close()
        if not self.compound:  # a compound file would swallow the side files
            self._side.save(self.storage, self.newsegment)
        self.postings = 0

    def _write_field(self, fw: Any, pdr: Any, name: str, pool: _FieldPool) -> None:
        field = self.schema[name]
        counted = self._fast[name] is not None
        lengths: list[int] | None = None
        if pdr is not None and field.scorable:
            get = pdr.doc_field_length_reader(name)
            lengths = [get(d) or 0 for d in range(self.docnum)]  # one per document
        tids = np.frombuffer(pool.tids, dtype=np.uint32)
        order = np.argsort(tids, kind="stable")  # by term, documents still in order
        docs = np.frombuffer(pool.docs, dtype=np.uint32)[order]
        weights = np.frombuffer(pool.weights, dtype=np.float32)[order]
        freqs = weights.astype(np.int32) if counted else None  # counted: the weight is the count
        packed = {f: pack_uint(f) for f in np.unique(freqs).tolist()} if counted else {}
        values = [pool.values[i] for i in order.tolist()] if pool.values else []
        if counted and field.format.field_boost != 1:
            weights = weights * np.float32(field.format.field_boost)
        self._side.add(name, field, pool.term_ids, tids, docs, weights)
        # each posting's document's field length, aligned with ``docs``
        doc_lengths = np.asarray(lengths, dtype=np.int32)[docs] if lengths is not None else None
        starts = np.zeros(len(pool.term_ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(tids, minlength=len(pool.term_ids)), out=starts[1:])
        fw.start_field(name, field)
        pw = fw._postwriter
        # Lists are made a term at a time: a whole field as Python ints would take gigabytes.
        # A field's terms are all str (counted) or all bytes; code point order is UTF-8 order.
        for term in sorted(pool.term_ids):
            t = pool.term_ids[term]
            s, e = int(starts[t]), int(starts[t + 1])
            fw.start_term(term.encode("utf-8") if isinstance(term, str) else term)
            vals = [packed[f] for f in freqs[s:e].tolist()] if freqs is not None else values[s:e]
            lens = doc_lengths[s:e].tolist() if doc_lengths is not None else None
            _write_blocks(pw, docs[s:e].tolist(), weights[s:e].tolist(), vals, lens)
            fw.finish_term()
        fw.finish_field()


class _Sidecar:
    """The postings of a segment's frequent terms as plain arrays, beside Whoosh's files.

    Search scores whole posting lists with numpy (``ttgraph.search_rank``); decoding a frequent
    term's Whoosh blocks costs milliseconds, so the bulk writer also saves those postings as two
    ``.npy`` arrays (document numbers, weights) and a directory of (field, term) -> slice, which
    the ranker memory-maps.  Named after the segment, they go when Whoosh deletes the segment.
    """

    def __init__(self) -> None:
        self.docs: list[np.ndarray] = []  # per field, concatenated on save
        self.weights: list[np.ndarray] = []
        self.where: dict[tuple[str, str], tuple[int, int]] = {}
        self.size = 0

    def add(
        self,
        name: str,
        field: Any,
        term_ids: dict[Any, int],
        tids: np.ndarray,
        docs: np.ndarray,
        weights: np.ndarray,
    ) -> None:
        """Keep the terms of one field with at least SIDECAR_MIN_DF postings (``docs`` and
        ``weights`` are in term-number order)."""
        if isinstance(field, NUMERIC):
            return
        df = np.bincount(tids, minlength=len(term_ids))
        keep = df >= SIDECAR_MIN_DF
        if not keep.any():
            return
        mask = np.repeat(keep, df)
        self.docs.append(docs[mask])
        self.weights.append(np.asarray(weights, dtype=np.float32)[mask])
        starts = self.size + np.concatenate(([0], np.cumsum(df * keep)))
        terms = list(term_ids)  # numbered in insertion order: terms[t] has number t
        kept = np.flatnonzero(keep)
        for t, s, n in zip(kept.tolist(), starts[kept].tolist(), df[kept].tolist(), strict=True):
            term = terms[t]
            text = term if isinstance(term, str) else term.decode("utf-8", "replace")
            self.where[(name, text)] = (s, s + n)
        self.size = int(starts[-1])

    def save(self, storage: Any, segment: Any) -> None:
        folder = getattr(storage, "folder", None)
        if not self.where or folder is None:
            return
        base = Path(folder) / segment.make_filename("")
        for ext, arrays in ((SIDECAR_DOCS, self.docs), (SIDECAR_WEIGHTS, self.weights)):
            tmp = Path(f"{base}{ext}.tmp")
            with open(tmp, "wb") as fh:
                np.save(fh, np.concatenate(arrays))
            os.replace(tmp, f"{base}{ext}")
        tmp = Path(f"{base}{SIDECAR_TERMS}.tmp")
        tmp.write_bytes(pickle.dumps({"version": 1, "where": self.where}, protocol=5))
        os.replace(tmp, f"{base}{SIDECAR_TERMS}")  # last: its presence says the rest is whole


SIDECAR_MIN_DF = 32
SIDECAR_DOCS, SIDECAR_WEIGHTS, SIDECAR_TERMS = ".ttdocs.npy", ".ttweights.npy", ".ttterms"


def _counts_fn(field: Any) -> Any:
    """The analyzer's (term -> count) function for a counted field, else None."""
    from ttgraph.analysis import ThaiTokenizer
    from ttgraph.index import CountedFrequency

    analyzer = getattr(field, "analyzer", None)
    if not isinstance(field.format, CountedFrequency) or not isinstance(analyzer, ThaiTokenizer):
        return None
    if not analyzer.aggregate:
        return None
    return analyzer.count_terms


def _write_blocks(
    pw: Any,
    ids: list[int],
    weights: list[float],
    values: list[bytes],
    lengths: list[int] | None,
) -> None:
    """Write a term's postings as Whoosh 3 blocks: the bytes ``add_posting`` would have made.

    ``lengths`` holds each posting's document's field length (None: the field has none).

    Most terms have a handful of postings, so this is plain Python on lists: per-term cost is
    what counts.  The posting writer's buffer is left empty, so ``finish_term`` only records
    the extent.
    """
    limit = pw._blocklimit
    n = len(ids)
    postfile = pw._postfile
    for start in range(0, n, limit):
        end = min(start + limit, n)
        block_ids = ids[start:end]
        block_w = weights[start:end]
        pw._ids = block_ids
        pw._weights = block_w
        pw._values = values[start:end]
        pw._maxweight = max(block_w)
        pw._minlength, pw._maxlength = None, 0
        if lengths is not None:
            found = [x for x in lengths[start:end] if x]
            if found:
                pw._minlength, pw._maxlength = min(found), max(found)
        if not pw._blockcount:
            postfile.write(WHOOSH3_HEADER_MAGIC)
        pw._terminfo.add_block(pw)
        first = block_w[0]
        if first == 1.0 and block_w.count(1.0) == len(block_w):
            mini_w: Any = None
        elif block_w.count(first) == len(block_w):
            mini_w = first
        else:
            mini_w = tuple(block_w)
        deltas = tuple(map(operator.sub, block_ids, [0, *block_ids[:-1]]))
        databytes = dumps((deltas, mini_w, pw._mini_values()), 2)
        comp = pw._compression if len(databytes) >= COMPRESSION_MIN_SIZE else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        infobytes = dumps(
            (
                end - start,
                block_ids[-1],
                pw._maxweight,
                comp,
                length_to_byte(pw._minlength),
                length_to_byte(pw._maxlength),
            ),
            2,
        )
        size = len(infobytes) + len(databytes)
        postfile.write_int(-size if end == n else size)
        postfile.write(infobytes)
        postfile.write(databytes)
        pw._blockcount += 1
    pw._new_block()


# -- the parallel build -----------------------------------------------------------------------
def _context() -> Any:
    """fork when this process runs one thread (fast, shares the loaded modules); otherwise a
    fresh interpreter per writer, since forking a threaded process (the web server) can copy
    a lock some other thread holds."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _worker(
    parent: int,
    k: int,
    dirname: str,
    indexname: str,
    jobs: Any,
    results: Any,
    kwargs: dict[str, Any],
    limit: int,
) -> None:
    """One writer process: documents from ``jobs`` into segments, their list to ``results``."""
    from whoosh import index

    try:
        ix = index.open_dir(dirname, indexname=indexname)
        segments = []
        writer = BulkSegmentWriter(ix, _lk=False, **kwargs)
        while (batch := _next_job(jobs, parent)) is not None:
            for doc in batch:
                writer.add_document(**doc)
                if writer.postings >= limit:
                    segments.append(writer._finalize_segment())
                    writer = BulkSegmentWriter(ix, _lk=False, **kwargs)
        if writer._added:
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        results.put((k, "ok", segments))
    except BaseException as exc:  # reported to the parent, which cancels the build
        results.put((k, "error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))


def _next_job(jobs: Any, parent: int) -> Any:
    """The next batch; exits the process if the parent is gone (killed mid-build): nobody
    would collect its segments, and the build directory is removed or ignored anyway."""
    while True:
        try:
            return jobs.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:
                os._exit(1)


def build(
    ix: Any,
    documents: Iterable[dict[str, Any]],
    *,
    procs: int = 1,
    max_postings: int = MAX_POSTINGS,
    **kwargs: Any,
) -> int:
    """Add ``documents`` to the (new) index ``ix`` in ``procs`` processes; returns the count.

    All or nothing: on any failure the index keeps its previous table of contents.
    """
    parent = SegmentWriter(ix, **kwargs)  # holds the write lock; commits the segment list
    try:
        if procs <= 1:
            n, segments = _build_here(ix, documents, max_postings, kwargs)
        else:
            n, segments = _build_parallel(ix, documents, procs, max_postings, kwargs)
    except BaseException:
        parent.cancel()
        raise
    parent._close_segment()
    parent._commit_toc(list(parent.segments) + segments)
    parent._finish()
    return n


def _build_here(
    ix: Any, documents: Iterable[dict[str, Any]], limit: int, kwargs: dict[str, Any]
) -> tuple[int, list[Any]]:
    segments = []
    writer = BulkSegmentWriter(ix, _lk=False, **kwargs)
    n = 0
    try:
        for doc in documents:
            writer.add_document(**doc)
            n += 1
            if writer.postings >= limit:
                segments.append(writer._finalize_segment())
                writer = BulkSegmentWriter(ix, _lk=False, **kwargs)
    except BaseException:
        writer.cancel()
        raise
    if writer._added:
        segments.append(writer._finalize_segment())
    else:
        writer._close_segment()
    return n, segments


def _batches(documents: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for doc in documents:
        batch.append(doc)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _build_parallel(
    ix: Any,
    documents: Iterable[dict[str, Any]],
    procs: int,
    limit: int,
    kwargs: dict[str, Any],
) -> tuple[int, list[Any]]:
    ctx = _context()
    results = ctx.Queue()
    queues = [ctx.Queue(4) for _ in range(procs)]
    dirname = ix.storage.folder
    workers = [
        ctx.Process(
            target=_worker,
            args=(os.getpid(), k, dirname, ix.indexname, q, results, kwargs, limit),
            daemon=True,
        )
        for k, q in enumerate(queues)
    ]
    gc.freeze()  # forked writers then share the parent's objects instead of copying them
    try:
        for w in workers:
            w.start()
    finally:
        gc.unfreeze()
    n = 0
    outcomes: dict[int, tuple[str, Any]] = {}
    try:
        for i, batch in enumerate(_batches(documents)):
            _put(queues[i % procs], batch, workers, results, outcomes)
            n += len(batch)
        for q in queues:
            _put(q, None, workers, results, outcomes)
        while len(outcomes) < procs:
            _collect(workers, results, outcomes, wait=1.0)
    except BaseException:
        for w in workers:
            if w.is_alive():
                w.terminate()
        raise
    finally:
        for w in workers:
            w.join(timeout=10)
    errors = [msg for status, msg in outcomes.values() if status != "ok"]
    if errors:
        raise IndexBuildError("a search index writer process failed: " + errors[0])
    segments = [s for k in sorted(outcomes) for s in outcomes[k][1]]
    return n, segments


def _put(
    q: Any, item: Any, workers: list[Any], results: Any, outcomes: dict[int, tuple[str, Any]]
) -> None:
    """Queue ``item`` for a worker, noticing meanwhile if any worker failed or died."""
    while True:
        try:
            q.put(item, timeout=0.5)
            return
        except queue.Full:
            _collect(workers, results, outcomes, wait=0.0)


def _collect(
    workers: list[Any], results: Any, outcomes: dict[int, tuple[str, Any]], wait: float
) -> None:
    """Take finished workers' reports; raise as soon as one failed or died without one."""
    try:
        while True:
            k, status, payload = results.get(timeout=wait) if wait else results.get_nowait()
            outcomes[k] = (status, payload)
            if status != "ok":
                raise IndexBuildError("a search index writer process failed: " + payload)
            wait = 0.0
    except queue.Empty:
        pass
    for w in workers:
        if w.exitcode not in (None, 0) and len(outcomes) < len(workers):
            raise IndexBuildError(
                f"a search index writer process stopped (exit code {w.exitcode}); "
                "the index was not changed"
            )


def load_sidecar(reader: Any) -> tuple[dict[tuple[str, str], tuple[int, int]], Any, Any] | None:
    """(directory, document numbers, weights) saved beside a segment, memory-mapped; or None."""
    segment = reader.segment() if hasattr(reader, "segment") else None
    folder = getattr(getattr(reader, "_storage", None), "folder", None)
    if segment is None or folder is None:
        return None
    base = Path(folder) / segment.make_filename("")
    try:
        with open(f"{base}{SIDECAR_TERMS}", "rb") as fh:
            meta = pickle.load(fh)
        docs = np.load(f"{base}{SIDECAR_DOCS}", mmap_mode="r")
        weights = np.load(f"{base}{SIDECAR_WEIGHTS}", mmap_mode="r")
    except (OSError, ValueError, EOFError, pickle.UnpicklingError):
        return None
    if not isinstance(meta, dict) or meta.get("version") != 1:
        return None
    return meta["where"], docs, weights
