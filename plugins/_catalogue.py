"""Importers driven by a config file: one per file *shape*, any number of catalogues per shape.

A catalogue config (TOML or JSON) says which shape the file has (``csv``, ``xlsx``, ``table`` =
CSV or Excel by extension, ``json-api``, ``html-table``), which node kind its rows are, how the
node id is built and which column goes to which field.  The built-in agency and network
importers are such configs plus a three-line module; a new agency with a similar file needs only
a new config dropped into the plugins directory.  See docs/importers.md for every key.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from ttgraph.plugins._convert import CONVERTERS

from ttgraph.errors import PluginError, TTGraphError
from ttgraph.hookspecs import hookimpl
from ttgraph.importers import (
    Importer,
    ImportProblem,
    Record,
    detect_encoding,
    load_config_file,
    norm_header,
    normalize_encoding,
    read_csv_rows,
    read_html_tables,
    read_json,
    read_xlsx_rows,
)
from ttgraph.model import KINDS

SHAPES = ("csv", "xlsx", "table", "json-api", "html-table")
_SETTINGS = {
    "name": str,
    "title": str,
    "description": str,
    "shape": str,
    "formats": list,
    "kind": str,
    "id": str,
    "hash_of": list,
    "sniff": list,
    "encoding": str,
    "sheets": list,
    "skip_sheets": list,
    "sheet_field": str,
    "records": str,
    "next": str,
    "table_with": str,
    "skip_rows_starting": list,
}
_FIELD = re.compile(r"\{([^{}]+)\}")


class CatalogueImporter(Importer):
    """Reads rows of a table-shaped source and maps them to records as its config says."""

    shape: ClassVar[str] = ""
    config_types: ClassVar[dict[str, Any]] = {
        "importer": dict,
        "columns": dict,
        "fixed": dict,
        "split": dict,
        "convert": dict,
        "values": dict,
    }
    required_config = ("importer", "columns")

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> dict[str, Any]:
        config = super().validate_config(config)
        settings = config["importer"]
        where = f"importer {settings.get('name') or cls.name!r}"
        for key, value in settings.items():
            if key not in _SETTINGS:
                raise PluginError(f"{where}: unknown [importer] key {key!r}")
            if not isinstance(value, _SETTINGS[key]):
                raise PluginError(f"{where}: [importer] {key} must be {_SETTINGS[key].__name__}")
        for key in ("name", "kind", "id", "shape"):
            if not settings.get(key):
                raise PluginError(f"{where}: [importer] needs {key!r}")
        if settings["shape"] not in SHAPES:
            raise PluginError(f"{where}: shape must be one of {', '.join(SHAPES)}")
        if settings["kind"] not in KINDS:
            raise PluginError(f"{where}: unknown kind {settings['kind']!r}")
        unknown = sorted(set(config.get("convert", {}).values()) - set(CONVERTERS))
        if unknown:
            raise PluginError(
                f"{where}: unknown conversion(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(CONVERTERS))}"
            )
        return config

    # -- the pieces every shape shares ---------------------------------------------------------
    @property
    def settings(self) -> dict[str, Any]:
        return self.config["importer"]

    def expected_headers(self) -> set[str]:
        return {norm_header(c) for c in self.config["columns"]}

    def map_row(self, row: dict[str, Any], line: int | None, file: str) -> Record | ImportProblem:
        """Turn one source row (header -> cell) into a record of the configured kind."""
        data: dict[str, Any] = {}
        spec = KINDS[self.settings["kind"]]
        for column, target in self.config["columns"].items():
            value = row.get(column, row.get(norm_header(column)))
            if value is None or value == "":
                continue
            if isinstance(value, str):
                value = value.strip()
            for fld in target if isinstance(target, list) else [target]:
                if fld in data and isinstance(data[fld], str) and isinstance(value, str):
                    # two columns, one field: a list gets both (group + subgroup), text joins
                    many = (f := spec.field(fld)) is not None and f.many
                    data[fld] = f"{data[fld]}{';' if many else ' '}{value}"
                else:
                    data[fld] = value
        data = self._transform(data)
        for key, value in self.config.get("fixed", {}).items():
            data.setdefault(key, value)
        data["kind"] = self.settings["kind"]
        try:
            data["id"] = self._make_id(data)
        except KeyError as exc:
            column = self._column_of(str(exc.args[0]))
            return ImportProblem(
                f"row has no {column!r}, which the record id is made from", line=line, file=file
            )
        data.setdefault("_source_id", data["id"])
        return Record(data, line, file)

    def _transform(self, data: dict[str, Any]) -> dict[str, Any]:
        split = self.config.get("split", {})
        values = self.config.get("values", {})
        convert = self.config.get("convert", {})
        spec = KINDS[self.settings["kind"]]
        for fld, value in list(data.items()):
            f = spec.field(fld)
            seps = split.get(fld, [";", ",", "\n"] if f is not None and f.many else None)
            if seps and isinstance(value, str):
                value = [v.strip() for v in re.split("|".join(map(re.escape, seps)), value)]
                value = [v for v in value if v]
            mapping = values.get(fld)
            if mapping:  # compared normalised: a stray zero-width space must not miss a label
                mapping = {norm_header(k): v for k, v in mapping.items()}
                value = (
                    [mapping.get(norm_header(v), v) for v in value]
                    if isinstance(value, list)
                    else mapping.get(norm_header(value), value)
                )
            if fld in convert:
                fn = CONVERTERS[convert[fld]]
                value = [fn(v) for v in value] if isinstance(value, list) else fn(value)
            if isinstance(value, list):
                value = list(dict.fromkeys(value))
            data[fld] = value
        return data

    def _make_id(self, data: dict[str, Any]) -> str:
        fields = dict(data)
        hash_of = self.settings.get("hash_of")
        if hash_of:
            raw = "|".join(str(data.get(k, "")) for k in hash_of)
            fields["_hash"] = hashlib.sha1(raw.encode()).hexdigest()[:10]
        template = self.settings["id"]
        for name in _FIELD.findall(template):
            if fields.get(name) in (None, ""):
                raise KeyError(name)
        return template.format_map({k: str(v).strip() for k, v in fields.items()})

    def _column_of(self, fld: str) -> str:
        for column, target in self.config["columns"].items():
            if fld == target or (isinstance(target, list) and fld in target):
                return column
        return fld

    def _skip(self, row: dict[str, Any]) -> bool:
        prefixes = tuple(self.settings.get("skip_rows_starting", ()))
        first = next((str(v) for v in row.values() if v not in (None, "")), "")
        return bool(prefixes) and first.startswith(prefixes)

    # -- identity ------------------------------------------------------------------------------
    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        words = cls.default_config.get("importer", {}).get("sniff", [])
        if Path(path).suffix.lower().lstrip(".") not in cls.formats or not words:
            return False
        try:
            text = cls._head_text(Path(path), head)
        except TTGraphError:
            return False
        return all(w in text for w in words)

    @classmethod
    def _head_text(cls, path: Path, head: bytes) -> str:
        return head.decode(detect_encoding(head, name=path.name), errors="ignore")


class CsvCatalogue(CatalogueImporter):
    """A delimited text export (CSV or tab-separated), any encoding."""

    def read(self, source: Path) -> Iterator[Record | ImportProblem]:
        source = Path(source)
        rows = read_csv_rows(
            source, encoding=self.settings.get("encoding"), expected=self.expected_headers()
        )
        for item in rows:
            if isinstance(item, ImportProblem):
                yield item
                continue
            line, row = item
            if not self._skip(row):
                yield self.map_row(row, line, source.name)


class XlsxCatalogue(CatalogueImporter):
    """An Excel workbook: title rows, merged headers, one table per sheet."""

    def read(self, source: Path) -> Iterator[Record | ImportProblem]:
        source = Path(source)
        sheet_field = self.settings.get("sheet_field")
        rows = read_xlsx_rows(
            source,
            sheets=self.settings.get("sheets") or None,
            skip_sheets=self.settings.get("skip_sheets", ()),
            expected=self.expected_headers(),
        )
        for item in rows:
            if isinstance(item, ImportProblem):
                yield item
                continue
            sheet, line, row = item
            if self._skip(row):
                continue
            rec = self.map_row(row, line, f"{source.name} [{sheet}]")
            if sheet_field and isinstance(rec, Record) and sheet_field not in rec.data:
                extra = self._transform({sheet_field: sheet})
                rec.data[sheet_field] = extra[sheet_field]
            yield rec

    @classmethod
    def _head_text(cls, path: Path, head: bytes) -> str:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            cells = [
                str(v)
                for ws in wb.worksheets[:3]
                for row in ws.iter_rows(max_row=20, values_only=True)
                for v in row
                if v is not None
            ]
        finally:
            wb.close()
        return " ".join(cells)


class TableCatalogue(CatalogueImporter):
    """CSV or Excel, chosen by the file's extension (network registers come in both)."""

    def read(self, source: Path) -> Iterator[Record | ImportProblem]:
        if Path(source).suffix.lower() in (".xlsx", ".xlsm"):
            return XlsxCatalogue.read(self, source)  # type: ignore[arg-type]
        return CsvCatalogue.read(self, source)  # type: ignore[arg-type]

    @classmethod
    def _head_text(cls, path: Path, head: bytes) -> str:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return XlsxCatalogue._head_text.__func__(cls, path, head)  # type: ignore[attr-defined]
        return super()._head_text(path, head)


