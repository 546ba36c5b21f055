"""Faults survived: kill -9 mid-import and mid-reindex, two writers, reads during a write,
a read-only home and a full disk.  The store must always be exactly as before or after an
operation, and ``ttgraph check`` must say where the index stands.

Children are real processes (``python -c``) killed with SIGKILL, so SQLite's own recovery is
what is tested.  Sizes are kept small enough for the suite, large enough that SQLite spills the
transaction to the WAL file before it commits (the moment we kill at).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ttgraph.check import check_home
from ttgraph.errors import TTGraphError
from ttgraph.ingest import Record, apply_records
from ttgraph.store import Store

N_TECH = 3000  # records in the import that gets killed

CHILD_IMPORT = r"""
import json, sys
from ttgraph.ingest import Record, apply_records
from ttgraph.store import Store
home, path, source = sys.argv[1:4]
def records():
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if n == 500:
                print("staging", flush=True)
            yield Record(json.loads(line), n, path)
try:
    report = apply_records(Store.open(home), records(), source=source, importer="native")
except Exception as exc:
    print("error", type(exc).__name__, exc, flush=True)
    sys.exit(3)
print("done", report.created, report.rejected, flush=True)
"""

CHILD_REINDEX = r"""
import sys
from ttgraph.index import reindex
print("start", flush=True)
print("done", reindex(sys.argv[1], procs=1)["docs"], flush=True)
"""


def write_catalogue(path: Path, n: int, prefix: str = "t") -> Path:
    """Technology records with real Thai text (~1 KB each) owned by nstda, in category food."""
    words = [
        "เครื่องอบแห้งพลังงานแสงอาทิตย์สำหรับกล้วยตาก",
        "การแปรรูปข้าวฮางงอกเพื่อเพิ่มมูลค่า",
        "ระบบสูบน้ำพลังงานแสงอาทิตย์สำหรับแปลงเกษตร",
        "ชุดผลิตปุ๋ยอินทรีย์ชีวภาพจากเศษวัสดุการเกษตร",
    ]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            title = f"{words[i % 4]} รุ่น {prefix}{i}"
            rec = {
                "kind": "technology",
                "id": f"{prefix}-{i:05d}",
                "title": title,
                "description": " ".join(words[(i + j) % 4] for j in range(12)),
                "agency": "nstda",
                "category": ["food"],
                "trl": 1 + i % 9,
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def base_home(home: Path) -> Path:
    """A home with an agency, a category and a few technologies, checkpointed and closed."""
    store = Store.create(home)
    recs = [
        {"kind": "agency", "id": "nstda", "name": "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ"},
        {"kind": "category", "id": "food", "name": "อาหารและการแปรรูป"},
    ]
    recs += [
        {
            "kind": "technology",
            "id": f"b-{i}",
            "title": f"เตาชีวมวลประหยัดพลังงาน {i}",
            "agency": "nstda",
        }
        for i in range(20)
    ]
    report = apply_records(
        store,
        [Record(r, i, "base.jsonl") for i, r in enumerate(recs, 1)],
        source="base",
        importer="t",
    )
    assert report.rejected == 0
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return home


def fingerprint(home: Path) -> dict[str, Any]:
    """What the store holds, without timestamps: counts, change number and a content hash."""
    conn = sqlite3.connect(home / "ttgraph.db")
    try:
        h = hashlib.sha256()
        for row in conn.execute("SELECT id, kind, data, status, source FROM nodes ORDER BY id"):
            h.update(repr(row).encode())
        for row in conn.execute("SELECT src, kind, dst, data FROM edges ORDER BY src, kind, dst"):
            h.update(repr(row).encode())
        return {
            "nodes": conn.execute("SELECT count(*) FROM nodes").fetchone()[0],
            "edges": conn.execute("SELECT count(*) FROM edges").fetchone()[0],
            "seq": conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0],
            "imports": conn.execute("SELECT count(*) FROM imports").fetchone()[0],
            "hash": h.hexdigest(),
        }
    finally:
        conn.close()


def spawn(code: str, *args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until(cond: Any, proc: subprocess.Popen[str], timeout: float = 120) -> bool:
    """Poll ``cond`` every 5 ms; False if the child ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.005)
    raise AssertionError("the child never reached the point to kill it at")


