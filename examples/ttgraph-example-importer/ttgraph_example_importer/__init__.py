"""ttgraph plugin: the Department of Agricultural Extension's text-block export (example).

The format, one technology per block::

    รหัส: DOAE-001
    ชื่อเรื่อง: การทำปุ๋ยหมักไม่กลับกอง
    หน่วยงาน: กรมส่งเสริมการเกษตร
    หมวด: ดินและปุ๋ย
    คำค้น: ปุ๋ยหมัก, ลดต้นทุน
    รายละเอียด: ...
    ==========

Lines that are not ``key: value`` inside a block are problems with their line number; the
file is read line by line, so any size is fine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ttgraph.hookspecs import hookimpl
from ttgraph.importers import Importer, ImportProblem, Record, file_encoding

__version__ = "0.1.0"

FIELDS = {
    "รหัส": "_source_id",
    "ชื่อเรื่อง": "title",
    "หน่วยงาน": "agency",
    "หมวด": "category",
    "คำค้น": "keywords",
    "รายละเอียด": "description",
    "ปี": "year",
}
CATEGORIES = {
    "ดินและปุ๋ย": "agriculture.soil",
    "ข้าว": "agriculture.rice",
    "ผัก": "agriculture.horticulture",
}
SEPARATOR = "=========="


class DoaeTextImporter(Importer):
    """กรมส่งเสริมการเกษตร: knowledge-bank export in text blocks."""

    name = "doae-text"
    title = "กรมส่งเสริมการเกษตร: คลังความรู้ (ไฟล์ข้อความ)"
    formats = ("txt",)
    description = "Blocks of 'key: value' lines separated by '=========='; TIS-620 or UTF-8."
    config_types = {"agency": str}
    default_config = {"agency": "กรมส่งเสริมการเกษตร"}

    def read(self, source: Path) -> Iterator[Record | ImportProblem]:
        path = Path(source)
        block: dict[str, str] = {}
        start = 1
        with path.open(encoding=file_encoding(path), newline="") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.strip()
                if line.startswith(SEPARATOR):
                    if block:
                        yield self._record(block, start, path.name)
                    block, start = {}, n + 1
                    continue
                if not line:
                    continue
                key, sep, value = line.partition(":")
                if not sep or key.strip() not in FIELDS:
                    yield ImportProblem(
                        f"expected 'หัวข้อ: ค่า' with one of {', '.join(FIELDS)}; got {line[:40]!r}",
                        line=n,
                        file=path.name,
                    )
                    continue
                block[FIELDS[key.strip()]] = value.strip()
        if block:
            yield self._record(block, start, path.name)

    def _record(self, block: dict[str, str], line: int, file: str) -> Record | ImportProblem:
        code = block.get("_source_id")
        if not code:
            return ImportProblem("block has no รหัส", line=line, file=file)
        data: dict[str, object] = {"kind": "technology", "id": f"doae-{code.lower()}", **block}
        data.setdefault("agency", self.config["agency"])
        if "category" in block:
            data["category"] = [
                CATEGORIES.get(c.strip(), c.strip()) for c in block["category"].split(",")
            ]
        if block.get("year", "").isdigit():  # the export writes Buddhist-era years
            year = int(block["year"])
            data["year"] = year - 543 if year > 2400 else year
        if "keywords" in block:
            data["keywords"] = [k.strip() for k in block["keywords"].split(",") if k.strip()]
        return Record(data, line, file)

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return Path(path).suffix == ".txt" and "ชื่อเรื่อง:".encode() in head


@hookimpl
def register_importers() -> list[type[Importer]]:
    return [DoaeTextImporter]


@hookimpl
def detect_importer(path: Path, head: bytes) -> str | None:
    return DoaeTextImporter.name if DoaeTextImporter.sniff(path, head) else None
