"""Read-side queries the pages and the API share: home counts, entity views, dashboards, places.

Each returns plain JSON-able data, so ``/api/...`` answers exactly what the page shows.  Labels
and kinds come from the store's columns (no JSON decoding) wherever a list can be long.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ttgraph.model import KINDS
from ttgraph.store import Store

LINKS_PER_GROUP = 50
OPEN = "coalesce(json_extract(data, '$.status'), 'open') = 'open'"


def brief(node_id: str, kind: str, label: str) -> dict[str, str]:
    return {"id": node_id, "kind": kind, "label": label or node_id}


def home_summary(store: Store, recent: int = 8) -> dict[str, Any]:
    """Counts for the home page and the latest transfers."""
    counts = {k: store.count(k) for k in ("technology", "agency", "clinic", "village")}
    counts["open_needs"] = store.conn.execute(
        f"SELECT count(*) FROM nodes WHERE kind='need' AND status='active' AND {OPEN}"
    ).fetchone()[0]
    return {"counts": counts, "recent_transfers": recent_transfers(store, recent)}


def recent_transfers(store: Store, limit: int = 8, ids: list[str] | None = None) -> list[dict]:
    """Latest transfers (by year, then date, then when recorded), optionally among ``ids``."""
    cols = (
        "SELECT id, label, json_extract(data,'$.year'), json_extract(data,'$.outcome'),"
        " json_extract(data,'$.technology'), coalesce(json_extract(data,'$.date'), ''), updated"
        " FROM nodes WHERE kind='transfer' AND status='active'"
    )
    if ids is None:
        rows = store.conn.execute(
            cols + " ORDER BY json_extract(data,'$.year') DESC, json_extract(data,'$.date') DESC,"
            " updated DESC LIMIT ?",
            (limit,),
        ).fetchall()
    else:
        rows = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows += store.conn.execute(
                cols + f" AND id IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
        rows.sort(key=lambda r: (r[2] or 0, r[5], r[6]), reverse=True)
        rows = rows[:limit]
    return [
        {"id": i, "label": label or i, "year": year, "outcome": outcome, "technology": tech}
        for i, label, year, outcome, tech, _date, _updated in rows
    ]


def node_view(store: Store, node_id: str) -> dict[str, Any]:
    """Everything the entity page shows: fields, provenance, grouped links, position."""
    node = store.require(node_id)
    spec = KINDS.get(node.kind)
    ref_ids = set()
    for f in spec.refs if spec else []:
        value = node.data.get(f.name)
        ref_ids.update(value if isinstance(value, list) else [value] if value else [])
    refs = {i: brief(i, k, label) for i, k, label in _labels(store, [str(r) for r in ref_ids])}
    fields = []
    for key, value in node.data.items():
        f = spec.field(key) if spec else None
        entry: dict[str, Any] = {"name": key, "value": value}
        if f is not None and f.ref:
            values = value if isinstance(value, list) else [value]
            entry["refs"] = [refs.get(str(v), brief(str(v), "", str(v))) for v in values]
        fields.append(entry)
    order = {f.name: n for n, f in enumerate(spec.fields)} if spec else {}
    fields.sort(key=lambda e: order.get(e["name"], 999))
    return {
        "id": node.id,
        "kind": node.kind,
        "label": node.label,
        "data": node.data,
        "fields": fields,
        "provenance": {
            "source": node.source,
            "source_id": node.source_id,
            "importer": node.importer,
            "created": node.created,
            "updated": node.updated,
            "status": node.status,
        },
        "links": links(store, node.id),
        "position": position(store, node.id, node.data),
    }


def _labels(store: Store, ids: list[str]) -> list[tuple[str, str, str]]:
    out = []
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        out += store.conn.execute(
            f"SELECT id, kind, label FROM nodes WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
    return out


def links(store: Store, node_id: str) -> list[dict[str, Any]]:
    """Links in and out, grouped by direction, edge kind and the other node's kind.

    Each group lists its first LINKS_PER_GROUP nodes by label and counts the rest, in SQL, so an
    agency with ten thousand technologies costs no more than one with ten.
    """
    groups: list[dict[str, Any]] = []
    for direction, near, far in (("out", "src", "dst"), ("in", "dst", "src")):
        join = f"FROM edges e JOIN nodes n ON n.id=e.{far} WHERE e.{near}=? AND n.status='active'"
        counts = store.conn.execute(
            f"SELECT e.kind, n.kind, count(*) {join} GROUP BY e.kind, n.kind ORDER BY e.kind, n.kind",
            (node_id,),
        ).fetchall()
        rows = store.conn.execute(
            f"SELECT ek, nk, id, label, data FROM (SELECT e.kind AS ek, n.kind AS nk, n.id AS id,"
            f" n.label AS label, e.data AS data, row_number() OVER (PARTITION BY e.kind, n.kind"
            f" ORDER BY n.label, n.id) AS rn {join}) WHERE rn <= ? ORDER BY ek, nk, label, id",
            (node_id, LINKS_PER_GROUP),
        ).fetchall()
        members: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for edge, kind, other, label, data in rows:
            item: dict[str, Any] = brief(other, kind, label)
            attrs = json.loads(data)
            if attrs:
                item["attrs"] = attrs
            members.setdefault((edge, kind), []).append(item)
        for edge, kind, n in counts:
            groups.append(
                {
                    "direction": direction,
                    "edge": edge,
                    "kind": kind,
                    "count": n,
                    "nodes": members.get((edge, kind), []),
                }
            )
    return groups


def position(store: Store, node_id: str, data: dict[str, Any]) -> dict[str, Any] | None:
    """The node's coordinates, else those of the place it is in (marked approximate)."""
    if isinstance(data.get("lat"), (int, float)) and isinstance(data.get("lon"), (int, float)):
        return {"lat": data["lat"], "lon": data["lon"], "approximate": False}
    for key in ("subdistrict", "district", "province"):
        place = data.get(key)
        if isinstance(place, str):
            row = store.conn.execute(
                "SELECT json_extract(data,'$.lat'), json_extract(data,'$.lon'), label"
                " FROM nodes WHERE id=?",
                (place,),
            ).fetchone()
            if row and row[0] is not None and row[1] is not None:
                return {"lat": row[0], "lon": row[1], "approximate": True, "place": row[2]}
    return None


