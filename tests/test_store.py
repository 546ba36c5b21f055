"""The store is the source of truth: transactional, with provenance and a change log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ttgraph.errors import NoHome, ValidationError
from ttgraph.model import Node
from ttgraph.store import Store


def _seed(store: Store) -> None:
    with store.transaction():
        store.put_node(
            Node("nstda", "agency", {"name": "สวทช.", "name_en": "NSTDA"}, "t", "nstda", "test")
        )
        store.put_node(Node("t1", "technology", {"title": "ชีวภัณฑ์ไตรโคเดอร์มา"}, "t", "t1", "test"))
        store.add_edge("t1", "developed_by", "nstda", origin="t", importer="test")


def test_open_without_home_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NoHome, match=r"no ttgraph home at .*run 'ttgraph init'"):
        Store.open(tmp_path / "nowhere")


def test_put_node_reports_created_updated_unchanged(store: Store) -> None:
    node = Node("v1", "village", {"name": "บ้านหนองบัว"}, "demo", "v1", "native")
    with store.transaction():
        assert store.put_node(node) == "created"
        assert store.put_node(node) == "unchanged"
        node.data["main_occupation"] = "ทำนา"
        assert store.put_node(node) == "updated"
    got = store.get("v1")
    assert got and got.data["main_occupation"] == "ทำนา"
    assert got.source == "demo" and got.importer == "native" and got.created


def test_exception_mid_transaction_leaves_nothing_behind(store: Store) -> None:
    _seed(store)
    before = store.stats(), store.seq
    with pytest.raises(RuntimeError), store.transaction():
        store.put_node(Node("t2", "technology", {"title": "เตาชีวมวล"}))
        store.add_edge("t2", "developed_by", "nstda")
        raise RuntimeError("crash in the middle")
    assert store.get("t2") is None
    assert (store.stats(), store.seq) == before


def test_writes_outside_a_transaction_are_refused(store: Store) -> None:
    with pytest.raises(RuntimeError, match="transaction"):
        store.put_node(Node("x", "region", {"name": "ภาคใต้"}))


def test_edge_that_does_not_fit_its_nodes_is_refused(store: Store) -> None:
    _seed(store)
    with (
        pytest.raises(ValidationError, match="cannot go from a agency to a technology"),
        store.transaction(),
    ):
        store.add_edge("nstda", "developed_by", "t1")
    with pytest.raises(ValidationError, match="no node with id 'ghost'"), store.transaction():
        store.add_edge("t1", "developed_by", "ghost")
    assert store.edge_count() == 1


def test_id_reused_for_another_kind_is_refused(store: Store) -> None:
    _seed(store)
    with pytest.raises(ValidationError, match="already used by a agency"), store.transaction():
        store.put_node(Node("nstda", "technology", {"title": "x"}))


def test_graph_view_and_neighbors(store: Store) -> None:
    _seed(store)
    g = store.graph()
    assert g.nodes["t1"]["kind"] == "technology"
    assert g.has_edge("t1", "nstda", key="developed_by")
    assert store.graph() is g  # cached while nothing changed
    assert list(g.predecessors("nstda")) == ["t1"] and g.number_of_edges() == 1
    assert list(g.in_edges("nstda", keys=True)) == [("t1", "nstda", "developed_by")]
    rows = store.neighbors("nstda")
    assert [(d, e.kind, n.id) for d, e, n in rows] == [("in", "developed_by", "t1")]


def test_withdrawn_nodes_leave_the_graph_and_counts(store: Store) -> None:
    _seed(store)
    with store.transaction():
        store.set_status("t1", "withdrawn")
    assert "t1" not in store.graph()
    assert store.stats()["kinds"] == {"agency": 1}
    assert store.stats()["withdrawn"] == 1


def test_change_log_numbers_every_write(store: Store) -> None:
    start = store.seq
    _seed(store)
    seq, ids = store.changes_since(start)
    assert seq > start and ids == {"nstda", "t1"}


def test_not_a_store_file_is_reported(home: Path) -> None:
    (home / "ttgraph.db").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(Exception, match="not a ttgraph store|file is not a database"):
        Store.open(home)
    assert isinstance(sqlite3.sqlite_version, str)
