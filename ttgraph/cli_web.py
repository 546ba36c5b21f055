"""``ttgraph serve`` (the web UI under waitress) and ``ttgraph user add`` (accounts)."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import sys
from collections.abc import Callable
from typing import Any

import click

from ttgraph.cli import main, open_store
from ttgraph.errors import TTGraphError, UsageError
from ttgraph.users import ROLES, add_user, list_users, remove_user


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    help="Threads running requests in each process (default: 8 for one process, 1 per worker"
    " with --workers).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 32),
    help="Processes sharing the port (Python runs one thread at a time; use one per core).",
)
@click.option(
    "--search-cache",
    default=1024,
    show_default=True,
    type=click.IntRange(0),
    help="Result pages kept in memory (0: none); refreshed when the store changes.",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    metavar="ADDR",
    help="Reverse proxy whose X-Forwarded-For/-Proto/-Host are believed: an address or network,"
    " repeatable or comma-separated (default: $TTGRAPH_TRUSTED_PROXIES, else none).",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    threads: int | None,
    workers: int,
    search_cache: int,
    trusted_proxies: tuple[str, ...],
) -> None:
    """Run the web UI with waitress (a production WSGI server)."""
    import waitress

    from ttgraph.index import current_dir
    from ttgraph.web.app import create_app

    config: dict[str, object] = {
        "TTGRAPH_HOME": str(ctx.obj["home"]),
        "SEARCH_CACHE_SIZE": search_cache,
    }
    if trusted_proxies:  # else create_app reads $TTGRAPH_TRUSTED_PROXIES
        config["TRUSTED_PROXIES"] = list(trusted_proxies)
    app = create_app(config)  # fails early, with a clear message, on a home without a store
    trusted = app.config["TRUSTED_PROXIES"]
    config["TRUSTED_PROXIES"] = list(trusted)  # the same list in every --workers process
    # The app checks the peer and reads X-Forwarded-* itself (ttgraph.web.proxy explains why
    # not waitress's trusted_proxy, which takes one address and counts hops).  Without trusted
    # proxies waitress also drops those headers before the app sees them; with some, it must
    # pass them on untouched, and the app drops them for any peer it does not trust.
    if threads is None:
        # Python runs one thread of a process at a time: with a worker per core, a second
        # thread only interleaves requests (each takes longer) and adds switching. Measured on
        # the search page at 100k technologies, 2 workers, 16 connections: 1 thread each
        # served 264 pages/s at p95 72 ms; 2 threads 209/s, p95 100 ms; 8 threads 221/s,
        # p95 121 ms. A single process keeps several, so one slow request (an import, a
        # SPARQL query) does not hold up every page.
        threads = 8 if workers == 1 else 1
    options = {
        "threads": threads,
        "ident": "ttgraph",
        "clear_untrusted_proxy_headers": not trusted,
    }
    # waitress logs "Task queue depth is N" each time a request waits for a thread, which
    # under steady load is every few milliseconds; real problems are still logged as errors.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    click.echo(f"ttgraph web UI on http://{host}:{port}/ (home {ctx.obj['home']}); Ctrl+C stops it")
    if trusted:
        click.echo(f"trusting X-Forwarded-* from {', '.join(trusted)}")
    if current_dir(ctx.obj["home"]) is None:
        click.echo("(no search index yet: the search page scans the store; run 'ttgraph reindex')")
    try:
        if workers == 1 or not hasattr(os, "fork"):
            waitress.serve(app, host=host, port=port, **options)
            return
        sock = socket.create_server((host, port), backlog=1024)
    except OSError as exc:
        raise TTGraphError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    open_now = multiprocessing.RawArray("i", workers)  # each worker's open connections

    def run(i: int) -> None:
        server = waitress.create_server(create_app(config), sockets=[sock], **options)
        _balance(server, i, open_now)
        server.run()

    def gone(i: int) -> None:  # a worker that died no longer counts as the least loaded
        open_now[i] = 2**31 - 1

    _prefork(sock, workers, run, gone)


def _balance(server: Any, index: int, open_now: Any) -> None:
    """Let this worker take a new connection only while it holds no more than any other.

    The workers share one listening socket.  Left alone, whichever process wakes first takes
    the connections, and browsers keep them open, so one worker could serve most clients while
    another idles; one socket per worker (SO_REUSEPORT) spreads them by a hash instead, which
    for 16 connections on two workers often gave 11 and 5.  Each worker publishes how many
    connections it holds (shared memory, written whenever waitress polls) and listens only
    while it holds the fewest, like a proxy's least-connections rule.
    """
    fixed = len(server._map)  # the listening socket and waitress's wake-up pipe
    readable = server.readable

    def balanced() -> bool:
        mine = len(server._map) - fixed
        open_now[index] = mine
        return bool(readable()) and mine <= min(open_now)

    server.readable = balanced


def _prefork(
    sock: socket.socket,
    workers: int,
    run: Callable[[int], None],
    gone: Callable[[int], None] = lambda i: None,
) -> None:
    """Fork ``workers`` processes serving ``sock`` (``run(i)`` in worker i, ``gone(i)`` once
    it has exited); stop them all on Ctrl+C or SIGTERM.  Each child builds its own app (its
    own SQLite connections and searchers)."""
    children = []
    for i in range(workers):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            try:
                run(i)
            finally:
                os._exit(0)
        children.append(pid)
    sock.close()

    def stop(*_: object) -> None:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
    try:
        waiting = set(children)
        while waiting:
            pid, _status = os.wait()
            if pid in waiting:
                waiting.discard(pid)
                gone(children.index(pid))
    except KeyboardInterrupt:
        stop()


@main.group()
def user() -> None:
    """Accounts for the web UI (sign-in is needed for imports and decisions)."""


@user.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default="staff",
    show_default=True,
    help="staff: save needs, accept/reject; agency: also import; admin: everything.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def user_add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
    """Create an account (or reset its password and role)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        raise UsageError("no terminal to ask for the password; use --password-stdin")
    account = add_user(open_store(ctx), name, password, role=role)
    click.echo(f"user {account.name} ({account.role}) saved")


@user.command("list")
@click.pass_context
def user_list(ctx: click.Context) -> None:
    """List accounts and their roles."""
    for account in list_users(open_store(ctx)):
        click.echo(f"{account.name}\t{account.role}\t{account.created}")


@user.command("remove")
@click.argument("name")
@click.pass_context
def user_remove(ctx: click.Context, name: str) -> None:
    """Delete an account."""
    remove_user(open_store(ctx), name)
    click.echo(f"user {name} removed")
