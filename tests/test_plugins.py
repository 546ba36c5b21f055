"""The plugin system: discovery order, origins, start-up errors, and one test per hook."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from ttgraph import hookspecs
from ttgraph.errors import NotFound, PluginError
from ttgraph.importing import run_import
from ttgraph.pluginmanager import get_plugin_manager

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ttgraph-example-importer"
SAMPLES = ROOT / "plugins" / "samples"

BUILT_INS = {
    "native",
    "dss-csv",
    "tistr-xlsx",
    "nstda-api",
    "clinic-html",
    "clinics",
    "villages",
    "needs-survey",
    "transfers",
}

PLUGIN_FILE = """
from ttgraph.hookspecs import hookimpl
from ttgraph.importers import Importer, Record


class LineImporter(Importer):
    name = "{name}"
    title = "หนึ่งบรรทัดหนึ่งภาค"
    formats = ("lines",)

    def read(self, source):
        for n, line in enumerate(open(source, encoding="utf-8"), 1):
            if line.strip():
                rid, label = line.strip().split(",")
                yield Record({{"kind": "region", "id": rid, "name": label}}, n, "x")


@hookimpl
def register_importers():
    return [LineImporter]
"""


def test_plugins_is_not_a_top_level_package(tmp_path: Path) -> None:
    # In a fresh interpreter: another test may have put the checkout itself on sys.path.
    code = (
        "import importlib.util as u; "
        "print(u.find_spec('plugins') is None, u.find_spec('ttgraph.plugins') is not None)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["True", "True"]
    assert importlib.util.find_spec("ttgraph.plugins") is not None


def test_builtins_are_discovered_with_their_origin() -> None:
    pm = get_plugin_manager()
    entries = pm.importers()
    assert set(entries) >= BUILT_INS
    assert entries["native"].origin.type == "built-in"
    assert entries["dss-csv"].plugin == "ttgraph.plugins.dss_csv"
    # helper modules (leading underscore) are not plugins
    assert not any(name.startswith("ttgraph.plugins._") for name in pm.origins)


def test_each_call_gives_a_fresh_manager(tmp_path: Path) -> None:
    (tmp_path / "extra.py").write_text(PLUGIN_FILE.format(name="lines"), encoding="utf-8")
    assert "lines" in get_plugin_manager(tmp_path).importers()
    assert "lines" not in get_plugin_manager().importers()


def test_hook_register_importers(tmp_path: Path, store) -> None:
    (tmp_path / "lines.py").write_text(PLUGIN_FILE.format(name="lines"), encoding="utf-8")
    pm = get_plugin_manager(tmp_path)
    entry = pm.importers()["lines"]
    assert entry.origin.type == "file" and entry.origin.detail.endswith("lines.py")
    src = tmp_path / "regions.lines"
    src.write_text("north,ภาคเหนือ\nsouth,ภาคใต้\n", encoding="utf-8")
    report = run_import(store, "lines", src, plugins_dir=tmp_path)
    assert report.created == 2
    assert store.get("south").label == "ภาคใต้"


def test_hook_detect_importer() -> None:
    pm = get_plugin_manager()
    assert pm.detect(SAMPLES / "dss-catalogue.csv") == ["dss-csv"]
    assert pm.detect(SAMPLES / "tistr-catalogue.xlsx") == ["tistr-xlsx"]
    assert pm.detect(SAMPLES / "nstda-api" / "page-1.json") == ["nstda-api"]
    assert pm.detect(SAMPLES / "clinic-rmutl.html") == ["clinic-html"]
    assert pm.detect(SAMPLES / "needs-survey.txt") == ["needs-survey"]
    assert pm.detect(SAMPLES / "native.jsonl") == ["native"]
    assert pm.detect(SAMPLES / "villages.csv") == ["villages"]


def test_duplicate_importer_name_names_both_plugins(tmp_path: Path) -> None:
    (tmp_path / "copycat.py").write_text(PLUGIN_FILE.format(name="native"), encoding="utf-8")
    with pytest.raises(PluginError) as exc:
        get_plugin_manager(tmp_path)
    assert "'native'" in exc.value.message
    assert "ttgraph.plugins.native" in exc.value.message
    assert "copycat.py" in exc.value.message


def test_misspelled_hook_is_an_error_naming_the_plugin(tmp_path: Path) -> None:
    (tmp_path / "typo.py").write_text(
        "from ttgraph.hookspecs import hookimpl\n\n@hookimpl\ndef register_importer():\n"
        "    return []\n",
        encoding="utf-8",
    )
    with pytest.raises(PluginError) as exc:
        get_plugin_manager(tmp_path)
    assert "typo.py" in exc.value.message
    assert "register_importer" in exc.value.message


def test_plugin_file_that_fails_to_import_is_named(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("import does_not_exist_anywhere\n", encoding="utf-8")
    with pytest.raises(PluginError, match="broken.py"):
        get_plugin_manager(tmp_path)


def test_register_importers_must_return_importer_classes(tmp_path: Path) -> None:
    (tmp_path / "odd.py").write_text(
        "from ttgraph.hookspecs import hookimpl\n\n@hookimpl\ndef register_importers():\n"
        "    return [object]\n",
        encoding="utf-8",
    )
    with pytest.raises(PluginError, match="odd.py"):
        get_plugin_manager(tmp_path).importers()


def test_missing_plugins_dir_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PluginError, match="does not exist"):
        get_plugin_manager(tmp_path / "nope")


def test_unknown_importer_lists_the_known_ones() -> None:
    with pytest.raises(NotFound) as exc:
        get_plugin_manager().importer("dss")
    assert "dss-csv" in exc.value.message


def test_config_only_importer_from_plugins_dir(tmp_path: Path, ref_store) -> None:
    """A new agency with a DSS-like CSV needs a config, not code."""
    config = (ROOT / "plugins" / "dss_csv.toml").read_text(encoding="utf-8")
    config = config.replace('name = "dss-csv"', 'name = "oap-csv"')
    config = config.replace('id = "dss-{_source_id}"', 'id = "oap-{_source_id}"')
    config = config.replace('agency = "dss"', 'agency = "oap"')
    (tmp_path / "oap.toml").write_text(config, encoding="utf-8")
    pm = get_plugin_manager(tmp_path)
    assert pm.importers()["oap-csv"].origin.type == "file"
    report = run_import(ref_store, "oap-csv", SAMPLES / "dss-catalogue.csv", pm=pm)
    assert report.created == 5 and not report.rejected
    assert ref_store.get("oap-S001").data["agency"] == ["oap"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('shape = "csv"', 'shape = "pdf"'), "shape = csv | xlsx"),
        (('kind = "technology"', 'kind = "gadget"'), "unknown kind"),
        (('trl = "int"', 'trl = "roman"'), "unknown conversion"),
        (("sniff = [", 'colour = "red"\nsniff = ['), "unknown [importer] key"),
    ],
)
def test_bad_catalogue_config_names_the_file(tmp_path: Path, change, message) -> None:
    config = (ROOT / "plugins" / "dss_csv.toml").read_text(encoding="utf-8")
    config = config.replace('name = "dss-csv"', 'name = "bad-csv"').replace(*change)
    (tmp_path / "bad.toml").write_text(config, encoding="utf-8")
    with pytest.raises(PluginError) as exc:
        get_plugin_manager(tmp_path)
    assert message in exc.value.message and "bad.toml" in exc.value.message


def _install_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the example package installed: its source on sys.path plus a real dist-info.

    The dist-info is written from the package's own pyproject.toml, so the entry point that
    ttgraph discovers is exactly the one the package declares.
    """
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    site = tmp_path / "site"
    dist = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n",
        encoding="utf-8",
    )
    points = "".join(f"{k} = {v}\n" for k, v in project["entry-points"]["ttgraph"].items())
    (dist / "entry_points.txt").write_text(f"[ttgraph]\n{points}", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend(str(EXAMPLE))
    monkeypatch.delitem(sys.modules, "ttgraph_example_importer", raising=False)


def test_example_package_is_found_through_its_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ref_store
) -> None:
    _install_example(tmp_path, monkeypatch)
    pm = get_plugin_manager()
    entry = pm.importers()["doae-text"]
    assert entry.origin.type == "package"
    assert str(entry.origin) == "package ttgraph-example-importer 0.1.0"
    sample = EXAMPLE / "ttgraph_example_importer" / "sample.txt"
    assert pm.detect(sample) == ["doae-text"]
    agency = tmp_path / "doae.jsonl"
    agency.write_text(
        '{"kind": "agency", "id": "doae", "name": "กรมส่งเสริมการเกษตร", "abbr": ["กสก."]}\n',
        encoding="utf-8",
    )
    run_import(ref_store, "native", agency, pm=pm)
    report = run_import(ref_store, "doae-text", sample, pm=pm)
    assert (report.created, report.rejected) == (2, 0), report.problems
    tech = ref_store.get("doae-doae-001")
    assert tech.data["agency"] == ["doae"] and tech.data["category"] == ["agriculture.soil"]
    assert tech.importer == "doae-text"


