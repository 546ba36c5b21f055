"""Write the sample files of the built-in importers into plugins/samples/.

Each sample has the shape the real export has (encoding, title rows, merged headers, pages,
rowspans), with a handful of realistic Thai records, so tests and docs can show every importer
at work.  Run from the repository root:  python scripts/make_samples.py

With ``--demo`` it instead writes the demo technologies of four agencies (DSS, TISTR, NSTDA,
the RMUTL clinic) in those formats under ttgraph/data/demo/catalogues/, from the native demo
records, plus the manifest ``ttgraph demo`` reads.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "plugins" / "samples"

DSS_HEADER = [
    "ลำดับ",
    "รหัสเทคโนโลยี",
    "ชื่อเทคโนโลยี",
    "ชื่อภาษาอังกฤษ",
    "รายละเอียด",
    "กลุ่มเทคโนโลยี",
    "คำสำคัญ",
    "ระดับความพร้อม (TRL)",
    "ปีที่พัฒนาแล้วเสร็จ (พ.ศ.)",
    "ค่าใช้จ่ายโดยประมาณ (บาท)",
    "ประโยชน์",
    "เงื่อนไขการนำไปใช้",
    "ทรัพย์สินทางปัญญา",
    "ผู้ประสานงาน",
]
DSS_ROWS = [
    [
        "S001",
        "การผลิตน้ำดื่มชุมชนให้ได้มาตรฐาน อย.",
        "Community drinking water production to FDA standard",
        "ชุดความรู้การผลิตน้ำดื่มบรรจุขวดของชุมชน ตั้งแต่การเลือกระบบกรอง รีเวิร์สออสโมซิส "
        "การฆ่าเชื้อด้วยโอโซนและยูวี การล้างขวด และการตรวจคุณภาพน้ำตามประกาศกระทรวงสาธารณสุข",
        "น้ำดื่ม",
        "น้ำดื่ม, ระบบกรองน้ำ, มาตรฐาน อย., โรงน้ำดื่มชุมชน",
        "9",
        "2560",
        "250,000",
        "ชุมชนมีน้ำดื่มสะอาดราคาถูกและมีรายได้จากการจำหน่าย",
        "แหล่งน้ำดิบที่ผ่านการตรวจ อาคารผลิตที่แยกเป็นสัดส่วน และผู้ดูแลที่ผ่านการอบรม",
        "เผยแพร่ทั่วไป",
        "กองพัฒนาศักยภาพนักวิทยาศาสตร์ห้องปฏิบัติการ โทร. 0 2201 7000",
    ],
    [
        "S002",
        "เครื่องปั้นดินเผาเคลือบขี้เถ้าแกลบปลอดสารตะกั่ว",
        "Lead-free rice-husk-ash glaze for pottery",
        "สูตรน้ำเคลือบเซรามิกจากขี้เถ้าแกลบผสมดินท้องถิ่น เผาที่อุณหภูมิต่ำกว่า 1,200 องศาเซลเซียส "
        "ได้ผิวเคลือบสีเขียวไข่กาที่ไม่มีตะกั่วละลายออกมาเมื่อใส่อาหาร",
        "เซรามิก",
        "เซรามิก, น้ำเคลือบ, ขี้เถ้าแกลบ, ปลอดตะกั่ว",
        "8",
        "2562",
        "ประมาณ 35,000 บาท",
        "ภาชนะดินเผาของชุมชนปลอดภัยต่อผู้บริโภคและขายได้ราคาสูงขึ้น",
        "เตาเผาแก๊สหรือเตาฟืนที่ควบคุมอุณหภูมิได้",
        "อนุสิทธิบัตร",
        "กองวัสดุวิศวกรรม",
    ],
    [
        "S003",
        "การยืดอายุน้ำพริกแกงด้วยการควบคุมค่าวอเตอร์แอคทิวิตี",
        "",
        "เทคนิคลดความชื้นและปรับสูตรน้ำพริกแกงให้มีค่า aw ต่ำกว่า 0.85 บรรจุถุงสุญญากาศ "
        "เก็บได้นาน 6 เดือนโดยไม่ใช้วัตถุกันเสีย",
        "แปรรูปอาหาร, บรรจุภัณฑ์",
        "น้ำพริกแกง; ยืดอายุ; วอเตอร์แอคทิวิตี; อาหารแปรรูป",
        "TRL 7",
        "2563",
        "15,000",
        "กลุ่มแม่บ้านส่งน้ำพริกขายทางไกลได้ ลดของเสีย",
        "เครื่องซีลสุญญากาศและเครื่องวัดค่า aw (ยืมจากศูนย์ได้)",
        "",
        "กองเคมีภัณฑ์และผลิตภัณฑ์อุปโภค",
    ],
    [
        "S004",
        "ผ้าฝ้ายย้อมสีธรรมชาติติดทนด้วยสารช่วยติดจากเปลือกมะพร้าว",
        "Colour-fast natural dyeing of cotton",
        "กระบวนการย้อมผ้าฝ้ายด้วยสีจากเปลือกไม้และใบไม้ท้องถิ่น ใช้สารแทนนินจากเปลือกมะพร้าว"
        "เป็นสารช่วยติดสี ทำให้สีไม่ตกเมื่อซัก ผ่านการทดสอบความคงทนของสีตามมาตรฐาน มอก.",
        "สิ่งทอ",
        "ผ้าฝ้าย, สีธรรมชาติ, ย้อมผ้า, ความคงทนของสี",
        "8",
        "2561",
        "20000",
        "ผ้าทอของกลุ่มได้มาตรฐาน ขายให้ลูกค้าที่ต้องการสินค้าเป็นมิตรต่อสิ่งแวดล้อม",
        "หม้อย้อม เตา และพื้นที่ตากผ้าในร่ม",
        "เผยแพร่ทั่วไป",
        "กองวัสดุวิศวกรรม",
    ],
    [
        "S005",
        "ชุดทดสอบฟอร์มาลินในอาหารทะเลอย่างง่าย",
        "Simple formalin test kit for seafood",
        "ชุดทดสอบที่เปลี่ยนสีเมื่อพบฟอร์มาลินในน้ำแช่อาหารทะเลหรือผักสด อ่านผลได้ใน 5 นาที "
        "ให้อาสาสมัครในตลาดสดใช้ตรวจสินค้าได้เอง",
        "มาตรฐาน",
        "ฟอร์มาลิน, ชุดทดสอบ, ความปลอดภัยอาหาร, ตลาดสด",
        "9",
        "2558",
        "50 บาทต่อการทดสอบ",
        "ผู้บริโภคและผู้ค้ามั่นใจในความปลอดภัยของอาหารสด",
        "อาสาสมัครที่ผ่านการอบรมการใช้ชุดทดสอบ 1 วัน",
        "สิทธิบัตร",
        "",
    ],
]


def dss_csv(rows: list[list[str]], path: Path, year: str = "2567") -> None:
    """DSS's export: TIS-620 text, a title line, Thai headers, a footnote line."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([f"บัญชีเทคโนโลยีพร้อมถ่ายทอด กรมวิทยาศาสตร์บริการ ปีงบประมาณ {year}"])
    w.writerow([])
    w.writerow(DSS_HEADER)
    for i, row in enumerate(rows, 1):
        w.writerow([str(i), *row])
    w.writerow(["หมายเหตุ: ติดต่อขอรับการถ่ายทอดได้ที่ศูนย์บริการวิทยาศาสตร์ โทร. 0 2201 7000"])
    path.write_bytes(buf.getvalue().encode("cp874", errors="replace"))


