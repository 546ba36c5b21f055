#!/usr/bin/env python3
"""Realistic synthetic ttgraph catalogues at any scale, written as native JSON Lines.

Benchmarks need catalogues far larger than any real one, but with the shape of the real thing:
Thai titles and descriptions, agencies and universities owning technologies, clinics in
provinces, villages in real subdistricts, needs in the words communities use, transfers that
tie them together.  Text is recombined from real government press releases
(``../shared/data/corpus``); without that folder a small built-in vocabulary is used.  Place,
agency and category ids are the project's reference ids, so the output imports into a home made
by ``ttgraph init``; ``reference.jsonl`` holds the reference nodes for homes without them.

    python benchmarks/generate.py 10000 -o /tmp/cat10k      # writes catalogue.jsonl + manifest

The output depends only on the scale, the seed and the input data (deterministic).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
CORPUS = SHARED / "corpus" / "thaigov_v2_st_core.jsonl"
PROJECT_REFERENCE = ROOT / "ttgraph" / "data" / "reference"
VERSION = 1  # bump when the output for a given seed changes

# Built-in vocabulary: what technologies are about, and how communities say what they lack.
HEADS = [
    "เครื่อง",
    "ระบบ",
    "ชุด",
    "ผลิตภัณฑ์",
    "กระบวนการ",
    "เทคโนโลยี",
    "สูตร",
    "นวัตกรรม",
    "โรงเรือน",
    "การ",
]
OBJECTS = [
    "อบแห้งพลังงานแสงอาทิตย์",
    "สีข้าวขนาดเล็ก",
    "แปรรูปกล้วยตาก",
    "ผลิตปุ๋ยอินทรีย์ชีวภาพ",
    "เลี้ยงปลานิลในกระชัง",
    "สูบน้ำพลังงานแสงอาทิตย์",
    "ผลิตก๊าซชีวภาพจากมูลสัตว์",
    "ถนอมอาหารด้วยสุญญากาศ",
    "ผลิตกาแฟคั่วบด",
    "ย้อมผ้าด้วยสีธรรมชาติ",
    "แปรรูปยางพารา",
    "ให้น้ำแบบหยดอัตโนมัติ",
    "ตรวจวัดความชื้นในดิน",
    "ผลิตน้ำดื่มชุมชน",
    "บำบัดน้ำเสียครัวเรือน",
    "เพาะเห็ดในโรงเรือนควบคุมอุณหภูมิ",
    "ผลิตข้าวฮางงอก",
    "แปรรูปมันสำปะหลัง",
    "เลี้ยงไก่ไข่อารมณ์ดี",
    "ผลิตสบู่จากสมุนไพร",
    "ยืดอายุผลไม้สด",
    "ผลิตถ่านอัดแท่ง",
    "บรรจุภัณฑ์ย่อยสลายได้",
    "ตรวจคุณภาพน้ำผึ้ง",
    "ผลิตอาหารสัตว์จากวัสดุเหลือใช้",
    "เก็บเกี่ยวน้ำฝน",
    "ฟาร์มอัจฉริยะ IoT",
]
PURPOSES = [
    "เพื่อเพิ่มมูลค่าผลผลิต",
    "เพื่อลดต้นทุนการผลิต",
    "สำหรับวิสาหกิจชุมชน",
    "สำหรับเกษตรกรรายย่อย",
    "ลดการใช้สารเคมี",
    "ประหยัดพลังงาน",
    "ยืดอายุการเก็บรักษา",
    "ได้มาตรฐาน อย.",
    "",
]
PROBLEMS = [
    "ราคา{p}ตกต่ำ ขายไม่ได้ราคา",
    "น้ำไม่พอใช้ในหน้าแล้ง",
    "{p}เน่าเสียเร็ว เก็บไว้ขายได้ไม่นาน",
    "ต้นทุนปุ๋ยแพงมาก",
    "ดินเสื่อมโทรม ปลูก{p}ไม่ค่อยได้ผล",
    "ไม่มีตลาดรองรับ{p}",
    "ค่าไฟฟ้าสูงในการสูบน้ำ",
    "แมลงศัตรูพืชระบาดใน{p}",
    "ขาดความรู้การแปรรูป{p}",
    "น้ำเสียจากการเลี้ยงสัตว์ส่งกลิ่นเหม็น",
    "ผลผลิต{p}ล้นตลาดช่วงฤดูเก็บเกี่ยว",
]
PRODUCTS = [
    "ข้าว",
    "มันสำปะหลัง",
    "ยางพารา",
    "กาแฟ",
    "ลำไย",
    "มะม่วง",
    "ทุเรียน",
    "กล้วย",
    "ปลานิล",
    "กุ้ง",
    "ผ้าทอ",
    "สมุนไพร",
    "เห็ด",
    "ไข่ไก่",
    "อ้อย",
    "ข้าวโพด",
    "น้ำผึ้ง",
    "ผักปลอดสาร",
]
OCCUPATIONS = ["ทำนา", "ทำสวน", "ทำไร่", "ประมง", "เลี้ยงสัตว์", "หัตถกรรม", "ค้าขาย", "ท่องเที่ยวชุมชน"]
IPS = ["สิทธิบัตร", "อนุสิทธิบัตร", "เปิดเผยสาธารณะ", "ความลับทางการค้า", "อยู่ระหว่างยื่นจด"]
OUTCOMES = ["adopted", "adopted", "partly_adopted", "not_adopted", "ongoing"]
STATUSES = ["open", "open", "open", "matched", "in_progress", "resolved"]
FALLBACK_PHRASES = [
    "ถ่ายทอดเทคโนโลยีให้แก่ชุมชนในพื้นที่",
    "ช่วยลดต้นทุนและเพิ่มรายได้ให้เกษตรกร",
    "ผ่านการทดสอบภาคสนามร่วมกับวิสาหกิจชุมชน",
    "ใช้วัตถุดิบที่หาได้ในท้องถิ่น",
    "พัฒนาโดยนักวิจัยร่วมกับมหาวิทยาลัยในภูมิภาค",
    "สามารถดูแลรักษาได้เองโดยชุมชน",
    "ได้รับการสนับสนุนจากกระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม",
    "เหมาะกับการผลิตขนาดเล็กถึงขนาดกลาง",
    "ลดความสูญเสียหลังการเก็บเกี่ยว",
    "ยกระดับคุณภาพสินค้าให้ได้มาตรฐาน",
    "ประหยัดพลังงานและเป็นมิตรต่อสิ่งแวดล้อม",
]


def plan(n_tech: int) -> dict[str, int]:
    """How many of each kind go with ``n_tech`` technologies (proportions of the real network)."""
    return {
        "agency": max(10, n_tech // 250),
        "clinic": max(70, n_tech // 700),
        "volunteer_network": max(51, n_tech // 2000),
        "village": max(310, n_tech // 10),
        "technology": n_tech,
        "need": max(60, n_tech // 5),
        "transfer": max(100, n_tech * 3 // 5),
        "matches": max(20, n_tech // 50),
    }


def load_phrases(corpus: Path = CORPUS, limit: int = 60000) -> tuple[list[str], str]:
    """Thai clauses (the space-separated runs of press-release text) and where they came from."""
    if not corpus.is_file():
        return list(FALLBACK_PHRASES), "built-in"
    seen: set[str] = set()
    out: list[str] = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            for piece in doc.get("text", "").split():
                thai = sum("\u0e00" <= c <= "\u0e7f" for c in piece)
                if 12 <= len(piece) <= 160 and thai >= 0.8 * len(piece) and piece not in seen:
                    seen.add(piece)
                    out.append(piece)
                    if len(out) >= limit:
                        return out, corpus.name
    return (out or list(FALLBACK_PHRASES)), corpus.name


FALLBACK_AGENCIES = {
    "nstda": ("สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ", "NSTDA"),
    "tistr": ("สถาบันวิจัยวิทยาศาสตร์และเทคโนโลยีแห่งประเทศไทย", "TISTR"),
    "dss": ("กรมวิทยาศาสตร์บริการ", "DSS"),
    "tint": ("สถาบันเทคโนโลยีนิวเคลียร์แห่งชาติ", "TINT"),
    "nia": ("สำนักงานนวัตกรรมแห่งชาติ", "NIA"),
}
FALLBACK_CATEGORIES = {
    "agriculture": "เกษตร",
    "food": "อาหารและการแปรรูป",
    "energy": "พลังงาน",
    "water": "การจัดการน้ำ",
    "environment": "สิ่งแวดล้อม",
    "health": "สุขภาพและสมุนไพร",
    "textile": "สิ่งทอและหัตถกรรม",
    "fisheries": "ประมง",
    "livestock": "ปศุสัตว์",
    "digital": "ดิจิทัลและ IoT",
}
REGIONS = {"1": "north", "2": "central", "3": "northeast", "4": "west", "5": "east", "6": "south"}


class Reference:
    """The reference ids a catalogue points at, and the records that define them."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self.provinces: list[tuple[str, str]] = []  # (id, Thai name)
        self.subdistricts: list[tuple[str, str, str]] = []  # (subdistrict, district, province)
        self.subdistrict_names: list[str] = []
        self.agencies: list[str] = []
        self.categories: list[str] = []
        self.origin: list[str] = []

    def add(self, rec: dict[str, Any]) -> None:
        self.records.append(rec)

    def index(self) -> None:
        """Work out the lists the generator draws from, from the records."""
        district_prov: dict[str, str] = {}
        for rec in self.records:
            kind, rid = rec.get("kind"), str(rec.get("id"))
            if kind == "province":
                self.provinces.append((rid, rec.get("name", rid)))
            elif kind == "district":
                district_prov[rid] = str(rec.get("province"))
            elif kind == "agency":
                self.agencies.append(rid)
            elif kind == "category":
                self.categories.append(rid)
        for rec in self.records:
            if rec.get("kind") == "subdistrict":
                dist = str(rec.get("district"))
                if dist in district_prov:
                    self.subdistricts.append((str(rec["id"]), dist, district_prov[dist]))
                    self.subdistrict_names.append(rec.get("name", ""))


