"""``ttgraph check``: is the home sound after a crash, and is the search index in step?"""

from __future__ import annotations

import click

from ttgraph.check import check_home
from ttgraph.cli import echo_json, main, open_store


@main.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--quick", is_flag=True, help="SQLite quick_check instead of the full integrity_check."
)
@click.pass_context
def check(ctx: click.Context, as_json: bool, quick: bool) -> None:
    """Check the store's integrity and edges, and the search index against the store.

    Exits 1 when the store is damaged or the index cannot be read; an index that is only
    behind is reported (it catches up by itself) and exits 0.
    """
    report = check_home(open_store(ctx), quick=quick)
    if as_json:
        echo_json(report)
    else:
        st = report["store"]
        click.echo(
            f"store   {st['state']}: {st['nodes']:,} nodes, {st['edges']:,} edges (seq {st['seq']})"
        )
        for f in st["checks"]:
            mark = "ok  " if f["ok"] else "FAIL"
            click.echo(f"  {mark} {f['name']:<18} {f['detail']}")
            for example in f["examples"][:5]:
                click.echo(f"         {example}")
            if f["fix"]:
                click.echo(f"         fix: {f['fix']}")
        ix = report["index"]
        click.echo(f"index   {ix['state']}: {ix.get('detail', '')}")
        if ix.get("fix"):
            click.echo(f"         fix: {ix['fix']}")
    if not report["ok"]:
        ctx.exit(1)