TISTR_GROUPS = [
    ("ลำดับ", None),
    ("รหัส", None),
    ("ข้อมูลเทคโนโลยี", ["ชื่อเทคโนโลยี", "รายละเอียด", "คำสำคัญ", "TRL"]),
    ("การนำไปใช้", ["ค่าใช้จ่าย (บาท)", "ประโยชน์ต่อชุมชน", "สิ่งที่ชุมชนต้องมี"]),
    ("ปี พ.ศ.", None),
]
TISTR_SHEETS: dict[str, list[list[Any]]] = {
    "เกษตร": [
        [
            "T-AG-01",
            "ปุ๋ยชีวภาพพีจีพีอาร์ สำหรับข้าวและพืชไร่",
            "หัวเชื้อจุลินทรีย์ส่งเสริมการเจริญเติบโตของพืช ช่วยตรึงไนโตรเจนและละลายฟอสเฟต "
            "ลดการใช้ปุ๋ยเคมีได้ถึงร้อยละ 25",
            "ปุ๋ยชีวภาพ, จุลินทรีย์, ลดต้นทุน, ข้าว",
            7,
            3500,
            "ลดต้นทุนปุ๋ยเคมีและดินร่วนซุยขึ้น",
            "พื้นที่เก็บหัวเชื้อในที่ร่ม",
            2564,
        ],
        [
            "T-AG-02",
            "การเพาะเห็ดถั่งเช่าสีทองในวัสดุเพาะจากข้าวกล้อง",
            "สูตรอาหารเลี้ยงเชื้อและการควบคุมแสงอุณหภูมิในห้องเพาะขนาดเล็ก ให้ผลผลิตดอกเห็ดถั่งเช่าคุณภาพสม่ำเสมอ",
            "ถั่งเช่า, เห็ด, ห้องเพาะ",
            8,
            120000,
            "สร้างรายได้เสริมจากผลิตภัณฑ์มูลค่าสูง",
            "ห้องปรับอากาศขนาด 3x4 เมตร และไฟฟ้าสม่ำเสมอ",
            2565,
        ],
    ],
    "อาหาร": [
        [
            "T-FD-01",
            "ผงปรุงรสจากปลาส้มฟรีซดราย",
            "แปรรูปปลาส้มเป็นผงปรุงรสด้วยการทำแห้งแบบเยือกแข็ง เก็บได้นานโดยไม่ต้องแช่เย็น",
            "ปลาส้ม, ผงปรุงรส, ฟรีซดราย",
            6,
            "80,000",
            "เพิ่มมูลค่าปลาน้ำจืดและขยายตลาด",
            "เครื่องทำแห้งแบบเยือกแข็งขนาดเล็กหรือใช้บริการของ วว.",
            2566,
        ],
        [
            "T-FD-02",
            "กล้วยตากพลังงานแสงอาทิตย์แบบโดมพาราโบลา",
            "โรงอบแห้งพลังงานแสงอาทิตย์หลังคาโค้งพลาสติกใส ลดเวลาตากกล้วยจาก 7 วันเหลือ 4 วัน ป้องกันแมลงและฝุ่น",
            "กล้วยตาก, อบแห้ง, พลังงานแสงอาทิตย์",
            9,
            150000,
            "กล้วยตากสะอาด สีสวย ขายได้ราคาดีขึ้น",
            "พื้นที่โล่งรับแดด 8x20 เมตร",
            2560,
        ],
    ],
    "พลังงานและสิ่งแวดล้อม": [
        [
            "T-EN-01",
            "เตาเผาถ่านแบบถังคู่ประสิทธิภาพสูงพร้อมเก็บน้ำส้มควันไม้",
            "เตาเผาถ่านจากถังน้ำมัน 200 ลิตรสองใบ ได้ถ่านคุณภาพดีและน้ำส้มควันไม้ใช้ไล่แมลง",
            "เตาเผาถ่าน, น้ำส้มควันไม้, ชีวมวล",
            9,
            5000,
            "ลดควันและได้ผลพลอยได้ขาย",
            "เศษไม้หรือกะลามะพร้าว",
            2559,
        ],
    ],
}