def load_reference(project: Path = PROJECT_REFERENCE, shared: Path = SHARED) -> Reference:
    """The project's reference data, completed from ../shared (geo) and built-ins where missing."""
    ref = Reference()
    kinds: set[str] = set()
    for path in sorted(project.glob("*.jsonl")) if project.is_dir() else []:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    if rec.get("kind") != "edge":
                        kinds.add(rec.get("kind", ""))
                    ref.add(rec)
        ref.origin.append(f"ttgraph/data/reference/{path.name}")
    if not {"province", "district", "subdistrict"} <= kinds:
        _shared_geo(ref, shared / "geo", "region" not in kinds)
        ref.origin.append("../shared/data/geo")
    if "agency" not in kinds:
        for aid, (name, abbr) in FALLBACK_AGENCIES.items():
            ref.add({"kind": "agency", "id": aid, "name": name, "name_en": abbr, "type": "agency"})
        ref.origin.append("built-in agencies")
    if "category" not in kinds:
        for cid, name in FALLBACK_CATEGORIES.items():
            ref.add({"kind": "category", "id": cid, "name": name, "name_en": cid})
        ref.origin.append("built-in categories")
    ref.index()
    return ref


def _shared_geo(ref: Reference, geo: Path, with_regions: bool) -> None:
    """Regions, provinces, districts and subdistricts from the two open geography sets."""
    import csv

    tg = geo / "thailand-geography-json"
    region_of: dict[str, str] = {}
    kv = geo / "kongvut-thai-province-data" / "provinces.csv"
    if kv.is_file():
        with kv.open(encoding="utf-8") as fh:
            region_of = {row["name_th"]: REGIONS[row["geography_id"]] for row in csv.DictReader(fh)}
    if with_regions:
        for region in REGIONS.values():
            ref.add({"kind": "region", "id": region, "name": region})
    for p in json.loads((tg / "provinces.json").read_text(encoding="utf-8")):
        rec = {"kind": "province", "id": str(p["provinceCode"]), "name": p["provinceNameTh"]}
        rec["name_en"] = p["provinceNameEn"]
        if p["provinceNameTh"] in region_of:
            rec["region"] = region_of[p["provinceNameTh"]]
        ref.add(rec)
    for d in json.loads((tg / "districts.json").read_text(encoding="utf-8")):
        ref.add(
            {
                "kind": "district",
                "id": str(d["districtCode"]),
                "name": d["districtNameTh"],
                "name_en": d["districtNameEn"],
                "province": str(d["provinceCode"]),
            }
        )
    for s in json.loads((tg / "subdistricts.json").read_text(encoding="utf-8")):
        ref.add(
            {
                "kind": "subdistrict",
                "id": str(s["subdistrictCode"]),
                "name": s["subdistrictNameTh"],
                "name_en": s["subdistrictNameEn"],
                "district": str(s["districtCode"]),
            }
        )


