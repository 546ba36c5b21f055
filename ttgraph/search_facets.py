"""Facet counts for the search engine: per-document value codes counted with numpy.

Each facet's values are numbered and every document gets the number of its (first) value;
documents with several values keep the rest as (document, value) pairs.  The facets are then
packed into a few mixed-radix codes (smallest first, at most COMBINED_FACET_CELLS cells each),
so counting a query's matched documents takes one gather and one count per code, whatever
the number of facets; each facet's counts are read off the cells that occur.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ttgraph.index import FACETS

COMBINED_FACET_CELLS = 1 << 16  # cells of one joint count of several facets


class FacetCounter:
    """The facet tables of one open searcher (built on first use, then kept)."""

    def __init__(self, searcher: Any, ranker: Any) -> None:
        self.searcher = searcher
        self.ranker = ranker
        self._tables: dict[str, tuple[list[str], np.ndarray, np.ndarray, np.ndarray]] = {}
        self._totals: dict[str, np.ndarray] = {}
        self._groups: list[tuple[list[str], tuple[int, ...], np.ndarray]] | None = None
        self._positions: dict[str, dict[str, int]] = {}

    def counts(
        self, matched: np.ndarray, limit: int = 0, chosen: dict[str, list[str]] | None = None
    ) -> dict[str, dict[str, int]]:
        """Counts of matched documents per value of each facet, most frequent first (the first
        ``limit`` and the ``chosen`` ones when ``limit`` is set)."""
        if self._groups is None:
            self._groups = self._combine()
        out: dict[str, dict[str, int]] = {}
        # A query of common words matches most documents: then count the others and subtract.
        invert = np.count_nonzero(matched) > len(matched) // 2
        side = ~matched if invert else matched
        docs = np.flatnonzero(side)  # once, then one gather per group of facets
        counted: dict[str, np.ndarray] = {}
        for names, shape, combined in self._groups:
            # one count over the group's joint codes; each facet's counts are then the sums
            # over the (few) cells that occur, read off by their coordinates
            joint = np.bincount(combined[docs], minlength=int(np.prod(shape)))
            cells = np.flatnonzero(joint)
            weights = joint[cells]
            coords = np.unravel_index(cells, shape)
            for name, size, at in zip(names, shape, coords, strict=True):
                counts = np.bincount(at, weights=weights, minlength=size)[1:]
                counted[name] = counts.astype(np.int64)
        for name in FACETS:
            values, code, extra_docs, extra_which = self._tables[name]
            counts = counted[name]
            if len(extra_docs):  # second and further values of multi-valued documents
                counts += np.bincount(extra_which[side[extra_docs]], minlength=len(values))
            if invert:
                counts = self._totals[name] - counts
            order = np.argsort(-counts, kind="stable")
            order = order[counts[order] > 0]
            if limit and len(order) > limit:
                picked = {self.index(name).get(v) for v in (chosen or {}).get(name, ())}
                extra = [i for i in order[limit:].tolist() if i in picked]
                order = np.concatenate([order[:limit], np.array(extra, dtype=order.dtype)])
            out[name] = dict(zip([values[i] for i in order], counts[order].tolist(), strict=True))
        return out

    def index(self, name: str) -> dict[str, int]:
        """A facet's value -> its position in the facet table."""
        found = self._positions.get(name)
        if found is None:
            values = self._tables[name][0]
            found = self._positions[name] = {v: i for i, v in enumerate(values)}
        return found

    def _combine(self) -> list[tuple[list[str], tuple[int, ...], np.ndarray]]:
        """The facets packed into a few groups, each a code per document in mixed radix (a
        document's first value of each facet, + 1), so that one gather and one count serve a
        whole group: smallest facets first, a group closed when its joint count would pass
        COMBINED_FACET_CELLS cells."""
        for name in FACETS:
            if name not in self._tables:
                self._tables[name] = self._table(name)
        sizes = {name: len(self._tables[name][0]) + 1 for name in FACETS}
        groups: list[list[str]] = []
        for name in sorted(FACETS, key=lambda f: sizes[f]):
            for group in groups:
                if int(np.prod([sizes[g] for g in group])) * sizes[name] <= COMBINED_FACET_CELLS:
                    group.append(name)
                    break
            else:
                groups.append([name])
        out = []
        for group in groups:
            combined = np.zeros(self.ranker.n, dtype=np.int64)
            for name in group:
                combined *= sizes[name]
                combined += self._tables[name][1]
            out.append((group, tuple(sizes[g] for g in group), combined))
        return out

    def _table(self, name: str) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """A facet as (values, per-document first value + 1, and the (document, value)
        pairs beyond the first), so counting reads the match mask in order."""
        values = list(self.searcher.reader().field_terms(name))
        lists = [self.ranker.postings(name, v)[0] for v in values]
        docs = np.concatenate(lists) if lists else np.zeros(0, dtype=np.int32)
        which = np.repeat(np.arange(len(values), dtype=np.int32), [len(x) for x in lists])
        order = np.argsort(docs, kind="stable")
        docs, which = docs[order], which[order]
        first = np.ones(len(docs), dtype=bool)
        first[1:] = docs[1:] != docs[:-1]
        code = np.zeros(self.ranker.n, dtype=np.int32)
        code[docs[first]] = which[first] + 1
        self._totals[name] = np.bincount(which, minlength=len(values))
        return values, code, docs[~first], which[~first]