def tistr_xlsx(
    sheets: dict[str, list[list[Any]]],
    path: Path,
    year: int = 2567,
    groups: list[tuple[str, list[str] | None]] = TISTR_GROUPS,
) -> None:
    """TISTR's workbook: two title rows, a merged two-level header, one sheet per sector."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws["A1"] = "สถาบันวิจัยวิทยาศาสตร์และเทคโนโลยีแห่งประเทศไทย (วว.)"
        ws["A2"] = f"บัญชีเทคโนโลยีพร้อมถ่ายทอดสู่ชุมชน ประจำปี {year} กลุ่ม{name}"
        width = sum(len(children or [None]) for _, children in groups)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        ws["A1"].font = Font(bold=True, size=14)
        col = 1
        for group, children in groups:
            ws.cell(4, col, group).font = Font(bold=True)
            ws.cell(4, col).alignment = Alignment(horizontal="center")
            if children:
                ws.merge_cells(
                    start_row=4, start_column=col, end_row=4, end_column=col + len(children) - 1
                )
                for i, child in enumerate(children):
                    ws.cell(5, col + i, child).font = Font(bold=True)
                col += len(children)
            else:
                ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
                col += 1
        for i, row in enumerate(rows, 1):
            ws.append([i, *row])
        ws.append([])
        ws.append([f"รวม {len(rows)} รายการ"])
    notes = wb.create_sheet("คำอธิบาย")
    notes["A1"] = "TRL = ระดับความพร้อมของเทคโนโลยี 1-9; ค่าใช้จ่ายเป็นราคาโดยประมาณ ณ วันที่จัดทำ"
    wb.save(path)


NSTDA_ITEMS = [
    {
        "id": "TL-2565-0012",
        "owner": ("BIOTEC", "ศูนย์พันธุวิศวกรรมและเทคโนโลยีชีวภาพแห่งชาติ"),
        "title": ("ชุดตรวจโรคกุ้งตายด่วนแบบแลมป์", "LAMP test kit for shrimp early mortality"),
        "summary": "ชุดตรวจเชื้อก่อโรคกุ้งตายด่วนด้วยเทคนิคแลมป์ ทราบผลใน 1 ชั่วโมง ใช้ที่ฟาร์มได้",
        "sectors": ["fisheries.aquaculture"],
        "keywords": ["กุ้ง", "โรคกุ้ง", "ชุดตรวจ", "แลมป์"],
        "trl": 8,
        "released": 2565,
        "license": ("อนุญาตใช้สิทธิ", 3000),
    },
    {
        "id": "TL-2563-0047",
        "owner": ("MTEC", "ศูนย์เทคโนโลยีโลหะและวัสดุแห่งชาติ"),
        "title": ("แผ่นยางปูพื้นคอกวัวจากยางพาราผสมยางรถยนต์เก่า", "Cow-stall mats from natural rubber"),
        "summary": "แผ่นยางกันลื่นสำหรับคอกโคนม ลดอาการขาเจ็บของโคและใช้ยางพาราในประเทศ",
        "sectors": ["materials.rubber", "livestock.ruminants"],
        "keywords": ["ยางพารา", "โคนม", "แผ่นยาง"],
        "trl": 9,
        "released": 2563,
        "license": ("สิทธิบัตร", 25000),
    },
    {
        "id": "TL-2566-0003",
        "owner": ("NECTEC", "ศูนย์เทคโนโลยีอิเล็กทรอนิกส์และคอมพิวเตอร์แห่งชาติ"),
        "title": ("ระบบเฝ้าระวังความชื้นดินไร้สายสำหรับสวนทุเรียน", None),
        "summary": "เซนเซอร์วัดความชื้นดินส่งข้อมูลผ่านเครือข่าย LoRa แจ้งเตือนเมื่อควรให้น้ำทางโทรศัพท์",
        "sectors": ["digital.smart_farming", "agriculture.horticulture"],
        "keywords": ["ทุเรียน", "ความชื้นดิน", "IoT", "ให้น้ำ"],
        "trl": 7,
        "released": 2566,
        "license": ("อนุญาตใช้สิทธิ", 45000),
    },
    {
        "id": "TL-2562-0101",
        "owner": ("สวทช.", "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ"),
        "title": ("ข้าวหอมชลสิทธิ์ทนน้ำท่วมฉับพลัน", "Homcholasit submergence-tolerant rice"),
        "summary": "พันธุ์ข้าวเจ้าหอมทนการจมน้ำได้นานสองสัปดาห์ ฟื้นตัวและให้ผลผลิตปกติหลังน้ำลด",
        "sectors": ["agriculture.rice"],
        "keywords": ["ข้าวทนน้ำท่วม", "พันธุ์ข้าว"],
        "trl": 9,
        "released": 2558,
        "license": ("เผยแพร่ทั่วไป", 0),
    },
    {
        "id": "TL-2564-0020",
        "owner": ("NANOTEC", "ศูนย์นาโนเทคโนโลยีแห่งชาติ"),
        "title": ("สารเคลือบผิวผลไม้นาโนยืดอายุมะม่วงส่งออก", "Nano-coating to extend mango shelf life"),
        "summary": "สารเคลือบจากไคโตซานอนุภาคนาโน ชะลอการสุกของมะม่วงได้ 7-10 วัน ลดการเน่าเสียระหว่างขนส่ง",
        "sectors": ["food.preservation", "agriculture.horticulture"],
        "keywords": ["มะม่วง", "ยืดอายุ", "ไคโตซาน", "ส่งออก"],
        "trl": 7,
        "released": 2564,
        "license": ("สิทธิบัตร", 30000),
    },
]


def nstda_item(it: dict[str, Any]) -> dict[str, Any]:
    """One item as the licensing API nests it."""
    title_th, title_en = it["title"]
    lic_type, fee = it["license"]
    attributes: dict[str, Any] = {
        "title": {"th": title_th, "en": title_en},
        "summary": {"th": it["summary"], "en": it.get("summary_en")},
        "sectors": [{"code": c} for c in it["sectors"]],
        "keywords": it["keywords"],
        "readiness": {"trl": it["trl"], "scale": "TRL 1-9"},
        "released": it["released"],
        "license": {"type": lic_type, "adoption_cost_baht": fee, "currency": "THB"},
    }
    for key in ("benefit", "requirement"):
        if it.get(key):
            attributes[key] = it[key]
    code, name = it["owner"]
    return {
        "id": it["id"],
        "type": "technology",
        "attributes": attributes,
        "relationships": {"owner": {"data": {"type": "organization", "id": code, "name": name}}},
        "links": {"self": f"https://www.nstda.or.th/licensing/technology/{it['id']}"},
    }


def nstda_pages(items: list[dict[str, Any]], folder: Path, per_page: int = 3) -> None:
    """The API's pages, one file each, linked by links.next."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.json"):
        old.unlink()
    pages = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
    for n, chunk in enumerate(pages, 1):
        doc = {
            "meta": {"page": n, "pages": len(pages), "per_page": per_page, "total": len(items)},
            "data": [nstda_item(it) for it in chunk],
            "links": {
                "self": f"page-{n}.json",
                "next": f"page-{n + 1}.json" if n < len(pages) else None,
            },
        }
        text = json.dumps(doc, ensure_ascii=False, indent=2)
        (folder / f"page-{n}.json").write_text(text + "\n", encoding="utf-8")


