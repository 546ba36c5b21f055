"""Graph facts for matching, computed once per store seq from the store's tables and kept.

A query must not walk a million edges, so everything a query asks about a technology — its
transfers, where they went, who carried them, how they turned out — is gathered here once and
cached per home and seq.  Writes that only touch needs and their ``matches`` edges (adding a
need, accepting a match) refresh just the needs part; anything else rebuilds the whole.
"""

from __future__ import annotations

import heapq
import json
import math
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ttgraph.matching_text import Category, squash, words
from ttgraph.thai import normalize

# How much a past transfer counts as evidence, by its outcome (unknown outcome: 0.5).
OUTCOME_WEIGHTS = {"adopted": 1.0, "partly_adopted": 0.6, "ongoing": 0.4, "not_adopted": -0.2}
OCCUPATION_TOP = 50  # technologies kept per occupation word (best transfer record first)
GEO_KINDS = ("village", "subdistrict", "district", "province", "region")
ACTOR_KINDS = ("clinic", "agency", "regional_centre", "volunteer_network")
# The edge kinds the facts are made of (every other edge kind is never read by matching).
_EDGE_KINDS = (
    "located_in",
    "part_of",
    "transfer_of",
    "transferred_to",
    "via",
    "responds_to",
    "developed_by",
    "serves",
    "in_category",
)


@dataclass(frozen=True)
class Transfer:
    id: str
    tech: str
    villages: tuple[str, ...]
    via: tuple[str, ...]
    need: str | None
    outcome: str | None

    @property
    def weight(self) -> float:
        return OUTCOME_WEIGHTS.get(self.outcome or "", 0.5)


@dataclass
class NeedInfo:
    id: str
    text: str
    status: str
    words: frozenset[str]
    categories: frozenset[str]
    village: str | None
    place: str | None  # most specific geo id known


@dataclass
class NeedFacts:
    """Needs, their words and the decisions taken on them (cheap to rebuild)."""

    needs: dict[str, NeedInfo] = field(default_factory=dict)
    by_word: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    decisions: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # need->tech->


@dataclass
class Facts:
    """Everything matching reads from the graph, at one seq."""

    seq: int
    kind: dict[str, str]
    label: dict[str, str]
    parent: dict[str, str]  # geo node -> the next larger area
    coords: dict[str, tuple[float, float]]
    occupation: dict[str, str]  # village -> normalised main occupation
    transfers: dict[str, list[Transfer]]  # technology -> its transfers
    responded: dict[str, list[Transfer]]  # need -> transfers that responded to it
    to_village: dict[str, list[Transfer]]  # village -> transfers it received
    developers: dict[str, tuple[str, ...]]  # technology -> agencies
    actor_provinces: dict[str, set[str]]
    actor_regions: dict[str, set[str]]
    names: dict[str, list[str]]  # squashed place name -> geo ids
    categories: list[Category]
    category_parent: dict[str, str]
    need_facts: NeedFacts
    tech_categories: dict[str, frozenset[str]] = field(default_factory=dict)
    occ_words: dict[str, frozenset[str]] = field(default_factory=dict)  # village -> words
    by_occupation: dict[str, dict[str, float]] = field(default_factory=dict)  # word -> tech -> w
    _province: dict[str, str | None] = field(default_factory=dict)

    def answered(self, need: str) -> list[Transfer]:
        """Transfers that answered a need: by ``responds_to``, or given to the village raising it."""
        out = list(self.responded.get(need, ()))
        info = self.need_facts.needs.get(need)
        if info is not None and info.village:
            seen = {t.id for t in out}
            out += [t for t in self.to_village.get(info.village, ()) if t.id not in seen]
        return out

    # -- places ------------------------------------------------------------------------------
    def province_of(self, node: str | None) -> str | None:
        """The province a geo node (or a village) lies in."""
        if node is None:
            return None
        if node in self._province:
            return self._province[node]
        cur, out = node, None
        for _ in range(6):
            k = self.kind.get(cur)
            if k == "province":
                out = cur
                break
            nxt = self.parent.get(cur)
            if nxt is None:
                break
            cur = nxt
        self._province[node] = out
        return out

    def region_of(self, node: str | None) -> str | None:
        if node is not None and self.kind.get(node) == "region":
            return node
        prov = self.province_of(node)
        return self.parent.get(prov) if prov else None

    def coords_of(self, node: str | None) -> tuple[float, float] | None:
        """Own coordinates, else those of the smallest enclosing area that has them."""
        for _ in range(6):
            if node is None:
                return None
            if node in self.coords:
                return self.coords[node]
            node = self.parent.get(node)
        return None

    def actor_area(self, actor: str, province: str | None, region: str | None) -> float:
        """1.0 if ``actor`` serves or has worked in the province, 0.6 for the region, else 0."""
        if province and province in self.actor_provinces.get(actor, ()):
            return 1.0
        if region and region in self.actor_regions.get(actor, ()):
            return 0.6
        return 0.0

    def category_closure(self, cats: set[str] | frozenset[str]) -> set[str]:
        """The categories and all their broader ones."""
        out = set()
        for c in cats:
            for _ in range(8):
                if c is None or c in out:
                    break
                out.add(c)
                c = self.category_parent.get(c)
        return out


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


