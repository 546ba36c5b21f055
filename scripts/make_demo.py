"""Build the demo catalogue (native JSON Lines) and the matching evaluation set.

The content is written by hand in ``scripts/demo/``; this script resolves place names to DOPA
codes against the reference geography in ``../shared``, numbers the technologies per agency,
places needs in villages whose occupation fits them, and draws transfer records that are
coherent with villages, clinics and service areas. It is deterministic (fixed seed), so the
committed files can be rebuilt byte for byte:

    python scripts/make_demo.py            # writes ttgraph/data/demo/native/*.jsonl
    python scripts/make_demo.py --check    # fails if the committed files differ
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.demo import (  # noqa: E402
    clinics,
    match_eval,
    needs,
    tech_agencies,
    tech_centres,
    tech_extra,
    tech_nstda,
    tech_tistr,
    tech_univ_central,
    tech_univ_isan,
    tech_univ_north,
    tech_univ_south,
    villages,
)
from scripts.demo.techspec import Tech  # noqa: E402

GEO = ROOT.parent / "shared" / "data" / "geo"
OUT = ROOT / "ttgraph" / "data" / "demo" / "native"
EVAL_OUT = ROOT / "benchmarks" / "data" / "match_eval.jsonl"
SEED = 20240515
REGIONS = {"1": "north", "2": "central", "3": "northeast", "4": "west", "5": "east", "6": "south"}
NEED_YEARS = {"open": (2022, 2025), "matched": (2023, 2025), "in_progress": (2023, 2025)}
NEED_YEARS["resolved"] = (2018, 2023)
RAISERS = [
    "ผู้ใหญ่บ้าน",
    "ประธานวิสาหกิจชุมชน",
    "ประธานกลุ่มแม่บ้าน",
    "อสวท. ประจำหมู่บ้าน",
    "ปราชญ์ชาวบ้าน",
    "ประธานกลุ่มเกษตรกร",
    "เวทีประชาคมหมู่บ้าน",
]
NOTES = {
    "adopted": [
        "กลุ่มนำไปใช้ต่อเนื่องและขยายผลให้หมู่บ้านข้างเคียง",
        "สมาชิกผลิตใช้เองได้หลังอบรมสามครั้ง",
        "อบต. สมทบงบประมาณติดตั้งเพิ่มอีกหนึ่งชุด",
        "เป็นจุดเรียนรู้ของตำบล มีคณะมาดูงานทุกเดือน",
    ],
    "partly_adopted": [
        "ใช้เฉพาะสมาชิกบางราย เพราะต้นทุนเริ่มต้นสูง",
        "ทำได้ในรอบแรก แต่หาวัตถุดิบต่อเนื่องไม่ได้",
        "ต้องมีพี่เลี้ยงจากคลินิกติดตามอีกระยะ",
    ],
    "not_adopted": [
        "ชุมชนขาดแรงงาน คนหนุ่มสาวไปทำงานต่างถิ่น",
        "ยังไม่มีตลาดรองรับผลผลิต",
        "อุปกรณ์ชำรุดและไม่มีช่างซ่อมในพื้นที่",
    ],
    "ongoing": [
        "อยู่ระหว่างติดตั้งและทดลองใช้",
        "อบรมรุ่นแรกแล้ว รอติดตามผลรอบการผลิตถัดไป",
    ],
}
IP_CHOICES = ["อนุสิทธิบัตร", "สิทธิบัตรการประดิษฐ์", "เปิดเผยเป็นสาธารณะ", "ความลับทางการค้า"]


class Geo:
    """Reference geography: names to DOPA codes, regions and subdistrict coordinates."""

    def __init__(self, base: Path) -> None:
        tg = base / "thailand-geography-json"
        kv = base / "kongvut-thai-province-data"
        provinces = json.loads((tg / "provinces.json").read_text(encoding="utf-8"))
        districts = json.loads((tg / "districts.json").read_text(encoding="utf-8"))
        subdistricts = json.loads((tg / "subdistricts.json").read_text(encoding="utf-8"))
        self.province = {p["provinceNameTh"]: str(p["provinceCode"]) for p in provinces}
        self.district = {
            (str(d["provinceCode"]), d["districtNameTh"]): str(d["districtCode"]) for d in districts
        }
        self.subdistrict = {
            (str(s["districtCode"]), s["subdistrictNameTh"]): str(s["subdistrictCode"])
            for s in subdistricts
        }
        self.subs_of_province: dict[str, list[str]] = defaultdict(list)
        for s in subdistricts:
            self.subs_of_province[str(s["provinceCode"])].append(str(s["subdistrictCode"]))
        with open(kv / "sub_districts.csv", encoding="utf-8") as fh:
            self.coords = {
                r["id"]: (float(r["lat"]), float(r["long"]))
                for r in csv.DictReader(fh)
                if r["lat"] and r["long"]
            }
        with open(kv / "provinces.csv", encoding="utf-8") as fh:
            self.region = {
                self.province[r["name_th"]]: REGIONS[r["geography_id"]] for r in csv.DictReader(fh)
            }

    def code(self, name: str) -> str:
        try:
            return self.province[name]
        except KeyError:
            raise SystemExit(f"unknown province {name!r}") from None

    def place(self, prov: str, dist: str, sub: str) -> tuple[str, str, str]:
        pc = self.code(prov)
        dc = self.district.get((pc, dist))
        if dc is None:
            raise SystemExit(f"unknown district {dist!r} in {prov}")
        sc = self.subdistrict.get((dc, sub))
        if sc is None:
            raise SystemExit(f"unknown subdistrict {sub!r} in {dist}, {prov}")
        return pc, dc, sc

    def province_point(self, pc: str) -> tuple[float, float]:
        """Coordinates of the province's first subdistrict that has some (the capital, mostly)."""
        for sc in sorted(self.subs_of_province[pc]):
            if sc in self.coords:
                return self.coords[sc]
        if pc == "10":  # the reference set has no coordinates for Bangkok's khwaeng
            return (13.7563, 100.5018)
        raise SystemExit(f"no coordinates for province {pc}")


