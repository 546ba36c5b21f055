"""Value conversions that catalogue configs name in their ``[convert]`` table.

Thai spreadsheets write years in the Buddhist era, dates as ``15/3/2567`` or ``15 มี.ค. 2567``,
money as ``150,000 บาท`` and readiness as ``TRL 6``; these turn such cells into model values.  A
value that cannot be converted is passed through unchanged, so the model's validation reports
it with the row and field.

>>> be_year("พ.ศ. 2565")
2022
>>> thai_date("15 มี.ค. 2567")
'2024-03-15'
>>> baht("ประมาณ 150,000 บาท")
150000.0
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_MONTHS = {
    "มกราคม": 1,
    "ม.ค.": 1,
    "กุมภาพันธ์": 2,
    "ก.พ.": 2,
    "มีนาคม": 3,
    "มี.ค.": 3,
    "เมษายน": 4,
    "เม.ย.": 4,
    "พฤษภาคม": 5,
    "พ.ค.": 5,
    "มิถุนายน": 6,
    "มิ.ย.": 6,
    "กรกฎาคม": 7,
    "ก.ค.": 7,
    "สิงหาคม": 8,
    "ส.ค.": 8,
    "กันยายน": 9,
    "ก.ย.": 9,
    "ตุลาคม": 10,
    "ต.ค.": 10,
    "พฤศจิกายน": 11,
    "พ.ย.": 11,
    "ธันวาคม": 12,
    "ธ.ค.": 12,
}
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_THAI_DMY = re.compile(r"(\d{1,2})\s*([ก-๙.]+)\s*(\d{4})")


def _ce(year: int) -> int:
    """A year in the common era: Thai documents mostly give the Buddhist era (CE + 543)."""
    return year - 543 if year > 2400 else year


def be_year(value: Any) -> Any:
    """``"2565"``, ``"พ.ศ. 2565"`` or ``2022`` -> 2022."""
    m = re.search(r"\d{4}", str(value))
    return _ce(int(m.group())) if m else value


def thai_date(value: Any) -> Any:
    """``15/3/2567``, ``2024-03-15``, ``15 มีนาคม 2567`` (with or without a time) -> ISO date."""
    text = str(value).strip()
    if m := _YMD.search(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DMY.search(text):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif (m := _THAI_DMY.search(text)) and m.group(2) in _MONTHS:
        d, mo, y = int(m.group(1)), _MONTHS[m.group(2)], int(m.group(3))
    else:
        return value
    return f"{_ce(y):04d}-{mo:02d}-{d:02d}"


def baht(value: Any) -> Any:
    """The first amount in a money cell (``"5,000-10,000 บาท"`` -> 5000.0)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    m = _NUMBER.search(str(value))
    return float(m.group().replace(",", "")) if m else value


def number(value: Any) -> Any:
    """The first whole number in a cell (``"TRL 6"`` -> 6, ``"ระดับ 7"`` -> 7)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    m = re.search(r"\d+", str(value))
    return int(m.group()) if m else value


def percent(value: Any) -> Any:
    """``"+15%"`` -> 15.0, ``"-3.5 %"`` -> -3.5."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    m = re.search(r"[-+]?\d+(?:\.\d+)?", str(value).replace(",", ""))
    return float(m.group()) if m else value


def lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "be_year": be_year,
    "thai_date": thai_date,
    "baht": baht,
    "int": number,
    "percent": percent,
    "lower": lower,
}