_cache: dict[str, Facts] = {}
_lock = threading.Lock()


def facts(store: Any) -> Facts:
    """The facts of ``store`` at its current seq (cached per home; see the module docstring)."""
    key = str(store.path)
    seq = store.seq
    with _lock:
        old = _cache.get(key)
        if old is not None and old.seq == seq:
            return old
        changed = _only_needs_changed(store, old) if old is not None else None
        if old is not None and changed is not None:
            _update_needs(store, old.need_facts, [n for n, k in changed.items() if k == "need"])
            techs = {n for n, k in changed.items() if k == "technology"}
            if techs:
                fresh = _tech_categories(store, techs)
                for t in techs:
                    old.tech_categories[t] = fresh.get(t, frozenset())
            old.seq = seq
            return old
        new = _build(store, seq)
        _cache[key] = new
        return new


def _only_needs_changed(store: Any, old: Facts) -> dict[str, str] | None:
    """Changed id -> kind when only needs (and their decisions and edges) changed, else None.

    Adding a need also logs the places, village and categories its edges point at; those are
    accepted when nothing but an edge touched them and an edge still ties them to a changed need.
    """
    ops: dict[str, set[str]] = defaultdict(set)
    for node_id, op in store.conn.execute(
        "SELECT node_id, op FROM changes WHERE seq>?", (old.seq,)
    ):
        ops[node_id].add(op)
    if len(ops) > 900:
        return None
    kinds = store.kinds_of(ops)
    if len(kinds) < len(ops):  # something was deleted
        return None
    needs = {n for n, k in kinds.items() if k == "need"}
    for node_id, kind in kinds.items():
        if kind == "need":
            continue
        if kind == "technology" and node_id in old.kind:
            continue  # a known technology: only its categories are read again
        if ops[node_id] != {"edge"} or not _tied_to(store, node_id, needs):
            return None
    return kinds


def _tied_to(store: Any, node_id: str, needs: set[str]) -> bool:
    if not needs:
        return False
    some = list(needs)[:900]
    marks = ",".join("?" * len(some))
    sql = f"SELECT 1 FROM edges WHERE dst=? AND src IN ({marks}) LIMIT 1"
    return store.conn.execute(sql, (node_id, *some)).fetchone() is not None


