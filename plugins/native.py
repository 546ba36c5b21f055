"""The native importer: ttgraph's own format, JSON Lines or CSV, every node kind and edges.

One record per line; fields are the model's (``ttgraph.model.KINDS``), references name other
nodes by id, and ``{"kind": "edge", "type": ..., "from": ..., "to": ...}`` adds an edge.  In CSV
the columns have the same names and list fields are split on ``;``.  Every line that is not a
record (bad JSON, not an object, not UTF-8) becomes a problem with its line number.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ttgraph.hookspecs import hookimpl
from ttgraph.importers import Importer, ImportProblem, Record, read_csv_rows

_GIVE_UP_AFTER = 50
_JSON_TYPES = {list: "a list", str: "a string", int: "a number", float: "a number"}


class NativeImporter(Importer):
    """ttgraph's canonical record format (JSON Lines, or CSV with the same column names)."""

    name = "native"
    title = "ttgraph native records (JSON Lines / CSV)"
    formats = ("jsonl", "ndjson", "csv")
    description = "One record per line: fields as in the model, references by id, edges as records."
    config_types = {"encoding": str}

    def read(self, source: Path) -> Iterator[Record | ImportProblem]:
        path = Path(source)
        if path.suffix.lower() in (".csv", ".tsv", ".txt"):
            yield from self._read_csv(path)
        else:
            yield from self._read_jsonl(path)

    def _lines(self, fh: io.BufferedReader) -> Iterator[tuple[int, str | UnicodeDecodeError]]:
        """(line number, text) per line; a line that is not UTF-8 gives the decode error."""
        head = fh.peek(4)[:4]
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = io.TextIOWrapper(fh, encoding="utf-16", newline="")
            yield from enumerate(text, 1)
            return
        for n, raw in enumerate(fh, 1):
            if n == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[3:]
            try:
                yield n, raw.decode(self.config.get("encoding", "utf-8"))
            except UnicodeDecodeError as exc:
                yield n, exc

    def _read_jsonl(self, path: Path) -> Iterator[Record | ImportProblem]:
        good = bad = 0
        with open(path, "rb") as fh:
            for n, text in self._lines(fh):  # type: ignore[arg-type]
                if isinstance(text, UnicodeDecodeError):
                    bad += 1
                    yield ImportProblem(
                        f"line is not valid UTF-8 (byte {text.start + 1}); the file may be in "
                        "TIS-620/Windows-874: save it as UTF-8",
                        line=n,
                        file=path.name,
                    )
                    continue
                text = text.strip()
                if not text:
                    continue
                if n == 1 and text in ("[", "{"):
                    yield ImportProblem(
                        "this is one JSON document spread over many lines, not records: native "
                        "files hold one JSON object per line (JSON Lines)",
                        line=1,
                        file=path.name,
                    )
                    return
                try:
                    obj: Any = json.loads(text)
                except json.JSONDecodeError as exc:
                    bad += 1
                    yield ImportProblem(
                        f"not valid JSON: {exc.msg} (column {exc.colno})", line=n, file=path.name
                    )
                else:
                    if isinstance(obj, dict):
                        good += 1
                        yield Record(obj, n, path.name)
                    else:
                        bad += 1
                        kind = _JSON_TYPES.get(type(obj), "not an object")
                        yield ImportProblem(
                            f'a record must be a JSON object {{"kind": ..., "id": ...}}, '
                            f"not {kind}",
                            line=n,
                            file=path.name,
                        )
                if bad >= _GIVE_UP_AFTER and not good:
                    yield ImportProblem(
                        f"stopped reading: the first {bad} lines are not records; is this a "
                        "ttgraph native JSON Lines file?",
                        line=n,
                        file=path.name,
                    )
                    return
        if not good and not bad:
            yield ImportProblem(f"{path.name} is empty: no records", line=1, file=path.name)

    def _read_csv(self, path: Path) -> Iterator[Record | ImportProblem]:
        rows = read_csv_rows(path, encoding=self.config.get("encoding"))
        checked = False
        for item in rows:
            if isinstance(item, ImportProblem):
                if "no header row" in item.message:
                    item = ImportProblem(
                        f"{path.name} is empty: no records", line=1, file=path.name
                    )
                yield item
                continue
            line, row = item
            if not checked:
                checked = True
                if "kind" not in row:
                    yield ImportProblem(
                        f"{path.name} is not native records: the header needs a 'kind' column "
                        f"(and 'id'); found {', '.join(row)}",
                        line=1,
                        file=path.name,
                    )
                    return
            yield Record({k: v for k, v in row.items() if v.strip()}, line, path.name)

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        suffix = Path(path).suffix.lower().lstrip(".")
        first = head.lstrip(codecs.BOM_UTF8).split(b"\n", 1)[0].strip()
        if suffix in ("jsonl", "ndjson"):
            try:
                return isinstance(json.loads(first), dict)
            except (ValueError, UnicodeDecodeError):
                return False
        if suffix == "csv":
            cols = {c.strip().strip('"') for c in first.decode("utf-8", "ignore").split(",")}
            return {"kind", "id"} <= cols
        return False


@hookimpl
def register_importers() -> list[type[Importer]]:
    return [NativeImporter]


@hookimpl
def detect_importer(path: Path, head: bytes) -> str | None:
    return NativeImporter.name if NativeImporter.sniff(path, head) else None