class Generator:
    """Builds the records of one catalogue; every choice comes from one seeded RNG."""

    def __init__(self, n_tech: int, ref: Reference, phrases: list[str], seed: int = 42) -> None:
        self.n = plan(n_tech)
        self.ref = ref
        self.phrases = phrases
        self.rng = random.Random(seed)
        self.short = [p for p in phrases if len(p) <= 40] or phrases

    def _text(self, lo: int, hi: int) -> str:
        return " ".join(self.rng.choices(self.phrases, k=self.rng.randint(lo, hi)))

    def _place(self) -> dict[str, str]:
        sub, dist, prov = self.rng.choice(self.ref.subdistricts)
        return {"subdistrict": sub, "district": dist, "province": prov}

    def agencies(self) -> list[str]:
        return self.ref.agencies + [f"ga-{i:05d}" for i in range(self.n["agency"])]

    def records(self):  # -> Iterator[dict[str, Any]]
        """Every record of the catalogue, referenced nodes before the nodes that use them."""
        r, ref, n = self.rng, self.ref, self.n
        provinces = [p for p, _ in ref.provinces]
        for i in range(n["agency"]):
            prov, pname = r.choice(ref.provinces)
            uni = i % 3 == 0
            yield {
                "kind": "agency",
                "id": f"ga-{i:05d}",
                "name": f"มหาวิทยาลัยเทคโนโลยี{pname} {i}"
                if uni
                else f"วิสาหกิจชุมชน{r.choice(OBJECTS)} {i}",
                "type": "university" if uni else r.choice(["company", "community", "agency"]),
                "province": prov,
            }
        owners = self.agencies()
        universities = [f"ga-{i:05d}" for i in range(0, n["agency"], 3)]
        for i in range(n["clinic"]):
            prov, pname = r.choice(ref.provinces)
            yield {
                "kind": "clinic",
                "id": f"gc-{i:05d}",
                "name": f"คลินิกเทคโนโลยี {pname} แห่งที่ {i}",
                "university": r.choice(universities),
                "province": prov,
                "serves": sorted({prov, *r.sample(provinces, 2)}),
            }
        for i in range(n["volunteer_network"]):
            prov, pname = r.choice(ref.provinces)
            yield {
                "kind": "volunteer_network",
                "id": f"gv-{i:05d}",
                "name": f"เครือข่าย อสวท. จังหวัด{pname} {i}",
                "province": prov,
                "members": r.randint(20, 400),
                "clinic": f"gc-{r.randrange(n['clinic']):05d}",
            }
        for i in range(n["village"]):
            place = self._place()
            yield {
                "kind": "village",
                "id": f"gh-{i:07d}",
                "name": "บ้าน" + r.choice(ref.subdistrict_names).removeprefix("บ้าน"),
                "moo": r.randint(1, 20),
                **place,
                "main_occupation": r.choice(OCCUPATIONS),
                "products": r.sample(PRODUCTS, 2),
                "households": r.randint(40, 600),
                "lead_village": r.random() < 0.1,
                "year": r.randint(2012, 2025),
            }
        for i in range(n["technology"]):
            obj = r.choice(OBJECTS)
            title = f"{r.choice(HEADS)}{obj} {r.choice(PURPOSES)}".strip()
            if r.random() < 0.5:
                title += " " + r.choice(self.short)
            yield {
                "kind": "technology",
                "id": f"gt-{i:07d}",
                "title": f"{title} รุ่น {i % 97 + 1}",
                "description": f"{title} {self._text(3, 9)}",
                "keywords": [obj, *r.sample(PRODUCTS, 2)],
                "agency": sorted(set(r.choices(owners, k=r.choice((1, 1, 1, 2))))),
                "category": sorted(set(r.choices(ref.categories, k=r.choice((1, 1, 2))))),
                "trl": r.randint(3, 9),
                "year": r.randint(2005, 2025),
                "benefits": self._text(1, 2),
                "cost_baht": float(r.randrange(5, 500) * 1000),
                "ip": r.choice(IPS),
            }
        for i in range(n["need"]):
            village = r.randrange(n["village"])
            yield {
                "kind": "need",
                "id": f"gn-{i:06d}",
                "text": f"{r.choice(PROBLEMS).format(p=r.choice(PRODUCTS))} {self._text(0, 1)}".strip(),
                "raised_by": f"gh-{village:07d}",
                **self._place(),
                "category": [r.choice(ref.categories)],
                "status": r.choice(STATUSES),
                "date": f"{r.randint(2015, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
            }
        for i in range(n["transfer"]):
            year = r.randint(2012, 2025)
            rec: dict[str, Any] = {
                "kind": "transfer",
                "id": f"gx-{i:07d}",
                "technology": f"gt-{r.randrange(n['technology']):07d}",
                "village": [
                    f"gh-{r.randrange(n['village']):07d}" for _ in range(r.choice((1, 1, 2)))
                ],
                "via": [f"gc-{r.randrange(n['clinic']):05d}"],
                "year": year,
                "outcome": r.choice(OUTCOMES),
                "participants": r.randint(5, 120),
            }
            rec["village"] = sorted(set(rec["village"]))
            if r.random() < 0.2:
                rec["need"] = f"gn-{r.randrange(n['need']):06d}"
            yield rec
        for _ in range(n["matches"]):
            yield {
                "kind": "edge",
                "type": "matches",
                "from": f"gn-{r.randrange(n['need']):06d}",
                "to": f"gt-{r.randrange(n['technology']):07d}",
                "status": r.choice(["accepted", "rejected", "proposed"]),
            }