def all_techs() -> list[Tech]:
    # ids are numbered per owner in this order: append new technologies to tech_extra
    mods = [
        tech_nstda,
        tech_centres,
        tech_tistr,
        tech_agencies,
        tech_univ_north,
        tech_univ_isan,
        tech_univ_south,
        tech_univ_central,
        tech_extra,
    ]
    techs = [t for m in mods for t in m.TECHS]
    keys = Counter(t.key for t in techs)
    dup = [k for k, n in keys.items() if n > 1]
    if dup:
        raise SystemExit(f"duplicate technology keys: {dup}")
    return techs


def build_technologies(techs: list[Tech], rng: random.Random) -> tuple[list[dict], dict[str, str]]:
    counter: Counter[str] = Counter()
    ids: dict[str, str] = {}
    records = []
    for t in techs:
        owner = t.agency[0]
        counter[owner] += 1
        tid = f"{owner}-t{counter[owner]:03d}"
        ids[t.key] = tid
        rec: dict = {"kind": "technology", "id": tid, "title": t.title}
        if t.title_en:
            rec["title_en"] = t.title_en
        rec.update(
            description=t.description,
            keywords=t.keywords,
            agency=t.agency,
            category=t.category,
            trl=t.trl,
            year=t.year,
            benefits=t.benefits,
            requirements=t.requirements,
        )
        if t.cost is not None:
            rec["cost_baht"] = t.cost
        if rng.random() < 0.5:
            rec["ip"] = rng.choice(IP_CHOICES)
        rec.update(t.extra)
        records.append(rec)
    return records, ids


def build_clinics(geo: Geo) -> tuple[list[dict], dict[str, dict]]:
    out = []
    for line in clinics.CLINICS.strip().splitlines():
        cid, name, uni, uni_name, prov, serves = line.split("|")
        pc = geo.code(prov)
        lat, lon = geo.province_point(pc)
        rec: dict = {"kind": "clinic", "id": cid, "name": name}
        if cid in clinics.CLINIC_NAMES_EN:
            rec["name_en"] = clinics.CLINIC_NAMES_EN[cid]
        if uni:
            rec["university"] = uni
        else:
            rec["university_name"] = uni_name
        rec["province"] = pc
        rec["serves"] = [s if s in REGIONS.values() else geo.code(s) for s in serves.split(";")]
        rec["lat"], rec["lon"] = round(lat + 0.01, 5), round(lon + 0.01, 5)
        out.append(rec)
    return out, {c["id"]: c for c in out}


