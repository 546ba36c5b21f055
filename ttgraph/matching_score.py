"""The four signals of a match and the reasons a person reads for each.

Each signal is a number in [0, 1] for one (need, technology) pair; ``matching.WEIGHTS`` combines
them.  Every function returns the value *and* the reasons behind it, in Thai and English, so
the explanation is the computation, not a story told afterwards.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ttgraph.matching_graph import Facts, distance_km
from ttgraph.matching_text import NOT_SHOWN, Expansion, words
from ttgraph.thai import normalize

# Evidence: each unit below adds to a raw sum; the candidate with the most evidence gets 1.0
# (when its sum is at least EVIDENCE_FLOOR), the others their share of it.
EVIDENCE_FLOOR = 1.0
ACCEPTED_SIMILAR = 1.0  # accepted before for a need this similar (times the similarity)
TRANSFER_SIMILAR = 1.0  # transferred for / to the raiser of a similar need (times sim x outcome)
SAME_OCCUPATION = 0.1  # transferred to a village with the same main occupation (times outcome)
TRACK_RECORD = 0.02  # any earlier transfer (times outcome): a proven technology
SIMILAR_NEED_MIN = 0.2  # below this two needs are not "similar"
MAX_SIMILAR = 200  # similar needs considered per query, most similar first
COMMON_NEED_WORD = 50  # a word in more needs than this (and 5 % of them) is not compared
SHARED_CATEGORY = 0.25  # added to the similarity of two needs that share a category
DISTANCE_KM = 150.0  # reach by distance halves roughly every 100 km
OVER_BUDGET_FACTOR = 0.5  # a technology costing more than the stated budget keeps half its score
UNKNOWN_TRL = 0.5
CATEGORY_SHARE = 0.25  # part of the text signal that is agreement of categories

_BUDGET = re.compile(
    r"(?:งบ(?:ประมาณ)?|ไม่เกิน|ไม่เกินกว่า)[^\d]{0,12}([\d][\d,]*(?:\.\d+)?)\s*(บาท|พัน|หมื่น|แสน|ล้าน)?"
)
_UNITS = {"พัน": 1e3, "หมื่น": 1e4, "แสน": 1e5, "ล้าน": 1e6}


def reason(component: str, th: str, en: str) -> dict[str, str]:
    return {"component": component, "th": th, "en": en}


@dataclass
class Query:
    """A need as matching sees it: its words, where it is and what was decided about it."""

    text: str
    exp: Expansion
    need_id: str | None = None
    place: str | None = None
    province: str | None = None
    region: str | None = None
    coords: tuple[float, float] | None = None
    village: str | None = None
    occupation: str | None = None
    occ_words: frozenset[str] = frozenset()
    categories: dict[str, float] = field(default_factory=dict)  # chosen + inferred
    max_cost: float | None = None
    rejected: set[str] = field(default_factory=set)
    similar: dict[str, float] = field(default_factory=dict)  # need id -> similarity
    accepted: dict[str, float] = field(default_factory=dict)  # tech -> sum of sims, accepted
    accepted_n: dict[str, int] = field(default_factory=dict)
    similar_villages: dict[str, float] = field(default_factory=dict)  # raiser -> similarity
    transferred: dict[str, float] = field(default_factory=dict)  # tech -> sim x outcome, summed

    def learn_from_similar(self, f: Facts) -> None:
        """Gather, once per query, what similar needs say: accepted matches and their villages."""
        nf = f.need_facts
        for n, s in self.similar.items():
            for tech, d in nf.decisions.get(n, {}).items():
                if d.get("status") == "accepted":
                    self.accepted[tech] = self.accepted.get(tech, 0.0) + s
                    self.accepted_n[tech] = self.accepted_n.get(tech, 0) + 1
            v = nf.needs[n].village
            if v:
                self.similar_villages[v] = max(s, self.similar_villages.get(v, 0.0))
            for t in f.answered(n):
                self.transferred[t.tech] = self.transferred.get(t.tech, 0.0) + s * t.weight


def budget_in_text(text: str) -> float | None:
    """A budget stated in the need's words ("งบไม่เกิน 5,000 บาท", "งบ 2 หมื่น")."""
    m = _BUDGET.search(normalize(text))
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    return value * _UNITS.get(m.group(2) or "", 1.0)


def find_occupation(f: Facts, q: Query) -> None:
    """The main occupation (and its words) of the village that raised the need, if known."""
    if q.village and q.village in f.occupation:
        q.occupation = f.occupation[q.village]
        q.occ_words = f.occ_words.get(q.village, frozenset())


