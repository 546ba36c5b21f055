"""Commands for getting data in: ``import``, ``plugins``, ``duplicates`` and ``demo``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from ttgraph.cli import echo_json, main, open_store
from ttgraph.ingest import ImportReport

_PLUGINS_DIR = click.option(
    "--plugins-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="TTGRAPH_PLUGINS_DIR",
    help="Directory of extra plugin files (*.py) and catalogue configs (*.toml).",
)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int], None] | None]:
    """A tqdm bar on stderr when it is a terminal; nothing when output is piped or captured."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(desc=label, unit=" records", file=sys.stderr, leave=False) as bar:
        yield lambda n: bar.update(n - bar.n) if n - bar.n >= 200 else None


def _echo_report(report: ImportReport, path: str) -> None:
    head = f"{path} via {report.importer} (source {report.source}): {report.counts}"
    if report.edges:
        head += f", edges {report.edges}"
    click.echo(head)
    if report.status == "refused":
        click.echo("refused (--strict): nothing was written", err=True)
    elif report.status == "dry-run":
        click.echo("dry run: nothing was written")
    errors = [p for p in report.problems if p.severity == "error"]
    notes = [p for p in report.problems if p.severity != "error"]
    if errors:
        click.echo(f"{len(errors)} problem(s):", err=True)
        for p in errors:
            click.echo(f"  {p}", err=True)
    for p in notes:
        click.echo(f"  {p.severity}: {p}")


@main.command("import")
@click.argument("plugin")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option("--strict", is_flag=True, help="Refuse the whole import if any record is bad.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--user", default="", help="Who ran the import (kept with the report).")
@_PLUGINS_DIR
@click.pass_context
def import_(
    ctx: click.Context,
    plugin: str,
    source: Path,
    dry_run: bool,
    strict: bool,
    as_json: bool,
    user: str,
    plugins_dir: Path | None,
) -> None:
    """Import SOURCE with the importer PLUGIN ('auto' picks it from the file).

    Exit code 1 when a record was rejected or a --strict import was refused.
    """
    from ttgraph.importing import run_import

    store = open_store(ctx)
    with _progress(source.name) as progress:
        report = run_import(
            store,
            plugin,
            source,
            strict=strict,
            dry_run=dry_run,
            plugins_dir=plugins_dir,
            user=user,
            progress=progress,
        )
    if as_json:
        echo_json(report.as_dict())
    else:
        _echo_report(report, str(source))
    if report.rejected or report.status == "refused":
        ctx.exit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_PLUGINS_DIR
def plugins(as_json: bool, plugins_dir: Path | None) -> None:
    """List every importer: name, title, formats and where it came from."""
    from ttgraph.pluginmanager import get_plugin_manager

    rows = [entry.info() for entry in get_plugin_manager(plugins_dir).importers().values()]
    if as_json:
        echo_json(rows)
        return
    table = [(r["name"], ",".join(r["formats"]) or "-", r["source"], r["title"]) for r in rows]
    widths = [max((len(t[i]) for t in table), default=0) for i in range(3)]
    for name, formats, source, title in table:
        click.echo(f"{name:<{widths[0]}}  {formats:<{widths[1]}}  {source:<{widths[2]}}  {title}")


@main.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--status",
    type=click.Choice(["candidate", "confirmed", "rejected", "all"]),
    default="candidate",
    show_default=True,
)
@click.option("--scan", is_flag=True, help="Look for new duplicates across the whole store first.")
@click.pass_context
def duplicates(ctx: click.Context, as_json: bool, status: str, scan: bool) -> None:
    """Technologies that look the same in two sources; confirm or reject each pair."""
    if ctx.invoked_subcommand is not None:
        return
    from ttgraph.linking import list_duplicates, mark_duplicates

    store = open_store(ctx)
    if scan:
        found = mark_duplicates(store)
        click.echo(f"{len(found)} new candidate pair(s)", err=True)
    rows = list_duplicates(store, None if status == "all" else status)
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        click.echo(f"[{r['status']}] {r['a']} = {r['b']}")
        click.echo(f"    {r['title_a']}  ({r['source_a']})")
        click.echo(f"    {r['title_b']}  ({r['source_b']})")
    if not rows:
        click.echo(f"(no {status if status != 'all' else ''} duplicate pairs)".replace("  ", " "))


def _decide(status: str) -> click.Command:
    @click.command(name={"confirmed": "confirm", "rejected": "reject"}[status])
    @click.argument("a")
    @click.argument("b")
    @click.option("--user", default="", help="Who decided.")
    @click.pass_context
    def decide(ctx: click.Context, a: str, b: str, user: str) -> None:
        from ttgraph.linking import set_duplicate_status

        set_duplicate_status(open_store(ctx), a, b, status, user)
        click.echo(f"{a} = {b}: {status}")

    decide.help = f"Mark the pair A B as {status}."
    return decide


duplicates.add_command(_decide("confirmed"))
duplicates.add_command(_decide("rejected"))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the import reports as JSON.")
@click.pass_context
def demo(ctx: click.Context, as_json: bool) -> None:
    """Load the demo catalogue (creating the home and its reference data if needed)."""
    from ttgraph.errors import NoHome
    from ttgraph.home import init_home
    from ttgraph.importing import load_demo, sync_search

    try:
        store = open_store(ctx)
    except NoHome:
        store, _ = init_home(ctx.obj["home"])
    reports = load_demo(store)
    rejected = sum(r.rejected for r in reports)
    indexed = sync_search(store, build=True) or {}
    if as_json:
        echo_json([r.as_dict() for r in reports])
    else:
        for r in reports:
            _echo_report(r, r.source)
        total = sum(r.created + r.updated + r.unchanged for r in reports)
        click.echo(f"demo loaded into {store.home}: {total} records, {rejected} rejected")
        if "docs" in indexed:
            click.echo(f"search index built: {indexed['docs']} documents")
    if rejected:
        ctx.exit(1)
