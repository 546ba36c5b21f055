"""Shared fixtures: every test gets its own temporary home; nothing is written into the repo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ttgraph.store import Store


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may pick up a developer's TTGRAPH_HOME or write into the checkout."""
    monkeypatch.delenv("TTGRAPH_HOME", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty directory to use as a ttgraph home."""
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def store(home: Path) -> Store:
    """A fresh, empty store (no reference data)."""
    return Store.create(home)


@pytest.fixture(scope="session")
def _reference_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ttgraph.home import init_home

    path = tmp_path_factory.mktemp("reference-home")
    store, _ = init_home(path)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture
def ref_home(_reference_template: Path, tmp_path: Path) -> Path:
    """A home holding Thailand's reference data (copied from a once-per-session template)."""
    path = tmp_path / "ref-home"
    shutil.copytree(_reference_template, path)
    return path


@pytest.fixture
def ref_store(ref_home: Path) -> Store:
    return Store.open(ref_home)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
