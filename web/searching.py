"""The search page's view of ttgraph.search, with a basic store scan when no index exists yet.

The page and ``/api/search`` both get one dict: query, total, results (id, kind, title, score,
snippet as parts to mark), facets with counts and labels, did-you-mean and the engine used.
Facet names follow the search engine: kind, agency, province, region, category, trl.
"""

from __future__ import annotations

import html
import json
import logging
import re
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ttgraph.model import KINDS
from ttgraph.store import Store
from ttgraph.thai import normalize

log = logging.getLogger("ttgraph.web")

FACETS = ("kind", "agency", "province", "region", "category", "trl")
SORTS = ("relevance", "title", "year", "trl")
MAX_QUERY = 500
SNIPPET = 160
BROKEN_RETRY_SECONDS = 60.0  # a broken index is retried this often (basic search meanwhile)
FACET_VALUES = 30  # values listed per facet (the page shows 12; the API gets these 30)
RECHECK_SECONDS = 1.0  # how often a pooled searcher checks that its index is still current

_MARK = re.compile(r"<(?:b|mark|em)(?:\s[^>]*)?>(.*?)</(?:b|mark|em)>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def snippet_parts(text: str) -> list[tuple[str, bool]]:
    """Split an engine snippet with <b>/<mark> around matches into (text, marked) parts.

    The parts are escaped by the template, so a hostile record cannot inject markup.

    >>> snippet_parts("แปรรูป<b>กล้วย</b>ตาก &amp; อบ")
    [('แปรรูป', False), ('กล้วย', True), ('ตาก & อบ', False)]
    """
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in _MARK.finditer(text):
        if m.start() > pos:
            parts.append((_plain(text[pos : m.start()]), False))
        parts.append((_plain(m.group(1)), True))
        pos = m.end()
    if pos < len(text):
        parts.append((_plain(text[pos:]), False))
    return [p for p in parts if p[0]]


def _plain(fragment: str) -> str:
    """Engine snippets are HTML-escaped; undo that, the template escapes once more."""
    return html.unescape(_TAG.sub("", fragment))


def mark_terms(text: str, terms: list[str], width: int = SNIPPET) -> list[tuple[str, bool]]:
    """A window of ``text`` around the first matched term, with every match marked."""
    text = " ".join(text.split())
    low = text.lower()
    hits = [(low.find(term), term) for term in terms if term and low.find(term) >= 0]
    start = max(0, min(h[0] for h in hits) - width // 3) if hits else 0
    window = text[start : start + width]
    if not terms:
        return [(window, False)]
    pattern = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.I
    )
    parts: list[tuple[str, bool]] = []
    pos = 0
    if start:
        parts.append(("… ", False))
    for m in pattern.finditer(window):
        if m.start() > pos:
            parts.append((window[pos : m.start()], False))
        parts.append((m.group(0), True))
        pos = m.end()
    parts.append((window[pos:] + ("…" if start + width < len(text) else ""), False))
    return [p for p in parts if p[0]]


def basic_search(
    store: Store,
    query: str,
    filters: dict[str, list[str]],
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
) -> dict[str, Any]:
    """Substring search over the store, for a home whose search index is not built yet."""
    terms = [w for w in normalize(query).lower().split() if w.strip('"*()')]
    terms = [w.strip('"*()') for w in terms][:20]
    rows = store.conn.execute(
        "SELECT id, kind, label, data FROM nodes WHERE status='active' AND kind NOT IN"
        " ('district','subdistrict')"
    ).fetchall()
    region_of = _regions(store)
    hits = []
    for node_id, kind, label, data_json in rows:
        if terms:
            low_label, low_data = label.lower(), data_json.lower()
            score = sum(3 * low_label.count(term) + low_data.count(term) for term in terms)
            if not score:
                continue
        else:
            score = 0
        data = json.loads(data_json)
        values = _facet_values(kind, data, region_of)
        hits.append((score, node_id, kind, label, data, values))
    active = {k: set(v) for k, v in filters.items() if k in FACETS and v}
    facets: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    selected = []
    for hit in hits:
        values = hit[5]
        for name in FACETS:
            others_ok = all(values.get(k, set()) & want for k, want in active.items() if k != name)
            if others_ok:
                facets[name].update(values.get(name, ()))
        if all(values.get(k, set()) & want for k, want in active.items()):
            selected.append(hit)
    keyfns = {
        "title": lambda h: h[3],
        "year": lambda h: -int(h[4].get("year") or 0),
        "trl": lambda h: -int(h[4].get("trl") or 0),
    }
    selected.sort(key=keyfns.get(sort, lambda h: (-h[0], h[3])))
    total = len(selected)
    chunk = selected[(page - 1) * page_size : page * page_size]
    results = []
    for score, node_id, kind, label, data, _ in chunk:
        body = str(data.get("description") or data.get("text") or data.get("note") or "")
        results.append(
            {
                "id": node_id,
                "kind": kind,
                "title": label,
                "title_en": data.get("title_en") or data.get("name_en") or "",
                "score": float(score),
                "snippet_parts": mark_terms(body or label, terms),
            }
        )
    return {
        "query": query,
        "total": total,
        "results": results,
        "facets": {k: facets[k].most_common() for k in FACETS},
        "did_you_mean": None,
        "engine": "basic",
    }


def _regions(store: Store) -> dict[str, str]:
    """Province id -> region id, from the provinces' region field."""
    out = {}
    for node_id, region in store.conn.execute(
        "SELECT id, json_extract(data, '$.region') FROM nodes WHERE kind='province'"
    ):
        if region:
            out[node_id] = region
    return out


def _facet_values(
    kind: str, data: dict[str, Any], region_of: dict[str, str]
) -> dict[str, set[str]]:
    def many(value: Any) -> set[str]:
        if value in (None, "", []):
            return set()
        return {str(v) for v in (value if isinstance(value, list) else [value])}

    provinces = many(data.get("province"))
    if kind == "province":
        provinces = set()
    values = {
        "kind": {kind},
        "agency": many(data.get("agency")),
        "category": many(data.get("category")),
        "province": provinces,
        "region": {region_of[p] for p in provinces if p in region_of} | many(data.get("region")),
        "trl": many(data.get("trl")),
    }
    return values


def known_kind(value: str) -> bool:
    return value in KINDS


class ResultCache:
    """The last ``size`` result pages, keyed by the store's change number and the request.

    Staff repeat the same searches all day; a page is recomputed only when the store changed
    (an import, a saved need) or it fell out of the cache.  ``size`` 0 turns it off.
    """

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple[Any, ...]) -> dict[str, Any] | None:
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: tuple[Any, ...], value: dict[str, Any]) -> None:
        if not self.size:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def cached_search(
    cache: ResultCache | None,
    store: Store,
    query: str,
    filters: dict[str, list[str]],
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
) -> dict[str, Any]:
    """:func:`run_search` through ``cache`` (results are never mutated by callers)."""
    if cache is None or not cache.size:
        return run_search(store, query, filters, sort, page, page_size)
    frozen = tuple(sorted((k, tuple(v)) for k, v in filters.items()))
    key = (str(store.home), store.seq, query, frozen, sort, page, page_size)
    result = cache.get(key)
    if result is None:
        result = run_search(store, query, filters, sort, page, page_size)
        cache.put(key, result)
    return result


