"""The shared readers: encoding detection, CSV title rows, Excel merged headers, HTML spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from ttgraph.plugins._catalogue import get_path
from ttgraph.plugins._convert import baht, be_year, number, percent, thai_date

from ttgraph.errors import PluginError
from ttgraph.importers import (
    EncodingProblem,
    Importer,
    ImportProblem,
    detect_encoding,
    read_csv_rows,
    read_html_tables,
    read_xlsx_rows,
)

THAI = "รหัส,ชื่อเทคโนโลยี,หน่วยงาน\r\nS1,การแปรรูปกล้วยตาก,กรมวิทยาศาสตร์บริการ\r\n"


@pytest.mark.parametrize(
    ("encoding", "expect"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("cp874", "cp874"),
        ("tis-620", "cp874"),
    ],
)
def test_detect_encoding(encoding: str, expect: str) -> None:
    assert detect_encoding(THAI.encode(encoding)) == expect


def test_latin_text_is_not_mistaken_for_thai() -> None:
    assert detect_encoding("Café, naïve résumé, déjà vu, Größe".encode("latin-1")) != "cp874"


def test_binary_and_zip_are_refused() -> None:
    with pytest.raises(EncodingProblem, match="Excel"):
        detect_encoding(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(EncodingProblem, match="binary"):
        detect_encoding(b"\x00\x01\x02\x03" * 100)


def test_csv_title_rows_delimiters_and_lines(tmp_path: Path) -> None:
    src = tmp_path / "t.txt"
    text = 'บัญชีเทคโนโลยี ปี 2567\n\nรหัส\tชื่อเทคโนโลยี\nS1\t"ปุ๋ยหมัก\nไม่กลับกอง"\nS2\tเตาเผาถ่าน\n'
    src.write_bytes(text.encode("utf-16"))
    rows = list(read_csv_rows(src, expected=("รหัส", "ชื่อเทคโนโลยี")))
    assert rows == [
        (4, {"รหัส": "S1", "ชื่อเทคโนโลยี": "ปุ๋ยหมัก\nไม่กลับกอง"}),
        (6, {"รหัส": "S2", "ชื่อเทคโนโลยี": "เตาเผาถ่าน"}),
    ]


def test_csv_without_expected_header_is_a_problem(tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text("ก,ข\n1,2\n", encoding="utf-8")
    (problem,) = list(read_csv_rows(src, expected=("รหัส", "ชื่อเทคโนโลยี")))
    assert isinstance(problem, ImportProblem) and "no header row" in problem.message


def test_csv_broken_encoding_midway_stops_with_a_problem(tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    head = ("รหัส,ชื่อ\n" + "S1,ปุ๋ยหมัก\n" * 4000).encode("utf-8")
    src.write_bytes(head + "S2,เตาเผาถ่าน\n".encode("cp874"))
    items = list(read_csv_rows(src))
    assert isinstance(items[-1], ImportProblem) and "not valid utf-8" in items[-1].message
    assert len(items) > 1000


def test_csv_quote_never_closed_is_a_problem_not_swallowed_text(tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text(
        'รหัส,ชื่อเทคโนโลยี\nS1,ปุ๋ยหมัก\nS2,"เตาเผาถ่าน\nS3,ตู้อบแห้ง\nS4,โรงเรือน\n',
        encoding="utf-8",
    )
    items = list(read_csv_rows(src))
    assert items[0] == (2, {"รหัส": "S1", "ชื่อเทคโนโลยี": "ปุ๋ยหมัก"})
    (problem,) = items[1:]  # before: S2's name ran on to the end of the file, S3 and S4 in it
    assert isinstance(problem, ImportProblem) and problem.line == 3
    assert "never closed" in problem.message and "lines 3-5" in problem.message


def test_csv_broken_quoting_skips_that_row_and_reads_on(tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text(
        'รหัส,ชื่อเทคโนโลยี\nS1,"ปุ๋ย"หมัก\nS2,"ท่อ 2"" สำหรับ ""น้ำ"""\nS3,เตา 5" นิ้ว\n',
        encoding="utf-8",
    )
    items = list(read_csv_rows(src))
    assert isinstance(items[0], ImportProblem) and items[0].line == 2
    assert "written twice" in items[0].message
    # doubled quotes and a quote inside an unquoted value are fine
    assert items[1:] == [
        (3, {"รหัส": "S2", "ชื่อเทคโนโลยี": 'ท่อ 2" สำหรับ "น้ำ"'}),
        (4, {"รหัส": "S3", "ชื่อเทคโนโลยี": 'เตา 5" นิ้ว'}),
    ]


