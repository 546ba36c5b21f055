"""The rdf importer: reads ttgraph's own RDF export back, so an export is also a backup.

Any of the export formats works (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML).  Resources
typed with a ``tt:`` class become nodes, ``tt:Link`` statements become edges with their
attributes; the reading itself lives in :mod:`ttgraph.rdf_read`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ttgraph.hookspecs import hookimpl
from ttgraph.importers import Importer, ImportProblem, Record

_SURE = {".ttl", ".turtle", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".owl"}


class RdfImporter(Importer):
    """ttgraph's own RDF export (any serialization) read back into the graph."""

    name = "rdf"
    title = "RDF ที่ส่งออกจาก ttgraph (ttgraph RDF export)"
    formats = ("ttl", "nt", "nq", "trig", "jsonld", "rdf")
    description = "Round trip of 'ttgraph export': nodes typed tt:*, edges and their attributes."
    config_types = {"format": str}

    def read(self, source: Path) -> Iterator[Record | ImportProblem]:
        from ttgraph.rdf_read import records_from_rdf

        yield from records_from_rdf(Path(source), self.config.get("format"))

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        suffix = Path(path).suffix.lower()
        if suffix in _SURE:
            return True
        if suffix == ".json":
            return b'"@context"' in head
        if suffix == ".xml":
            return b"http://www.w3.org/1999/02/22-rdf-syntax-ns#" in head
        return False


@hookimpl
def register_importers() -> list[type[Importer]]:
    return [RdfImporter]


@hookimpl
def detect_importer(path: Path, head: bytes) -> str | None:
    return RdfImporter.name if RdfImporter.sniff(path, head) else None
