"""Fast BM25F ranking over a Whoosh index: whole posting blocks scored at once with numpy.

Whoosh's matchers score one posting at a time in Python; an OR of the ~50 word and bigram
terms a Thai question makes then costs seconds at 100k documents.  The index stays Whoosh's
(schema, incremental writes, phrases, filters, spelling); this module only *reads* its posting
blocks — ids and term frequencies, a block at a time — and adds up BM25 for all documents in
one array, then takes the top k.  Field lengths come from Whoosh's length columns.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from ttgraph.index_build import load_sidecar

_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
CACHE_POSTINGS = 5_000_000  # postings kept decoded (~40 MB), for facets and new groups
CACHE_GROUPS = 20_000_000  # scored postings of frequent query terms kept (8 bytes each)
CACHE_MIN_DF = 256
TOP_SAMPLE = 2048  # hits sampled to find a score cut-off before selecting the top k
DENSE_SHARE = 8  # a term in over 1/8 of the documents is kept as a whole-index vector


class Ranker:
    """Scores (field, term, boost) lists for one open Whoosh searcher."""

    def __init__(self, searcher: Any, k1: float, b: dict[str, float], default_b: float) -> None:
        self.searcher = searcher
        self.leaves = searcher.leaf_searchers()
        self.n = searcher.doc_count_all()
        self.k1 = k1
        self.b = b
        self.default_b = default_b
        self.live = np.ones(self.n, dtype=bool)
        for leaf, offset in self.leaves:
            reader = leaf.reader()
            if reader.has_deletions():
                dead = [d + offset for d in range(reader.doc_count_all()) if reader.is_deleted(d)]
                self.live[dead] = False
        self._dead = np.flatnonzero(~self.live)
        self._norms: dict[str, np.ndarray] = {}
        self._postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._df: dict[tuple[str, str], int] = {}
        self._cached = 0
        self._used: dict[str, bool] = {}
        self._sidecars: dict[int, Any] = {}
        self._groups: OrderedDict[tuple[Any, ...], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._grouped = 0

    def _field_used(self, field: str) -> bool:
        """False for a field no document fills (skips useless term look-ups)."""
        used = self._used.get(field)
        if used is None:
            used = self._used[field] = bool(self.searcher.field_length(field))
        return used

    # -- statistics --------------------------------------------------------------------------
    def df(self, field: str, text: str) -> int:
        if not self._field_used(field):
            return 0
        key = (field, text)
        got = self._df.get(key)
        if got is None:
            got = self._df[key] = int(self.searcher.doc_frequency(field, text))
        return got

    def idf(self, field: str, text: str) -> float:
        """Robertson/Lucene idf: common terms weigh little, never below zero."""
        df = self.df(field, text)
        return math.log(1.0 + (self.n - df + 0.5) / (df + 0.5))

    def _norm(self, field: str) -> np.ndarray:
        """1 - B + B * length / average length, per document."""
        norm = self._norms.get(field)
        if norm is None:
            lengths = np.zeros(self.n, dtype=np.float32)
            for leaf, offset in self.leaves:
                reader = leaf.reader()
                count = reader.doc_count_all()
                perdoc = getattr(reader, "_perdoc", None)
                col = getattr(perdoc, "_cached_reader", lambda *a: None)(
                    _lenfield(field), LENGTHS_COLUMN
                )
                if col is not None and getattr(col, "_fixedlen", 0) == 1:  # one byte per doc
                    raw = np.zeros(count, dtype=np.uint8)
                    have = min(col._count, count)
                    raw[:have] = np.frombuffer(col._dbfile.get(col._basepos, have), np.uint8)
                    lengths[offset : offset + count] = _BYTE_LENGTHS[raw]
                elif col is not None:
                    raw = np.fromiter((col[i] for i in range(count)), dtype=np.uint8, count=count)
                    lengths[offset : offset + count] = _BYTE_LENGTHS[raw]
                else:  # another codec: ask document by document
                    for i in range(count):
                        lengths[offset + i] = reader.doc_field_length(i, field)
            avg = float(self.searcher.avg_field_length(field) or 1.0) or 1.0
            b = self.b.get(field, self.default_b)
            norm = self._norms[field] = 1.0 - b + b * lengths / avg
        return norm

    # -- postings ----------------------------------------------------------------------------
    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(global docnums, term frequencies) of a term, decoded a block at a time."""
        key = (field, text)
        hit = self._postings.get(key)
        if hit is not None:
            self._postings.move_to_end(key)
            return hit
        ids: list[np.ndarray] = []
        tfs: list[np.ndarray] = []
        for i, (leaf, offset) in enumerate(self.leaves):
            side = self._sidecar(i)
            if side is not None and (span := side[0].get(key)) is not None:
                ids.append(side[1][span[0] : span[1]].astype(np.int32) + np.int32(offset))
                tfs.append(side[2][span[0] : span[1]])
                continue
            reader = leaf.reader()
            if (field, text) not in reader:
                continue
            m = reader.postings(field, text)
            while not hasattr(m, "_blocklength") and hasattr(m, "child"):
                m = m.child  # deletions wrap the postings; the live mask drops dead docs
            if not hasattr(m, "_blocklength"):  # inlined or foreign postings: one by one
                pairs = []
                while m.is_active():
                    pairs.append((m.id(), m.weight()))
                    m.next()
                ids.append(np.array([p[0] for p in pairs], dtype=np.int64) + offset)
                tfs.append(np.array([p[1] for p in pairs], dtype=np.float32))
                continue
            self._read_blocks(m, offset, ids, tfs)
        if ids:
            out = (np.concatenate(ids).astype(np.int32, copy=False), np.concatenate(tfs))
        else:
            out = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
        if len(out[0]) >= CACHE_MIN_DF:
            self._postings[key] = out
            self._cached += len(out[0])
            while self._cached > CACHE_POSTINGS and self._postings:
                self._cached -= len(self._postings.popitem(last=False)[1][0])
        return out

    def pin(self, fields: tuple[str, ...]) -> None:
        """Open now what scoring reads later (lengths, side arrays), so this searcher keeps
        working after ``reindex`` swaps in a new build and deletes this one's files."""
        for field in fields:
            if self._field_used(field):
                self._norm(field)
        for i in range(len(self.leaves)):
            self._sidecar(i)

    def _sidecar(self, i: int) -> Any:
        """The i-th segment's frequent-term arrays written by the bulk builder, if any."""
        if i not in self._sidecars:
            self._sidecars[i] = load_sidecar(self.leaves[i][0].reader())
        return self._sidecars[i]

    @staticmethod
    def _read_blocks(m: Any, offset: int, ids: list[np.ndarray], tfs: list[np.ndarray]) -> None:
        """Decode a Whoosh 3 leaf matcher's blocks directly (ids delta-coded, weights = tf)."""
        while not m._atend:
            if m._data is None:
                m._read_data()
            raw_ids, raw_w = m._data[0], m._data[1]
            block = np.asarray(raw_ids, dtype=np.int64)
            ids.append((block if m._byteids else np.cumsum(block)) + offset)
            n = m._blocklength
            if raw_w is None:
                tfs.append(np.ones(n, dtype=np.float32))
            elif isinstance(raw_w, float):
                tfs.append(np.full(n, raw_w, dtype=np.float32))
            else:
                tfs.append(np.asarray(raw_w, dtype=np.float32))
            if m._lastblock:
                break
            m._goto(m._nextoffset)

    # -- scoring -----------------------------------------------------------------------------
    def score(
        self,
        groups: list[tuple[float, list[tuple[str, str, float]]]],
        keep: dict[tuple[Any, ...], tuple[np.ndarray | None, np.ndarray]] | None = None,
    ) -> np.ndarray:
        """BM25F over all documents at once; ``groups`` holds (weight, [(field, term, field
        weight), ...]), one query term over the fields it is sought in.  ``keep``, if given,
        receives each group's (documents, contribution) as ``group`` returns it, keyed by its
        parts, so the caller can ask which documents hold a term without reading it again."""
        scores = np.zeros(self.n, dtype=np.float32)
        for weight, parts in groups:
            if not weight:
                continue
            found = self.group(parts)
            if found is None:
                continue
            if keep is not None:
                keep[tuple(parts)] = found
            ids, contribution = found
            if ids is None:  # a dense term: one vector add instead of a scatter
                if weight == 1.0:
                    scores += contribution
                else:
                    scores += np.float32(weight) * contribution
            else:
                scores[ids] += np.float32(weight) * contribution
        scores[self._dead] = 0.0
        return scores

    def group(
        self, parts: list[tuple[str, str, float]]
    ) -> tuple[np.ndarray | None, np.ndarray] | None:
        """(documents, BM25F contribution) of one query term over several fields; documents
        is None when the term is in more than 1/DENSE_SHARE of them and the contribution a
        whole-index vector (adding it is a streaming pass, scattering its ids is not).

        Field-weighted, length-normalised term frequencies are added up *before* saturation,
        so a word in the title and the body counts once, more strongly, instead of twice.  A
        term's contribution does not depend on the rest of the query, so the frequent terms'
        (the costly ones) are kept, up to a budget of CACHE_GROUPS postings.
        """
        key = tuple(parts)
        hit = self._groups.get(key)
        if hit is not None:
            self._groups.move_to_end(key)
            return hit
        k1 = self.k1
        ids_parts: list[np.ndarray] = []
        tf_parts: list[np.ndarray] = []
        df = 0
        for field, text, boost in parts:
            if not boost or not self.df(field, text):
                continue
            df = max(df, self.df(field, text))
            ids, tf = self.postings(field, text)
            ids_parts.append(ids)
            tf_parts.append(boost * tf / self._norm(field)[ids])
        if not ids_parts:
            return None
        idf = math.log(1.0 + (self.n - df + 0.5) / (df + 0.5))
        scale = np.float32(idf * (k1 + 1.0))
        out: tuple[np.ndarray | None, np.ndarray]
        dense: np.ndarray | None = None
        if len(ids_parts) == 1:
            ids, acc = ids_parts[0], tf_parts[0]
            if len(ids) * DENSE_SHARE > self.n:
                dense = np.zeros(self.n, dtype=np.float32)
                dense[ids] = acc
        else:  # add the fields' frequencies per document
            all_ids = np.concatenate(ids_parts)
            all_tf = np.concatenate(tf_parts)
            if len(all_ids) * 16 < self.n:  # few postings: sort them, skip the dense pass
                ids, inverse = np.unique(all_ids, return_inverse=True)
                acc = np.bincount(inverse, weights=all_tf).astype(np.float32)
            else:
                summed = np.bincount(all_ids, weights=all_tf, minlength=self.n)
                summed = summed.astype(np.float32)
                if np.count_nonzero(summed) * DENSE_SHARE > self.n:
                    dense = summed  # stays a whole-index vector: no list of ids is made
                else:
                    ids = np.flatnonzero(summed)
                    acc = summed[ids]
        if dense is not None:
            found = int(np.count_nonzero(dense))
            dense *= scale
            dense /= dense / scale + np.float32(k1)  # BM25 saturation; zeros stay zero
            out, size = (None, dense), self.n // 2  # 4 bytes a document vs 8 a posting
        else:
            contribution = scale * acc / (acc + np.float32(k1))
            out = (ids.astype(np.int32, copy=False), contribution.astype(np.float32, copy=False))
            found = size = len(ids)
        if found >= CACHE_MIN_DF:
            self._groups[key] = out
            self._grouped += size
            while self._grouped > CACHE_GROUPS and self._groups:
                old_ids, old = self._groups.popitem(last=False)[1]
                self._grouped -= self.n // 2 if old_ids is None else len(old_ids)
        return out

    def docs(self, query: Any) -> np.ndarray:
        """Docnums matching a Whoosh query (filters, phrases) as a boolean mask."""
        mask = np.zeros(self.n, dtype=bool)
        found = list(self.searcher.docs_for_query(query))
        if found:
            mask[np.fromiter(found, dtype=np.int64, count=len(found))] = True
        return mask & self.live

    def top(self, scores: np.ndarray, mask: np.ndarray | None, k: int) -> tuple[np.ndarray, int]:
        """The k best docnums (best first; equal scores by docnum) among scored (and masked)
        documents, and the total."""
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        hits = np.flatnonzero(scores > 0)
        total = len(hits)
        if k <= 0 or total == 0:
            return hits[:0], total
        vals = scores[hits]
        if total > 8 * TOP_SAMPLE:
            # Selecting among tens of thousands of hits is slow when many scores tie (lengths
            # are stored as one byte), so first cut at a score from an even sample of the hits:
            # its r-th best, r chosen so that a few times k hits lie above it on average (all
            # ties kept); the rare cut that leaves fewer than k is not used.
            sample = np.sort(vals[:: total // TOP_SAMPLE])[::-1]
            r = min(len(sample) - 1, 4 + (3 * k * len(sample)) // total)
            keep = np.flatnonzero(vals >= sample[r])
            if len(keep) >= k:
                hits, vals = hits[keep], vals[keep]
        if len(hits) > 64 * k:  # keep the k-th best score and all above it (with its ties)
            kth = -np.partition(-vals, k - 1)[k - 1]
            keep = np.flatnonzero(vals >= kth)
            hits, vals = hits[keep], vals[keep]
        order = np.lexsort((hits, -vals))[:k]
        return hits[order], total
