"""The text side of matching: words of a need, problem-to-solution expansion, and text ranking.

A community writes its problem ("ราคาข้าวตกต่ำ"); a catalogue writes the answer ("แปรรูป
เพิ่มมูลค่า").  The category taxonomy bridges the two as *data*: each category lists the
``problem_terms`` communities use and the ``keywords`` technologies use.  :func:`expand` finds the
problem terms in a need and adds the keywords of their categories to the query.

Text ranking goes through :class:`TextRanker`.  :func:`default_ranker` uses the project's search
engine (``ttgraph.search``) when it is installed and falls back to :class:`LocalIndex`, a small
in-memory BM25 over technology titles, keywords and descriptions kept current by the store's seq.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ttgraph.thai import normalize

# Field boosts of the local index: a word in the title says more than one in the description.
FIELD_BOOSTS = {"title": 3.0, "keywords": 2.5, "title_en": 1.5, "benefits": 1.0, "description": 1.0}
EXPANSION_WEIGHT = 0.1  # an added solution word counts this much of a word the community wrote
MAX_EXPANSION_WORDS = 14  # solution words added per need, at most
PER_CATEGORY = 8  # ... and per matched category
MAX_QUERY_TERMS = 12  # the local index reads only a query's most telling words
COMMON_SHARE = 0.2  # ... and skips words found in more than this share of technologies
GENERIC_SECTORS = 3  # a problem word used under this many top-level categories is generic


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    keep = {"น้ำ", "ไม่", "พอ", "ดิน", "ต่ำ"}  # carry meaning in problem statements
    return frozenset(w for w in thai_stopwords() if w not in keep)


@functools.lru_cache(maxsize=1)
def _analyzer() -> Any:
    from ttgraph.analysis import word_analyzer

    return word_analyzer()


@functools.lru_cache(maxsize=20000)
def words(text: str) -> tuple[str, ...]:
    """Content words of ``text`` (normalised, segmented, stop words and 1-letter bits dropped)."""
    stop = _stopwords()
    out = []
    for tok in _analyzer()(text or ""):
        w = tok.text
        if len(w) > 1 and w not in stop and not w.isdigit():
            out.append(w)
    return tuple(out)


@functools.lru_cache(maxsize=20000)
def squash(text: str) -> str:
    """Normalised text without spaces, for substring tests across segmentations."""
    return normalize(text or "").replace(" ", "").lower()


@dataclass(frozen=True)
class Category:
    """What expansion needs of one taxonomy category."""

    id: str
    name: str
    keywords: tuple[str, ...]
    problem_terms: tuple[str, ...]
    broader: str | None = None


@dataclass
class Expansion:
    """A need's words, the problem terms found in it and the solution words they bring in."""

    words: tuple[str, ...]
    problems: list[tuple[str, str]] = field(default_factory=list)  # (category id, problem term)
    added: list[str] = field(default_factory=list)  # solution words added to the query
    categories: dict[str, float] = field(default_factory=dict)  # inferred category -> strength

    def query_terms(self) -> dict[str, float]:
        """Query word -> weight: the community's words at 1.0, added words lower."""
        terms: dict[str, float] = {w: 1.0 for w in self.words}
        for phrase in self.added:
            for w in words(phrase):
                terms.setdefault(w, EXPANSION_WEIGHT)
        return terms

    def query_text(self) -> str:
        """The expanded need as one string, for engines that take text."""
        return " ".join([*self.words, *self.added])


@functools.lru_cache(maxsize=5000)
def _boundaries(sq: str) -> frozenset[int]:
    """Offsets in squashed text where a word starts or ends (dictionary segmentation)."""
    from ttgraph.analysis import segmenter

    out, pos = {0}, 0
    for piece in segmenter()(sq):
        pos += len(piece)
        out.add(pos)
    return frozenset(out)


