"""The text side of matching: words of a need, problem-to-solution expansion, and text ranking.

A community writes its problem ("ราคาข้าวตกต่ำ"); a catalogue writes the answer ("แปรรูป
เพิ่มมูลค่า").  The category taxonomy bridges the two as *data*: each category lists the
``problem_terms`` communities use and the ``keywords`` technologies use.  :func:`expand` finds the
problem terms in a need and adds the keywords of their categories to the query.

Text ranking goes through :class:`TextRanker`.  :func:`default_ranker` uses the project's search
engine (``ttgraph.search``) when it is installed and falls back to a small
in-memory BM25 (``ttgraph.matching_local``) kept current through the store's change log.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ttgraph.thai import normalize

EXPANSION_WEIGHT = 0.1  # an added solution word counts this much of a word the community wrote
MAX_EXPANSION_WORDS = 14  # solution words added per need, at most
PER_CATEGORY = 8  # ... and per matched category
GENERIC_SECTORS = 3  # a problem word used under this many top-level categories is generic
PARTIAL = True  # count a problem term with some generic words missing (as half a match)


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    keep = {"น้ำ", "ไม่", "พอ", "ดิน", "ต่ำ"}  # carry meaning in problem statements
    return frozenset(w for w in thai_stopwords() if w not in keep)


# Kept as need words for matching (น้ำไม่พอ, ขายไม่ทัน) but no reason to show alone as a match.
NOT_SHOWN = frozenset({"ไม่", "พอ"})


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
    specific = tw - generic
    if not specific or not specific <= have:
        return 0.0  # (น้ำ + บ่อ alone name no problem; every sector-specific word must be there)
    if have == tw:
        return 1.0
    return 0.5 if PARTIAL and have & generic else 0.0


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


def local_ranker(store: Any) -> TextRanker:
    """The in-memory index of ``store``'s home (one per home per process)."""
    from ttgraph.matching_local import local_index

    return local_index(store)


def default_ranker(store: Any) -> TextRanker:
    """The search engine's ranker when ``ttgraph.search`` is there, else the local index."""
    try:
        from ttgraph.matching_engine import engine_ranker
    except ImportError:  # pragma: no cover - the engine adapter is part of this package
        return local_ranker(store)
    return engine_ranker(store) or local_ranker(store)