def get_path(obj: Any, path: str) -> Any:
    """Follow a dotted path into nested JSON; ``[*]`` collects from every list item.

    >>> get_path({"a": {"b": [{"c": 1}, {"c": 2}]}}, "a.b[*].c")
    [1, 2]
    """
    if not path:
        return obj
    head, _, rest = path.partition(".")
    if head.endswith("[*]"):
        items = obj.get(head[:-3]) if isinstance(obj, dict) else None
        if not isinstance(items, list):
            return None
        found = [get_path(item, rest) for item in items]
        return [v for v in found if v not in (None, "")]
    if isinstance(obj, dict):
        return get_path(obj.get(head), rest) if head in obj else None
    if isinstance(obj, list) and head.isdigit() and int(head) < len(obj):
        return get_path(obj[int(head)], rest)
    return None


class JsonApiCatalogue(CatalogueImporter):
    """A paged JSON API export: one page per file, items nested under ``records``."""

    def expected_headers(self) -> set[str]:
        return set(self.config["columns"])

    def pages(self, source: Path) -> Iterator[Path]:
        """The page files: every ``*.json`` of a directory, or a first page and its ``next``."""
        if source.is_dir():
            yield from sorted(source.glob("*.json"), key=_natural)
            return
        seen: set[Path] = set()
        page: Path | None = source
        while page is not None and page not in seen:
            seen.add(page)
            yield page
            nxt = get_path(self._cache.get(page), self.settings.get("next", "links.next"))
            page = source.parent / Path(str(nxt)).name if nxt else None

    def read(self, source: Path) -> Iterator[Record | ImportProblem]:
        self._cache: dict[Path, Any] = {}
        records_path = self.settings.get("records", "data")
        for page in self.pages(Path(source)):
            if not page.is_file():
                yield ImportProblem(f"page {page.name} is missing", file=page.name)
                continue
            try:
                doc = read_json(page, encoding=self.settings.get("encoding"))
            except ImportProblem as exc:
                yield exc
                continue
            self._cache = {page: doc}
            items = get_path(doc, records_path)
            if not isinstance(items, list):
                yield ImportProblem(
                    f"{page.name} has no list of records at {records_path!r}", file=page.name
                )
                continue
            for i, item in enumerate(items):
                where = f"{page.name}#{records_path}[{i}]"
                if not isinstance(item, dict):
                    yield ImportProblem("item is not an object", file=where)
                    continue
                row = {col: get_path(item, col) for col in self.config["columns"]}
                row = {
                    k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()
                }
                yield self.map_row(row, None, where)

    def source_name(self, source: Path) -> str:
        return f"{self.name}:{Path(source).name if Path(source).is_dir() else Path(source).stem}"