RMUTL_ROWS = [
    (
        "เกษตร",
        "L01",
        "เครื่องหยอดเมล็ดข้าวแบบลากจูง",
        "หยอดข้าวแห้งได้วันละ 10 ไร่ ลดการใช้เมล็ดพันธุ์ครึ่งหนึ่ง",
        "มทร.ล้านนา",
        "18,000 บาท",
        "TRL 8",
    ),
    (
        "เกษตร",
        "L02",
        "การผลิตปุ๋ยหมักจากเปลือกกาแฟ",
        "นำเปลือกเชอร์รีกาแฟมาหมักเป็นปุ๋ยอินทรีย์ภายใน 45 วัน",
        "มทร.ล้านนา",
        "2,500 บาท",
        "TRL 7",
    ),
    (
        "แปรรูปอาหาร",
        "L03",
        "ลำไยอบแห้งสีทองด้วยเครื่องอบลมร้อนแบบถาดหมุน",
        "อบลำไยเนื้อสีทองสม่ำเสมอ ลดเวลาอบเหลือ 18 ชั่วโมง",
        "Rajamangala University of Technology Lanna",
        "95,000 บาท",
        "TRL 8",
    ),
    (
        "แปรรูปอาหาร",
        "L04",
        "น้ำพริกหนุ่มบรรจุขวดพาสเจอไรซ์",
        "สูตรและกระบวนการให้เก็บได้ 3 เดือนในตู้เย็น ผ่านเกณฑ์ อย.",
        "มทร.ล้านนา",
        "12,000 บาท",
        "TRL 7",
    ),
    (
        "พลังงาน",
        "L05",
        "เตาชีวมวลประหยัดเชื้อเพลิงสำหรับนึ่งข้าวเหนียว",
        "เตาอิฐฉนวนใช้ฟืนน้อยลงร้อยละ 40 ควันน้อย",
        "ราชมงคลล้านนา",
        "4,500 บาท",
        "TRL 9",
    ),
]


