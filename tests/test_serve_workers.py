"""``ttgraph serve --workers N``: connections spread evenly over the worker processes, and a
worker that dies does not stop the others from taking new ones."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from multiprocessing import RawArray
from pathlib import Path

import pytest

from ttgraph.cli_web import _balance
from ttgraph.store import Store

linux_only = pytest.mark.skipif(
    not Path("/proc/net/tcp").exists(), reason="reads connections from /proc (Linux)"
)


class _FakeServer:
    """What _balance uses of a waitress server: its socket map and readable()."""

    def __init__(self) -> None:
        self._map = {0: "listening socket", 1: "wake-up pipe"}

    def readable(self) -> bool:
        return True


def test_a_worker_listens_only_while_it_holds_the_fewest_connections() -> None:
    counts = RawArray("i", 2)
    first, second = _FakeServer(), _FakeServer()
    _balance(first, 0, counts)
    _balance(second, 1, counts)
    assert first.readable() and second.readable()  # both empty: either may accept
    first._map.update({2: "a", 3: "b"})
    assert not first.readable()  # two connections against none
    assert second.readable()
    second._map.update({2: "c", 3: "d"})
    assert second.readable() and first.readable()  # even again
    counts[1] = 2**31 - 1  # what serve writes for a worker that has exited
    first._map.update({4: "e", 5: "f", 6: "g"})
    assert first.readable()  # the dead worker's stale count does not hold it back


def test_threads_default_to_one_per_worker_and_eight_for_one_process(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import waitress
    from click.testing import CliRunner

    from ttgraph import cli_web
    from ttgraph.cli import main

    seen: list[int] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: seen.append(kw["threads"]))

    class Server:
        _map: dict = {}

        def readable(self) -> bool:
            return True

        def run(self) -> None:
            pass

    def create_server(app: object, **kw: int) -> Server:
        seen.append(kw["threads"])
        return Server()

    monkeypatch.setattr(waitress, "create_server", create_server)
    monkeypatch.setattr(
        cli_web, "_prefork", lambda sock, workers, run, gone: (run(0), sock.close())
    )
    home = ["--home", str(store.home), "serve", "--port", str(_free_port())]
    for extra in ([], ["--workers", "2"], ["--workers", "2", "--threads", "4"]):
        result = CliRunner().invoke(main, [*home, *extra])
        assert result.exit_code == 0, result.output
    assert seen == [8, 1, 4]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(store: Store, tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen]]:
    """``ttgraph serve --workers 2`` on a free port, stopped (with its workers) afterwards."""
    port = _free_port()
    command = [sys.executable, "-c", "from ttgraph.cli import run; run()", "--home"]
    command += [str(store.home), "serve", "--port", str(port), "--workers", "2", "--threads", "2"]
    log = (tmp_path / "serve.log").open("w+")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TTGRAPH_")}
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 30
        while len(_workers(server.pid)) < 2 or not _answers(port):
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"ttgraph serve did not start: {log.read()}")
            time.sleep(0.1)
        yield port, server
    finally:
        workers = _workers(server.pid)
        server.terminate()
        server.wait(timeout=10)
        for pid in workers:  # in case the parent could not stop them
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        log.close()


def _answers(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/static/favicon.svg")
        conn.getresponse().read()
        conn.close()
        return True
    except OSError:
        return False


def _workers(parent: int) -> list[int]:
    """The child processes of ``parent``, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
    return sorted(found)


def _connections_per_worker(port: int, workers: list[int]) -> Counter[int]:
    """How many established connections to ``port`` each worker holds (sockets by inode)."""
    inodes: dict[str, int] = {}
    for pid in workers:
        fds = Path(f"/proc/{pid}/fd")
        for fd in fds.iterdir() if fds.exists() else ():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes[target[8:-1]] = pid
    held: Counter[int] = Counter()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        lines = Path(table).read_text().splitlines()[1:] if Path(table).exists() else []
        for line in lines:
            cols = line.split()
            local_port = int(cols[1].rsplit(":", 1)[1], 16)
            if local_port == port and cols[3] == "01" and cols[9] in inodes:  # 01: established
                held[inodes[cols[9]]] += 1
    return held


def _open(port: int, n: int) -> list[http.client.HTTPConnection]:
    """n keep-alive connections, each having had one answer."""
    conns = []
    for _ in range(n):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/static/favicon.svg")
        response = conn.getresponse()
        response.read()
        assert response.status == 200
        conns.append(conn)
        time.sleep(0.05)  # let the workers' poll loops publish their counts
    return conns


@linux_only
def test_keep_alive_connections_are_shared_evenly(served: tuple[int, subprocess.Popen]) -> None:
    port, server = served
    conns = _open(port, 8)
    try:
        held = _connections_per_worker(port, _workers(server.pid))
        assert sorted(held.values()) == [4, 4], held
    finally:
        for conn in conns:
            conn.close()


@linux_only
def test_a_dead_worker_does_not_stop_the_other_accepting(
    served: tuple[int, subprocess.Popen],
) -> None:
    port, server = served
    conns = _open(port, 4)
    try:
        workers = _workers(server.pid)
        held = _connections_per_worker(port, workers)
        victim = min(held, key=lambda pid: held[pid]) if len(held) == 2 else workers[0]
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while victim in _workers(server.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        # the survivor now holds more connections than the dead worker's last count said;
        # it must still take new ones
        more = _open(port, 3)
        survivor = [pid for pid in _workers(server.pid) if pid != victim]
        assert len(survivor) == 1
        assert _connections_per_worker(port, survivor)[survivor[0]] >= 3
        for conn in more:
            conn.close()
    finally:
        for conn in conns:
            conn.close()
