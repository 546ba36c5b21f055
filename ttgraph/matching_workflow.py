"""The staff's workflow around matching: record a need, decide on a match, look the other way.

Needs get a stable id made from their words, place and raiser, so adding the same need twice
gives the same record.  A decision is a ``matches`` edge (status, by, at, note) from the need to
the technology; a rejected pair is never proposed again for that need, and an accepted one
marks the need ``matched`` and may become a transfer record in the same transaction.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections import Counter
from typing import Any

from ttgraph.errors import NotFound, UsageError
from ttgraph.ingest import clean_text
from ttgraph.model import Node, ref_edges, validate_node
from ttgraph.store import now

SOURCE = "matching"
REVERSE_CANDIDATES = 300  # open needs scored in the reverse view (most shared words first)


def _geo_fields(f: Any, place: str) -> dict[str, str]:
    """subdistrict / district / province ids of a place and the areas around it."""
    out: dict[str, str] = {}
    cur: str | None = place
    for _ in range(6):
        if cur is None:
            break
        k = f.kind.get(cur)
        if k in ("subdistrict", "district", "province"):
            out.setdefault(k, cur)
        cur = f.parent.get(cur)
    return out


def need_id_for(text: str, place: str | None, by: str | None) -> str:
    """A stable id: the same words at the same place by the same raiser give the same id."""
    from ttgraph.matching_text import squash

    key = "|".join([squash(text), place or "", by or ""])
    return "need-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def add_need(
    store: Any,
    text: str,
    place: str | None = None,
    by: str | None = None,
    category: str | list[str] | None = None,
    *,
    max_cost_baht: float | None = None,
    constraints: str | None = None,
    date: str | None = None,
    user: str = "",
) -> Node:
    """Record a need (status open) and return the stored node."""
    from ttgraph.matching import resolve_place
    from ttgraph.matching_graph import facts

    text = clean_text(text or "")
    if not text:
        raise UsageError("the need's text is empty; say what the community struggles with")
    f = facts(store)
    data: dict[str, Any] = {"text": text, "status": "open"}
    if by:
        if f.kind.get(by) not in ("village", "volunteer_network", "agency", "clinic"):
            raise NotFound(f"--by {by!r} is not a village, volunteer network, agency or clinic id")
        data["raised_by"] = by
    place_id = resolve_place(f, place) if place else None
    if place_id and f.kind.get(place_id) == "region":
        raise UsageError("a need's place must be a province, district, subdistrict or village")
    if place_id and f.kind.get(place_id) == "village":
        data.setdefault("raised_by", place_id)
    anchor = place_id or (by if f.kind.get(by or "") == "village" else None)
    if anchor:
        data.update(_geo_fields(f, anchor))
    cats = [category] if isinstance(category, str) else list(category or [])
    for c in cats:
        if f.kind.get(c) != "category":
            raise NotFound(f"unknown category {c!r}")
    if cats:
        data["category"] = cats
    if max_cost_baht is not None:
        data["max_cost_baht"] = max_cost_baht
    if constraints:
        data["constraints"] = clean_text(constraints)
    data["date"] = date or _dt.date.today().isoformat()
    if user:
        data["entered_by"] = user  # the staff member who typed it in
    need_id = need_id_for(text, place_id, by)
    with store.transaction():
        old = store.get(need_id)
        if old is not None:
            return old
        clean = validate_node("need", data)
        node = Node(need_id, "need", clean, source=SOURCE, source_id=need_id, importer=SOURCE)
        store.put_node(node)
        _write_refs(store, need_id, "need", clean)
    return store.require(need_id)


def _write_refs(store: Any, node_id: str, kind: str, data: dict[str, Any]) -> None:
    edges = ref_edges(kind, data)
    kinds = store.kinds_of({node_id, *(t for _, _, t in edges)})
    missing = [t for _, _, t in edges if t not in kinds]
    if missing:
        raise NotFound(f"{kind} {node_id}: no node with id {missing[0]!r}")
    store.replace_field_edges(node_id, edges, origin=SOURCE, importer=SOURCE, kinds=kinds)


def decide(
    store: Any,
    need_id: str,
    tech_id: str,
    accept: bool,
    by: str = "",
    note: str = "",
    *,
    transfer_via: str | list[str] | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """Store an accept/reject decision; with ``transfer_via`` an accept also records a transfer."""
    need = store.get(need_id)
    if need is None or need.kind != "need":
        raise NotFound(f"no need with id {need_id!r}")
    tech = store.get(tech_id)
    if tech is None or tech.kind != "technology":
        raise NotFound(f"no technology with id {tech_id!r}")
    if transfer_via and not accept:
        raise UsageError("only an accepted match can become a transfer")
    status = "accepted" if accept else "rejected"
    attrs = {"status": status, "by": by, "at": now()}
    if note:
        attrs["note"] = clean_text(note)
    out: dict[str, Any] = {"need": need_id, "technology": tech_id, "status": status}
    with store.transaction():
        store.add_edge(need_id, "matches", tech_id, attrs, origin=SOURCE, importer=SOURCE)
        if accept and need.data.get("status", "open") == "open":
            data = {**need.data, "status": "matched"}
            store.put_node(
                Node(
                    need.id,
                    "need",
                    data,
                    need.source,
                    need.source_id,
                    need.importer,
                    need.created,
                    status=need.status,
                )
            )
        out["need_status"] = "matched" if accept else need.data.get("status", "open")
        if transfer_via:
            out["transfer"] = _record_transfer(store, need, tech, transfer_via, year)
    return out


def _record_transfer(
    store: Any, need: Node, tech: Node, via: str | list[str], year: int | None
) -> str:
    vias = [via] if isinstance(via, str) else list(via)
    kinds = store.kinds_of(vias)
    for v in vias:
        if kinds.get(v) not in ("clinic", "agency", "volunteer_network", "regional_centre"):
            raise NotFound(f"--via {v!r} is not a clinic, agency, volunteer network or centre id")
    year = year or _dt.date.today().year
    tid = (
        f"transfer-{need.id.removeprefix('need-')}-{hashlib.sha1(tech.id.encode()).hexdigest()[:6]}"
    )
    data: dict[str, Any] = {
        "technology": tech.id,
        "via": vias,
        "need": need.id,
        "year": year,
        "outcome": "ongoing",
        "title": f"{tech.label} → {need.label[:40]} ({year})",
    }
    raiser = need.data.get("raised_by")
    if raiser and store.kinds_of([raiser]).get(raiser) == "village":
        data["village"] = [raiser]
    clean = validate_node("transfer", data)
    store.put_node(Node(tid, "transfer", clean, source=SOURCE, source_id=tid, importer=SOURCE))
    _write_refs(store, tid, "transfer", clean)
    return tid


def needs_for_technology(store: Any, tech_id: str, limit: int = 10) -> dict[str, Any]:
    """The reverse view: open needs this technology could answer, and villages it could serve."""
    from ttgraph.matching import WEIGHTS, _need_query
    from ttgraph.matching_graph import facts
    from ttgraph.matching_score import (
        evidence_signal,
        evidence_value,
        reach_signal,
        readiness_signal,
        text_signal,
    )
    from ttgraph.matching_text import words

    tech = store.get(tech_id)
    if tech is None or tech.kind != "technology":
        raise NotFound(f"no technology with id {tech_id!r}")
    f = facts(store)
    own = set(
        words(" ".join(str(tech.data.get(k, "")) for k in ("title", "description", "benefits")))
    )
    own |= {w for kw in tech.data.get("keywords") or [] for w in words(kw)}
    nf = f.need_facts
    shared: Counter[str] = Counter()  # open needs that share words with the technology
    for w in own:
        for n in nf.by_word.get(w, ()):
            if nf.needs[n].status == "open":
                shared[n] += 1
    rows = []
    for need_id, _ in shared.most_common(REVERSE_CANDIDATES):
        info = nf.needs[need_id]
        if nf.decisions.get(info.id, {}).get(tech_id, {}).get("status") == "rejected":
            continue
        q = _need_query(store, f, info.id, None, None, [])
        terms = q.exp.query_terms()
        text = sum(w for t, w in terms.items() if t in own) / (sum(terms.values()) or 1.0)
        comp = {}
        comp["text"], reasons = text_signal(f, q, tech_id, tech.data, min(1.0, 2 * text))
        raw, r = evidence_signal(f, q, tech_id)
        comp["evidence"] = evidence_value(raw, raw)
        reasons += r
        comp["reach"], r = reach_signal(f, q, tech_id)
        reasons += r
        comp["readiness"], factor, r = readiness_signal(q, tech.data)
        reasons += r
        if text <= 0:  # the need must be about what the technology does
            continue
        score = sum(WEIGHTS[k] * v for k, v in comp.items()) * factor
        rows.append(
            {
                "id": info.id,
                "text": info.text,
                "place": q.place,
                "score": round(score, 4),
                "reasons": reasons,
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["id"]))
    return {
        "technology": {"id": tech.id, "title": tech.label},
        "needs": rows[:limit],
        "villages": _villages_for(f, tech_id, limit),
    }


def _villages_for(f: Any, tech_id: str, limit: int) -> list[dict[str, Any]]:
    """Villages that have not had it but look like those that adopted it, where it can be carried."""
    items = f.transfers.get(tech_id, ())
    had = {v for t in items for v in t.villages}
    adopters = list(dict.fromkeys(v for t in items if t.weight > 0 for v in t.villages))[:50]
    adopted = [f.occ_words[v] for v in adopters if f.occ_words.get(v)]
    actors = {a for t in items for a in t.via} | set(f.developers.get(tech_id, ()))
    rows = []
    for v, words_v in f.occ_words.items():
        if v in had:
            continue
        same = max((len(words_v & a) / len(words_v | a) for a in adopted), default=0.0)
        prov, reg = f.province_of(v), f.region_of(v)
        area = max((f.actor_area(a, prov, reg) for a in actors), default=0.0)
        score = 0.6 * same + 0.4 * area
        if score > 0:
            occ = f.occupation.get(v, "")
            rows.append(
                {"id": v, "name": f.label.get(v, v), "occupation": occ, "score": round(score, 4)}
            )
    rows.sort(key=lambda r: (-r["score"], r["id"]))
    return rows[:limit]
