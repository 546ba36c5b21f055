"""The package layout: plugins/ and web/ live inside ttgraph, never as top-level packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_generic_names_are_not_installed_top_level(tmp_path: Path) -> None:
    # A fresh interpreter in an empty directory sees only what is installed.
    code = (
        "import importlib.util as u; "
        "print([u.find_spec(n) is None for n in ('plugins', 'web')], "
        "[u.find_spec(n) is not None for n in ('ttgraph.plugins', 'ttgraph.web')])"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[True, True] [True, True]"
