"""The hooks a ttgraph plugin can implement (specs only; see docs/importers.md).

A plugin is a module (or any object) with functions marked ``@hookimpl``; it may accept fewer
arguments than a spec lists, so new arguments can be added without breaking old plugins.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from ttgraph.importers import Importer

hookspec = pluggy.HookspecMarker("ttgraph")
hookimpl = pluggy.HookimplMarker("ttgraph")


@hookspec
def register_importers() -> list[type[Importer]]:
    """Importer classes this plugin provides."""


@hookspec
def detect_importer(path: Path, head: bytes) -> str | None:
    """Name of an importer of this plugin that can read the file at ``path`` (or None)."""
