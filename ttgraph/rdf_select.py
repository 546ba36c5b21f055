"""Subsets of the graph for export: by kind, by agency, by province.

An agency's subset is the agency, its sub-agencies, their technologies and clinics, and the
transfers of those technologies or carried out by them.  A province's subset is the province,
its districts and subdistricts, everything located there, and the transfers to its villages.
Both filters together keep what both select.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ttgraph.errors import NotFound, UsageError
from ttgraph.model import KINDS
from ttgraph.store import Store


@dataclass
class Selection:
    """What to export; empty means the whole active graph."""

    kinds: list[str] = field(default_factory=list)
    agency: str | None = None
    province: str | None = None


def _sources(store: Store, edge: str, targets: set[str], src_kind: str | None = None) -> set[str]:
    """Ids with an ``edge`` edge into ``targets`` (optionally only of ``src_kind``)."""
    out: set[str] = set()
    items = sorted(targets)
    for i in range(0, len(items), 500):
        chunk = items[i : i + 500]
        sql = (
            "SELECT e.src FROM edges e JOIN nodes n ON n.id=e.src AND n.status='active'"
            f" WHERE e.kind=? AND e.dst IN ({','.join('?' * len(chunk))})"
        )
        args = [edge, *chunk]
        if src_kind:
            sql += " AND n.kind=?"
            args.append(src_kind)
        out.update(r[0] for r in store.conn.execute(sql, args))
    return out


def _require(store: Store, node_id: str, kind: str, option: str) -> None:
    node = store.get(node_id)
    if node is None:
        raise NotFound(f"{option} {node_id!r}: no such {kind}; check the id with 'ttgraph show'")
    if node.kind != kind:
        raise UsageError(f"{option} {node_id!r} is a {node.kind}, not a {kind}")


def agency_ids(store: Store, agency: str) -> set[str]:
    _require(store, agency, "agency", "--agency")
    agencies = {agency}
    frontier = {agency}
    while frontier:  # sub-agencies, any depth
        frontier = _sources(store, "part_of", frontier, "agency") - agencies
        agencies |= frontier
    techs = _sources(store, "developed_by", agencies)
    clinics = _sources(store, "hosted_by", agencies)
    transfers = _sources(store, "transfer_of", techs) | _sources(store, "via", agencies | clinics)
    return agencies | techs | clinics | transfers


def province_ids(store: Store, province: str) -> set[str]:
    _require(store, province, "province", "--province")
    districts = _sources(store, "part_of", {province}, "district")
    subdistricts = _sources(store, "part_of", districts, "subdistrict")
    places = {province} | districts | subdistricts
    located = _sources(store, "located_in", places)
    villages = {i for i, k in store.kinds_of(located).items() if k == "village"}
    transfers = _sources(store, "transferred_to", villages)
    return places | located | transfers


def resolve_selection(store: Store, sel: Selection) -> tuple[set[str] | None, set[str] | None]:
    """(kinds or None for all, ids or None for all) that a selection keeps."""
    for kind in sel.kinds:
        if kind not in KINDS:
            raise UsageError(f"unknown kind {kind!r}; known kinds: {', '.join(sorted(KINDS))}")
    kinds = set(sel.kinds) or None
    ids: set[str] | None = None
    if sel.agency:
        ids = agency_ids(store, sel.agency)
    if sel.province:
        found = province_ids(store, sel.province)
        ids = found if ids is None else ids & found
    return kinds, ids