def _natural(path: Path) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path.name))


class HtmlTableCatalogue(CatalogueImporter):
    """A table on a saved web page (rowspan/colspan expanded), found by one of its headers."""

    def read(self, source: Path) -> Iterator[Record | ImportProblem]:
        source = Path(source)
        tables = read_html_tables(source, encoding=self.settings.get("encoding"))
        want = self.expected_headers()
        marker = norm_header(self.settings.get("table_with", ""))
        for table in tables:
            for i, (_, cells) in enumerate(table.rows[:10]):
                labels = [norm_header(c) for c in cells]
                if (marker and marker in labels) or (
                    not marker and sum(label in want for label in labels) >= 2
                ):
                    yield from self._rows(source, labels, table.rows[i + 1 :])
                    return
        yield ImportProblem(
            f"{source.name} has no table with the columns {', '.join(sorted(want))}",
            file=source.name,
        )

    def _rows(
        self, source: Path, labels: list[str], rows: list[tuple[int, list[str]]]
    ) -> Iterator[Record | ImportProblem]:
        for line, cells in rows:
            row = {h: c for h, c in zip(labels, cells, strict=False) if h}
            if not any(row.values()) or self._skip(row) or cells == labels:
                continue
            yield self.map_row(row, line, source.name)

    @classmethod
    def _head_text(cls, path: Path, head: bytes) -> str:
        m = re.search(rb"""charset\s*=\s*["']?([\w-]+)""", head[:4096], re.I)
        enc = normalize_encoding(m.group(1).decode()) if m else detect_encoding(head)
        return head.decode(enc, errors="ignore")


