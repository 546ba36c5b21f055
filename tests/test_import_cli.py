"""The import, plugins and demo commands: reports, exit codes and clean errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ttgraph.cli import main
from ttgraph.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "plugins" / "samples"


def cli(runner, home: Path, *args: str):
    return runner.invoke(main, ["--home", str(home), *args])


def test_import_prints_the_report(runner, ref_home: Path) -> None:
    result = cli(runner, ref_home, "import", "dss-csv", str(SAMPLES / "dss-catalogue.csv"))
    assert result.exit_code == 0, result.output
    assert "created 5" in result.output and "rejected 0" in result.output
    assert "\r" not in result.output  # no progress bar when output is not a terminal
    again = cli(runner, ref_home, "import", "dss-csv", str(SAMPLES / "dss-catalogue.csv"), "--json")
    report = json.loads(again.output)
    assert (report["unchanged"], report["created"], report["status"]) == (5, 0, "ok")


def test_auto_detects_the_importer(runner, ref_home: Path) -> None:
    result = cli(runner, ref_home, "import", "auto", str(SAMPLES / "clinic-rmutl.html"))
    assert result.exit_code == 0 and "via clinic-html" in result.output
    odd = ref_home / "notes.txt"
    odd.write_text("บันทึกการประชุม", encoding="utf-8")
    result = cli(runner, ref_home, "import", "auto", str(odd))
    assert result.exit_code == 2 and "no importer recognises notes.txt" in result.output


def test_rejected_records_exit_1_with_located_problems(
    runner, ref_home: Path, tmp_path: Path
) -> None:
    src = tmp_path / "villages.csv"
    text = (SAMPLES / "villages.csv").read_text(encoding="utf-8-sig")
    src.write_text(text.replace("แม่ริม,เชียงใหม่", "แม่ริม,เชียงคาน"), encoding="utf-8-sig")
    result = cli(runner, ref_home, "import", "villages", str(src), "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["created"] == 4 and report["rejected"] == 1
    (problem,) = report["problems"]
    assert (problem["file"], problem["line"], problem["field"]) == ("villages.csv", 2, "province")
    text_out = cli(runner, ref_home, "import", "villages", str(src))
    assert "villages.csv, line 2, field province: unknown province" in text_out.output


def test_strict_refuses_and_leaves_the_store_unchanged(
    runner, ref_home: Path, tmp_path: Path
) -> None:
    src = tmp_path / "clinics.csv"
    text = (SAMPLES / "clinics.csv").read_text(encoding="utf-8-sig")
    src.write_text(text.replace("PSU", "มหาวิทยาลัยสมมติ"), encoding="utf-8-sig")
    store = Store.open(ref_home)
    before = (store.stats(), store.seq, store.edge_count(), len(store.imports()))
    result = cli(runner, ref_home, "import", "clinics", str(src), "--strict")
    assert result.exit_code == 1 and "refused" in result.output
    assert (store.stats(), store.seq, store.edge_count(), len(store.imports())) == before
    dry = cli(runner, ref_home, "import", "clinics", str(SAMPLES / "clinics.csv"), "--dry-run")
    assert dry.exit_code == 0 and "dry run" in dry.output and "created 4" in dry.output
    assert store.seq == before[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "catalogue", "x.csv"], "no importer called 'catalogue'"),
        (["import", "native", "missing.jsonl"], "no such file or directory: missing.jsonl"),
        (["import", "native", "x.jsonl", "--plugins-dir", "nowhere"], "does not exist"),
    ],
)
def test_clean_errors(runner, ref_home: Path, tmp_path: Path, args, message) -> None:
    (tmp_path / "x.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "x.jsonl").write_text("{}\n", encoding="utf-8")
    result = cli(runner, ref_home, *args)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert "Traceback" not in result.output


def test_wrong_encoding_is_a_clean_error(runner, ref_home: Path, tmp_path: Path) -> None:
    src = tmp_path / "catalogue.csv"
    shutil.copy(SAMPLES / "tistr-catalogue.xlsx", src)
    result = cli(runner, ref_home, "import", "dss-csv", str(src))
    assert result.exit_code == 1 and result.output.startswith("Error: catalogue.csv is a ZIP")
    src.write_bytes(bytes(range(256)) * 40)
    result = cli(runner, ref_home, "import", "dss-csv", str(src))
    assert result.exit_code == 1 and "cannot tell the text encoding" in result.output
    src.write_bytes(b"\x00\x01\x02\x03" * 1000)
    result = cli(runner, ref_home, "import", "native", str(src))
    assert result.exit_code == 1 and "binary file" in result.output


def test_import_needs_a_home(runner, tmp_path: Path) -> None:
    result = cli(runner, tmp_path / "nohome", "import", "native", str(SAMPLES / "native.jsonl"))
    assert result.exit_code == 1 and "ttgraph init" in result.output


def test_plugins_lists_names_formats_and_origins(runner, tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        (SAMPLES.parent / "villages.toml")
        .read_text(encoding="utf-8")
        .replace('name = "villages"', 'name = "villages-rcc3"'),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["plugins", "--json", "--plugins-dir", str(tmp_path)])
    rows = {r["name"]: r for r in json.loads(result.output)}
    assert rows["native"]["origin"] == "built-in" and "jsonl" in rows["native"]["formats"]
    assert rows["tistr-xlsx"]["title"].startswith("สถาบันวิจัยวิทยาศาสตร์")
    assert rows["villages-rcc3"]["origin"] == "file"
    assert rows["villages-rcc3"]["source"].endswith("mine.toml")
    text = runner.invoke(main, ["plugins"]).output
    assert any(line.startswith("dss-csv ") and "built-in" in line for line in text.splitlines())


def test_demo_loads_everything_with_zero_rejected(runner, tmp_path: Path) -> None:
    home = tmp_path / "demo-home"
    result = cli(runner, home, "demo", "--json")
    assert result.exit_code == 0, result.output[-2000:]
    reports = json.loads(result.output)
    assert sum(r["rejected"] for r in reports) == 0
    assert {r["importer"] for r in reports} >= {"dss-csv", "tistr-xlsx", "nstda-api", "clinic-html"}
    store = Store.open(home)
    counts = store.stats()["kinds"]
    assert counts["technology"] >= 150 and counts["clinic"] == 70
    assert counts["village"] >= 100 and counts["need"] >= 100 and counts["transfer"] >= 200
    agencies = {e.target for e in store.edges(kind="developed_by")}
    assert len(agencies) >= 8
    assert store.get("dss-t001").importer == "dss-csv"  # shipped as DSS's CSV, not native
    again = cli(runner, home, "demo", "--json")
    assert all(
        r["created"] == r["updated"] == r["withdrawn"] == 0 for r in json.loads(again.output)
    )
    # The demo leaves a search index behind, so the UI can search straight away.
    found = cli(runner, home, "search", "ข้าวเหนียว", "--kind", "technology", "--json")
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout)["total"] > 0


def test_an_import_updates_an_existing_search_index(tmp_path: Path) -> None:
    from ttgraph.importing import run_import, sync_search
    from ttgraph.search import search

    store = Store.create(tmp_path / "h")
    first = tmp_path / "a.jsonl"
    first.write_text('{"kind": "region", "id": "north", "name": "ภาคเหนือ"}\n', encoding="utf-8")
    run_import(store, "native", first)
    assert sync_search(store) is None  # no index yet, and none is built unasked
    sync_search(store, build=True)
    second = tmp_path / "b.jsonl"
    second.write_text(
        '{"kind": "technology", "id": "t1", "title": "เครื่องกะเทาะเปลือกกาแฟ"}\n',
        encoding="utf-8",
    )
    run_import(store, "native", second)
    hits = search(store, "กาแฟ")
    assert [r["id"] for r in hits["results"]] == ["t1"]


def test_demo_agency_files_match_the_native_records() -> None:
    """The DSS/TISTR/NSTDA/RMUTL files are made from the native demo records; if this fails,
    regenerate them with ``python scripts/make_samples.py --demo``."""
    from ttgraph.importing import demo_dir, demo_plan
    from ttgraph.pluginmanager import get_plugin_manager

    pm = get_plugin_manager()
    native = {}
    for line in (demo_dir() / "native" / "technologies.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            native[rec["id"]] = rec
    converted = 0
    for importer, path in demo_plan():
        if importer == "native":
            continue
        for rec in pm.importer(importer)().read(path):
            data = rec.data
            assert data["id"] in native, f"{data['id']} from {path.name} is not a demo record"
            assert data["title"] == native[data["id"]]["title"]
            converted += 1
    assert converted >= 30
