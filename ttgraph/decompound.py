"""Query words the index has never seen, cut into words it has.

The segmenter's dictionary holds many compounds (การขัดขืน, เป็นที่ต้องการ, ผู้มีชื่อเสียง,
บรรทัดฐาน) that a question may be cut into while the records cut the same letters
differently (การ ขัดขืน, ต้องการ).  Such a query word has no postings at all, so BM25F scores
it nothing and only its cluster bigrams still match.  ``split_unknown`` cuts it, at Thai
character cluster boundaries, into the fewest pieces that *are* index terms: what the
segmenter would have written had the compound not been in its dictionary.  The search adds
the pieces as query words at a reduced weight (``RANKING["unknown_parts"]``).
"""

from __future__ import annotations

from collections.abc import Callable

from ttgraph.analysis import _tcc

# Bounds on the look-ups (each a term count): a query of random letters must stay cheap.
MAX_CLUSTERS = 16  # longer runs are no compound of a few words
MAX_PIECE = 8  # clusters in one piece
MAX_WORDS = 8  # unknown words of one query that are cut


def split_unknown(word: str, known: Callable[[str], bool]) -> list[str]:
    """The fewest pieces (two or more, each ``known``) that spell ``word``, cut between
    Thai character clusters; [] when there are none.  Among equally few, the one with the
    longest last piece wins."""
    if len(word) < 2 or not any("\u0e00" <= c <= "\u0e7f" for c in word):
        return []
    clusters = _tcc(word)
    n = len(clusters)
    if n < 2 or n > MAX_CLUSTERS:
        return []
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_PIECE), end):
            before = best[start]
            if before is None or (start, end) == (0, n):
                continue
            cand = best[end]
            if cand is not None and len(cand) <= len(before) + 1:
                continue
            piece = "".join(clusters[start:end])
            if known(piece):
                best[end] = [*before, piece]
    return best[n] or []


def unknown_parts(words: list[str], known: Callable[[str], bool]) -> list[str]:
    """The pieces of those ``words`` that are not ``known`` (see ``split_unknown``; the first
    MAX_WORDS of them), in order, without repeats, one-letter pieces or pieces that are query
    words already."""
    out: list[str] = []
    tried = 0
    for w in words:
        if tried >= MAX_WORDS or len(w) < 2 or known(w):
            continue
        tried += 1
        for piece in split_unknown(w, known):
            if len(piece) >= 2 and piece not in words and piece not in out:
                out.append(piece)
    return out