def _build(store: Any, seq: int) -> Facts:
    # Read the store's tables directly rather than ``store.graph()``: matching needs node kinds
    # and eight edge kinds, and the networkx view of a million technologies (6M edges, ~4.5 GB)
    # would stay cached in the process beside these facts.
    conn = store.conn
    kind: dict[str, str] = {}
    label: dict[str, str] = {}
    keep_label = set(GEO_KINDS + ACTOR_KINDS)
    for n, k, lab in conn.execute("SELECT id, kind, label FROM nodes WHERE status='active'"):
        kind[n] = k
        if k in keep_label:
            label[n] = lab
    parent: dict[str, str] = {}
    rank = {"subdistrict": 0, "district": 1, "province": 2, "region": 3}
    developers: dict[str, list[str]] = defaultdict(list)
    t_tech: dict[str, str] = {}
    t_villages: dict[str, list[str]] = defaultdict(list)
    t_via: dict[str, list[str]] = defaultdict(list)
    t_need: dict[str, str] = {}
    serves: list[tuple[str, str]] = []
    located: dict[str, str] = {}
    tech_cats: dict[str, set[str]] = defaultdict(set)
    marks = ",".join("?" * len(_EDGE_KINDS))
    rows = conn.execute(f"SELECT src, dst, kind FROM edges WHERE kind IN ({marks})", _EDGE_KINDS)
    edges = ((s, d, e) for s, d, e in rows if s in kind and d in kind)  # both ends active
    for src, dst, ekind in edges:
        if ekind in ("located_in", "part_of"):
            sk, dk = kind[src], kind[dst]
            if sk in GEO_KINDS and dk in rank:
                cur = parent.get(src)
                if cur is None or rank[dk] < rank[kind[cur]]:
                    parent[src] = dst
            elif sk in ACTOR_KINDS and dk in rank:
                located[src] = dst
                cur = parent.get(src)
                if cur is None or rank[dk] < rank[kind[cur]]:
                    parent[src] = dst
        elif ekind == "transfer_of":
            t_tech[src] = dst
        elif ekind == "transferred_to":
            t_villages[src].append(dst)
        elif ekind == "via":
            t_via[src].append(dst)
        elif ekind == "responds_to":
            t_need[src] = dst
        elif ekind == "developed_by":
            developers[src].append(dst)
        elif ekind == "serves":
            serves.append((src, dst))
        elif ekind == "in_category" and kind[src] == "technology":
            tech_cats[src].add(dst)
    outcome = dict(
        conn.execute(
            "SELECT id, json_extract(data, '$.outcome') FROM nodes"
            " WHERE kind='transfer' AND status='active'"
        )
    )
    occupation = {
        v: normalize(str(o)).strip()
        for v, o in conn.execute(
            "SELECT id, json_extract(data, '$.main_occupation') FROM nodes"
            " WHERE kind='village' AND status='active'"
        )
        if o
    }
    coords = {
        n: (float(lat), float(lon))
        for n, lat, lon in conn.execute(
            "SELECT id, json_extract(data, '$.lat'), json_extract(data, '$.lon') FROM nodes"
            " WHERE status='active' AND json_extract(data, '$.lat') IS NOT NULL"
            " AND kind IN ('village','subdistrict','district','province','clinic','agency',"
            "'regional_centre')"
        )
        if lon is not None
    }
    transfers: dict[str, list[Transfer]] = defaultdict(list)
    for tid, tech in t_tech.items():
        transfers[tech].append(
            Transfer(
                tid,
                tech,
                tuple(t_villages.get(tid, ())),
                tuple(t_via.get(tid, ())),
                t_need.get(tid),
                outcome.get(tid),
            )
        )
    f = Facts(
        seq=seq,
        kind=kind,
        label=label,
        parent=parent,
        coords=coords,
        occupation=occupation,
        transfers=dict(transfers),
        responded={},
        to_village={},
        developers={t: tuple(a) for t, a in developers.items()},
        actor_provinces=defaultdict(set),
        actor_regions=defaultdict(set),
        names={},
        categories=[],
        category_parent={},
        need_facts=NeedFacts(),
    )
    _actor_areas(f, serves, located, t_via, t_villages)
    f.occ_words = {v: frozenset(words(o)) for v, o in occupation.items()}
    occ: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for tech, items in f.transfers.items():
        for t in items:
            for village in t.villages:
                for w in f.occ_words.get(village, ()):
                    occ[w][tech] += t.weight
    f.by_occupation = {
        o: dict(heapq.nlargest(OCCUPATION_TOP, techs.items(), key=lambda kv: (kv[1], kv[0])))
        for o, techs in occ.items()
    }
    f.names = _place_names(store)
    f.categories, f.category_parent = _categories(store)
    f.need_facts = _need_facts(store)
    f.tech_categories = {t: frozenset(c) for t, c in tech_cats.items()}
    for items in f.transfers.values():
        for t in items:
            if t.need:
                f.responded.setdefault(t.need, []).append(t)
            for v in t.villages:
                f.to_village.setdefault(v, []).append(t)
    return f