def build_villages(geo: Geo, rng: random.Random) -> tuple[list[dict], dict[str, list[str]]]:
    out, tags = [], {}
    for line in villages.VILLAGES.strip().splitlines():
        prov, dist, sub, name, moo, occ, vtags, products, households = line.split("|")
        pc, dc, sc = geo.place(prov, dist, sub)
        if sc not in geo.coords:
            raise SystemExit(f"no coordinates for {sub}, {dist}, {prov}")
        lat, lon = geo.coords[sc]
        vid = f"vil-{sc}-{int(moo):02d}"
        rec = {
            "kind": "village",
            "id": vid,
            "name": name,
            "moo": int(moo),
            "subdistrict": sc,
            "district": dc,
            "province": pc,
            "main_occupation": occ,
            "products": products.split(";"),
            "households": int(households),
            "lead_village": rng.random() < 0.85,
            "year": rng.randint(2012, 2020),
            "lat": round(lat + rng.uniform(-0.008, 0.008), 5),
            "lon": round(lon + rng.uniform(-0.008, 0.008), 5),
        }
        out.append(rec)
        tags[vid] = vtags.split()
    if len({v["id"] for v in out}) != len(out):
        raise SystemExit("two villages share a subdistrict and moo")
    return out, tags


def _date(rng: random.Random, year: int) -> str:
    return (dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 360))).isoformat()


def _products_named(text: str, products: list[str]) -> set[str]:
    """Products a text names, longest first, so ข้าวโพด is not also counted as ข้าว."""
    found = set()
    for p in products:
        if p in text:
            found.add(p)
            text = text.replace(p, " ")
    return found


def build_needs(
    vills: list[dict], vtags: dict[str, list[str]], ids: dict[str, str], rng: random.Random
) -> tuple[list[dict], dict[str, list[str]]]:
    used: Counter[str] = Counter()
    who_rng = random.Random(SEED + 1)  # its own stream, so adding it moved nothing else
    out, solutions = [], {}
    all_products = sorted({p for v in vills for p in v["products"]}, key=len, reverse=True)
    for n, line in enumerate(needs.NEEDS.strip().splitlines(), start=1):
        ntags, cats, sols, text, constraints, max_cost = line.split("|")
        want = set(ntags.split())
        cands = [v for v in vills if "any" in want or want & set(vtags[v["id"]])]
        if not cands:
            raise SystemExit(f"no village fits need {n}: {text[:40]}")
        # prefer villages whose products the need names (ลำไย, ปลาสลิด), then the least asked
        named = _products_named(text, all_products)

        def fit(v: dict, named: set[str] = named) -> tuple[int, int]:
            return (-len(named & set(v["products"])), used[v["id"]])

        best = min(fit(v) for v in cands)
        village = rng.choice([v for v in cands if fit(v) == best])
        used[village["id"]] += 1
        keys = [k for k in sols.split(";") if k]
        for k in keys:
            if k not in ids:
                raise SystemExit(f"need {n} names unknown technology key {k!r}")
        status = "open"
        if keys:
            status = rng.choices(
                ["open", "matched", "in_progress", "resolved"], weights=[30, 20, 20, 30]
            )[0]
        first, last = NEED_YEARS[status]
        nid = f"need-{n:03d}"
        rec = {
            "kind": "need",
            "id": nid,
            "text": text,
            "raised_by": village["id"],
            "subdistrict": village["subdistrict"],
            "district": village["district"],
            "province": village["province"],
            "category": cats.split(";"),
            "status": status,
            "date": _date(rng, rng.randint(first, last)),
        }
        if who_rng.random() < 0.3:
            rec["raised_by_name"] = who_rng.choice(RAISERS)
        if constraints:
            rec["constraints"] = constraints
        if max_cost:
            rec["max_cost_baht"] = float(max_cost)
        out.append(rec)
        solutions[nid] = [ids[k] for k in keys]
    return out, solutions


