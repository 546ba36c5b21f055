"""``ttgraph check``: each kind of damage is found and named, a sound home passes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ttgraph.check import check_home
from ttgraph.cli import main
from ttgraph.ingest import Record, apply_records
from ttgraph.store import Store

RECORDS = [
    {"kind": "region", "id": "north", "name": "ภาคเหนือ"},
    {"kind": "province", "id": "50", "name": "เชียงใหม่", "region": "north"},
    {"kind": "agency", "id": "nstda", "name": "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ"},
    {"kind": "village", "id": "v1", "name": "บ้านแม่กำปอง", "province": "50"},
    {
        "kind": "technology",
        "id": "t1",
        "title": "เครื่องอบแห้งพลังงานแสงอาทิตย์",
        "agency": "nstda",
    },
]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "h"
    store = Store.create(path)
    report = apply_records(
        store, [Record(r, i) for i, r in enumerate(RECORDS, 1)], source="t", importer="native"
    )
    assert report.rejected == 0
    store.close()
    return path


def raw(home: Path, sql: str, *args: object) -> None:
    """Damage the store behind ttgraph's back, as a crash or a hand edit would."""
    conn = sqlite3.connect(home / "ttgraph.db")
    with conn:
        conn.execute(sql, args)
    conn.close()


def finding(report: dict, name: str) -> dict:
    return next(f for f in report["store"]["checks"] if f["name"] == name)


def test_sound_home_is_consistent(home: Path, runner) -> None:
    report = check_home(home)
    assert report["ok"] and report["store"]["state"] == "consistent"
    assert report["store"]["nodes"] == 5
    result = runner.invoke(main, ["--home", str(home), "check"])
    assert result.exit_code == 0
    assert "store   consistent" in result.output


def test_dangling_edge_is_found(home: Path, runner) -> None:
    raw(
        home,
        "INSERT INTO edges(src, kind, dst, created, updated) VALUES('t1','developed_by','gone','','')",
    )
    report = check_home(home)
    dangling = finding(report, "dangling_edges")
    assert not report["ok"] and not dangling["ok"]
    assert dangling["examples"] == [["t1", "developed_by", "gone"]]
    result = runner.invoke(main, ["--home", str(home), "check"])
    assert result.exit_code == 1
    assert "FAIL dangling_edges" in result.output


def test_edge_that_does_not_fit_its_nodes_is_found(home: Path) -> None:
    raw(
        home,
        "INSERT INTO edges(src, kind, dst, created, updated) VALUES('v1','developed_by','50','','')",
    )
    kinds = finding(check_home(home), "edge_kinds")
    assert not kinds["ok"] and kinds["count"] == 1
    assert "developed_by: village -> province" in kinds["examples"][0]


def test_unknown_node_kind_is_found(home: Path) -> None:
    raw(
        home,
        "INSERT INTO nodes(id, kind, data, created, updated) VALUES('x1','gadget','{}','','')",
    )
    kinds = finding(check_home(home), "node_kinds")
    assert not kinds["ok"] and kinds["examples"] == ["gadget (1)"]


def test_damaged_file_is_reported_not_a_traceback(home: Path, runner) -> None:
    db = home / "ttgraph.db"
    data = bytearray(db.read_bytes())
    for page in range(2, len(data) // 4096):  # scribble over every page but the header page
        data[page * 4096 : page * 4096 + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))
    result = runner.invoke(main, ["--home", str(home), "check", "--json"])
    assert result.exit_code == 1
    if result.output.strip().startswith("{"):
        report = json.loads(result.output)
        assert report["store"]["state"] == "damaged"
        assert not finding(report, "sqlite_integrity")["ok"]
    else:
        assert "Error:" in result.output and "Traceback" not in result.output


def test_json_output_and_index_state(home: Path, runner) -> None:
    result = runner.invoke(main, ["--home", str(home), "check", "--json", "--quick"])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["store"]["seq"] > 0
    assert report["index"]["state"] in ("missing", "not available")


def test_index_consistent_then_behind(home: Path) -> None:
    pytest.importorskip("ttgraph.index")
    from ttgraph.index import reindex

    reindex(home, procs=1)
    assert check_home(home)["index"]["state"] == "consistent"
    store = Store.open(home)
    apply_records(
        store,
        [Record({"kind": "village", "id": "v2", "name": "บ้านนาต้นจั่น", "province": "50"}, 1)],
        source="more",
        importer="native",
    )
    index = check_home(home)["index"]
    assert index["state"] == "behind"
    assert "not yet indexed" in index["detail"] or "missing" in index["detail"]
    assert check_home(home)["ok"]  # behind is not damage


def test_unreadable_index_is_broken(home: Path) -> None:
    pytest.importorskip("ttgraph.index")
    from ttgraph.index import current_dir, reindex

    reindex(home, procs=1)
    for f in current_dir(home).glob("*.toc"):
        f.write_bytes(b"not an index")
    report = check_home(home)
    assert report["index"]["state"] in ("broken", "missing")
    assert "reindex" in report["index"]["fix"]


def test_no_home_is_a_clear_error(tmp_path: Path, runner) -> None:
    result = runner.invoke(main, ["--home", str(tmp_path / "nowhere"), "check"])
    assert result.exit_code == 1
    assert "no ttgraph home" in result.output


def test_index_that_cannot_be_searched_is_broken(home: Path, monkeypatch) -> None:
    """An index can be readable yet fail every query (e.g. analyzers of an older version)."""
    pytest.importorskip("ttgraph.index")
    search = pytest.importorskip("ttgraph.search")
    from ttgraph.index import reindex

    reindex(home, procs=1)

    def stale(self, *a, **kw):
        raise AttributeError("'ThaiTokenizer' object has no attribute 'aggregate'")

    monkeypatch.setattr(search.Searcher, "search", stale)
    report = check_home(home)
    assert report["index"]["state"] == "broken" and not report["ok"]
    assert "aggregate" in report["index"]["detail"]
