#!/usr/bin/env python3
"""Regenerate ttgraph's reference data (ttgraph/data/reference/*.jsonl).

geo.jsonl is derived from the two geography sets under ../shared/data/geo; network, agencies and
categories come from the hand-curated TOML files in scripts/reference_src/.  The output is
byte-for-byte reproducible, so ``--check`` can tell whether the committed files are current.

    python scripts/build_reference.py            # write the four files
    python scripts/build_reference.py --check    # exit 1 if a committed file differs

Joining the sets (details and counts in ttgraph/data/reference/SOURCES.md):
thailand-geography-json is the authority for codes and names.  kongvut-thai-province-data adds
the six regions (provinces joined on the Thai name; its province ids are not DOPA codes) and
subdistrict coordinates, joined by code only where the names agree, else by name inside the same
district (Bueng Kan's codes are numbered differently in the two sets).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tomllib
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path
from statistics import fmean
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = Path(__file__).resolve().parent / "reference_src"
OUT = ROOT / "ttgraph" / "data" / "reference"
TGJ = "thailand-geography-json"
KONGVUT = "kongvut-thai-province-data"
# Kongvut rows that are not districts (municipal pseudo-districts) -- see ../shared/README.md.
KONGVUT_DROP_DISTRICTS = {"7074", "9077"}
# Bangkok has no subdistrict coordinates in either set; use the city's conventional centre
# (Sao Chingcha / City Hall) so the province still has a point on a map.
FALLBACK_COORDS = {"10": (13.7525, 100.5014)}


def norm(name: str) -> str:
    """Compare Thai place names without spaces, bracketed variants or เขต/อำเภอ prefixes."""
    name = re.sub(r"\(.*?\)", "", name)
    name = re.sub(r"\s+", "", name)
    return re.sub(r"^(เขต|อำเภอ|ตำบล|แขวง)", "", name)


def similar(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    if a and b and (a in b or b in a):
        return 0.9
    return SequenceMatcher(None, a, b).ratio()


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if not r.get("deleted_at")]


def load_sources(geo_dir: Path) -> dict[str, Any]:
    """Read both geography sets; raise SystemExit with advice if they are missing."""
    if not (geo_dir / TGJ / "provinces.json").exists():
        raise SystemExit(
            f"Error: geography sources not found under {geo_dir}; "
            "pass --shared pointing at the directory that holds data/geo/"
        )

    def js(name: str) -> list[dict[str, Any]]:
        return json.loads((geo_dir / TGJ / name).read_text(encoding="utf-8"))

    return {
        "provinces": js("provinces.json"),
        "districts": js("districts.json"),
        "subdistricts": js("subdistricts.json"),
        "k_geo": _csv(geo_dir / KONGVUT / "geographies.csv"),
        "k_provinces": _csv(geo_dir / KONGVUT / "provinces.csv"),
        "k_districts": [
            r
            for r in _csv(geo_dir / KONGVUT / "districts.csv")
            if r["id"] not in KONGVUT_DROP_DISTRICTS
        ],
        "k_subdistricts": _csv(geo_dir / KONGVUT / "sub_districts.csv"),
    }


def join_subdistricts(src: dict[str, Any], stats: dict[str, int]) -> dict[str, dict[str, str]]:
    """Map each DOPA subdistrict code to its kongvut row, or leave it out when unsure."""
    k_sub = {r["id"]: r for r in src["k_subdistricts"]}
    k_by_district: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in src["k_subdistricts"]:
        k_by_district[r["district_id"]].append(r)
    k_district_by_name = {(r["id"][:2], norm(r["name_th"])): r["id"] for r in src["k_districts"]}
    d_name = {str(d["districtCode"]): d["districtNameTh"] for d in src["districts"]}

    joined: dict[str, dict[str, str]] = {}
    used: set[str] = set()
    pending = []
    for s in src["subdistricts"]:  # pass 1: same code, same name
        code, name = str(s["subdistrictCode"]), s["subdistrictNameTh"]
        k = k_sub.get(code)
        if k and norm(k["name_th"]) == norm(name):
            joined[code] = k
            used.add(code)
        else:
            pending.append(s)
    stats["subdistrict_joined_by_code"] = len(joined)
    proposals: dict[str, list[str]] = defaultdict(list)
    for s in pending:  # pass 2: same name in the same-named district; pass 3: same code, near name
        code, name = str(s["subdistrictCode"]), s["subdistrictNameTh"]
        district = str(s["districtCode"])
        k_district = k_district_by_name.get((district[:2], norm(d_name[district])))
        candidates = [r for r in k_by_district.get(k_district or "", []) if r["id"] not in used]
        scored = sorted(((similar(r["name_th"], name), r["id"]) for r in candidates), reverse=True)
        if scored and scored[0][0] >= 0.8 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            proposals[scored[0][1]].append(code)
        elif code in k_sub and code not in used and similar(k_sub[code]["name_th"], name) >= 0.6:
            proposals[code].append(code)
    for k_id, codes in proposals.items():
        # A kongvut row claimed by two DOPA subdistricts (บางนา -> บางนาเหนือ, บางนาใต้) was split
        # since; neither half gets it.
        if len(codes) == 1:
            joined[codes[0]] = k_sub[k_id]
            used.add(k_id)
            stats["subdistrict_joined_by_name"] += 1
    stats["subdistrict_not_in_kongvut"] = len(src["subdistricts"]) - len(joined)
    return joined


def alt_names(other: str, name: str) -> list[str]:
    """Spellings of ``other`` (kongvut's name, maybe 'ปอภาร (ปอพาน)') that differ from ``name``."""
    forms = [re.sub(r"\s*\(.*?\)", "", other)] + re.findall(r"\((.*?)\)", other)
    out = []
    for form in (re.sub(r"\s+", " ", f).strip() for f in forms):
        if form and form != name and form not in out:
            out.append(form)
    return out


def _point(rows: list[tuple[float, float]]) -> dict[str, float]:
    if not rows:
        return {}
    return {"lat": round(fmean(p[0] for p in rows), 4), "lon": round(fmean(p[1] for p in rows), 4)}


def _node(kind: str, node_id: str, **fields: Any) -> dict[str, Any]:
    """A record with a stable key order and no empty fields."""
    out: dict[str, Any] = {"kind": kind, "id": node_id}
    out.update({k: v for k, v in fields.items() if v not in (None, "", [], {})})
    return out


def build_geo(
    src: dict[str, Any], network: dict[str, Any], stats: dict[str, int]
) -> list[dict[str, Any]]:
    """Regions, provincial groups, provinces, districts, subdistricts: parents first.

    The groups live here rather than in network.jsonl because provinces name them, and
    ``ttgraph init`` loads each file on its own: a file may only point at ids in itself or in
    a file loaded before it.
    """
    regions = {str(r["kongvut_id"]): r for r in network["region"]}
    k_region_by_name = {r["name_th"]: regions[r["geography_id"]]["id"] for r in src["k_provinces"]}
    group_of = {p: g["id"] for g in network["group"] for p in g["provinces"]}
    joined = join_subdistricts(src, stats)
    k_district = {r["id"]: r for r in src["k_districts"]}

    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    subdistricts = []
    for s in src["subdistricts"]:
        code, district = str(s["subdistrictCode"]), str(s["districtCode"])
        k = joined.get(code)
        point = {}
        if k and k["lat"] and k["long"]:
            lat, lon = float(k["lat"]), float(k["long"])
            point = {"lat": lat, "lon": lon}
            points[district].append((lat, lon))
            points[district[:2]].append((lat, lon))
        alt = alt_names(k["name_th"], s["subdistrictNameTh"]) if k else []
        subdistricts.append(
            _node(
                "subdistrict",
                code,
                name=s["subdistrictNameTh"],
                name_en=s["subdistrictNameEn"],
                district=district,
                postal_code=str(s["postalCode"]),
                **point,
                alt_names=alt,
            )
        )
    stats["subdistrict_with_coords"] = sum(1 for s in subdistricts if "lat" in s)

    districts = []
    for d in src["districts"]:
        code = str(d["districtCode"])
        k = k_district.get(code)
        same = k is not None and norm(k["name_th"]) == norm(d["districtNameTh"])
        alt = alt_names(k["name_th"], d["districtNameTh"]) if k and same else []
        districts.append(
            _node(
                "district",
                code,
                name=d["districtNameTh"],
                name_en=d["districtNameEn"],
                province=str(d["provinceCode"]),
                postal_code=str(d["postalCode"]),
                **_point(points[code]),
                alt_names=alt,
            )
        )
    stats["district_with_coords"] = sum(1 for d in districts if "lat" in d)

    provinces = []
    for p in src["provinces"]:
        code, name = str(p["provinceCode"]), p["provinceNameTh"]
        point = _point(points[code])
        if not point and code in FALLBACK_COORDS:
            point = dict(zip(("lat", "lon"), FALLBACK_COORDS[code], strict=True))
            stats["province_fallback_coords"] += 1
        provinces.append(
            _node(
                "province",
                code,
                name=name,
                name_en=p["provinceNameEn"],
                abbr=network["province_abbr"].get(code, []),
                code_th=network["province_code_th"].get(code),
                region=k_region_by_name[name],
                provincial_group=group_of.get(code),
                **point,
            )
        )
    region_rows = [
        _node("region", r["id"], name=r["name"], name_en=r["name_en"], abbr=r.get("abbr", []))
        for r in network["region"]
    ]
    group_rows = [
        _node("provincial_group", g["id"], name=g["name"], name_en=g["name_en"], region=g["region"])
        for g in network["group"]
    ]
    return region_rows + group_rows + provinces + districts + subdistricts


def build_network(network: dict[str, Any], provinces: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The regional centres with their seeded service areas."""
    rows = []
    taken: set[str] = set()
    for c in network["centre"]:  # explicit lists first, so rules never take their provinces
        taken.update(c.get("serves", []))
    for c in network["centre"]:
        serves = list(c.get("serves", []))
        for rule in c["serves_rule"]:
            what, _, value = rule.partition(":")
            for p in provinces:
                hit = (
                    (p.get("provincial_group") or "").startswith(value)
                    if what == "group"
                    else p.get("region") == value
                )
                if hit and p["id"] not in taken:
                    serves.append(p["id"])
                    taken.add(p["id"])
        rows.append(
            _node(
                "regional_centre",
                c["id"],
                name=c["name"],
                name_en=c["name_en"],
                abbr=c["abbr"],
                province=c["province"],
                serves=sorted(serves, key=int),
            )
        )
    return rows


def build_curated(path: Path, table: str, kind: str) -> list[dict[str, Any]]:
    rows = tomllib.loads(path.read_text(encoding="utf-8"))[table]
    order = ["name", "name_en", "abbr", "type", "parent", "broader", "province", "url"]
    out = []
    for r in rows:
        fields = {k: r[k] for k in order if k in r}
        fields.update({k: v for k, v in r.items() if k not in fields and k != "id"})
        out.append(_node(kind, r["id"], **fields))
    return out


def render(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows)


def build_all(shared: Path) -> tuple[dict[str, str], dict[str, int]]:
    """All four files as text, plus join statistics."""
    network = tomllib.loads((SRC / "network.toml").read_text(encoding="utf-8"))
    stats: dict[str, int] = defaultdict(int)
    geo = build_geo(load_sources(shared / "data" / "geo"), network, stats)
    provinces = [r for r in geo if r["kind"] == "province"]
    files = {
        "geo.jsonl": render(geo),
        "network.jsonl": render(build_network(network, provinces)),
        "agencies.jsonl": render(build_curated(SRC / "agencies.toml", "agency", "agency")),
        "categories.jsonl": render(build_curated(SRC / "categories.toml", "category", "category")),
    }
    for name, text in files.items():
        for line in text.splitlines():
            stats[f"{name}:{json.loads(line)['kind']}"] += 1
    return files, dict(stats)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=ROOT.parent / "shared",
        help="directory holding data/geo/ (default: ../shared)",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the .jsonl files")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    files, stats = build_all(args.shared)
    stale = []
    for name, text in files.items():
        target = args.out / name
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    for key in sorted(stats):
        print(f"{key:45} {stats[key]:>6}")
    if stale:
        print(
            f"out of date: {', '.join(stale)}; run python scripts/build_reference.py",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
