"""A small Thai catalogue on top of the reference data, for the web tests and the browser test.

Kept in the package (not under tests/) so the Flask-client tests and the Playwright test build
the very same home.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ttgraph.ingest import Record, apply_records
from ttgraph.store import Store
from ttgraph.users import add_user

PASSWORD = "รหัสผ่าน-ทดสอบ-2567"

SAMPLE: list[dict[str, Any]] = [
    {"kind": "technology", "id": "t-banana", "title": "การแปรรูปกล้วยตากพลังงานแสงอาทิตย์",
     "title_en": "Solar-dried banana processing", "agency": ["nstda"],
     "category": ["food.processing", "energy.solar"], "trl": 8, "year": 2016,
     "description": "โรงอบแห้งพลังงานแสงอาทิตย์สำหรับแปรรูปกล้วยน้ำว้าเป็นกล้วยตาก เพิ่มมูลค่าผลผลิตของชุมชน",
     "keywords": ["กล้วยตาก", "อบแห้ง", "เพิ่มมูลค่า"]},
    {"kind": "technology", "id": "t-rice", "title": "การแปรรูปข้าวกล้องงอกเพิ่มมูลค่า",
     "title_en": "Germinated brown rice", "agency": ["tistr"], "category": ["agriculture.rice", "food.processing"],
     "trl": 7, "year": 2015,
     "description": "กระบวนการผลิตข้าวกล้องงอก (GABA) ช่วยแก้ปัญหาราคาข้าวตกต่ำ แปรรูปเพิ่มมูลค่าให้ชาวนา"},
    {"kind": "technology", "id": "t-pump", "title": "ระบบสูบน้ำพลังงานแสงอาทิตย์เพื่อการเกษตร",
     "title_en": "Solar water pumping for farms", "agency": ["cmu"], "category": ["water.irrigation", "energy.solar"],
     "trl": 9, "year": 2017,
     "description": "ระบบสูบน้ำจากบ่อบาดาลด้วยแผงโซลาร์เซลล์ แก้ปัญหาน้ำไม่พอใช้ในหน้าแล้ง"},
    {"kind": "technology", "id": "t-compost", "title": "ปุ๋ยหมักชีวภาพจากเศษวัสดุการเกษตร",
     "agency": ["dss"], "category": ["agriculture.soil"], "trl": 6,
     "description": "การทำปุ๋ยหมักด้วยจุลินทรีย์ ลดต้นทุนปุ๋ยเคมี <script>alert(1)</script>"},
    {"kind": "clinic", "id": "clinic-cmu", "name": "คลินิกเทคโนโลยี มหาวิทยาลัยเชียงใหม่",
     "name_en": "CMU Technology Clinic", "university": "cmu", "province": "50", "serves": ["50", "51"],
     "lat": 18.8037, "lon": 98.9523},
    {"kind": "village", "id": "v-maetang", "name": "บ้านแม่แตง", "moo": 3, "district": "5001",
     "province": "50", "main_occupation": "ทำสวนกล้วย", "lat": 18.92, "lon": 98.95, "lead_village": True},
    {"kind": "village", "id": "v-khonkaen", "name": "บ้านโนนสวรรค์", "moo": 5, "province": "40",
     "main_occupation": "ทำนา"},
    {"kind": "need", "id": "need-banana", "text": "กล้วยล้นตลาด ราคาตกต่ำ อยากแปรรูปเก็บไว้ขายได้นาน",
     "raised_by": "v-maetang", "province": "50", "category": ["food.processing"], "status": "open"},
    {"kind": "need", "id": "need-water", "text": "น้ำไม่พอใช้ในหน้าแล้ง", "raised_by": "v-maetang",
     "province": "50", "category": ["water.irrigation"], "status": "open"},
    {"kind": "transfer", "id": "tr-1", "technology": "t-banana", "village": ["v-maetang"],
     "via": ["clinic-cmu"], "year": 2022, "outcome": "adopted", "participants": 25},
    {"kind": "transfer", "id": "tr-2", "technology": "t-pump", "village": ["v-maetang"],
     "via": ["clinic-cmu"], "year": 2023, "outcome": "ongoing"},
    {"kind": "transfer", "id": "tr-3", "technology": "t-rice", "village": ["v-khonkaen"],
     "via": ["tistr"], "year": 2021, "outcome": "partly_adopted"},
]  # fmt: skip

NATIVE_UPLOAD = (
    '{"kind": "technology", "id": "t-upload-1", "title": "เครื่องคัดแยกเมล็ดกาแฟ", "agency": "mju", '
    '"category": ["agriculture.horticulture"], "trl": 6}\n'
    '{"kind": "technology", "id": "t-upload-2", "title": "ถ่านอัดแท่งจากเปลือกมะพร้าว", '
    '"agency": "no-such-agency"}\n'
)


def build_sample_home(store: Store, *, index: bool = True) -> Store:
    """Load the sample records into a store holding the reference data; add two accounts."""
    report = apply_records(
        store,
        [Record(r, n) for n, r in enumerate(SAMPLE, 1)],
        source="sample.jsonl",
        importer="native",
        full=False,
        strict=True,
    )
    if report.status != "ok":
        raise AssertionError(f"sample did not load: {[str(p) for p in report.problems]}")
    add_user(store, "somsri", PASSWORD, role="staff")
    add_user(store, "agency1", PASSWORD, role="agency")
    if index:
        from ttgraph.index import reindex

        reindex(store)
    return store


def write_upload(folder: Path) -> Path:
    path = folder / "เทคโนโลยีใหม่.jsonl"
    path.write_text(NATIVE_UPLOAD, encoding="utf-8")
    return path


_TEMPLATES: dict[str, Path] = {}


def sample_template(base: Path) -> Path:
    """A home with reference data, the sample and its index, built once per test session."""
    key = str(base)
    if key not in _TEMPLATES:
        from ttgraph.home import init_home

        path = Path(base) / "web-sample-home"
        store, _ = init_home(path)
        build_sample_home(store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        _TEMPLATES[key] = path
    return _TEMPLATES[key]


def copy_sample(base: Path, target: Path) -> Path:
    """A private copy of the sample home for one test (or one module)."""
    import shutil

    shutil.copytree(sample_template(base), target)
    return target


_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = _TOKEN.search(html)
    if not found:
        raise AssertionError("no CSRF token on the page")
    return found.group(1)


def sign_in(client: Any, name: str = "somsri", password: str = PASSWORD) -> Any:
    """Sign a Flask test client in through the real form (CSRF token and all)."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token})
