"""Text relevance for matching through the project's search engine (``ttgraph.search``).

The need's own words and the solution words added by the taxonomy are parsed by the engine
separately and scored in one pass, the added words' boosts multiplied by ``EXPANSION_WEIGHT``,
so a community's wording still counts most.  Should the engine's internals change, the ranker
falls back to its public ``search()`` on the joined text.  Searchers stay open between queries (one per home) and
are reopened when the index changes.  Without an index the local ranker takes over.
"""

from __future__ import annotations

import threading
from typing import Any

from ttgraph import matching_text
from ttgraph.matching_text import Expansion

ENGINE_ADDED = 6  # solution words sent to the engine, anchored ones first (each costs reads)
_open: dict[str, Any] = {}
_lock = threading.Lock()


class EngineRanker:
    """A :class:`~ttgraph.matching_text.TextRanker` over ``ttgraph.search.Searcher``."""

    name = "search-engine"

    def __init__(self, home: str, expand: bool = True) -> None:
        self.home = home
        self.expand = expand
        self._searcher: Any = None
        self._added: dict[str, list[Any]] = {}  # parsed solution words (they repeat across needs)

    def _get(self, store: Any) -> Any:
        from ttgraph.search import Searcher

        s = self._searcher
        if s is not None and not s.searcher.up_to_date():
            s.close()
            s = None
        if s is None:
            s = Searcher(store)
            self._searcher = s
            self._added.clear()
        return s

    def rank(self, store: Any, exp: Expansion, limit: int) -> list[tuple[str, float]]:
        with _lock:
            s = self._get(store)
            try:
                return self._weighted(s, exp, limit)
            except (AttributeError, TypeError, ValueError):  # the engine's internals moved on
                res = s.search(
                    exp.query_text(),
                    kind="technology",
                    limit=limit,
                    with_facets=False,
                    snippets=False,
                )
                return [(r["id"], float(r["score"])) for r in res["results"]]

    def _weighted(self, s: Any, exp: Expansion, limit: int) -> list[tuple[str, float]]:
        """Score the need's words at full weight and the added words lower, in one pass."""
        own = s.parse(" ".join(exp.words))
        terms = list(own.terms)
        if self.expand and exp.added:
            text = " ".join(exp.added[:ENGINE_ADDED])
            factor = matching_text.EXPANSION_WEIGHT
            key = f"{factor}|{text}"
            added = self._added.get(key)
            if added is None:
                if len(self._added) > 512:
                    self._added.clear()
                added = self._added[key] = [_scaled(item, factor) for item in s.parse(text).terms]
            terms += added
        if not terms:
            return []
        kept: dict[Any, Any] = {}
        scores = s.ranker.score(terms, kept)
        for q, bonus in own.bonus:
            scores[s._together(q) & (scores > 0)] += bonus
        ranking = s.ranking
        depth = int(ranking["rerank"]) if ranking["passage"] else 0
        technology = s._mask(s._filter_query("kind", "technology"))
        docs, _ = s.ranker.top(scores, technology, max(limit, depth))
        # the search page's re-ranking of its best results (the need's words found together
        # in a passage, a technology named in the need), so matching's text stage is never
        # weaker than what a plain search for the need gives
        fields: dict[int, Any] = {}
        order, final, _nodes = s._rerank(docs, scores, own, depth, kept, fields)
        return [
            ((fields.get(d) or s.searcher.stored_fields(d))["id"], float(final.get(d, scores[d])))
            for d in order[:limit]
        ]


def _scaled(item: Any, factor: float) -> Any:
    """A parsed query term with its weight multiplied: (weight, parts) or (field, term, boost)."""
    if len(item) == 2:
        return (item[0] * factor, item[1])
    field, term, boost = item
    return (field, term, boost * factor)


def engine_ranker(store: Any, expand: bool = True) -> EngineRanker | None:
    """The engine ranker of ``store``'s home, or None when the engine or its index is missing."""
    try:
        from ttgraph.index import current_dir
    except ImportError:  # pragma: no cover - the search package not installed
        return None
    if current_dir(store.home) is None:
        return None
    key = f"{store.home}|{expand}"
    ranker = _open.get(key)
    if ranker is None:
        ranker = _open[key] = EngineRanker(str(store.home), expand)
    return ranker
