"""Search results: highlighted snippets, facets with counts, filters, sorting, pages."""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import quote_plus

from flask import Blueprint, current_app, render_template, request
from ttgraph.web.common import int_arg, memo, store
from ttgraph.web.i18n import current as current_lang
from ttgraph.web.i18n import kind_label, region_label
from ttgraph.web.queries import _labels
from ttgraph.web.searching import FACET_VALUES, FACETS, MAX_QUERY, SORTS, cached_search

bp = Blueprint("search", __name__)


def search_request() -> dict[str, Any]:
    """The search parameters of this request, bounded and cleaned."""
    query = request.args.get("q", "")[:MAX_QUERY]
    filters = {
        name: [v[:100] for v in request.args.getlist(name) if v][:10]
        for name in FACETS
        if request.args.getlist(name)
    }
    sort = request.args.get("sort", "relevance")
    if sort not in SORTS:
        sort = "relevance"
    size = int_arg("size", current_app.config["SEARCH_PAGE_SIZE"], 1, 100)
    return {
        "query": query,
        "filters": filters,
        "sort": sort,
        "page": int_arg("page", 1, 1, 500),
        "size": size,
    }


def search_data(params: dict[str, Any]) -> dict[str, Any]:
    """The labelled results page, remembered per language until the store changes."""
    frozen = tuple(sorted((k, tuple(v)) for k, v in params["filters"].items()))
    key = (current_lang(), params["query"], frozen, params["sort"], params["page"], params["size"])
    return memo("search_page", lambda _store, *_: _search_data(params), *key)


def _search_data(params: dict[str, Any]) -> dict[str, Any]:
    """Run the search and label every facet value (ids -> names) for people."""
    result = cached_search(
        current_app.extensions.get("ttgraph_search_cache"),
        store(),
        params["query"],
        params["filters"],
        params["sort"],
        params["page"],
        params["size"],
    )
    chosen_values = params["filters"]
    shown = {  # the most frequent values of each facet, and any the user picked
        name: [
            (v, n)
            for i, (v, n) in enumerate(result["facets"].get(name, []))
            if i < FACET_VALUES or str(v) in chosen_values.get(name, [])
        ]
        for name in FACETS
    }
    ids = {str(value) for name in ("agency", "province", "category") for value, _ in shown[name]}
    ids.update(
        v for name in ("agency", "province", "category") for v in params["filters"].get(name, [])
    )
    names = _facet_names(sorted(ids))
    facets = {}
    for name in FACETS:
        values = shown[name]
        chosen = set(params["filters"].get(name, []))
        facets[name] = [
            {
                "value": str(v),
                "label": _facet_label(name, str(v), names),
                "count": n,
                "selected": str(v) in chosen,
            }
            for v, n in values
        ]
    pages = max(1, -(-result["total"] // params["size"]))
    return {
        **result,
        "facets": facets,
        "sort": params["sort"],
        "page": params["page"],
        "pages": pages,
        "filters": params["filters"],
        "size": params["size"],
    }


def _facet_names(ids: list[str]) -> dict[str, str]:
    """Names of agencies, provinces and categories, remembered per store state: the same few
    hundred ids label every results page."""
    st = store()
    known = current_app.extensions.get("ttgraph_facet_names")
    if known is None or known[0] != (str(st.home), st.seq):
        known = current_app.extensions["ttgraph_facet_names"] = ((str(st.home), st.seq), {})
    names: dict[str, str] = known[1]
    missing = [i for i in ids if i not in names]
    if missing:
        if len(names) > 100_000:  # bounded, in case facet values keep changing
            names.clear()
            missing = list(ids)
        found = {i: label for i, _, label in _labels(st, missing)}
        names.update({i: found.get(i, i) for i in missing})
    return {i: names[i] for i in ids}


def _facet_label(name: str, value: str, names: dict[str, str]) -> str:
    if name == "kind":
        return kind_label(value)
    if name == "region":
        return region_label(value)
    if name == "trl":
        return f"TRL {value}"
    return names.get(value, value)


def search_url(params: dict[str, Any], **changes: Any) -> str:
    """The results URL with some parameters changed; facet toggles via add=/remove=(name, value)."""
    add = changes.get("add")
    if add and len(changes) == 1 and add[1] not in params["filters"].get(add[0], ()):
        # a facet link (the most of a page's links): this page's first-page URL plus one pair
        base = params.get("_base")
        if base is None:
            base = params["_base"] = search_url({**params, "_base": ""})
        return f"{base}&{add[0]}={_quote(str(add[1]))}"
    filters = {k: list(v) for k, v in params["filters"].items()}
    add, remove = changes.pop("add", None), changes.pop("remove", None)
    if add:
        filters.setdefault(add[0], [])
        if add[1] not in filters[add[0]]:
            filters[add[0]].append(add[1])
    if remove:
        filters[remove[0]] = [v for v in filters.get(remove[0], []) if v != remove[1]]
    if changes.pop("clear", False):
        filters = {}
    args: list[tuple[str, Any]] = [("q", changes.get("query", params["query"]))]
    for name in FACETS:
        args += [(name, v) for v in filters.get(name, [])]
    sort = changes.get("sort", params["sort"])
    if sort != "relevance":
        args.append(("sort", sort))
    page = changes.get("page", 1)
    if page > 1:
        args.append(("page", page))
    return "/search?" + "&".join(f"{k}={_quote(str(v))}" for k, v in args)


@functools.lru_cache(maxsize=4096)
def _quote(value: str) -> str:
    """Query-string quoting, remembered: a results page builds ~50 links from the same words."""
    return quote_plus(value)


@bp.get("/search")
def results() -> Any:
    params = search_request()
    data = search_data(params)
    return render_template("search.html", r=data, params=params, search_url=search_url, sorts=SORTS)
