"""The foundation's commands: init, stats, show, neighbors, and every error path."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ttgraph.cli import main


def test_init_loads_reference_data_and_is_idempotent(runner: CliRunner, home: Path) -> None:
    first = runner.invoke(main, ["--home", str(home), "init"])
    assert first.exit_code == 0, first.output
    result = runner.invoke(main, ["--home", str(home), "stats", "--json"])
    kinds = json.loads(result.stdout)["kinds"]
    assert (kinds["province"], kinds["district"], kinds["subdistrict"]) == (77, 928, 7436)
    assert kinds["regional_centre"] == 5
    again = runner.invoke(main, ["--home", str(home), "init"])
    assert again.exit_code == 0 and " 0 created, 0 updated" in again.stdout
    assert (
        json.loads(runner.invoke(main, ["--home", str(home), "stats", "--json"]).stdout)["kinds"]
        == kinds
    )


def test_init_keeps_user_data(runner: CliRunner, ref_home: Path) -> None:
    from ttgraph.ingest import Record, apply_records
    from ttgraph.store import Store

    store = Store.open(ref_home)
    row = {"kind": "village", "id": "v-test", "name": "บ้านแม่กำปอง", "province": "50"}
    apply_records(store, [Record(row, 1)], source="mine", importer="native")
    assert runner.invoke(main, ["--home", str(ref_home), "init"]).exit_code == 0
    assert Store.open(ref_home).get("v-test").status == "active"


def test_home_from_environment(runner: CliRunner, ref_home: Path) -> None:
    result = runner.invoke(main, ["stats", "--json"], env={"TTGRAPH_HOME": str(ref_home)})
    assert result.exit_code == 0 and json.loads(result.stdout)["kinds"]["province"] == 77


def test_missing_home_is_a_clean_error(runner: CliRunner, tmp_path: Path) -> None:
    for args in (["stats"], ["show", "50"], ["neighbors", "50"]):
        result = runner.invoke(main, ["--home", str(tmp_path / "none"), *args])
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: no ttgraph home at {tmp_path / 'none'}")
        assert "run 'ttgraph init'" in result.stderr
        assert "Traceback" not in result.output


def test_show_prints_fields_and_provenance(runner: CliRunner, ref_home: Path) -> None:
    result = runner.invoke(main, ["--home", str(ref_home), "show", "50", "--json"])
    data = json.loads(result.stdout)
    assert data["name"] == "เชียงใหม่" and data["kind"] == "province"
    assert data["_provenance"]["importer"] == "reference"
    text = runner.invoke(main, ["--home", str(ref_home), "show", "50"]).stdout
    assert "เชียงใหม่" in text and "source reference:" in text


def test_show_unknown_id(runner: CliRunner, ref_home: Path) -> None:
    result = runner.invoke(main, ["--home", str(ref_home), "show", "no-such-node"])
    assert result.exit_code == 1 and result.stderr == "Error: no node with id 'no-such-node'\n"


def test_neighbors_with_kind_filter(runner: CliRunner, ref_home: Path) -> None:
    result = runner.invoke(
        main, ["--home", str(ref_home), "neighbors", "50", "--kind", "district", "--json"]
    )
    rows = json.loads(result.stdout)
    assert len(rows) == 25 and {r["edge"] for r in rows} == {"part_of"}
    assert all(r["direction"] == "in" for r in rows)
    bad = runner.invoke(main, ["--home", str(ref_home), "neighbors", "50", "--kind", "gadget"])
    assert bad.exit_code == 1 and "unknown kind 'gadget'" in bad.stderr


def test_debug_shows_the_traceback(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--debug", "--home", str(tmp_path / "none"), "stats"])
    assert result.exit_code == 1 and result.exception is not None


def test_unwritable_home_is_a_clean_error(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = runner.invoke(main, ["--home", str(blocker / "home"), "init"])
    assert result.exit_code == 1 and result.stderr.startswith("Error: cannot create ttgraph home")


def test_init_keeps_a_users_edit_of_a_reference_node(runner: CliRunner, ref_home: Path) -> None:
    from ttgraph.ingest import Record, apply_records
    from ttgraph.store import Store

    store = Store.open(ref_home)
    centre = dict(store.get("rcc4").data, kind="regional_centre", id="rcc4")
    centre["serves"] = ["20", "21"]
    report = apply_records(store, [Record(centre, 1)], source="my-areas", importer="native")
    assert report.updated == 1
    assert runner.invoke(main, ["--home", str(ref_home), "init"]).exit_code == 0
    store = Store.open(ref_home)
    assert store.get("rcc4").data["serves"] == ["20", "21"]
    assert {e.target for e in store.edges(src="rcc4", kind="serves")} == {"20", "21"}
