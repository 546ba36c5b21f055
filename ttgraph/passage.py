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
record.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_THAI_DIGIT = re.compile("[\u0e50-\u0e59]")  # ๐..๙


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


def rerank(
    docs: Sequence[int],
    scores: Sequence[float],
    texts: Sequence[str],
    words: Sequence[str],
    idf: Mapping[str, float],
    weight: float,
    span: int = 2,
) -> tuple[list[int], list[float]]:
    """``docs`` (best first, with their ``scores`` and ``texts``) ordered by score plus
    ``weight`` times the best passage's idf mass of ``words`` (see ``passage_words``);
    ties keep the incoming order."""
    new = [
        float(s) + weight * best_passage(t, words, idf, span)
        for s, t in zip(scores, texts, strict=True)
    ]
    order = sorted(range(len(docs)), key=lambda i: (-new[i], i))
    return [docs[i] for i in order], [new[i] for i in order]