@functools.lru_cache(maxsize=4)
def _generic_words(cats: tuple[Category, ...]) -> frozenset[str]:
    """Words of problem terms found under several top-level categories (ราคา, ผลผลิต, ไม่).

    Such a word says how a problem hurts, not what it is about; a need may leave it out and
    still state the problem.  A word only one or two sectors use (ปลา, ยาง) must be there.
    """
    top = {c.id: c.broader or c.id for c in cats}
    seen: dict[str, set[str]] = defaultdict(set)
    for c in cats:
        for t in c.problem_terms:
            for w in words(t):
                seen[w].add(top.get(c.id, c.id))
    return frozenset(w for w, tops in seen.items() if len(tops) >= GENERIC_SECTORS)


def term_match(term: str, text_sq: str, text_words: set[str], generic: frozenset[str]) -> float:
    """How well a problem term is present in a need: 1.0, 0.5 (partly) or 0.

    Present: as a substring of the need that starts or ends at a word boundary, or all its
    words (two or more) anywhere.  Partly: all its sector-specific words and some of its
    ``generic`` ones are there (ราคาปลาตกต่ำ in "ปลาที่จับได้ขายไม่ได้ราคา").
    """
    sq = squash(term)
    if sq:
        cuts = _boundaries(text_sq)
        start = text_sq.find(sq)
        while start >= 0:
            if start in cuts or start + len(sq) in cuts:
                return 1.0
            start = text_sq.find(sq, start + 1)
    tw = set(words(term))
    if len(tw) < 2:
        return 0.0
    have = tw & text_words
    if have == tw:
        return 1.0
    specific = tw - generic
    if specific and specific <= have and have & generic:
        return 0.5
    return 0.0


def expand(text: str, categories: Iterable[Category], extra: Iterable[str] = ()) -> Expansion:
    """Find problem terms of ``categories`` in ``text`` and add those categories' keywords.

    ``extra`` names categories chosen by the user; their keywords are added too.  When a
    category and a narrower one both match, only the narrower one's keywords are added.
    """
    exp = Expansion(words(text))
    text_sq, text_words = squash(text), set(exp.words)
    chosen = set(extra)
    hits: dict[str, float] = {}
    cats = list(categories)
    generic = _generic_words(tuple(cats))
    for cat in cats:
        for term in cat.problem_terms:
            m = term_match(term, text_sq, text_words, generic)
            if m:
                exp.problems.append((cat.id, term))
                hits[cat.id] = hits.get(cat.id, 0.0) + m
    for cid in chosen:
        hits[cid] = max(hits.get(cid, 0.0), 2.0)
    for cid, h in hits.items():
        exp.categories[cid] = 1.0 if cid in chosen else min(1.0, 0.5 + 0.25 * h)
    broader = {c.broader for c in cats if c.id in hits and c.broader}
    seen = set(exp.words)
    for cat in sorted(cats, key=lambda c: (-hits.get(c.id, 0.0), c.id)):
        if cat.id not in hits:
            break
        if cat.id in broader and cat.id not in chosen:
            continue
        taken = 0
        # keywords that share a word with the need first (ข้าว -> แปรรูปข้าว), then the rest
        ordered = sorted(cat.keywords, key=lambda k: not (set(words(k)) & text_words))
        for kw in ordered:
            kw_words = words(kw)
            if not kw_words or all(w in seen for w in kw_words):
                continue
            if len(exp.added) >= MAX_EXPANSION_WORDS or taken >= PER_CATEGORY:
                break
            exp.added.append(kw)
            seen.update(kw_words)
            taken += 1
    return exp


class TextRanker(Protocol):
    """Anything that ranks technology ids for a need's text (the search engine, or a stand-in)."""

    name: str

    def rank(self, store: Any, exp: Expansion, limit: int) -> list[tuple[str, float]]:
        """(technology id, relevance score) best first; scores on any positive scale."""
        ...


