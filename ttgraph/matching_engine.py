"""Text relevance for matching through the project's search engine (``ttgraph.search``).

The need's own words and the solution words added by the taxonomy are parsed by the engine
separately and joined in one Whoosh query, the added words at ``EXPANSION_WEIGHT``, so a
community's wording still counts most.  Searchers stay open between queries (one per home) and
are reopened when the index changes.  Without an index the local ranker takes over.
"""

from __future__ import annotations

import threading
from typing import Any

from ttgraph.matching_text import EXPANSION_WEIGHT, Expansion

_open: dict[str, Any] = {}
_lock = threading.Lock()


class EngineRanker:
    """A :class:`~ttgraph.matching_text.TextRanker` over ``ttgraph.search.Searcher``."""

    name = "search-engine"

    def __init__(self, home: str, expand: bool = True) -> None:
        self.home = home
        self.expand = expand
        self._searcher: Any = None

    def _get(self, store: Any) -> Any:
        from ttgraph.search import Searcher

        s = self._searcher
        if s is not None and not s.searcher.up_to_date():
            s.close()
            s = None
        if s is None:
            s = Searcher(store)
            self._searcher = s
        return s

    def rank(self, store: Any, exp: Expansion, limit: int) -> list[tuple[str, float]]:
        from whoosh.query import NullQuery, Or, Term

        with _lock:
            s = self._get(store)
            own, _, _ = s.parse(" ".join(exp.words))
            parts = [] if own is NullQuery else [own]
            if self.expand and exp.added:
                added, _, _ = s.parse(" ".join(exp.added))
                if added is not NullQuery:
                    parts.append(Or([added], boost=EXPANSION_WEIGHT))
            if not parts:
                return []
            query = Or(parts) if len(parts) > 1 else parts[0]
            hits = s.searcher.search(query, limit=limit, filter=Term("kind", "technology"))
            return [(h["id"], float(h.score or 0.0)) for h in hits]


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
