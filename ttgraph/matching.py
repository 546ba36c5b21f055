"""Match a community's need to technologies: ranked, explained, and remembered.

The score of a technology for a need is a weighted sum of four signals, each in [0, 1]
(details and the reasons they produce live in :mod:`ttgraph.matching_score`):

- ``text``: search relevance of the need's words expanded with the taxonomy's solution words,
  blended with agreement between the technology's categories and the need's;
- ``evidence``: past transfers to villages with similar needs or the same main occupation
  (weighted by outcome) and matches accepted before for similar needs;
- ``reach``: clinics/agencies that have carried it serve the need's province or region, and it
  has been transferred nearby;
- ``readiness``: its TRL; a cost above the stated budget halves the score.

>>> round(sum(WEIGHTS.values()), 6)
1.0
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from ttgraph.errors import NotFound, UsageError
from ttgraph.matching_graph import Facts, facts
from ttgraph.matching_score import (
    Query,
    budget_in_text,
    deliverers,
    evidence_signal,
    evidence_value,
    find_occupation,
    matched_words,
    reach_signal,
    readiness_signal,
    similar_needs,
    text_signal,
)
from ttgraph.matching_text import TextRanker, default_ranker, expand, local_ranker, squash

# The weights of the four signals: the one place they are set (see docs/matching.md).
WEIGHTS: dict[str, float] = {"text": 0.65, "evidence": 0.25, "reach": 0.05, "readiness": 0.05}
TEXT_CANDIDATES = 60  # technologies taken from the search engine per need
GRAPH_CANDIDATES = 20  # technologies taken from graph evidence alone per need
TEXT_POWER = 1.0  # search scores are scaled by the best one and raised to this power
_PREFIXES = ("จังหวัด", "จ.", "อำเภอ", "อ.", "เขต", "ตำบล", "ต.", "แขวง", "หมู่บ้าน", "บ้าน")
_LEVEL = {"province": 0, "region": 1, "district": 2, "subdistrict": 3, "village": 4}


@dataclass
class Match:
    id: str
    title: str
    score: float
    components: dict[str, float]
    shares: dict[str, float]
    reasons: list[dict[str, str]]
    deliverers: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "score": round(self.score, 4),
            "components": {k: round(v, 4) for k, v in self.components.items()},
            "shares": {k: round(v, 3) for k, v in self.shares.items()},
            "reasons": self.reasons,
            "deliverers": self.deliverers,
        }


@dataclass
class MatchResult:
    need: dict[str, Any]
    results: list[Match] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"need": self.need, "results": [m.as_dict() for m in self.results]}


def resolve_place(f: Facts, place: str) -> str:
    """A place id or name (any level, 'จ.'/'อำเภอ' prefixes allowed) -> its node id."""
    place = (place or "").strip()
    if not place:
        raise UsageError("the place is empty; give a province, district, subdistrict or village")
    if f.kind.get(place) in _LEVEL:
        return place
    key = squash(place)
    ids = f.names.get(key)
    if not ids:
        for pre in _PREFIXES:
            if key.startswith(squash(pre)) and f.names.get(key[len(squash(pre)) :]):
                ids = f.names[key[len(squash(pre)) :]]
                break
    if not ids:
        raise NotFound(f"unknown place {place!r}; give a DOPA code (e.g. 50) or a Thai name")
    ids = sorted(set(ids), key=lambda i: (_LEVEL.get(f.kind.get(i, ""), 9), i))
    top = [i for i in ids if _LEVEL.get(f.kind.get(i, "")) == _LEVEL.get(f.kind.get(ids[0], ""))]
    if len(top) > 1:
        shown = ", ".join(
            f"{i} ({f.label.get(i, '')}, {f.label.get(f.province_of(i) or '', '')})"
            for i in top[:6]
        )
        raise UsageError(f"place {place!r} is ambiguous: {shown}; use the id")
    return top[0]


def _need_query(
    store: Any,
    f: Facts,
    need_id: str | None,
    text: str | None,
    place: str | None,
    category: list[str],
) -> Query:
    data: dict[str, Any] = {}
    if need_id is not None:
        node = store.get(need_id)
        if node is None or node.kind != "need":
            raise NotFound(f"no need with id {need_id!r}; list needs with 'ttgraph need list'")
        data = node.data
        text = text or str(data.get("text", ""))
        category = category or list(data.get("category") or [])
        place = (
            place
            or data.get("raised_by")
            or data.get("subdistrict")
            or data.get("district")
            or data.get("province")
        )
    if not text or not text.strip():
        raise UsageError("the need's text is empty; say what the community struggles with")
    for c in category:
        if f.kind.get(c) != "category":
            known = ", ".join(sorted(x.id for x in f.categories)[:20])
            raise NotFound(f"unknown category {c!r}; known: {known or '(none loaded)'}")
    exp = expand(text, f.categories, category)
    q = Query(text=text, exp=exp, need_id=need_id, categories=dict(exp.categories))
    if place:
        q.place = resolve_place(f, place)
        q.province, q.region = f.province_of(q.place), f.region_of(q.place)
        q.coords = f.coords_of(q.place)
        if f.kind.get(q.place) == "village":
            q.village = q.place
    if data.get("raised_by") and f.kind.get(data["raised_by"]) == "village":
        q.village = data["raised_by"]
    q.max_cost = data.get("max_cost_baht")
    if q.max_cost is None:
        q.max_cost = budget_in_text(text)
    find_occupation(f, q)
    if need_id is not None:
        decided = f.need_facts.decisions.get(need_id, {})
        q.rejected = {t for t, d in decided.items() if d.get("status") == "rejected"}
    q.similar = similar_needs(f, q)
    q.learn_from_similar(f)
    return q


def _graph_candidates(f: Facts, q: Query) -> list[str]:
    """Technologies the graph vouches for even when their text does not match."""
    weight: dict[str, float] = dict(q.accepted)
    for tech, w in q.transferred.items():
        weight[tech] = weight.get(tech, 0) + w
    for word in q.occ_words:
        for tech, w in f.by_occupation.get(word, {}).items():
            weight[tech] = weight.get(tech, 0) + 0.3 * w / len(q.occ_words)
    return heapq.nlargest(GRAPH_CANDIDATES, weight, key=lambda t: (weight[t], t))


def score_candidates(
    store: Any, f: Facts, q: Query, text_hits: list[tuple[str, float]], limit: int
) -> list[Match]:
    """Score the search hits plus the graph's own candidates; best ``limit`` first."""
    top = max((s for _, s in text_hits), default=0.0) or 1.0
    text = {t: (s / top) ** TEXT_POWER for t, s in text_hits}
    ids = [
        t
        for t in dict.fromkeys([*text, *_graph_candidates(f, q)])
        if t not in q.rejected and f.kind.get(t) == "technology"
    ]
    nodes = store.get_many(ids)
    rows = []
    for tech in ids:
        node = nodes.get(tech)
        if node is None or node.status != "active":
            continue
        comp, reasons = {}, []
        comp["text"], r = text_signal(f, q, tech, node.data, text.get(tech, 0.0), explain=False)
        reasons += r
        comp["evidence"], r = evidence_signal(f, q, tech)
        reasons += r
        comp["reach"], r = reach_signal(f, q, tech)
        reasons += r
        comp["readiness"], factor, r = readiness_signal(q, node.data)
        reasons += r
        rows.append((node, comp, factor, reasons))
    best = max((c["evidence"] for _, c, _, _ in rows), default=0.0)
    out = []
    for node, comp, factor, reasons in rows:
        comp["evidence"] = evidence_value(comp["evidence"], best)
        parts = {k: WEIGHTS[k] * v for k, v in comp.items()}
        score = sum(parts.values()) * factor
        total = sum(parts.values()) or 1.0
        shares = {k: v / total for k, v in parts.items()}
        out.append(Match(node.id, node.label, score, comp, shares, reasons, []))
    out.sort(key=lambda m: (-m.score, m.id))
    out = out[:limit]
    for m in out:
        m.reasons[:0] = matched_words(q, nodes[m.id].data)
        m.deliverers = deliverers(f, q, m.id)
    return out