_SHAPE_CLASSES: dict[str, type[CatalogueImporter]] = {
    "csv": CsvCatalogue,
    "xlsx": XlsxCatalogue,
    "table": TableCatalogue,
    "json-api": JsonApiCatalogue,
    "html-table": HtmlTableCatalogue,
}
_DEFAULT_FORMATS = {
    "csv": ["csv", "tsv", "txt"],
    "xlsx": ["xlsx"],
    "table": ["csv", "xlsx"],
    "json-api": ["json"],
    "html-table": ["html", "htm"],
}


def importer_from_config(path: Path) -> type[CatalogueImporter]:
    """Build an importer class from a catalogue config file; a bad config names the file."""
    config = load_config_file(path)
    settings = config.get("importer")
    if not isinstance(settings, dict) or settings.get("shape") not in _SHAPE_CLASSES:
        raise PluginError(
            f"plugin config {path} needs an [importer] table with shape = {' | '.join(SHAPES)}"
        )
    base = _SHAPE_CLASSES[settings["shape"]]
    attrs = {
        "name": settings.get("name", ""),
        "title": settings.get("title", ""),
        "description": settings.get("description", ""),
        "formats": tuple(settings.get("formats") or _DEFAULT_FORMATS[settings["shape"]]),
        "default_config": config,
        "__module__": base.__module__,
        "__doc__": base.__doc__,
    }
    cls = type(f"Catalogue_{settings.get('name', path.stem)}", (base,), attrs)
    try:
        cls.validate_config(config)
    except PluginError as exc:
        raise PluginError(f"{path}: {exc.message}") from None
    return cls


class ConfigPlugin:
    """A plugin object for one config-built importer (used for configs in a plugins dir)."""

    def __init__(self, *classes: type[Importer]) -> None:
        self.classes = classes

    @hookimpl
    def register_importers(self) -> list[type[Importer]]:
        return list(self.classes)

    @hookimpl
    def detect_importer(self, path: Path, head: bytes) -> str | None:
        return next((c.name for c in self.classes if c.sniff(path, head)), None)


def plugin_for(module_file: str, *config_names: str) -> ConfigPlugin:
    """The plugin of a built-in module whose importers are the configs beside it."""
    folder = Path(module_file).parent
    return ConfigPlugin(*(importer_from_config(folder / name) for name in config_names))