def test_every_hook_is_tested_and_documented() -> None:
    hooks = [n for n in dir(hookspecs) if hasattr(getattr(hookspecs, n), "ttgraph_spec")]
    assert {"register_importers", "detect_importer"} <= set(hooks)
    tests = set(globals())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    docs = readme[readme.index("## Writing an importer plugin") :]
    headings = set(re.findall(r"^###\s+`?(\w+)", docs, flags=re.M))
    for hook in hooks:
        assert f"test_hook_{hook}" in tests, f"no test_hook_{hook}"
        assert hook in headings, f"README's plugin guide has no heading for {hook}"
        assert (getattr(hookspecs, hook).__doc__ or "").strip(), f"{hook} has no docstring"


def test_importer_that_raises_or_yields_dicts_is_handled(tmp_path: Path, store) -> None:
    (tmp_path / "rough.py").write_text(
        "from ttgraph.hookspecs import hookimpl\n"
        "from ttgraph.importers import Importer, ImportProblem\n\n"
        "class Rough(Importer):\n"
        "    name = 'rough'\n\n"
        "    def read(self, source):\n"
        "        yield {'kind': 'region', 'id': 'north', 'name': 'ภาคเหนือ'}\n"
        "        raise ImportProblem('ตารางขาดหัวคอลัมน์', line=3)\n\n"
        "@hookimpl\ndef register_importers():\n    return [Rough]\n",
        encoding="utf-8",
    )
    src = tmp_path / "x.dat"
    src.write_text("-", encoding="utf-8")
    report = run_import(store, "rough", src, plugins_dir=tmp_path)
    assert report.created == 1 and report.rejected == 1
    assert (report.problems[0].file, report.problems[0].line) == ("x.dat", 3)
