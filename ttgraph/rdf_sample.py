"""A small, hand-made Thai graph that touches every kind: used by the RDF tests and docs.

It is deliberately awkward: quotes, a newline and a tab inside Thai text, an unknown column,
a confirmed and a candidate duplicate, a proposed match, and a transfer by a northern clinic
to a north-eastern village (the "outside its region" example query).
"""

from __future__ import annotations

import os
from typing import Any

from ttgraph.ingest import Record, apply_records
from ttgraph.store import Store

R = dict[str, Any]

GEO: list[R] = [
    {"kind": "region", "id": "north", "name": "ภาคเหนือ", "name_en": "North"},
    {"kind": "region", "id": "northeast", "name": "ภาคตะวันออกเฉียงเหนือ", "name_en": "Northeast"},
    {"kind": "provincial_group", "id": "pg-un1", "name": "กลุ่มจังหวัดภาคเหนือตอนบน 1",
     "region": "north"},
    {"kind": "province", "id": "50", "name": "เชียงใหม่", "name_en": "Chiang Mai",
     "region": "north", "provincial_group": "pg-un1", "abbr": ["ชม."], "lat": 18.79, "lon": 98.98},
    {"kind": "province", "id": "40", "name": "ขอนแก่น", "name_en": "Khon Kaen", "region": "northeast"},
    {"kind": "district", "id": "5001", "name": "เมืองเชียงใหม่", "province": "50",
     "postal_code": "50200"},
    {"kind": "district", "id": "4001", "name": "เมืองขอนแก่น", "province": "40"},
    {"kind": "subdistrict", "id": "500101", "name": "ศรีภูมิ", "district": "5001"},
]  # fmt: skip

ACTORS: list[R] = [
    {"kind": "agency", "id": "most", "name": "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม",
     "type": "ministry", "abbr": ["อว."]},
    {"kind": "agency", "id": "nstda", "name": "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ",
     "name_en": "National Science and Technology Development Agency", "abbr": ["สวทช.", "NSTDA"],
     "type": "agency", "parent": "most", "url": "https://www.nstda.or.th/"},
    {"kind": "agency", "id": "tistr", "name": "สถาบันวิจัยวิทยาศาสตร์และเทคโนโลยีแห่งประเทศไทย",
     "abbr": ["วว."], "type": "agency", "parent": "most"},
    {"kind": "agency", "id": "tistr-dup", "name": "วว.", "type": "agency"},
    {"kind": "agency", "id": "cmu", "name": "มหาวิทยาลัยเชียงใหม่", "type": "university",
     "province": "50"},
    {"kind": "clinic", "id": "clinic-cmu", "name": "คลินิกเทคโนโลยี มหาวิทยาลัยเชียงใหม่",
     "university": "cmu", "province": "50", "serves": ["north"], "lat": 18.80, "lon": 98.95},
    {"kind": "volunteer_network", "id": "vn-50", "name": "เครือข่าย อสวท. เชียงใหม่",
     "province": "50", "members": 120, "clinic": "clinic-cmu"},
    {"kind": "regional_centre", "id": "rcc1", "name": "ศูนย์ประสานงานประจำภูมิภาคที่ 1",
     "abbr": ["ศวภ.1"], "province": "50", "serves": ["50"]},
]  # fmt: skip

CATALOGUE: list[R] = [
    {"kind": "category", "id": "food", "name": "อาหาร", "name_en": "Food"},
    {"kind": "category", "id": "food-processing", "name": "แปรรูปอาหาร",
     "name_en": "Food processing", "broader": "food", "keywords": ["แปรรูป", "อบแห้ง"],
     "problem_terms": ["ผลผลิตล้นตลาด", "ราคาตกต่ำ"], "related": ["agri"]},
    {"kind": "category", "id": "agri", "name": "เกษตร", "name_en": "Agriculture"},
    {"kind": "technology", "id": "nstda-0001", "title": "เครื่องอบแห้งพลังงานแสงอาทิตย์",
     "title_en": "Solar dryer", "agency": ["nstda"], "category": ["food-processing"],
     "description": 'ตู้อบ "โดมพลังงานแสงอาทิตย์"\nลดความชื้นผลไม้\tเร็วขึ้น 2 เท่า',
     "keywords": ["อบแห้ง", "solar"], "trl": 8, "year": 2019, "cost_baht": 45000.5,
     "budget_code": "A-12"},
    {"kind": "technology", "id": "tistr-0002", "title": "ปุ๋ยอินทรีย์ชีวภาพ",
     "agency": ["tistr"], "category": ["agri"], "trl": 7, "year": 2020},
    {"kind": "technology", "id": "tistr-0002b", "title": "การผลิตปุ๋ยอินทรีย์ชีวภาพ",
     "agency": ["tistr-dup"], "category": ["agri"]},
    {"kind": "village", "id": "v-cm-1", "name": "บ้านป่าตึง", "moo": 3, "subdistrict": "500101",
     "district": "5001", "province": "50", "lead_village": True, "households": 210,
     "products": ["ลำไยอบแห้ง", "กาแฟ"], "main_occupation": "ทำสวนลำไย"},
    {"kind": "village", "id": "v-kk-1", "name": "บ้านโนนสวรรค์", "district": "4001",
     "province": "40", "lead_village": False},
    {"kind": "need", "id": "need-1", "text": "ลำไยล้นตลาด ราคาตกต่ำ อยากแปรรูปเก็บไว้ขาย",
     "raised_by": "v-cm-1", "province": "50", "category": ["food-processing"], "status": "open",
     "date": "2024-03-01", "max_cost_baht": 50000},
    {"kind": "need", "id": "need-2", "text": "ดินเสื่อม ปลูกข้าวได้ผลน้อย", "raised_by": "v-kk-1",
     "province": "40", "category": ["agri"], "status": "resolved"},
    {"kind": "need", "id": "need-3", "text": "ต้องการปุ๋ยราคาถูก", "raised_by": "v-kk-1",
     "province": "40", "category": ["agri"], "status": "open"},
    {"kind": "transfer", "id": "tr-1", "technology": "nstda-0001", "village": ["v-cm-1"],
     "via": ["clinic-cmu"], "year": 2023, "outcome": "adopted", "participants": 35,
     "income_change_pct": 12.5, "need": "need-1"},
    {"kind": "transfer", "id": "tr-2", "technology": "tistr-0002", "village": ["v-kk-1"],
     "via": ["clinic-cmu"], "year": 2024, "date": "2024-07-15", "outcome": "ongoing",
     "need": "need-2"},
    {"kind": "edge", "type": "same_as", "from": "tistr-0002b", "to": "tistr-0002",
     "status": "confirmed", "by": "สมชาย"},
    {"kind": "edge", "type": "same_as", "from": "tistr-dup", "to": "tistr", "status": "candidate"},
    {"kind": "edge", "type": "matches", "from": "need-3", "to": "tistr-0002",
     "status": "proposed", "score": 0.82, "note": "ตรงกับหมวดเกษตร"},
]  # fmt: skip


def sample_records() -> list[Record]:
    """All sample records, geography first."""
    return [Record(dict(r), i, "rdf-sample") for i, r in enumerate(GEO + ACTORS + CATALOGUE, 1)]


def sample_store(home: str | os.PathLike[str]) -> Store:
    """A new store in ``home`` holding the sample graph (refuses to load it twice silently)."""
    store = Store.create(home)
    report = apply_records(store, sample_records(), source="rdf-sample", importer="native",
                           strict=True)  # fmt: skip
    if report.status != "ok":
        raise RuntimeError(f"sample graph did not load: {[str(p) for p in report.problems]}")
    return store
