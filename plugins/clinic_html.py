"""Built-in importer configured by clinic_html.toml (see that file for the layout it reads)."""

from __future__ import annotations

from pathlib import Path

from ttgraph.plugins._catalogue import plugin_for

from ttgraph.hookspecs import hookimpl
from ttgraph.importers import Importer

_plugin = plugin_for(__file__, "clinic_html.toml")


@hookimpl
def register_importers() -> list[type[Importer]]:
    return _plugin.register_importers()


@hookimpl
def detect_importer(path: Path, head: bytes) -> str | None:
    return _plugin.detect_importer(path, head)