def test_csv_row_with_more_values_than_columns_is_a_problem(tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text(
        "รหัส,ชื่อเทคโนโลยี,ราคา\nS1,ปุ๋ยหมัก,1,500 บาท\nS2,เตาเผาถ่าน,900,,\nS3,ตู้อบ\n",
        encoding="utf-8",
    )
    items = list(read_csv_rows(src))
    assert isinstance(items[0], ImportProblem) and items[0].line == 2
    assert "4 values but the header names 3 columns" in items[0].message
    # empty cells past the last column (trailing commas) and short rows are no problem
    assert items[1:] == [
        (3, {"รหัส": "S2", "ชื่อเทคโนโลยี": "เตาเผาถ่าน", "ราคา": "900"}),
        (4, {"รหัส": "S3", "ชื่อเทคโนโลยี": "ตู้อบ"}),
    ]


def test_xlsx_merged_headers_and_filled_cells(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "ชุมชน"
    ws["A1"] = "รายชื่อหมู่บ้าน"
    ws.merge_cells("A1:C1")
    ws["A3"], ws["B3"] = "จังหวัด", "ข้อมูลหมู่บ้าน"
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:C3")
    ws["B4"], ws["C4"] = "ชื่อ", "หมู่ที่"
    ws.append(["เชียงใหม่", "บ้านโป่ง", 5.0])
    ws.append([None, "บ้านแม่ริม", 4])
    ws.merge_cells("A5:A6")  # the province written once for both villages
    src = tmp_path / "v.xlsx"
    wb.save(src)
    rows = list(read_xlsx_rows(src, expected=("จังหวัด", "ข้อมูลหมู่บ้าน / ชื่อ", "หมู่ที่")))
    assert [r for _, r, _ in rows] == [5, 6]
    first = rows[0][2]
    assert first["จังหวัด"] == "เชียงใหม่" and first["ข้อมูลหมู่บ้าน / ชื่อ"] == "บ้านโป่ง"
    assert first["หมู่ที่"] == 5 and isinstance(first["หมู่ที่"], int)
    assert rows[1][2]["จังหวัด"] == "เชียงใหม่"


def test_html_tables_spans_and_encoding(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="tis-620"><script>x="<table>"</script></head><body>'
        "<table><caption>รายการ</caption><tr><th>กลุ่ม</th><th colspan=2>ชื่อ</th></tr>"
        '<tr><td rowspan="2">เกษตร</td><td>ก</td><td>ข<br>ค</td></tr>'
        "<tr><td>ง</td><td>จ</td></tr></table></body></html>"
    )
    src = tmp_path / "p.html"
    src.write_bytes(page.encode("cp874"))
    (table,) = read_html_tables(src)
    assert table.caption == "รายการ"
    assert [cells for _, cells in table.rows] == [
        ["กลุ่ม", "ชื่อ", "ชื่อ"],
        ["เกษตร", "ก", "ข\nค"],
        ["เกษตร", "ง", "จ"],
    ]


def test_conversions() -> None:
    assert be_year("พ.ศ. 2565") == 2022 and be_year(2019) == 2019 and be_year("ไม่ทราบ") == "ไม่ทราบ"
    assert thai_date("15/3/2567, 9:12:44") == "2024-03-15"
    assert thai_date("3 ธันวาคม 2566") == "2023-12-03" and thai_date("2024-01-02") == "2024-01-02"
    assert baht("5,000-10,000 บาท") == 5000.0 and baht("ฟรี") == "ฟรี"
    assert number("TRL 6") == 6 and percent("-3.5 %") == -3.5


def test_get_path_into_nested_json() -> None:
    item = {"a": {"b": [{"c": "x"}, {"c": "y"}, {}]}, "l": [10, 20]}
    assert get_path(item, "a.b[*].c") == ["x", "y"]
    assert get_path(item, "l.1") == 20 and get_path(item, "a.zz") is None


def test_importer_config_validation() -> None:
    class Small(Importer):
        name = "small"
        config_types = {"sheet": str}
        required_config = ("sheet",)

    assert Small({"sheet": "ก"}).config == {"sheet": "ก"}
    with pytest.raises(PluginError, match="unknown config key"):
        Small({"sheet": "ก", "colour": "แดง"})
    with pytest.raises(PluginError, match="must be str"):
        Small({"sheet": 3})
    with pytest.raises(PluginError, match="needs sheet"):
        Small({})
    assert Small.info()["name"] == "small"