def similar_needs(f: Facts, q: Query) -> dict[str, float]:
    """Other needs whose words overlap this one's (cosine over word sets, plus shared category)."""
    nf = f.need_facts
    mine = set(q.exp.words)
    if not mine:
        return {}
    overlap: Counter[str] = Counter()
    common = max(COMMON_NEED_WORD, len(nf.needs) // 20)
    for w in mine:
        post = nf.by_word.get(w, ())
        if len(post) <= common:  # a word in most needs says nothing about which are alike
            for other in post:
                overlap[other] += 1
    out = {}
    for other, n in overlap.items():
        info = nf.needs[other]
        if other == q.need_id or not info.words:
            continue
        sim = n / math.sqrt(len(mine) * len(info.words))
        if info.categories & q.categories.keys():
            sim += SHARED_CATEGORY
        if sim >= SIMILAR_NEED_MIN:
            out[other] = min(1.0, sim)
    if len(out) > MAX_SIMILAR:
        out = dict(heapq.nlargest(MAX_SIMILAR, out.items(), key=lambda kv: (kv[1], kv[0])))
    return out


def text_signal(
    f: Facts, q: Query, tech: str, data: dict[str, Any], text: float, explain: bool = True
) -> tuple[float, list[dict[str, str]]]:
    """Search relevance (already scaled to [0, 1]) blended with agreement of categories.

    Stored text is normalised on the way in, so plain substring tests find the matched words.
    """
    reasons: list[dict[str, str]] = []
    if explain:
        reasons = matched_words(q, data)
    cats = f.category_closure(f.tech_categories.get(tech, frozenset()))
    cat_hits = {c: s for c, s in q.categories.items() if c in cats}
    if not q.categories:
        return text, reasons
    cat = max(cat_hits.values(), default=0.0)
    if cat_hits:
        names = ", ".join(_cat_name(f, c) for c in cat_hits)
        reasons.append(reason("text", f"อยู่ในหมวด {names}", f"in category {names}"))
    return (1 - CATEGORY_SHARE) * text + CATEGORY_SHARE * cat, reasons


def matched_words(q: Query, data: dict[str, Any]) -> list[dict[str, str]]:
    """The need's words, and the added solution words, found in the technology's text."""
    reasons = []
    parts = [str(data.get("title", "")), *map(str, data.get("keywords") or [])]
    own = " ".join([*parts, str(data.get("description", ""))]).lower()
    said = [w for w in dict.fromkeys(q.exp.words) if w in own and w not in NOT_SHOWN]
    added = [w for w in dict.fromkeys(w for p in q.exp.added for w in words(p)) if w in own]
    added = [w for w in added if w not in said]
    if said:
        reasons.append(
            reason(
                "text", f"ตรงกับคำ: {', '.join(said[:6])}", f"matched words: {', '.join(said[:6])}"
            )
        )
    if added:
        reasons.append(
            reason(
                "text",
                f"คำแก้ปัญหาที่ขยายจากหมวดหมู่: {', '.join(added[:6])}",
                f"solution words from the taxonomy: {', '.join(added[:6])}",
            )
        )
    return reasons


def _cat_name(f: Facts, cat: str) -> str:
    for c in f.categories:
        if c.id == cat:
            return c.name
    return cat


def evidence_signal(f: Facts, q: Query, tech: str) -> tuple[float, list[dict[str, str]]]:
    """Past transfers and decisions that vouch for this technology (a raw, unbounded sum)."""
    raw = 0.0
    reasons = []
    if tech in q.accepted:
        raw += ACCEPTED_SIMILAR * q.accepted[tech]
        n = q.accepted_n[tech]
        reasons.append(
            reason(
                "evidence",
                f"เคยจับคู่และได้รับการยอมรับสำหรับความต้องการที่คล้ายกัน {n} ครั้ง",
                f"accepted before for {n} similar need(s)",
            )
        )
    similar_villages = q.similar_villages
    sim_hits, occ_hits, record = set(), set(), 0.0
    for t in f.transfers.get(tech, ()):
        sim = q.similar.get(t.need or "", 0.0)
        for v in t.villages:
            sim = max(sim, similar_villages.get(v, 0.0))
        if sim:
            raw += TRANSFER_SIMILAR * sim * t.weight
            sim_hits.update(t.villages or (t.id,))
        if q.occ_words:
            share = {v: len(q.occ_words & f.occ_words.get(v, frozenset())) for v in t.villages}
            best = max(share.values(), default=0) / len(q.occ_words)
            if best:
                raw += SAME_OCCUPATION * best * t.weight
                occ_hits.update(v for v, n in share.items() if n)
        record += TRACK_RECORD * t.weight
    raw += min(record, 0.3)
    if sim_hits:
        reasons.append(
            reason(
                "evidence",
                f"ถ่ายทอดแล้วให้ {len(sim_hits)} หมู่บ้านที่มีปัญหาคล้ายกัน",
                f"transferred to {len(sim_hits)} village(s) with similar needs",
            )
        )
    if occ_hits:
        reasons.append(
            reason(
                "evidence",
                f"ถ่ายทอดแล้ว {len(occ_hits)} หมู่บ้านที่มีอาชีพคล้ายกัน ({q.occupation})",
                f"transferred to {len(occ_hits)} village(s) with a similar occupation ({q.occupation})",
            )
        )
    return max(0.0, raw), reasons


def evidence_value(raw: float, best: float) -> float:
    """Raw evidence in [0, 1]: relative to the best-vouched candidate, once it is clear enough."""
    return min(1.0, raw / max(best, EVIDENCE_FLOOR))


def reach_signal(f: Facts, q: Query, tech: str) -> tuple[float, list[dict[str, str]]]:
    """Can someone who has carried it work here: service areas, past transfers, distance."""
    if not (q.province or q.region or q.coords):
        return 0.0, []
    reasons = []
    items = f.transfers.get(tech, ())
    actors = Counter(a for t in items for a in t.via)
    for a in f.developers.get(tech, ()):
        actors.setdefault(a, 0)
    best_actor, area = None, 0.0
    for a in sorted(actors, key=lambda a: (-actors[a], a)):
        s = f.actor_area(a, q.province, q.region)
        if s > area:
            best_actor, area = a, s
    villages = [v for t in items for v in t.villages]
    in_prov = {v for v in villages if q.province and f.province_of(v) == q.province}
    in_reg = {v for v in villages if q.region and f.region_of(v) == q.region}
    area = max(area, 1.0 if in_prov else 0.5 if in_reg else 0.0)
    if in_reg:
        rname = f.label.get(q.region or "", q.region)
        reasons.append(
            reason(
                "reach",
                f"ถ่ายทอดแล้ว {len(in_reg)} หมู่บ้านใน{rname}",
                f"transferred to {len(in_reg)} village(s) in {rname}",
            )
        )
    if best_actor:
        name = f.label.get(best_actor, best_actor)
        where_th, where_en = (
            ("จังหวัดนี้", "this province") if area >= 1.0 else ("ภูมิภาคนี้", "this region")
        )
        reasons.append(reason("reach", f"{name} ให้บริการ{where_th}", f"{name} serves {where_en}"))
    near = None
    if q.coords:
        dists = [distance_km(q.coords, c) for v in villages[:200] if (c := f.coords_of(v))]
        near = min(dists) if dists else None
    dist = math.exp(-near / DISTANCE_KM) if near is not None else 0.0
    if near is not None and near < 1:
        reasons.append(reason("reach", "เคยถ่ายทอดในพื้นที่นี้แล้ว", "transferred here before"))
    elif near is not None and near < 300:
        reasons.append(
            reason(
                "reach",
                f"เคยถ่ายทอดห่างออกไปประมาณ {near:.0f} กม.",
                f"transferred about {near:.0f} km away",
            )
        )
    return 0.65 * area + 0.35 * dist, reasons


def readiness_signal(q: Query, data: dict[str, Any]) -> tuple[float, float, list[dict[str, str]]]:
    """(readiness in [0, 1], score factor for the budget, reasons)."""
    reasons = []
    trl = data.get("trl")
    value = (int(trl) - 1) / 8 if isinstance(trl, int) else UNKNOWN_TRL
    if isinstance(trl, int) and trl >= 7:
        reasons.append(reason("readiness", f"พร้อมใช้งาน (TRL {trl})", f"ready to use (TRL {trl})"))
    factor = 1.0
    cost = data.get("cost_baht")
    if q.max_cost is not None and isinstance(cost, (int, float)):
        if cost > q.max_cost:
            factor = OVER_BUDGET_FACTOR
            reasons.append(
                reason(
                    "readiness",
                    f"ค่าใช้จ่าย {cost:,.0f} บาท เกินงบ {q.max_cost:,.0f} บาท",
                    f"costs {cost:,.0f} baht, over the {q.max_cost:,.0f} baht budget",
                )
            )
        else:
            reasons.append(
                reason(
                    "readiness",
                    f"ค่าใช้จ่าย {cost:,.0f} บาท อยู่ในงบ",
                    f"costs {cost:,.0f} baht, within budget",
                )
            )
    return value, factor, reasons


def deliverers(f: Facts, q: Query, tech: str, limit: int = 3) -> list[dict[str, Any]]:
    """Who could deliver it: actors with a record of transferring it, nearest first."""
    items = f.transfers.get(tech, ())
    counts = Counter(a for t in items for a in t.via)
    role = "transferred"
    if not counts:
        counts = Counter(dict.fromkeys(f.developers.get(tech, ()), 0))
        role = "developer"
    rows = []
    for a, n in counts.items():
        area = f.actor_area(a, q.province, q.region)
        c = f.coords_of(a)
        d = distance_km(q.coords, c) if q.coords and c else None
        rows.append(
            {
                "id": a,
                "name": f.label.get(a, a),
                "kind": f.kind.get(a, ""),
                "role": role,
                "transfers": n,
                "serves": "province" if area >= 1.0 else "region" if area > 0 else None,
                "distance_km": round(d, 1) if d is not None else None,
            }
        )
    rows.sort(
        key=lambda r: (
            -f.actor_area(r["id"], q.province, q.region),
            r["distance_km"] if r["distance_km"] is not None else 1e9,
            -r["transfers"],
            r["id"],
        )
    )
    return rows[:limit]