def run_search(
    store: Store,
    query: str,
    filters: dict[str, list[str]],
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
) -> dict[str, Any]:
    """Search with the home's index (ttgraph.search), or the basic scan when there is none."""
    with pool_for(store).searcher(store) as searcher:
        if searcher is None:
            return basic_search(store, query, filters, sort, page, page_size)
        return _indexed(searcher, query, filters, sort, page, page_size)


def _indexed(
    searcher: Any,
    query: str,
    filters: dict[str, list[str]],
    sort: str,
    page: int,
    page_size: int,
) -> dict[str, Any]:
    facets = {k: v for k, v in filters.items() if k in FACETS and v}
    result = searcher.search(
        query,
        facets=facets,
        limit=page_size,
        offset=(page - 1) * page_size,
        sort=sort,
        facet_values=FACET_VALUES,
    )
    if not query.strip() and not facets:  # browsing: the engine wants a query or a filter
        result = searcher.search(
            "",
            facets={"kind": list(KINDS)},
            limit=page_size,
            offset=(page - 1) * page_size,
            sort=sort if sort != "relevance" else "title",
        )
    results = []
    for hit in result["results"]:
        results.append(
            {
                "id": hit["id"],
                "kind": hit["kind"],
                "title": hit.get("title") or hit["id"],
                "score": hit.get("score", 0.0),
                "snippet": hit.get("snippet", ""),
                "snippet_parts": snippet_parts(hit.get("snippet") or ""),
            }
        )
    return {
        "query": query,
        "total": result.get("total", 0),
        "results": results,
        "facets": {k: list(result.get("facets", {}).get(k, {}).items()) for k in FACETS},
        "did_you_mean": result.get("did_you_mean"),
        "engine": "index",
    }


