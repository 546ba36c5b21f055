"""The importer contract, plus the encoding detection every text importer shares.

An importer turns one source (a file, or a directory of pages) into a stream of
:class:`~ttgraph.ingest.Record` objects; a row it cannot read becomes an
:class:`~ttgraph.ingest.ImportProblem` in the same stream, so one bad row never stops an import.
The file readers below (CSV, Excel, JSON, HTML tables) detect the encoding and tidy the headers,
so a plugin only maps columns to fields.

>>> detect_encoding("ชื่อเทคโนโลยี,หน่วยงาน".encode("cp874"))
'cp874'
>>> detect_encoding(b"\\xef\\xbb\\xbfid,title")
'utf-8-sig'
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import re
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

from ttgraph.errors import PluginError, TTGraphError
from ttgraph.ingest import ImportProblem, Record
from ttgraph.thai import normalize

HEAD_BYTES = 64 * 1024
_THAI_ENCODINGS = {"tis-620", "tis_620", "cp874", "windows-874", "iso8859_11", "iso-8859-11"}


class EncodingProblem(TTGraphError):
    """A source whose bytes are not text in any encoding we can tell."""


class Importer:
    """Base class of every importer; subclass it and list the class in ``register_importers``.

    Class attributes describe the importer for ``ttgraph plugins`` and the web UI; ``config``
    holds per-catalogue settings (column mappings), checked by :meth:`validate_config`.
    """

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    formats: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    #: allowed config keys and their types; an unknown key or wrong type is a PluginError
    config_types: ClassVar[dict[str, type | tuple[type, ...]]] = {}
    required_config: ClassVar[tuple[str, ...]] = ()
    default_config: ClassVar[dict[str, Any]] = {}
    #: a full import withdraws records this source no longer has
    full: ClassVar[bool] = True

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        merged = {**self.default_config, **(config or {})}
        self.config = self.validate_config(merged)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> dict[str, Any]:
        """Refuse unknown keys, wrong types and missing required keys, naming the importer."""
        if cls.config_types:
            unknown = sorted(set(config) - set(cls.config_types))
            if unknown:
                raise PluginError(
                    f"importer {cls.name!r}: unknown config key(s) {', '.join(unknown)}; "
                    f"allowed: {', '.join(sorted(cls.config_types))}"
                )
            for key, value in config.items():
                want = cls.config_types[key]
                if not isinstance(value, want):
                    names = (
                        "/".join(t.__name__ for t in want)
                        if isinstance(want, tuple)
                        else want.__name__
                    )
                    raise PluginError(
                        f"importer {cls.name!r}: config {key!r} must be {names}, "
                        f"got {type(value).__name__}"
                    )
        missing = [k for k in cls.required_config if config.get(k) in (None, "", [], {})]
        if missing:
            raise PluginError(f"importer {cls.name!r}: config needs {', '.join(missing)}")
        return config

    def read(self, source: Path) -> Iterator[Record | ImportProblem]:
        """Yield the records of ``source`` one at a time (never load a big file whole)."""
        raise NotImplementedError(f"importer {self.name!r} does not implement read()")

    def source_name(self, source: Path) -> str:
        """The provenance name of ``source``: stable across re-imports of the same file."""
        return f"{self.name}:{Path(source).name}"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """True if this importer recognises the file (used to pick an importer automatically)."""
        return False

    @classmethod
    def info(cls) -> dict[str, Any]:
        """What ``ttgraph plugins`` and the web UI show about this importer."""
        return {
            "name": cls.name,
            "title": cls.title or cls.name,
            "formats": list(cls.formats),
            "description": cls.description or (cls.__doc__ or "").strip().split("\n")[0],
        }


def load_config_file(path: Path) -> dict[str, Any]:
    """Read a plugin configuration file (TOML or JSON), with a clear error naming it."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except OSError as exc:
        raise PluginError(f"cannot read plugin config {path}: {exc.strerror}") from None
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise PluginError(f"plugin config {path} is not valid {path.suffix[1:]}: {exc}") from None
    if not isinstance(data, dict):
        raise PluginError(f"plugin config {path} must hold a table of settings")
    return data