def wal_size(home: Path) -> int:
    try:
        return (home / "ttgraph.db-wal").stat().st_size
    except OSError:
        return 0


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The home before the big import, its fingerprint before and after, and the WAL size the
    full import reaches (to kill at a point late in its writing)."""
    root = tmp_path_factory.mktemp("faults")
    data = write_catalogue(root / "big.jsonl", N_TECH)
    before = base_home(root / "before")
    after = root / "after"
    shutil.copytree(before, after)
    proc = spawn(CHILD_IMPORT, after, data, "big")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return {
        "data": data,
        "before_home": before,
        "before": fingerprint(before),
        "after": fingerprint(after),
        "wal_full": wal_size(after),
    }


@pytest.mark.parametrize("moment", ["staging", "early-write", "late-write"])
def test_kill_during_import_leaves_store_before_or_after(
    states: dict[str, Any], tmp_path: Path, moment: str
) -> None:
    home = tmp_path / "h"
    shutil.copytree(states["before_home"], home)
    proc = spawn(CHILD_IMPORT, home, states["data"], "big")
    if moment == "staging":
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "staging"
        reached = True
    else:
        limit = 64 * 1024 if moment == "early-write" else int(states["wal_full"] * 0.7)
        reached = wait_until(lambda: wal_size(home) > limit, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    got = fingerprint(home)
    assert got in (states["before"], states["after"])
    if reached:
        assert proc.returncode == -signal.SIGKILL
    report = check_home(home)
    assert report["ok"] and report["store"]["state"] == "consistent"
    if moment != "late-write":
        return
    # The lock died with the child: the same import now completes and lands exactly once.
    rerun = apply_records(
        Store.open(home),
        (Record(json.loads(line), n) for n, line in enumerate(states["data"].open(), 1)),
        source="big",
        importer="native",
    )
    assert rerun.rejected == 0
    final = fingerprint(home)
    assert (final["nodes"], final["edges"], final["hash"]) == (
        states["after"]["nodes"],
        states["after"]["edges"],
        states["after"]["hash"],
    )


def test_two_imports_at_once_lose_no_record(states: dict[str, Any], tmp_path: Path) -> None:
    home = tmp_path / "h"
    shutil.copytree(states["before_home"], home)
    a = write_catalogue(tmp_path / "a.jsonl", 1500, prefix="a")
    b = write_catalogue(tmp_path / "b.jsonl", 1500, prefix="b")
    procs = [spawn(CHILD_IMPORT, home, a, "a"), spawn(CHILD_IMPORT, home, b, "b")]
    outs = [p.communicate(timeout=300) for p in procs]
    landed = 0
    for proc, (out, err) in zip(procs, outs, strict=True):
        if proc.returncode == 0:
            assert out.strip().endswith("done 1500 0"), out
            landed += 1500
        else:  # the only acceptable failure: a clear "busy" message, nothing half-written
            assert "StoreLocked" in out and "busy" in out, (out, err)
    assert landed >= 1500
    assert fingerprint(home)["nodes"] == states["before"]["nodes"] + landed


def test_reads_during_an_import_see_before_or_after(states: dict[str, Any], tmp_path: Path) -> None:
    home = tmp_path / "h"
    shutil.copytree(states["before_home"], home)
    before_n = states["before"]["nodes"]
    after_n = states["after"]["nodes"]
    proc = spawn(CHILD_IMPORT, home, states["data"], "big")
    reader = Store.open(home)
    seen: set[int] = set()
    while proc.poll() is None:
        seen.add(reader.count())
        assert reader.get("b-3") is not None
        assert reader.graph().number_of_nodes() in (before_n, after_n)
        time.sleep(0.01)
    seen.add(reader.count())
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert seen <= {before_n, after_n}
    assert after_n in seen


# -- the search index ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def _indexed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("ttgraph.index")
    from ttgraph.index import reindex

    root = tmp_path_factory.mktemp("indexed")
    home = base_home(root / "h")
    data = write_catalogue(root / "small.jsonl", 600)
    store = Store.open(home)
    recs = (Record(json.loads(line), n) for n, line in enumerate(data.open(), 1))
    assert apply_records(store, recs, source="small", importer="native").rejected == 0
    assert reindex(home, procs=1)["docs"] == 622
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return home


@pytest.fixture
def indexed_home(_indexed_template: Path, tmp_path: Path) -> Path:
    """A home with 622 nodes and a search index in step with them."""
    home = tmp_path / "indexed"
    shutil.copytree(_indexed_template, home)
    return home


def _kill_reindex(home: Path) -> None:
    """Start a reindex in a child and SIGKILL it once its new build has files in it."""
    root = home / "indexes"
    old = set(root.glob("search-*"))
    proc = spawn(CHILD_REINDEX, home)

    def building() -> bool:
        return any(any(p.iterdir()) for p in set(root.glob("search-*")) - old if p.is_dir())

    reached = wait_until(building, proc)
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if not reached or proc.returncode != -signal.SIGKILL:
        pytest.skip("the reindex finished before it could be killed (machine too fast)")


def test_kill_during_reindex_keeps_the_old_index(indexed_home: Path) -> None:
    from ttgraph.index import reindex
    from ttgraph.search import Searcher

    _kill_reindex(indexed_home)
    report = check_home(indexed_home)
    assert report["ok"]
    assert report["index"]["state"] == "consistent"  # the old build is still the one in use
    assert report["index"]["leftover_builds"]  # and the interrupted one is reported
    with Searcher(indexed_home) as s:
        assert s.search("เครื่องอบแห้ง", limit=5)["results"]
    reindex(indexed_home, procs=1)
    assert check_home(indexed_home)["index"]["state"] == "consistent"


def _processes_with(marker: str) -> list[int]:
    out = []
    for proc_dir in Path("/proc").glob("[0-9]*"):
        try:
            if marker.encode() in (proc_dir / "cmdline").read_bytes():
                out.append(int(proc_dir.name))
        except OSError:
            continue
    return out


def _state(pid: int) -> str:
    """A process's state line and parent, for a failure message."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return "gone"
    return " ".join(ln for ln in lines if ln.startswith(("State:", "PPid:")))


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")
def test_killed_parallel_reindex_leaves_no_writer_processes(indexed_home: Path) -> None:
    """The writer processes of a parallel reindex go away when the reindex is killed."""
    marker = f"ttgraph-parallel-reindex-{os.getpid()}-{time.time_ns()}"
    code = f"# {marker}\n" + CHILD_REINDEX.replace("procs=1", "procs=2")
    proc = spawn(code, indexed_home)
    if not wait_until(lambda: len(_processes_with(marker)) >= 3, proc):
        pytest.skip("the reindex finished before its writers could be seen")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 30
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = {pid: _state(pid) for pid in _processes_with(marker)}
    assert left == {}, f"writer processes still there 30 s after the kill: {left}"
    assert check_home(indexed_home)["index"]["state"] == "consistent"


