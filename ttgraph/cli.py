"""The ``ttgraph`` command line.

Every command takes the home from ``--home`` / ``$TTGRAPH_HOME`` / the current directory.  A
:class:`~ttgraph.errors.TTGraphError` becomes one ``Error: …`` line on stderr and a non-zero exit;
``--debug`` shows the traceback instead.  Feature areas keep their commands in their own modules
(``cli_*.py``) and are registered at the bottom of this file.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ttgraph.errors import TTGraphError
from ttgraph.store import Store, resolve_home


class TTGraphGroup(click.Group):
    """A click group that turns ttgraph's own errors into a clean ``Error:`` line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TTGraphError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            click.echo(f"Error: {exc.strerror or exc}{where}", err=True)
            ctx.exit(1)


@click.group(cls=TTGraphGroup)
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    envvar="TTGRAPH_HOME",
    help="Directory holding the store and indexes (default: $TTGRAPH_HOME or the current directory).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of short error messages.")
@click.version_option(package_name="ttgraph")
@click.pass_context
def main(ctx: click.Context, home: str | None, debug: bool) -> None:
    """ttgraph: the technology-transfer knowledge graph of Thailand's science network."""
    ctx.ensure_object(dict)
    ctx.obj["home"] = resolve_home(home)
    ctx.obj["debug"] = debug


def open_store(ctx: click.Context) -> Store:
    """The store of the command's home, or a clear error telling how to create one."""
    return Store.open(ctx.obj["home"])


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@main.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the home (if needed) and load Thailand's reference data. Safe to re-run."""
    from ttgraph.home import init_home

    store, reports = init_home(ctx.obj["home"])
    created = sum(r.created for r in reports)
    updated = sum(r.updated for r in reports)
    unchanged = sum(r.unchanged for r in reports)
    click.echo(
        f"ttgraph home at {store.home}: reference data {created} created, "
        f"{updated} updated, {unchanged} unchanged"
    )


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Count nodes per kind and edges per kind."""
    data = open_store(ctx).stats()
    if as_json:
        echo_json(data)
        return
    click.echo("nodes:")
    for kind, n in data["kinds"].items():
        click.echo(f"  {kind:<20} {n:>9,}")
    click.echo("edges:")
    for kind, n in data["edges"].items():
        click.echo(f"  {kind:<20} {n:>9,}")


@main.command()
@click.argument("node_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx: click.Context, node_id: str, as_json: bool) -> None:
    """Show one node: its fields and provenance."""
    node = open_store(ctx).require(node_id)
    if as_json:
        echo_json(node.as_dict())
        return
    click.echo(f"{node.label}  [{node.kind} {node.id}]")
    for key, value in node.data.items():
        if isinstance(value, list):
            value = "; ".join(map(str, value))
        click.echo(f"  {key}: {value}")
    click.echo(
        f"  (source {node.source or '-'}, importer {node.importer or '-'}, "
        f"updated {node.updated}, {node.status})"
    )


@main.command()
@click.argument("node_id")
@click.option("--kind", help="Only neighbours of this kind.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def neighbors(ctx: click.Context, node_id: str, kind: str | None, as_json: bool) -> None:
    """List the nodes linked to NODE_ID, in and out."""
    from ttgraph.model import KINDS

    if kind and kind not in KINDS:
        raise TTGraphError(f"unknown kind {kind!r}; known kinds: {', '.join(sorted(KINDS))}")
    rows = open_store(ctx).neighbors(node_id, kind)
    if as_json:
        echo_json(
            [
                {"direction": d, "edge": e.kind, "id": n.id, "kind": n.kind, "label": n.label}
                for d, e, n in rows
            ]
        )
        return
    for direction, edge, node in rows:
        arrow = "->" if direction == "out" else "<-"
        click.echo(f"{arrow} {edge.kind:<15} {node.kind:<17} {node.id:<14} {node.label}")
    if not rows:
        click.echo("(no neighbours)", err=True)


def run() -> None:  # pragma: no cover - console entry point wrapper
    sys.exit(main())


# -- commands of the feature areas ------------------------------------------------------------
# Each area keeps its commands in its own module, which adds them to ``main`` when imported.
AREAS = ("cli_import", "cli_search", "cli_match", "cli_rdf", "cli_web", "cli_check")


def _register_areas() -> None:
    import importlib

    for name in AREAS:
        importlib.import_module(f"ttgraph.{name}")


_register_areas()
