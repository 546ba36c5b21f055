"""Passage re-ranking: reward the record whose query words meet in one short stretch of text.

BM25F counts a word wherever it falls.  A question, though, is answered by one or two
sentences, and the record that holds most of the question's rare words *together* is the
better answer than one that scatters them over the whole text.  Thai writes no spaces between
words but puts one between sentences and clauses, so the text is cut at whitespace into
pieces, and a passage is ``span`` adjacent pieces.  The best passage's idf mass (each distinct
query word counted once) is added to the BM25F score of the top few results, times
``RANKING["passage"]``.

Query words are found by substring search in the lower-cased text (Thai digits as ASCII, as
the analyzer writes them), so no segmentation runs at query time: some 20 microseconds per
record.  Substring search also finds a word the record's segmentation cut differently, and a
word inside a longer one (ชนะ in เอาชนะ); when the caller says which words a record holds as
index terms, the latter count ``inside`` times their idf.

Beside the passage, ``name_match`` rewards the record whose name (``record_name``: its title
up to the first space or bracket) the query writes whole: a question naming ปลาแดง is about
ปลาแดง, not ปลาแดงน้อย.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ttgraph.thai import normalize

_THAI_DIGIT = re.compile("[\u0e50-\u0e59]")  # ๐..๙
_NAME = re.compile(r"[^\s(\[{:;,]+")


def best_passage(text: str, words: Sequence[str], idf: Mapping[str, float], span: int = 2) -> float:
    """The largest idf mass of distinct ``words`` found within ``span`` adjacent pieces of
    ``text`` (pieces: the runs between whitespace).  0.0 when none of the words occurs."""
    if not text or not words or span < 1:
        return 0.0
    low = " ".join(text.lower().split())  # pieces now end at exactly one space
    if _THAI_DIGIT.search(low):  # rare; str.translate would cost more than all the rest
        low = _THAI_DIGIT.sub(lambda m: str(ord(m.group(0)) - 0x0E50), low)
    found: dict[int, set[str]] = {}  # piece number -> query words in it
    for w in words:
        i = low.find(w) if w else -1
        while i >= 0:
            found.setdefault(low.count(" ", 0, i), set()).add(w)
            i = low.find(w, i + len(w))
    best = 0.0
    for first in found:
        got: set[str] = set()
        for piece in range(first, first + span):
            got |= found.get(piece, set())
        best = max(best, sum(idf.get(w, 0.0) for w in got))
    return best


def passage_words(
    words: Sequence[str], idf: Mapping[str, float] | None = None, min_idf: float = 0.0
) -> list[str]:
    """The query words worth looking for: not one-letter words (found inside almost any
    word), nor words so common (idf below ``min_idf``: ที่, ของ, การ) that they weigh
    nothing yet are found hundreds of times in a text."""
    return [
        w
        for w in dict.fromkeys(words)
        if len(w) >= 2 and (idf is None or idf.get(w, 0.0) >= min_idf)
    ]


def held_words(
    docs: Sequence[int], words: Sequence[str], postings: Sequence[tuple[Any, Any] | None]
) -> list[set[str]]:
    """For each of ``docs``, which of ``words`` it holds as an index term.  ``postings[i]``
    is ``words[i]``'s (document numbers, contribution) as the ranker's ``group`` gives it:
    sorted numbers, or None and a contribution for every document; None when no record
    holds the word."""
    at = np.asarray(docs, dtype=np.int64)
    held: list[set[str]] = [set() for _ in docs]
    for w, found in zip(words, postings, strict=True):
        if found is None:
            continue
        ids, contribution = found
        if ids is None:  # a frequent term: a contribution for every document
            has = contribution[at] > 0
        elif len(ids):
            has = ids[np.minimum(np.searchsorted(ids, at), len(ids) - 1)] == at
        else:
            continue
        for i in np.flatnonzero(has).tolist():
            held[i].add(w)
    return held


def record_name(title: str) -> str:
    """A record's name as a query would spell it: the title, normalised and lower-cased, up
    to the first space, bracket, colon, semicolon or comma.  Thai titles put the name first
    and an English name or a description after it: "ปลาแดง ปลาน้ำจืด...", "ชวนชม (Adenium)"."""
    m = _NAME.match(normalize(title or "").lower().lstrip())
    return m.group(0) if m else ""


def name_match(name: str, query: str, words: Sequence[str], idf: Mapping[str, float]) -> float:
    """The idf mass of the ``words`` within ``name`` when the whole name (three letters or
    more) is written in ``query`` (spaces removed): the question names this very record, not
    one whose name merely starts the same (ปลาแดง, not ปลาแดงน้อย)."""
    if len(name) < 3 or name not in query:
        return 0.0
    return sum(idf.get(w, 0.0) for w in words if w in name)


def rerank(
    docs: Sequence[int],
    scores: Sequence[float],
    texts: Sequence[str],
    words: Sequence[str],
    idf: Mapping[str, float],
    weight: float,
    span: int = 2,
    *,
    held: Sequence[set[str]] | None = None,
    inside: float = 1.0,
    names: Sequence[str] | None = None,
    query: str = "",
    name_weight: float = 0.0,
) -> tuple[list[int], list[float]]:
    """``docs`` (best first, with their ``scores`` and ``texts``) ordered by score plus
    ``weight`` times the best passage's idf mass of ``words`` (see ``passage_words``), plus
    ``name_weight`` times ``name_match`` of each record's name (``names``) in ``query``.
    With ``held`` (per record, the words it holds as index terms), a word the passage finds
    only inside a longer word counts ``inside`` times its idf.  Ties keep the incoming order."""
    new = []
    for i, (s, t) in enumerate(zip(scores, texts, strict=True)):
        weights = idf
        if held is not None and inside != 1.0:
            weights = {w: v if w in held[i] else v * inside for w, v in idf.items()}
        score = float(s) + weight * best_passage(t, words, weights, span)
        if names is not None and name_weight:
            score += name_weight * name_match(names[i], query, words, idf)
        new.append(score)
    order = sorted(range(len(docs)), key=lambda i: (-new[i], i))
    return [docs[i] for i in order], [new[i] for i in order]