def _places_in_province(store: Store, province: str) -> list[str]:
    districts = [
        r[0]
        for r in store.conn.execute(
            "SELECT src FROM edges WHERE dst=? AND kind='part_of'", (province,)
        )
    ]
    subs: list[str] = []
    for i in range(0, len(districts), 500):
        chunk = districts[i : i + 500]
        subs += [
            r[0]
            for r in store.conn.execute(
                f"SELECT src FROM edges WHERE kind='part_of' AND dst IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        ]
    return [province, *districts, *subs]


def _sources(store: Store, edge: str, targets: list[str], kind: str) -> list[str]:
    """Active ``kind`` nodes with an ``edge`` into any of ``targets`` (two indexed lookups:
    edges by destination, then the sources' kinds; a join lets SQLite pick a full scan)."""
    found: set[str] = set()
    for i in range(0, len(targets), 500):
        chunk = targets[i : i + 500]
        found.update(
            r[0]
            for r in store.conn.execute(
                f"SELECT src FROM edges WHERE kind=? AND dst IN ({','.join('?' * len(chunk))})",
                [edge, *chunk],
            )
        )
    ids = sorted(found)
    out: list[str] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        out += [
            r[0]
            for r in store.conn.execute(
                f"SELECT id FROM nodes WHERE id IN ({','.join('?' * len(chunk))}) AND kind=?"
                " AND status='active'",
                [*chunk, kind],
            )
        ]
    return sorted(out)


def _needs_by_category(store: Store, needs: list[str]) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    for i in range(0, len(needs), 500):
        chunk = needs[i : i + 500]
        for (cats,) in store.conn.execute(
            f"SELECT json_extract(data,'$.category') FROM nodes WHERE id IN"
            f" ({','.join('?' * len(chunk))}) AND {OPEN}",
            chunk,
        ):
            values = json.loads(cats) if cats else []
            counts.update(values or [""])
    labels = {i: label for i, _, label in _labels(store, [c for c in counts if c])}
    return [
        {"id": cat, "label": labels.get(cat, cat), "count": n} for cat, n in counts.most_common()
    ]


def _by_year(store: Store, transfers: list[str]) -> list[dict[str, Any]]:
    counts: Counter[int] = Counter()
    for i in range(0, len(transfers), 500):
        chunk = transfers[i : i + 500]
        for (year,) in store.conn.execute(
            f"SELECT json_extract(data,'$.year') FROM nodes WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            if year:
                counts[int(year)] += 1
    return [{"year": y, "count": counts[y]} for y in sorted(counts)]


def dashboard(store: Store, node_id: str, kind: str) -> dict[str, Any] | None:
    """Province and clinic dashboards: transfers, transfers per year, open needs by category."""
    if kind == "province":
        places = _places_in_province(store, node_id)
        villages = _sources(store, "located_in", places, "village")
        needs = set(_sources(store, "located_in", places, "need"))
        needs.update(_sources(store, "raised_by", villages, "need"))
        transfers = _sources(store, "transferred_to", villages, "transfer")
        region = store.conn.execute(
            "SELECT json_extract(data,'$.region') FROM nodes WHERE id=?", (node_id,)
        ).fetchone()
        serving = _sources(store, "serves", [node_id, *(r for r in region or () if r)], "clinic")
        return {
            "villages": len(villages),
            "transfers": len(transfers),
            "recent_transfers": recent_transfers(store, 10, transfers),
            "transfers_by_year": _by_year(store, transfers),
            "open_needs_by_category": _needs_by_category(store, sorted(needs)),
            "clinics_serving": [brief(*row) for row in _labels(store, serving)],
        }
    if kind == "clinic":
        transfers = _sources(store, "via", [node_id], "transfer")
        served = [
            r[0] for r in store.conn.execute(
                "SELECT dst FROM edges WHERE src=? AND kind='serves'", (node_id,)
            )
        ]  # fmt: skip
        places: list[str] = []
        for province in served:
            places += _places_in_province(store, province)
        villages = _sources(store, "located_in", places, "village")
        needs = set(_sources(store, "located_in", places, "need"))
        needs.update(_sources(store, "raised_by", villages, "need"))
        return {
            "villages": len(villages),
            "transfers": len(transfers),
            "recent_transfers": recent_transfers(store, 10, transfers),
            "transfers_by_year": _by_year(store, transfers),
            "open_needs_by_category": _needs_by_category(store, sorted(needs)),
            "clinics_serving": [],
        }
    return None


def provinces(store: Store) -> list[dict[str, str]]:
    """Provinces for the place picker, in Thai alphabetical order of their names."""
    rows = store.conn.execute(
        "SELECT id, label, coalesce(json_extract(data,'$.name_en'), '') FROM nodes"
        " WHERE kind='province' AND status='active' ORDER BY label"
    ).fetchall()
    return [{"id": i, "name": name, "name_en": en} for i, name, en in rows]


def villages(store: Store, province: str | None, limit: int = 500) -> list[dict[str, str]]:
    """Villages of a province (any level below it) for the picker."""
    if not province:
        return []
    ids = _sources(store, "located_in", _places_in_province(store, province), "village")
    return [
        {"id": i, "name": label}
        for i, _, label in sorted(_labels(store, ids[:limit]), key=lambda r: r[2])
    ]