def generate(n_tech: int, out: Path, seed: int = 42, corpus: Path = CORPUS) -> dict[str, Any]:
    """Write ``catalogue.jsonl``, ``reference.jsonl`` and ``manifest.json`` into ``out``."""
    t0 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    ref = load_reference()
    phrases, corpus_name = load_phrases(corpus)
    gen = Generator(n_tech, ref, phrases, seed)
    counts: dict[str, int] = {}
    path = out / "catalogue.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for rec in gen.records():
            counts[rec["kind"]] = counts.get(rec["kind"], 0) + 1
            fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
    with (out / "reference.jsonl").open("w", encoding="utf-8") as fh:
        for rec in ref.records:
            fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
    write_queries(out / "queries.txt", phrases, seed)
    manifest = {
        "technologies": n_tech,
        "seed": seed,
        "version": VERSION,
        "records": sum(counts.values()),
        "counts": counts,
        "bytes": path.stat().st_size,
        "corpus": corpus_name,
        "phrases": len(phrases),
        "reference": ref.origin,
        "seconds": round(time.perf_counter() - t0, 2),
        "inputs": inputs_fingerprint(),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def write_queries(path: Path, phrases: list[str], seed: int, n: int = 200) -> None:
    """Search queries as staff type them: half community problems, half short topic words."""
    r = random.Random(seed + 1)
    short = [p for p in phrases if len(p) <= 30] or phrases
    lines = []
    for i in range(n):
        if i % 2 == 0:
            lines.append(r.choice(PROBLEMS).format(p=r.choice(PRODUCTS)))
        elif i % 6 == 1:
            lines.append(f"{r.choice(OBJECTS)}")
        elif i % 6 == 3:
            lines.append(f"{r.choice(HEADS)}{r.choice(PRODUCTS)} {r.choice(PURPOSES)}".strip())
        else:
            lines.append(r.choice(short))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def inputs_fingerprint() -> str:
    """Changes when the reference data or the corpus the generator reads changes."""
    parts = []
    for path in [CORPUS, *sorted(PROJECT_REFERENCE.glob("*.jsonl"))]:
        if path.is_file():
            st = path.stat()
            parts.append(f"{path.name}:{st.st_size}:{int(st.st_mtime)}")
    return ";".join(parts)


def ensure(n_tech: int, out: Path, seed: int = 42) -> dict[str, Any]:
    """Reuse a catalogue already generated from the same scale, seed, version and inputs."""
    try:
        old = json.loads((out / "manifest.json").read_text())
        key = (old["technologies"], old["seed"], old["version"], old.get("inputs"))
        if key == (n_tech, seed, VERSION, inputs_fingerprint()):
            return old
    except (OSError, ValueError, KeyError):
        pass
    return generate(n_tech, out, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("technologies", type=int, help="number of technologies (1000, 100000, …)")
    parser.add_argument("-o", "--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    print(
        json.dumps(generate(args.technologies, args.out, args.seed), ensure_ascii=False, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