def match_need(
    store: Any,
    need_id: str | None,
    text: str | None = None,
    place: str | None = None,
    category: str | list[str] | None = None,
    limit: int = 10,
    ranker: TextRanker | None = None,
) -> MatchResult:
    """Rank technologies for a stored need (``need_id``) or for free ``text`` at ``place``."""
    if limit < 1:
        raise UsageError("limit must be at least 1")
    cats = [category] if isinstance(category, str) else list(category or [])
    f = facts(store)
    q = _need_query(store, f, need_id, text, place, cats)
    chosen = ranker or default_ranker(store)
    want = max(TEXT_CANDIDATES, limit * 3)
    try:
        hits = chosen.rank(store, q.exp, want)
    except Exception:  # noqa: BLE001 - a search index being rebuilt must not stop matching
        if ranker is not None or chosen.name == "local-bm25":
            raise
        chosen = local_ranker(store)
        hits = chosen.rank(store, q.exp, want)
    ranker = chosen
    results = score_candidates(store, f, q, hits, limit)
    return MatchResult(describe_query(f, q, ranker.name), results)


def describe_query(f: Facts, q: Query, ranker: str = "") -> dict[str, Any]:
    """The need as the result's header shows it: place, inferred categories, expansion."""
    place = None
    if q.place:
        place = {
            "id": q.place,
            "kind": f.kind.get(q.place),
            "name": f.label.get(q.place, q.place),
            "province": q.province,
            "region": q.region,
        }
    return {
        "id": q.need_id,
        "text": q.text,
        "place": place,
        "categories": sorted(q.categories),
        "problems": [{"category": c, "term": t} for c, t in q.exp.problems],
        "expanded": q.exp.added,
        "occupation": q.occupation,
        "max_cost_baht": q.max_cost,
        "similar_needs": sorted(q.similar, key=lambda n: -q.similar[n])[:5],
        "ranker": ranker,
    }


from ttgraph.matching_workflow import add_need, decide, needs_for_technology  # noqa: E402

__all__ = [
    "WEIGHTS",
    "Match",
    "MatchResult",
    "add_need",
    "decide",
    "match_need",
    "needs_for_technology",
    "resolve_place",
]