RMUTL_HEADER = ["ลำดับ", "กลุ่ม", "รหัส", "ชื่อเทคโนโลยี", "รายละเอียดโดยย่อ", "ผู้พัฒนา"]
RMUTL_HEADER += ["ค่าใช้จ่ายเบื้องต้น", "ระดับความพร้อม", "ติดต่อ"]
RMUTL_CONTACT = "คลินิกเทคโนโลยี โทร. 0 5392 1444<br>clinic@rmutl.ac.th"


def rmutl_html(
    header: list[str], rows: list[list[str]], path: Path, encoding: str = "windows-874"
) -> None:
    """A clinic web page saved from a browser: a table whose group cell (column 2) spans rows.

    ``rows`` are sorted by group; the title cell links to the technology's own page.
    """
    spans: dict[str, int] = {}
    for r in rows:
        spans[r[1]] = spans.get(r[1], 0) + 1
    seen: set[str] = set()
    body = []
    title_col = header.index("ชื่อเทคโนโลยี")
    for r in rows:
        cells = []
        for i, value in enumerate(r):
            if i == 1:
                if value in seen:
                    continue
                seen.add(value)
                cells.append(f'<td rowspan="{spans[value]}">{value}</td>')
            elif i == title_col:
                cells.append(f'<td><a href="/tech/{r[2]}">{value}</a></td>')
            else:
                cells.append(f"<td>{value}</td>")
        body.append("      <tr>" + "".join(cells) + "</tr>")
    heads = "".join(f"<th>{h}</th>" for h in header)
    page = f"""<!DOCTYPE html>
<html lang="th">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>เทคโนโลยีพร้อมถ่ายทอด | คลินิกเทคโนโลยี มหาวิทยาลัยเทคโนโลยีราชมงคลล้านนา</title>
<style>table {{ border-collapse: collapse; }}</style>
<script>var menu = "<table><tr><td>เมนู</td></tr></table>";</script>
</head>
<body>
<div class="nav"><table><tr><td>หน้าแรก</td><td>บริการ</td><td>ติดต่อเรา</td></tr></table></div>
<h1>คลินิกเทคโนโลยี มหาวิทยาลัยเทคโนโลยีราชมงคลล้านนา</h1>
<p>รายการเทคโนโลยีพร้อมถ่ายทอดให้ชุมชน ปรับปรุงล่าสุด 1 มีนาคม 2567</p>
<table class="tech" border="1">
  <caption>เทคโนโลยีพร้อมถ่ายทอด</caption>
  <thead>
    <tr>{heads}</tr>
  </thead>
  <tbody>
{chr(10).join(body)}
  </tbody>
</table>
<p>&copy; 2567 มหาวิทยาลัยเทคโนโลยีราชมงคลล้านนา</p>
</body>
</html>
"""
    codec = "cp874" if encoding.lower() in ("windows-874", "tis-620") else encoding
    path.write_bytes(page.encode(codec, errors="replace"))


def write_csv(path: Path, header: list[str], rows: list[list[Any]], encoding: str) -> None:
    delimiter = "\t" if path.suffix == ".txt" else ","
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