def _deliverer(
    tech: dict, village: dict, clinic_list: list[dict], geo: Geo, rng: random.Random
) -> str:
    """A clinic that serves the village (the tech owner's own clinic first), else the owner."""
    region = geo.region[village["province"]]
    serving = [
        c for c in clinic_list if village["province"] in c["serves"] or region in c["serves"]
    ]
    own = [c for c in serving if c.get("university") in tech["agency"]]
    if own and rng.random() < 0.8:
        return rng.choice(own)["id"]
    if serving and rng.random() < 0.85:
        return rng.choice(serving)["id"]
    return tech["agency"][0]


def problem_pools(ids: dict[str, str]) -> dict[str, list[str]]:
    """Occupation tag -> technologies that answered needs of villages with that occupation."""
    pools: dict[str, list[str]] = defaultdict(list)
    for line in needs.NEEDS.strip().splitlines():
        ntags, _cats, sols, *_ = line.split("|")
        for tag in ntags.split():
            if tag != "any":
                pools[tag] += [ids[k] for k in sols.split(";") if k]
    return pools


def build_transfers(
    techs: list[dict],
    fits: dict[str, list[str]],
    vills: list[dict],
    vtags: dict[str, list[str]],
    need_recs: list[dict],
    solutions: dict[str, list[str]],
    pools: dict[str, list[str]],
    clinic_list: list[dict],
    geo: Geo,
    rng: random.Random,
    target: int = 236,
) -> list[dict]:
    by_id = {t["id"]: t for t in techs}
    vil_by_id = {v["id"]: v for v in vills}
    out: list[dict] = []
    seen: set[tuple[str, str]] = set()
    note_rng = random.Random(SEED + 2)  # its own stream, so notes moved nothing else

    def add(tech: dict, vs: list[dict], day: str, outcome: str, need: str | None = None) -> None:
        rec: dict = {
            "kind": "transfer",
            "id": f"tr-{len(out) + 1:04d}",
            "technology": tech["id"],
            "village": [v["id"] for v in vs],
            "via": [_deliverer(tech, vs[0], clinic_list, geo, rng)],
            "year": int(day[:4]),
            "date": day,
            "outcome": outcome,
            "participants": rng.randint(12, 85),
        }
        if need:
            rec["need"] = need
        if note_rng.random() < 0.35:
            rec["note"] = note_rng.choice(NOTES[outcome])
        if outcome in ("adopted", "partly_adopted") and rng.random() < 0.6:
            lo, hi = (8, 45) if outcome == "adopted" else (2, 15)
            rec["income_change_pct"] = float(rng.randint(lo, hi))
        out.append(rec)
        for v in vs:
            seen.add((tech["id"], v["id"]))

    for need in need_recs:
        if need["status"] not in ("in_progress", "resolved"):
            continue
        village = vil_by_id[need["raised_by"]]
        raised = dt.date.fromisoformat(need["date"])
        later = raised + dt.timedelta(days=rng.randint(30, 240))
        day = min(later, dt.date(2025, 12, 31)).isoformat()
        for tid in solutions[need["id"]][:2]:
            if need["status"] == "resolved":
                outcome = rng.choices(["adopted", "partly_adopted"], weights=[70, 30])[0]
            else:
                outcome = "ongoing"
            add(by_id[tid], [village], day, outcome, need["id"])

    by_province: dict[str, list[dict]] = defaultdict(list)
    for v in vills:
        by_province[v["province"]].append(v)
    guard = 0
    while len(out) < target and guard < 20000:
        guard += 1
        village = rng.choice(vills)
        vt = set(vtags[village["id"]])
        # mostly what answers a problem villages like this one raise; sometimes anything that fits
        pool = [by_id[tid] for tag in sorted(vt) for tid in pools.get(tag, [])]
        if pool and rng.random() < 0.7:
            cands = pool
        else:
            cands = [t for t in techs if vt & set(fits[t["id"]])]
            if rng.random() < 0.12:
                cands += [t for t in techs if "any" in fits[t["id"]]]
        if not cands:
            continue
        tech = rng.choice(cands)
        if (tech["id"], village["id"]) in seen:
            continue
        year = rng.randint(max(2015, tech["year"]), 2025)
        if year >= 2024:
            outcome = rng.choices(["ongoing", "adopted", "partly_adopted"], weights=[60, 25, 15])[0]
        else:
            outcome = rng.choices(
                ["adopted", "partly_adopted", "not_adopted"], weights=[55, 30, 15]
            )[0]
        group = [village]
        neighbours = [v for v in by_province[village["province"]] if v is not village]
        if neighbours and rng.random() < 0.1:
            other = rng.choice(neighbours)
            if (tech["id"], other["id"]) not in seen:
                group.append(other)
        add(tech, group, _date(rng, year), outcome)
    return out