# -- encodings ---------------------------------------------------------------------------------
def _is_utf8(head: bytes) -> bool:
    """True if ``head`` is UTF-8 (a character cut off at the end of the sample is allowed)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


_THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_ORPHAN_MARK = re.compile("(?<![\u0e01-\u0e4e])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _looks_thai_single_byte(head: bytes) -> bool:
    """True if ``head`` reads as Thai in TIS-620/cp874: Thai letters, marks after letters."""
    text = head.decode("cp874", errors="replace")
    high = [c for c in text if ord(c) >= 0x80]
    if not high:
        return False
    thai = sum(1 for c in high if "\u0e01" <= c <= "\u0e5b")
    marks = len(_THAI_MARKS.findall(text))
    orphans = len(_ORPHAN_MARK.findall(text))
    return thai / len(high) > 0.9 and orphans <= 0.05 * max(marks, 1)


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' if every other byte is 0x00 or 0x0E (ASCII or Thai), else None."""
    if len(head) < 4:
        return None
    for parity, enc in ((1, "utf-16-le"), (0, "utf-16-be")):
        hi, lo = head[parity::2], head[1 - parity :: 2]
        wide = sum(1 for b in hi if b in (0, 0x0E)) >= 0.95 * len(hi)
        if wide and lo.count(0) < 0.05 * len(lo):
            return enc
    return None