class SearcherPool:
    """A few open Searchers of one home, lent to one request at a time.

    Opening a Searcher is slow (the index, the segmenter's dictionary, the synonyms), and a
    Whoosh searcher should not serve two threads at once; the interpreter runs one thread of
    Python at a time anyway, so two searchers keep every core busy.  A searcher whose index was
    replaced (``ttgraph reindex``) or updated is closed and a fresh one opened.
    """

    def __init__(self, home: Any, size: int = 2) -> None:
        self.home = home
        self.size = size
        self._free: list[tuple[Any, Any, float]] = []
        self._made = 0
        self._cond = threading.Condition()
        self._changed = 0.0  # when this process last wrote to the index
        self._broken: tuple[Any, float] | None = None  # an index that failed to open, and when
        self._current: tuple[Any, float] | None = None  # the build in use, and when looked up

    def invalidate(self) -> None:
        """The index was just updated here: every searcher rechecks before its next use."""
        self._changed = time.monotonic()

    def _current_dir(self, find: Any) -> Any:
        """The index build in use, looked up at most every RECHECK_SECONDS (it reads the
        pointer file and the build's table of contents: a fifth of a millisecond a page)."""
        now = time.monotonic()
        known = self._current
        if known is None or known[1] <= self._changed or now - known[1] > RECHECK_SECONDS:
            known = self._current = (find(self.home), now)
        return known[0]

    @contextmanager
    def searcher(self, store: Store) -> Iterator[Any]:
        """A current Searcher for the duration of the block, or None when there is no index."""
        try:
            from ttgraph.index import NoIndex, current_dir
            from ttgraph.search import Searcher
        except ImportError:
            yield None
            return
        current = self._current_dir(current_dir)
        broken = self._broken
        if current is None or (
            broken and broken[0] == current and time.monotonic() - broken[1] < BROKEN_RETRY_SECONDS
        ):
            yield None
            return
        with self._cond:
            while not self._free and self._made >= self.size:
                self._cond.wait()
            entry = self._free.pop() if self._free else None
            if entry is None:
                self._made += 1
        try:
            if entry is not None:
                path, searcher, checked = entry
                if checked <= self._changed or time.monotonic() - checked > RECHECK_SECONDS:
                    if path != current or not searcher.searcher.up_to_date():
                        searcher.close()
                        entry = None
                    else:
                        entry = (path, searcher, time.monotonic())
            if entry is None:
                try:
                    entry = (current, Searcher(store), time.monotonic())
                except NoIndex:
                    entry = None
                except Exception:  # an index written by another ttgraph version, a bad file
                    log.exception(
                        "cannot open the search index at %s; run 'ttgraph reindex'", current
                    )
                    entry = None
        except BaseException:
            with self._cond:
                self._made -= 1
                self._cond.notify()
            raise
        try:
            yield entry[1] if entry else None
        finally:
            with self._cond:
                if entry is None:
                    self._made -= 1
                else:
                    self._free.append(entry)
                self._cond.notify()


_pools: dict[str, SearcherPool] = {}
_pools_lock = threading.Lock()


def pool_for(store: Store) -> SearcherPool:
    with _pools_lock:
        key = str(store.home)
        if key not in _pools:
            _pools[key] = SearcherPool(store.home)
        return _pools[key]


_index_lock = threading.Lock()


def sync_index(store: Store) -> None:
    """After a write from the web (import, need, decision): bring the search index up to date.

    One writer at a time in this process; a home without an index is left to `ttgraph reindex`.
    """
    try:
        from ttgraph.index import current_dir, update_index
    except ImportError:
        return
    if current_dir(store.home) is None:
        return
    with _index_lock:
        update_index(store)
    pool_for(store).invalidate()