def build_networks(geo: Geo) -> list[dict]:
    out = []
    for line in clinics.VOLUNTEER_NETWORKS.strip().splitlines():
        vid, name, prov, members, clinic = line.split("|")
        out.append(
            {
                "kind": "volunteer_network",
                "id": vid,
                "name": name,
                "province": geo.code(prov),
                "members": int(members),
                "clinic": clinic,
            }
        )
    return out


def build_eval(geo: Geo, ids: dict[str, str], vills: list[dict]) -> list[dict]:
    by_name = {(v["name"], v["province"]): v for v in vills}
    out = []
    for n, item in enumerate(match_eval.EVAL, start=1):
        text, place, village, relevant = item
        parts = place.split("/")
        rec: dict = {"id": f"me-{n:03d}", "text": text}
        if village:
            v = by_name.get((village, geo.code(parts[0])))
            if v is None:
                raise SystemExit(f"eval {n}: unknown village {village!r} in {parts[0]}")
            rec["place"] = v["district"]
            rec["village"] = v["id"]
        elif len(parts) == 2:
            pc = geo.code(parts[0])
            dc = geo.district.get((pc, parts[1]))
            if dc is None:
                raise SystemExit(f"eval {n}: unknown district {parts[1]!r}")
            rec["place"] = dc
        else:
            rec["place"] = geo.code(parts[0])
        rel = {}
        for key, grade in relevant.items():
            if key not in ids:
                raise SystemExit(f"eval {n}: unknown technology key {key!r}")
            rel[ids[key]] = grade
        rec["relevant"] = rel
        out.append(rec)
    return out


def dumps(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def build() -> dict[Path, str]:
    """Every output file and its text."""
    geo = Geo(GEO)
    rng = random.Random(SEED)
    techs_spec = all_techs()
    tech_recs, ids = build_technologies(techs_spec, rng)
    fits = {ids[t.key]: t.fits for t in techs_spec}
    clinic_recs, _ = build_clinics(geo)
    vills, vtags = build_villages(geo, rng)
    need_recs, solutions = build_needs(vills, vtags, ids, rng)
    transfers = build_transfers(
        tech_recs,
        fits,
        vills,
        vtags,
        need_recs,
        solutions,
        problem_pools(ids),
        clinic_recs,
        geo,
        rng,
    )
    files = {
        OUT / "technologies.jsonl": dumps(tech_recs),
        OUT / "clinics.jsonl": dumps(clinic_recs),
        OUT / "villages.jsonl": dumps(vills),
        OUT / "needs.jsonl": dumps(need_recs),
        OUT / "transfers.jsonl": dumps(transfers),
        OUT / "volunteer_networks.jsonl": dumps(build_networks(geo)),
        EVAL_OUT: dumps(build_eval(geo, ids, vills)),
    }
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    if not GEO.exists():
        print(f"reference geography not found at {GEO}", file=sys.stderr)
        return 2
    files = build()
    stale = []
    for path, text in files.items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {text.count(chr(10))} records")
    if stale:
        print("out of date: " + ", ".join(str(p.relative_to(ROOT)) for p in stale))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