CLINICS = (
    [
        "รหัสคลินิก",
        "ชื่อคลินิก",
        "ชื่อภาษาอังกฤษ",
        "มหาวิทยาลัยที่ตั้ง",
        "จังหวัด",
        "พื้นที่ให้บริการ",
        "ผู้ประสานงาน",
        "โทรศัพท์",
        "เว็บไซต์",
    ],
    [
        [
            "s-cmu",
            "คลินิกเทคโนโลยี มหาวิทยาลัยเชียงใหม่",
            "CMU Technology Clinic",
            "มช.",
            "เชียงใหม่",
            "เชียงใหม่, ลำพูน, แม่ฮ่องสอน",
            "งานบริการวิชาการ",
            "0 5394 2000",
            "https://www.cmu.ac.th",
        ],
        [
            "s-kku",
            "คลินิกเทคโนโลยี มหาวิทยาลัยขอนแก่น",
            "KKU Technology Clinic",
            "มหาวิทยาลัยขอนแก่น",
            "ขอนแก่น",
            "ขอนแก่น; กาฬสินธุ์; มหาสารคาม",
            "",
            "0 4300 9700",
            "",
        ],
        [
            "s-psu",
            "คลินิกเทคโนโลยี มหาวิทยาลัยสงขลานครินทร์",
            "",
            "PSU",
            "สงขลา",
            "ภาคใต้",
            "สำนักวิจัยและพัฒนา",
            "",
            "",
        ],
        [
            "s-rmuti",
            "คลินิกเทคโนโลยี มทร.อีสาน",
            "RMUTI Technology Clinic",
            "มทร.อีสาน",
            "โคราช",
            "นครราชสีมา, ชัยภูมิ, บุรีรัมย์, สุรินทร์",
            "",
            "0 4423 3000",
            "",
        ],
    ],
)
VILLAGES = (
    [
        "รหัสหมู่บ้าน",
        "ชื่อหมู่บ้าน",
        "หมู่ที่",
        "ตำบล",
        "อำเภอ",
        "จังหวัด",
        "อาชีพหลัก",
        "ผลิตภัณฑ์เด่น",
        "จำนวนครัวเรือน",
        "ปีที่เข้าร่วม (พ.ศ.)",
        "ประเภท",
    ],
    [
        [
            "s-001",
            "บ้านโป่งน้อย",
            "5",
            "สันโป่ง",
            "แม่ริม",
            "เชียงใหม่",
            "ทำสวนลำไย",
            "ลำไยอบแห้ง, น้ำผึ้ง",
            "142",
            "2556",
            "หมู่บ้านแม่ข่าย",
        ],
        [
            "s-002",
            "บ้านหนองโน",
            "8",
            "บ้านใหม่",
            "เมือง",
            "นครราชสีมา",
            "ทำนา",
            "ข้าวหอมมะลิ; ผ้าไหม",
            "210",
            "2557",
            "หมู่บ้านแม่ข่าย",
        ],
        [
            "s-003",
            "บ้านโนนหัน",
            "3",
            "โนนหัน",
            "ชุมแพ",
            "ขอนแก่น",
            "เลี้ยงโคเนื้อ",
            "ปุ๋ยอินทรีย์",
            "98",
            "2558",
            "หมู่บ้านเครือข่าย",
        ],
        [
            "s-004",
            "บ้านคูเต่า",
            "2",
            "คูเต่า",
            "หาดใหญ่",
            "สงขลา",
            "ทำสวนยางพารา",
            "ยางแผ่นรมควัน",
            "175",
            "2556",
            "หมู่บ้านแม่ข่าย",
        ],
        [
            "s-005",
            "บ้านเกาะแต้ว",
            "6",
            "เกาะแต้ว",
            "อ.เมืองสงขลา",
            "จ.สงขลา",
            "ประมงพื้นบ้าน",
            "ปลาเค็ม, กะปิ",
            "233",
            "2559",
            "หมู่บ้านแม่ข่าย",
        ],
    ],
)
NEEDS = (
    [
        "ประทับเวลา",
        "ชื่อผู้ให้ข้อมูล",
        "รหัสหมู่บ้าน (ถ้ามี)",
        "ที่อยู่ (ตำบล อำเภอ จังหวัด)",
        "ปัญหาหรือความต้องการของชุมชน",
        "ด้าน",
        "งบประมาณที่ชุมชนมี (บาท)",
        "ข้อจำกัดอื่น ๆ",
    ],
    [
        [
            "15/3/2567, 9:12:44",
            "นางสมศรี ใจดี",
            "village-s-001",
            "ต.สันโป่ง อ.แม่ริม จ.เชียงใหม่",
            "ลำไยราคาตกทุกปี อยากแปรรูปลำไยอบแห้งที่สีสวยและเก็บได้นาน",
            "แปรรูปอาหาร",
            "50,000",
            "ไฟฟ้าในหมู่บ้านดับบ่อย",
        ],
        [
            "15/3/2567, 14:03:10",
            "นายบุญมี ขยันยิ่ง",
            "village-s-002",
            "ต.บ้านใหม่ อ.เมือง จ.นครราชสีมา",
            "หน้าแล้งไม่มีน้ำรดผัก อยากได้ระบบสูบน้ำที่ไม่ต้องใช้น้ำมัน",
            "น้ำ, พลังงาน",
            "80000",
            "",
        ],
        [
            "2/4/2567, 10:30:00",
            "กลุ่มเลี้ยงโคบ้านโนนหัน",
            "",
            "ต.โนนหัน อ.ชุมแพ จ.ขอนแก่น",
            "มูลโคมีมากเกินใช้ ส่งกลิ่นเหม็น อยากทำปุ๋ยหรือก๊าซหุงต้ม",
            "ปศุสัตว์, พลังงาน",
            "",
            "สมาชิกส่วนใหญ่เป็นผู้สูงอายุ",
        ],
        [
            "20/4/2567, 16:45:21",
            "นางสาวอรทัย ทะเลงาม",
            "",
            "ต.เกาะแต้ว อ.เมืองสงขลา จ.สงขลา",
            "ปลาเค็มขึ้นราเมื่อฝนตกชุก ต้องการวิธีตากแห้งที่ไม่พึ่งแดด",
            "ประมง, แปรรูปอาหาร",
            "30,000",
            "",
        ],
    ],
)
TRANSFERS = (
    [
        "รหัสการถ่ายทอด",
        "รหัสเทคโนโลยี",
        "รหัสหมู่บ้าน",
        "ดำเนินการโดย",
        "ตอบความต้องการ (รหัส)",
        "ปีงบประมาณ (พ.ศ.)",
        "วันที่จัดกิจกรรม",
        "ผลการนำไปใช้",
        "ผู้เข้าร่วม (คน)",
        "รายได้เปลี่ยนแปลง (%)",
        "หมายเหตุ",
    ],
    [
        [
            "S-2567-001",
            "tistr-T-FD-02",
            "village-s-001",
            "คลินิกเทคโนโลยี มหาวิทยาลัยเชียงใหม่",
            "",
            "2567",
            "12 มิ.ย. 2567",
            "นำไปใช้แล้ว",
            "35",
            "+18%",
            "สร้างโรงอบแห้ง 1 หลัง",
        ],
        [
            "S-2567-002",
            "dss-S001",
            "village-s-004; village-s-005",
            "วศ.",
            "",
            "2567",
            "3/7/2567",
            "อยู่ระหว่างดำเนินการ",
            "42",
            "",
            "",
        ],
        [
            "S-2566-014",
            "tistr-T-EN-01",
            "village-s-003",
            "clinic-s-kku",
            "",
            "2566",
            "2023-08-19",
            "นำไปใช้บางส่วน",
            "20",
            "5.5",
            "ใช้เตาร่วมกัน 3 ครัวเรือน",
        ],
    ],
)