def test_kill_during_first_reindex_reports_missing_then_rebuilds(indexed_home: Path) -> None:
    from ttgraph.index import reindex

    shutil.rmtree(indexed_home / "indexes")
    (indexed_home / "indexes").mkdir()
    _kill_reindex(indexed_home)
    assert check_home(indexed_home)["index"]["state"] == "missing"
    reindex(indexed_home, procs=1)
    assert check_home(indexed_home)["index"]["state"] == "consistent"


def test_search_during_import_answers(indexed_home: Path, tmp_path: Path) -> None:
    from ttgraph.search import Searcher

    data = write_catalogue(tmp_path / "more.jsonl", 1500, prefix="m")
    proc = spawn(CHILD_IMPORT, indexed_home, data, "more")
    answered = 0
    with Searcher(indexed_home) as s:
        while proc.poll() is None:
            assert s.search("ข้าวฮางงอก", limit=5)["total"] > 0
            answered += 1
    assert proc.returncode == 0
    assert answered > 0
    assert check_home(indexed_home)["index"]["state"] == "behind"  # caught up by the next update


def test_pages_load_during_import(indexed_home: Path, tmp_path: Path) -> None:
    """The web app keeps answering (no error page) while another process imports."""
    app_module = pytest.importorskip("ttgraph.web.app")
    client = app_module.create_app({"TTGRAPH_HOME": str(indexed_home), "TESTING": True})
    client = client.test_client()
    data = write_catalogue(tmp_path / "web.jsonl", 1500, prefix="w")
    proc = spawn(CHILD_IMPORT, indexed_home, data, "web")
    statuses: list[int] = []
    while proc.poll() is None:
        for url in ("/", "/search?q=เครื่องอบแห้ง", "/node/b-1", "/api/search?q=ข้าว"):
            statuses.append(client.get(url).status_code)
    assert proc.returncode == 0
    assert statuses and set(statuses) == {200}
    assert client.get("/node/w-00001").status_code == 200  # the import is visible at once


