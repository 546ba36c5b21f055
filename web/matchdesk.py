"""The matching desk's bridge to ttgraph.matching (match_need, add_need, decide).

The desk adds what a page needs on top: each proposal's recorded decision for a saved need, and
the list of decisions (rejected pairs are no longer proposed, so they are listed separately).
"""

from __future__ import annotations

from typing import Any

from ttgraph.web.searching import sync_index

from ttgraph.errors import ValidationError
from ttgraph.store import Store


def match(
    store: Store,
    *,
    text: str | None = None,
    place: str | None = None,
    need_id: str | None = None,
    limit: int = 10,
) -> dict[str, Any]:
    """{"need": ..., "results": [{id, title, score, components, shares, reasons, deliverers}]}."""
    if not need_id and not (text or "").strip():
        raise ValidationError("type what the community needs", "text")
    from ttgraph import matching

    result = matching.match_need(store, need_id, text=text, place=place, limit=limit).as_dict()
    nodes = store.get_many([item["id"] for item in result["results"]])
    for item in result["results"]:
        node = nodes.get(item["id"])
        item["title_en"] = node.data.get("title_en", "") if node else ""
    if need_id:
        done = decisions(store, need_id)
        for item in result["results"]:
            item["decision"] = done.get(item["id"], {}).get("status")
    return result


def save_need(store: Store, text: str, place: str | None, by: str | None, user: str) -> str:
    """Store the need (status open) and return its id (the same need twice keeps one id)."""
    from ttgraph import matching

    need_id = matching.add_need(store, text, place, by, user=user).id
    sync_index(store)
    return need_id


def decide(
    store: Store, need_id: str, tech_id: str, decision: str, note: str, user: str, via: str = ""
) -> dict:
    """Accept or reject a proposal; kept as a ``matches`` edge with who and when.  An accepted
    proposal with ``via`` (a clinic or agency) also becomes a transfer record (ongoing)."""
    from ttgraph import matching

    accept = decision == "accept"
    out = matching.decide(
        store, need_id, tech_id, accept, by=user, note=note, transfer_via=via if accept else None
    )
    sync_index(store)
    return out


def decisions(store: Store, need_id: str) -> dict[str, dict[str, Any]]:
    """Technology id -> the recorded decision (status, by, at, note) for this need."""
    out = {}
    for edge in store.edges(src=need_id, kind="matches"):
        node = store.get(edge.target)
        out[edge.target] = {**edge.data, "title": node.label if node else edge.target}
    return out


def needs_for(store: Store, tech_id: str, limit: int = 5) -> list[dict[str, Any]]:
    """Open needs this technology could answer (the reverse view), best first."""
    from ttgraph import matching

    return matching.needs_for_technology(store, tech_id, limit=limit)["needs"]