def _actor_areas(
    f: Facts,
    serves: list[tuple[str, str]],
    located: dict[str, str],
    t_via: dict[str, list[str]],
    t_villages: dict[str, list[str]],
) -> None:
    """Where each clinic/agency works: its service area, its own province, its past transfers."""

    def add(actor: str, area: str) -> None:
        k = f.kind.get(area)
        if k == "region":
            f.actor_regions[actor].add(area)
            return
        prov = f.province_of(area)
        if prov:
            f.actor_provinces[actor].add(prov)
            reg = f.region_of(prov)
            if reg:
                f.actor_regions[actor].add(reg)

    for actor, area in serves:
        add(actor, area)
    for actor, area in located.items():
        add(actor, area)
    for tid, vias in t_via.items():
        for actor in vias:
            for village in t_villages.get(tid, ()):
                add(actor, village)


def _place_names(store: Any) -> dict[str, list[str]]:
    names: dict[str, list[str]] = defaultdict(list)
    rows = store.conn.execute(
        "SELECT id, label, json_extract(data, '$.name_en') FROM nodes WHERE status='active'"
        " AND kind IN ('village','subdistrict','district','province','region')"
    )
    for node_id, th, en in rows:
        for name in {th, en}:
            if name:
                names[squash(name)].append(node_id)
    return dict(names)


def _categories(store: Any) -> tuple[list[Category], dict[str, str]]:
    cats, parents = [], {}
    for node_id, data in store.conn.execute(
        "SELECT id, data FROM nodes WHERE kind='category' AND status='active' ORDER BY id"
    ):
        d = json.loads(data)
        cats.append(
            Category(
                node_id,
                str(d.get("name", node_id)),
                tuple(d.get("keywords") or ()),
                tuple(d.get("problem_terms") or ()),
                d.get("broader"),
            )
        )
        if d.get("broader"):
            parents[node_id] = d["broader"]
    return cats, parents


def _need_info(node_id: str, data: dict[str, Any]) -> NeedInfo:
    text = str(data.get("text", ""))
    raised = data.get("raised_by")
    place = data.get("subdistrict") or data.get("district") or data.get("province")
    return NeedInfo(
        node_id,
        text,
        str(data.get("status") or "open"),
        frozenset(words(text)),
        frozenset(data.get("category") or ()),
        raised,
        place or raised,
    )


def _need_facts(store: Any) -> NeedFacts:
    nf = NeedFacts()
    for node_id, data in store.conn.execute(
        "SELECT id, data FROM nodes WHERE kind='need' AND status='active'"
    ):
        info = nf.needs[node_id] = _need_info(node_id, json.loads(data))
        for w in info.words:
            nf.by_word[w].add(node_id)
    for src, dst, data in store.conn.execute(
        "SELECT src, dst, data FROM edges WHERE kind='matches'"
    ):
        nf.decisions.setdefault(src, {})[dst] = json.loads(data)
    return nf


def _update_needs(store: Any, nf: NeedFacts, ids: list[str]) -> None:
    """Re-read a few changed needs and their decisions (adding a need must stay cheap)."""
    for node_id in ids:
        old = nf.needs.pop(node_id, None)
        for w in old.words if old else ():
            nf.by_word[w].discard(node_id)
        node = store.get(node_id)
        if node is not None and node.status == "active":
            info = nf.needs[node_id] = _need_info(node_id, node.data)
            for w in info.words:
                nf.by_word[w].add(node_id)
        nf.decisions.pop(node_id, None)
        for src, dst, data in store.conn.execute(
            "SELECT src, dst, data FROM edges WHERE kind='matches' AND src=?", (node_id,)
        ):
            nf.decisions.setdefault(src, {})[dst] = json.loads(data)


def _tech_categories(store: Any, techs: set[str]) -> dict[str, frozenset[str]]:
    """Technology -> its category ids, read again for a few changed technologies."""
    cats: dict[str, set[str]] = defaultdict(set)
    chunk = list(techs)[:900]
    marks = ",".join("?" * len(chunk))
    sql = f"SELECT src, dst FROM edges WHERE kind='in_category' AND src IN ({marks})"
    for src, dst in store.conn.execute(sql, chunk):
        cats[src].add(dst)
    return {t: frozenset(c) for t, c in cats.items()}