def detect_encoding(head: bytes, *, name: str = "the file") -> str:
    """The text encoding of a file, from its first bytes.

    Byte-order marks first (UTF-8, UTF-16), then UTF-16 without one (many NUL bytes), then strict
    UTF-8, then Thai single-byte text (TIS-620 is read as its superset cp874), then
    charset-normalizer for anything else.  Bytes that are not text raise EncodingProblem.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(b"PK\x03\x04"):
        raise EncodingProblem(
            f"{name} is a ZIP/Excel (.xlsx) file, not text; use an importer for Excel workbooks"
        )
    wide = _utf16_without_bom(head)
    if wide:
        return wide
    if head.count(0) > len(head) // 10:
        raise EncodingProblem(f"{name} is a binary file, not text")
    if _is_utf8(head):
        return "utf-8"
    if _looks_thai_single_byte(head):
        return "cp874"
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    if best is None:
        raise EncodingProblem(
            f"cannot tell the text encoding of {name}; save it as UTF-8 and import it again"
        )
    enc = best.encoding.lower()
    return "cp874" if enc in _THAI_ENCODINGS else enc


def normalize_encoding(name: str) -> str:
    """Canonical codec name for a user- or page-given encoding (tis-620 -> cp874)."""
    low = name.strip().lower().replace("_", "-")
    if low in _THAI_ENCODINGS or low in ("x-windows-874", "windows874", "tis620"):
        return "cp874"
    try:
        return codecs.lookup(low).name
    except LookupError:
        raise EncodingProblem(f"unknown text encoding {name!r}") from None


def file_encoding(path: Path, encoding: str | None = None) -> str:
    """The encoding to read ``path`` with: the one given, else detected from its first bytes."""
    if encoding:
        return normalize_encoding(encoding)
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    return detect_encoding(head, name=Path(path).name)


def head_bytes(path: Path, size: int = 8192) -> bytes:
    """The first bytes of a file (empty for a directory): what sniffers look at."""
    path = Path(path)
    if not path.is_file():
        return b""
    with open(path, "rb") as fh:
        return fh.read(size)


# -- readers ---------------------------------------------------------------------------------
def norm_header(value: Any) -> str:
    """A column header as mappings compare it: normalised Thai, single spaces, no ``*`` or ``:``."""
    text = " ".join(normalize(str(value if value is not None else "")).split())
    return text.strip(" *:")


def _matches(labels: list[str], expected: set[str]) -> int:
    return sum(1 for label in labels if label and label in expected)


def _delimiter(sample: str) -> str:
    """The delimiter used the same number of times on most of the first lines (title lines
    above the table and commas inside Thai text do not fool it)."""
    from collections import Counter

    lines = [ln for ln in sample.splitlines() if ln.strip()][:20]
    best, best_score = ",", (0, 0)
    for d in (",", "\t", ";", "|"):
        counts = Counter(ln.count(d) for ln in lines if ln.count(d))
        if counts:
            mode, freq = counts.most_common(1)[0]
            if (freq, mode) > best_score:
                best, best_score = d, (freq, mode)
    return best


def read_csv_rows(
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    expected: tuple[str, ...] | set[str] = (),
    header_scan: int = 20,
) -> Iterator[tuple[int, dict[str, str]] | ImportProblem]:
    """Yield (line number, {header: cell}) for each data row of a delimited text file.

    The encoding is detected; the delimiter (comma, tab as in Excel's "Unicode text", semicolon)
    is sniffed from the first line.  With ``expected`` header names, title rows above the header
    are skipped: the header is the first row naming at least two expected columns.
    """
    path = Path(path)
    enc = file_encoding(path, encoding)
    want = {norm_header(e) for e in expected}
    need = min(2, len(want))
    with open(path, encoding=enc, newline="") as fh:
        try:
            sample = fh.read(16384)
        except UnicodeDecodeError:
            sample = ""
        fh.seek(0)
        sep = delimiter or _delimiter(sample)
        # strict: a quote left open or a stray character after a closing quote is an error
        # for that row (the reader goes on with the next line), not text silently swallowed
        reader = csv.reader(fh, delimiter=sep, strict=True)
        header: list[str] | None = None
        start = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError:
                yield ImportProblem(
                    f"{path.name} is not valid {enc} after line {start - 1}; stopped reading. "
                    "Save the file again as UTF-8",
                    line=start,
                    file=path.name,
                )
                return
            except csv.Error as exc:
                line, start = start, reader.line_num + 1
                yield _csv_problem(path.name, line, reader.line_num, str(exc))
                continue
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                labels = [norm_header(c) for c in row]
                if want and _matches(labels, want) < need:
                    if line >= header_scan:
                        break
                    continue
                header = labels
                continue
            if any(c.strip() for c in row[len(header) :]):
                values = len(row)
                while not row[values - 1].strip():
                    values -= 1
                shown = "a tab" if sep == "\t" else f"'{sep}'"
                yield ImportProblem(
                    f"{values} values but the header names {len(header)} columns, so they would "
                    f"land in the wrong columns; a value holding the separator ({shown}, as in "
                    "1,500 บาท) must be in double quotes. Row skipped",
                    line=line,
                    file=path.name,
                )
                continue
            yield line, {h: c for h, c in zip(header, row, strict=False) if h}
    if header is None:
        names = ", ".join(sorted(want)) if want else "any column names"
        yield ImportProblem(
            f"{path.name} has no header row (looked for {names})", line=1, file=path.name
        )


def _csv_problem(file: str, line: int, last: int, error: str) -> ImportProblem:
    """A readable problem for the rows (lines ``line``-``last``) Python's csv reader refused."""
    lines = f"line {line}" if last <= line else f"lines {line}-{last}"
    if "unexpected end of data" in error:
        what = (
            f"a double quote opened on line {line} is never closed, so {lines} were not read; "
            "close the quote (or remove it) and import again"
        )
    else:
        what = (
            f"broken quoting ({error}), {lines} not read: a value in double quotes must end "
            'right after its closing quote, and a quote inside it is written twice ("")'
        )
    return ImportProblem(f"{what}. Row skipped", line=line, file=file)


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if not value.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def read_xlsx_rows(
    path: Path,
    *,
    sheets: list[str] | None = None,
    skip_sheets: tuple[str, ...] | list[str] = (),
    expected: tuple[str, ...] | set[str] = (),
    header_scan: int = 20,
) -> Iterator[tuple[str, int, dict[str, Any]] | ImportProblem]:
    """Yield (sheet, row number, {header: value}) from every (or the named) sheet of a workbook.

    Title rows above the table are skipped (the header is the first row naming two expected
    columns); merged cells are filled in, so a header merged over two rows or a category merged
    down several data rows reads as if typed in every cell.  A column under a merged group
    heading is also reachable as ``"group / column"``.
    """
    from openpyxl import load_workbook

    path = Path(path)
    try:
        # Not read_only: merged-cell ranges are only known in the normal mode.
        wb = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise EncodingProblem(f"{path.name} is not an Excel .xlsx workbook ({exc})") from None
    want = {norm_header(e) for e in expected}
    need = min(2, len(want))
    for sheet in sheets or [n for n in wb.sheetnames if n not in skip_sheets]:
        if sheet not in wb.sheetnames:
            yield ImportProblem(
                f"{path.name} has no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})",
                file=path.name,
            )
            continue
        ws = wb[sheet]
        filled: dict[tuple[int, int], Any] = {}
        wide: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            top = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    filled[(r, c)] = top
                    if rng.max_col > rng.min_col:
                        wide.add((r, c))
        rows = enumerate(ws.iter_rows(values_only=True), 1)
        top = [(r, [filled.get((r, c), v) for c, v in enumerate(vals, 1)]) for r, vals in rows]
        # ``top`` holds the whole sheet here (the workbook is in memory anyway); pick as header
        # the row among the first ``header_scan`` that names the most expected columns.
        best, header_row = 0, 0
        for r, values in top[:header_scan]:
            labels = _labels(values, r, filled, wide)
            score = sum((lab in want) + (comp in want) for lab, comp in labels)
            if score > best:
                best, header_row = score, r
        if want and best < need:
            yield ImportProblem(
                f"sheet {ws.title!r} has no header row (looked for {', '.join(sorted(want))})",
                file=path.name,
            )
            continue
        header = _labels(top[header_row - 1][1], header_row, filled, wide) if top else []
        for r, values in top[header_row:]:
            if all(v is None or v == "" for v in values):
                continue
            out: dict[str, Any] = {}
            for (label, composite), value in zip(header, values, strict=False):
                if label:
                    out[label] = _cell(value)
                if composite:
                    out[composite] = _cell(value)
            yield ws.title, r, out


def _labels(
    values: list[Any], r: int, filled: dict[tuple[int, int], Any], wide: set[tuple[int, int]]
) -> list[tuple[str, str]]:
    """(label, "group / label") per column of row ``r``; the group is a merged heading above."""
    out = []
    for c, value in enumerate(values, 1):
        label = norm_header(value)
        group = norm_header(filled[(r - 1, c)]) if (r - 1, c) in wide else ""
        out.append((label, f"{group} / {label}" if group and label and group != label else ""))
    return out


def read_json(path: Path, *, encoding: str | None = None) -> Any:
    """Parse a JSON file in any detected encoding; bad JSON raises ImportProblem with its line."""
    path = Path(path)
    enc = file_encoding(path, encoding)
    try:
        return json.loads(path.read_text(encoding=enc))
    except UnicodeDecodeError:
        raise EncodingProblem(f"{path.name} is not valid {enc}; save it as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            f"{path.name} is not valid JSON: {exc.msg} (column {exc.colno})",
            line=exc.lineno,
            file=path.name,
        ) from None


@dataclass
class HtmlTable:
    """One ``<table>`` of a page: rows of cell texts (spans expanded) with their source lines."""

    caption: str = ""
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


class _TableParser(HTMLParser):
    """Collects the tables of a page as text, expanding colspan and rowspan."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[HtmlTable] = []
        self._stack: list[tuple[HtmlTable, dict[int, list[Any]]]] = []
        self._row: list[tuple[str, int, int]] | None = None
        self._row_line = 0
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._caption: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self._stack.append((HtmlTable(), {}))
        elif tag == "caption" and self._stack:
            self._caption = []
        elif tag == "tr" and self._stack:
            self._row, self._row_line = [], self.getpos()[0]
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._span = (_int(a.get("colspan")), _int(a.get("rowspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            text = "\n".join(" ".join(p.split()) for p in "".join(self._cell).split("\n"))
            self._row.append((text.strip(), *self._span))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._stack:
            self._finish_row()
        elif tag == "caption" and self._caption is not None and self._stack:
            self._stack[-1][0].caption = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag == "table" and self._stack:
            if self._row:
                self._finish_row()
            self.tables.append(self._stack.pop()[0])

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)

    def _finish_row(self) -> None:
        table, pending = self._stack[-1]
        out: list[str] = []
        cells = list(self._row or [])
        self._row = None
        col = 0
        while cells or any(c >= col for c in pending):
            if col in pending:
                left, text = pending[col]
                out.append(text)
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = [left - 1, text]
                col += 1
                continue
            if not cells:
                break
            text, colspan, rowspan = cells.pop(0)
            for _ in range(colspan):
                if rowspan > 1:
                    pending[col] = [rowspan - 1, text]
                out.append(text)
                col += 1
        table.rows.append((self._row_line, out))


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def read_html_tables(path: Path, *, encoding: str | None = None) -> list[HtmlTable]:
    """Every table of a saved web page; the encoding comes from its meta tag, else is detected."""
    path = Path(path)
    raw = path.read_bytes()
    if encoding:
        enc = normalize_encoding(encoding)
    else:
        m = _META_CHARSET.search(raw[:4096])
        enc = normalize_encoding(m.group(1).decode()) if m else detect_encoding(raw[:HEAD_BYTES])
    if enc == "utf-8" and raw.startswith(codecs.BOM_UTF8):
        enc = "utf-8-sig"
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError:
        raise EncodingProblem(
            f"{path.name} is not valid {enc} although the page says so; save it again as UTF-8"
        ) from None
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    return parser.tables


__all__ = [
    "EncodingProblem",
    "HtmlTable",
    "ImportProblem",
    "Importer",
    "Record",
    "detect_encoding",
    "file_encoding",
    "head_bytes",
    "load_config_file",
    "normalize_encoding",
    "norm_header",
    "read_csv_rows",
    "read_html_tables",
    "read_json",
    "read_xlsx_rows",
]