def native_sample(path: Path) -> None:
    """One record of each common kind, plus an explicit edge: the native format by example."""
    records = [
        {
            "kind": "agency",
            "id": "sample-coop",
            "name": "สหกรณ์การเกษตรแม่ริม จำกัด",
            "type": "community",
            "province": "50",
        },
        {
            "kind": "technology",
            "id": "sample-tech-1",
            "title": "เครื่องคัดขนาดลำไยแบบลูกกลิ้ง",
            "agency": ["sample-coop"],
            "category": ["agriculture.horticulture"],
            "keywords": ["ลำไย", "คัดขนาด"],
            "trl": 7,
            "year": 2022,
            "cost_baht": 45000,
        },
        {
            "kind": "clinic",
            "id": "sample-clinic",
            "name": "คลินิกเทคโนโลยีตัวอย่าง มหาวิทยาลัยเชียงใหม่",
            "university": "cmu",
            "province": "50",
            "serves": ["50", "51"],
        },
        {
            "kind": "volunteer_network",
            "id": "sample-vol",
            "name": "เครือข่าย อสวท. อำเภอแม่ริม",
            "province": "50",
            "members": 120,
            "clinic": "sample-clinic",
        },
        {
            "kind": "village",
            "id": "sample-village",
            "name": "บ้านแม่ริมใต้",
            "moo": 4,
            "subdistrict": "500701",
            "main_occupation": "ทำสวนลำไย",
            "lead_village": True,
        },
        {
            "kind": "need",
            "id": "sample-need",
            "text": "ต้องการเครื่องคัดขนาดลำไยเพื่อขายได้ราคาดีขึ้น",
            "raised_by": "sample-village",
            "province": "50",
            "category": ["agriculture.horticulture"],
            "status": "open",
            "date": "2024-02-01",
        },
        {
            "kind": "transfer",
            "id": "sample-transfer",
            "technology": "sample-tech-1",
            "village": ["sample-village"],
            "via": ["sample-clinic"],
            "need": "sample-need",
            "year": 2024,
            "outcome": "adopted",
            "participants": 25,
        },
        {"kind": "edge", "type": "serves", "from": "sample-vol", "to": "sample-village"},
    ]
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


# -- the demo catalogue in agency formats --------------------------------------------------------
ROOT = OUT.parent.parent
DEMO = ROOT / "ttgraph" / "data" / "demo"
CONVERTED = {"dss": "dss-csv", "tistr": "tistr-xlsx", "nstda": "nstda-api", "rmutl": "clinic-html"}


def _category_names() -> dict[str, str]:
    path = ROOT / "ttgraph" / "data" / "reference" / "categories.jsonl"
    return {
        d["id"]: d["name"] for d in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }


def _code(tech: dict[str, Any], agency: str) -> str:
    prefix = f"{agency}-"
    assert tech["id"].startswith(prefix), tech["id"]
    return tech["id"][len(prefix) :]


def _words(values: list[str]) -> str:
    for v in values:
        assert not set(v) & set(",;/"), f"keyword {v!r} would be split on import"
    return ", ".join(values)


def _baht(value: Any) -> str:
    return f"{value:,.0f}" if value is not None else ""