class LocalIndex:
    """In-memory BM25 over technologies; caught up with the store through its change log."""

    name = "local-bm25"
    k1, b = 1.2, 0.75
    depth = 1000  # documents read per query term, best first (bounds a query's cost)
    _avg = 1.0

    def __init__(self) -> None:
        self.seq = -1
        self.docs: dict[str, Counter[str]] = {}
        self.lengths: dict[str, float] = {}
        self.postings: dict[str, dict[str, float]] = defaultdict(dict)
        self._impacts: dict[str, list[tuple[float, str]]] = {}  # term -> best docs first

    def _doc_terms(self, data: dict[str, Any]) -> Counter[str]:
        tf: Counter[str] = Counter()
        for fld, boost in FIELD_BOOSTS.items():
            value = data.get(fld)
            if isinstance(value, list):
                value = " ".join(map(str, value))
            for w in words(str(value or "")):
                tf[w] += boost
        return tf

    def _put(self, node_id: str, tf: Counter[str] | None) -> None:
        for w in self.docs.pop(node_id, ()):
            self.postings[w].pop(node_id, None)
            self._impacts.pop(w, None)
        self.lengths.pop(node_id, None)
        if tf:
            self.docs[node_id] = tf
            self.lengths[node_id] = sum(tf.values())
            for w, n in tf.items():
                self.postings[w][node_id] = n
                self._impacts.pop(w, None)

    def refresh(self, store: Any) -> None:
        """Index what changed since the last look (everything the first time)."""
        import json

        seq = store.seq
        if seq == self.seq:
            return
        if self.seq < 0:
            rows = store.conn.execute(
                "SELECT id, data FROM nodes WHERE kind='technology' AND status='active'"
            )
            for node_id, data in rows:
                self._put(node_id, self._doc_terms(json.loads(data)))
            self._avg = sum(self.lengths.values()) / (len(self.lengths) or 1)
        else:
            _, changed = store.changes_since(self.seq)
            for node_id, node in ((i, store.get(i)) for i in changed):
                ok = node is not None and node.kind == "technology" and node.status == "active"
                if ok or node_id in self.docs:
                    self._put(node_id, self._doc_terms(node.data) if ok else None)
        self.seq = seq

    def _impact(self, term: str) -> list[tuple[float, str]]:
        """The term's best ``depth`` documents by their BM25 term-frequency part (cached)."""
        out = self._impacts.get(term)
        if out is None:
            post = self.postings.get(term) or {}
            k1, b, avg, lengths = self.k1, self.b, self._avg or 1.0, self.lengths
            norm = k1 * (1 - b)
            scale = k1 * b / avg
            out = heapq.nlargest(
                self.depth,
                ((tf * (k1 + 1) / (tf + norm + scale * lengths[d]), d) for d, tf in post.items()),
            )
            self._impacts[term] = out
        return out

    def rank(self, store: Any, exp: Expansion, limit: int) -> list[tuple[str, float]]:
        self.refresh(store)
        n = len(self.docs) or 1
        terms = []
        for term, weight in exp.query_terms().items():
            df = len(self.postings.get(term) or ())
            if df and df <= max(self.depth, COMMON_SHARE * n):
                terms.append((weight * math.log(1 + (n - df + 0.5) / (df + 0.5)), term))
        scores: dict[str, float] = defaultdict(float)
        for w_idf, term in heapq.nlargest(MAX_QUERY_TERMS, terms):
            for part, doc in self._impact(term):
                scores[doc] += w_idf * part
        return heapq.nlargest(limit, scores.items(), key=lambda kv: (kv[1], kv[0]))


_local_indexes: dict[str, LocalIndex] = {}


def local_ranker(store: Any) -> LocalIndex:
    """The local index of ``store``'s home (one per home per process)."""
    key = str(store.path)
    if key not in _local_indexes:
        _local_indexes[key] = LocalIndex()
    return _local_indexes[key]


def default_ranker(store: Any) -> TextRanker:
    """The search engine's ranker when ``ttgraph.search`` is there, else the local index."""
    try:
        from ttgraph.matching_engine import engine_ranker
    except ImportError:  # pragma: no cover - the engine adapter is part of this package
        return local_ranker(store)
    return engine_ranker(store) or local_ranker(store)