# -- read-only home and full disk --------------------------------------------------------------
def _mount(args: list[str]) -> bool:
    return subprocess.run(args, capture_output=True).returncode == 0


@pytest.fixture
def readonly_home(tmp_path: Path) -> Any:
    """The base home bind-mounted read-only (needs root and mount; otherwise skipped)."""
    src = base_home(tmp_path / "src")
    ro = tmp_path / "ro"
    ro.mkdir()
    if not _mount(["mount", "--bind", str(src), str(ro)]):
        pytest.skip("cannot bind-mount here (needs root and a mount namespace)")
    try:
        if not _mount(["mount", "-o", "remount,ro,bind", str(ro)]):
            pytest.skip("cannot remount read-only here")
        yield src, ro
    finally:
        _mount(["umount", "-l", str(ro)])


def test_read_only_home_reads_and_refuses_writes(readonly_home: Any, runner: Any) -> None:
    from ttgraph.cli import main

    src, ro = readonly_home
    before = fingerprint(src)
    store = Store.open(ro)
    assert store.get("nstda") is not None
    with pytest.raises(TTGraphError, match="read-only; nothing was saved"):
        apply_records(
            store,
            [Record({"kind": "agency", "id": "tistr", "name": "วว."}, 1)],
            source="x",
            importer="t",
        )
    result = runner.invoke(main, ["--home", str(ro), "check"])
    assert result.exit_code == 0 and "consistent" in result.output
    assert fingerprint(src) == before


@pytest.fixture
def small_disk(tmp_path: Path) -> Any:
    """A 3 MB tmpfs to fill up (needs root and mount; otherwise skipped)."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if not _mount(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)]):
        pytest.skip("cannot mount a size-limited tmpfs here")
    try:
        yield mnt
    finally:
        _mount(["umount", "-l", str(mnt)])


def test_disk_full_gives_clear_error_and_unchanged_store(
    small_disk: Path, states: dict[str, Any]
) -> None:
    home = small_disk / "h"
    shutil.copytree(states["before_home"], home)
    before = fingerprint(home)
    store = Store.open(home)
    recs = (Record(json.loads(line), n) for n, line in enumerate(states["data"].open(), 1))
    with pytest.raises(TTGraphError, match="full; nothing was saved"):
        apply_records(store, recs, source="big", importer="native")
    store.close()
    assert fingerprint(home) == before
    assert check_home(home)["store"]["state"] == "consistent"


def test_store_limit_reached_is_the_same_clear_error(tmp_path: Path) -> None:
    """Without mount rights: SQLite's page limit raises the very same SQLITE_FULL error."""
    home = base_home(tmp_path / "h")
    before = fingerprint(home)
    store = Store.open(home)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 4}")
    data = write_catalogue(tmp_path / "d.jsonl", 400)
    recs = (Record(json.loads(line), n) for n, line in enumerate(data.open(), 1))
    with pytest.raises(TTGraphError, match="disk holding .* is full; nothing was saved"):
        apply_records(store, recs, source="d", importer="native")
    assert not store.conn.in_transaction
    assert fingerprint(home) == before
    os.sync()