def convert_demo() -> list[tuple[str, str]]:
    """Write the technologies of four agencies in their own formats; return the manifest."""
    techs = [
        json.loads(line)
        for line in (DEMO / "native" / "technologies.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip()
    ]
    names = _category_names()
    own = {a: [t for t in techs if t["agency"] == [a]] for a in CONVERTED}
    out = DEMO / "catalogues"
    manifest: list[tuple[str, str]] = []

    rows = [
        [
            _code(t, "dss"),
            t["title"],
            t.get("title_en", ""),
            t["description"],
            ", ".join(names[c] for c in t["category"]),
            _words(t["keywords"]),
            str(t["trl"]),
            str(t["year"] + 543),
            _baht(t.get("cost_baht")),
            t.get("benefits", ""),
            t.get("requirements", ""),
            t.get("ip", ""),
            "",
        ]
        for t in own["dss"]
    ]
    (out / "dss").mkdir(parents=True, exist_ok=True)
    dss_csv(rows, out / "dss" / "dss-technologies.csv")
    manifest.append(("dss-csv", "dss/dss-technologies.csv"))

    groups: list[tuple[str, list[str] | None]] = [
        ("ลำดับ", None),
        ("รหัส", None),
        ("ข้อมูลเทคโนโลยี", ["ชื่อเทคโนโลยี", "ชื่อภาษาอังกฤษ", "รายละเอียด", "คำสำคัญ", "หมวดย่อย", "TRL"]),
        ("การนำไปใช้", ["ค่าใช้จ่าย (บาท)", "ประโยชน์ต่อชุมชน", "สิ่งที่ชุมชนต้องมี", "ทรัพย์สินทางปัญญา"]),
        ("ปี พ.ศ.", None),
    ]
    sheets: dict[str, list[list[Any]]] = {}
    for t in sorted(own["tistr"], key=lambda t: t["id"]):
        sheet = names[t["category"][0].split(".")[0]]
        sheets.setdefault(sheet, []).append(
            [
                _code(t, "tistr"),
                t["title"],
                t.get("title_en"),
                t["description"],
                _words(t["keywords"]),
                ", ".join(names[c] for c in t["category"]),
                t["trl"],
                t.get("cost_baht"),
                t.get("benefits"),
                t.get("requirements"),
                t.get("ip"),
                t["year"] + 543,
            ]
        )
    (out / "tistr").mkdir(parents=True, exist_ok=True)
    tistr_xlsx(sheets, out / "tistr" / "tistr-technologies.xlsx", groups=groups)
    manifest.append(("tistr-xlsx", "tistr/tistr-technologies.xlsx"))

    items = [
        {
            "id": _code(t, "nstda"),
            "owner": ("NSTDA", "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ"),
            "title": (t["title"], t.get("title_en")),
            "summary": t["description"],
            "sectors": t["category"],
            "keywords": t["keywords"],
            "trl": t["trl"],
            "released": t["year"] + 543,
            "license": (t.get("ip"), t.get("cost_baht")),
            "benefit": t.get("benefits"),
            "requirement": t.get("requirements"),
        }
        for t in own["nstda"]
    ]
    nstda_pages(items, out / "nstda" / "api")
    manifest.append(("nstda-api", "nstda/api/page-1.json"))

    header = ["ลำดับ", "กลุ่ม", "รหัส", "ชื่อเทคโนโลยี", "ชื่อภาษาอังกฤษ", "รายละเอียดโดยย่อ"]
    header += ["หมวดย่อย", "คำสำคัญ", "ผู้พัฒนา", "ประโยชน์", "สิ่งที่ต้องเตรียม", "ปี พ.ศ."]
    header += ["ค่าใช้จ่ายเบื้องต้น", "ระดับความพร้อม", "ทรัพย์สินทางปัญญา", "ติดต่อ"]
    ordered = sorted(own["rmutl"], key=lambda t: (names[t["category"][0]], t["id"]))
    rows = [
        [
            str(n),
            names[t["category"][0]],
            _code(t, "rmutl"),
            t["title"],
            t.get("title_en", ""),
            t["description"],
            ", ".join(names[c] for c in t["category"]),
            _words(t["keywords"]),
            "มทร.ล้านนา",
            t.get("benefits", ""),
            t.get("requirements", ""),
            str(t["year"] + 543),
            f"{_baht(t.get('cost_baht'))} บาท" if t.get("cost_baht") is not None else "",
            f"TRL {t['trl']}",
            t.get("ip", ""),
            RMUTL_CONTACT,
        ]
        for n, t in enumerate(ordered, 1)
    ]
    (out / "rmutl").mkdir(parents=True, exist_ok=True)
    rmutl_html(header, rows, out / "rmutl" / "rmutl-clinic-technologies.html", encoding="utf-8")
    manifest.append(("clinic-html", "rmutl/rmutl-clinic-technologies.html"))

    lines = [
        "# The demo technologies that ship in their agencies' own formats, imported by",
        "# 'ttgraph demo' before the native files (which skip these ids).  Made by",
        "# scripts/make_samples.py --demo from ttgraph/data/demo/native/technologies.jsonl.",
    ]
    for importer, path in manifest:
        lines += ["", "[[source]]", f'importer = "{importer}"', f'path = "{path}"']
    (out / "manifest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for agency, items_ in own.items():
        print(f"{agency}: {len(items_)} technologies in {CONVERTED[agency]} format")
    return manifest


def main() -> None:
    import sys

    if "--demo" in sys.argv:
        convert_demo()
        return
    OUT.mkdir(parents=True, exist_ok=True)
    dss_csv([r for r in DSS_ROWS], OUT / "dss-catalogue.csv")
    tistr_xlsx(TISTR_SHEETS, OUT / "tistr-catalogue.xlsx")
    nstda_pages(NSTDA_ITEMS, OUT / "nstda-api")
    rows = [[str(n), *r[:6], r[6], RMUTL_CONTACT] for n, r in enumerate(RMUTL_ROWS, 1)]
    rmutl_html(RMUTL_HEADER, rows, OUT / "clinic-rmutl.html")
    write_csv(OUT / "clinics.csv", *CLINICS, encoding="utf-8-sig")
    write_csv(OUT / "villages.csv", *VILLAGES, encoding="utf-8-sig")
    write_csv(OUT / "needs-survey.txt", *NEEDS, encoding="utf-16")
    write_csv(OUT / "transfers.csv", *TRANSFERS, encoding="utf-8")
    native_sample(OUT / "native.jsonl")
    for path in sorted(OUT.rglob("*.*")):
        print(path.relative_to(OUT.parent.parent), path.stat().st_size)


if __name__ == "__main__":
    main()
