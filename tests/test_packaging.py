"""The package layout: plugins/ and web/ live inside ttgraph, never as top-level packages."""

from __future__ import annotations

import importlib.util


def test_generic_names_are_not_installed_top_level() -> None:
    assert importlib.util.find_spec("plugins") is None
    assert importlib.util.find_spec("web") is None


def test_mapped_packages_import_under_ttgraph() -> None:
    assert importlib.util.find_spec("ttgraph.plugins") is not None
    assert importlib.util.find_spec("ttgraph.web") is not None
