"""A small in-memory BM25 over technologies: matching's text ranker when there is no search index.

Postings live in dicts (cheap to update from the store's change log); per term, a numpy array
of document numbers and BM25 term-frequency parts is built on first use and dropped when the
term's postings change, so a query costs a few vector additions whatever the catalogue size.
Only a query's most telling words are read (``MAX_QUERY_TERMS``), and words found in most
technologies are skipped (``COMMON_SHARE``).
"""

from __future__ import annotations

import heapq
import json
import math
from collections import Counter, defaultdict
from typing import Any

import numpy as np

from ttgraph.matching_text import Expansion, words

# A word in the title says more than one in the description.
FIELD_BOOSTS = {"title": 3.0, "keywords": 2.5, "title_en": 1.5, "benefits": 1.0, "description": 1.0}
MAX_QUERY_TERMS = 12  # the most telling words of a query that are read
COMMON_SHARE = 0.2  # words in more than this share of technologies are skipped


class LocalIndex:
    """BM25 over technology text, caught up with the store through its change log."""

    name = "local-bm25"
    k1, b = 1.2, 0.75

    def __init__(self) -> None:
        self.seq = -1
        self.ids: list[str] = []  # docnum -> technology id
        self.num: dict[str, int] = {}
        self.docs: dict[str, Counter[str]] = {}
        self.lengths = np.zeros(1024, dtype=np.float32)
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        self._arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._avg = 1.0

    @staticmethod
    def doc_terms(data: dict[str, Any]) -> Counter[str]:
        tf: Counter[str] = Counter()
        for fld, boost in FIELD_BOOSTS.items():
            value = data.get(fld)
            if isinstance(value, list):
                value = " ".join(map(str, value))
            for w in words(str(value or "")):
                tf[w] += boost
        return tf

    def _put(self, node_id: str, tf: Counter[str] | None) -> None:
        n = self.num.get(node_id)
        for w in self.docs.pop(node_id, ()):
            self.postings[w].pop(n, None)
            self._arrays.pop(w, None)
        if not tf:
            if n is not None:
                self.lengths[n] = 0.0
            return
        if n is None:
            n = self.num[node_id] = len(self.ids)
            self.ids.append(node_id)
            if n >= len(self.lengths):
                self.lengths = np.concatenate([self.lengths, np.zeros_like(self.lengths)])
        self.docs[node_id] = tf
        self.lengths[n] = sum(tf.values())
        for w, count in tf.items():
            self.postings[w][n] = count
            self._arrays.pop(w, None)

    def refresh(self, store: Any) -> None:
        """Index what changed since the last look (everything the first time)."""
        seq = store.seq
        if seq == self.seq:
            return
        if self.seq < 0:
            rows = store.conn.execute(
                "SELECT id, data FROM nodes WHERE kind='technology' AND status='active'"
            )
            for node_id, data in rows:
                self._put(node_id, self.doc_terms(json.loads(data)))
            self._avg = float(self.lengths[: len(self.ids)].mean()) if self.ids else 1.0
        else:
            _, changed = store.changes_since(self.seq)
            for node_id in changed:
                node = store.get(node_id)
                ok = node is not None and node.kind == "technology" and node.status == "active"
                if ok or node_id in self.docs:
                    self._put(node_id, self.doc_terms(node.data) if ok else None)
        self.seq = seq

    def _postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, BM25 term-frequency parts) of ``term`` (cached until it changes)."""
        out = self._arrays.get(term)
        if out is None:
            post = self.postings.get(term) or {}
            ids = np.fromiter(post.keys(), dtype=np.int64, count=len(post))
            tf = np.fromiter(post.values(), dtype=np.float32, count=len(post))
            norm = self.k1 * (1 - self.b + self.b * self.lengths[ids] / self._avg)
            out = self._arrays[term] = (ids, tf * (self.k1 + 1) / (tf + norm))
        return out

    def rank(self, store: Any, exp: Expansion, limit: int) -> list[tuple[str, float]]:
        """Technology ids and BM25 scores for the expanded need, best first."""
        self.refresh(store)
        n = len(self.docs) or 1
        terms = []
        for term, weight in exp.query_terms().items():
            df = len(self.postings.get(term) or ())
            if df and df <= max(50, COMMON_SHARE * n):
                terms.append((weight * math.log(1 + (n - df + 0.5) / (df + 0.5)), term))
        if not terms:
            return []
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for w_idf, term in heapq.nlargest(MAX_QUERY_TERMS, terms):
            ids, part = self._postings(term)
            scores[ids] += w_idf * part
        k = min(limit, int(np.count_nonzero(scores)))
        if k <= 0:
            return []
        best = np.argpartition(-scores, k - 1)[:k]
        hits = [(self.ids[i], float(scores[i])) for i in best]
        return sorted(hits, key=lambda h: (-h[1], h[0]))


_indexes: dict[str, LocalIndex] = {}


def local_index(store: Any) -> LocalIndex:
    """The local index of ``store``'s home (one per home per process)."""
    key = str(store.path)
    if key not in _indexes:
        _indexes[key] = LocalIndex()
    return _indexes[key]
