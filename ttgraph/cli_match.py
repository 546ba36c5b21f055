"""``ttgraph need …`` and ``ttgraph match …``: record needs, rank technologies, keep decisions.

ttgraph need add "ราคาข้าวตกต่ำ" --place เชียงใหม่ --by v-0001
ttgraph match NEED_ID                      # ranking for a stored need
ttgraph match --text "น้ำไม่พอใช้" --place 40 --json
ttgraph match accept NEED_ID TECH_ID --by somchai --transfer --via clinic-cmu --year 2025
ttgraph match reject NEED_ID TECH_ID --note "ชุมชนมีแล้ว"
ttgraph match --technology TECH_ID         # open needs and villages it could serve
"""

from __future__ import annotations

from typing import Any

import click

from ttgraph.cli import echo_json, main, open_store
from ttgraph.errors import UsageError


@main.group()
def need() -> None:
    """Community needs: add them, list them."""


@need.command("add")
@click.argument("text")
@click.option("--place", help="Village, subdistrict, district or province (id or Thai name).")
@click.option("--by", "by", help="Id of the village (or network, clinic) that raised it.")
@click.option("--category", multiple=True, help="Category id (repeatable).")
@click.option("--max-cost", type=float, help="Budget in baht.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def need_add(
    ctx: click.Context,
    text: str,
    place: str | None,
    by: str | None,
    category: tuple[str, ...],
    max_cost: float | None,
    as_json: bool,
) -> None:
    """Record a need in the community's own words (status open); prints its id."""
    from ttgraph.matching import add_need

    if not place and not by:
        raise UsageError("say where the need is: --place PLACE or --by VILLAGE")
    node = add_need(open_store(ctx), text, place, by, list(category), max_cost_baht=max_cost)
    if as_json:
        echo_json(node.as_dict())
    else:
        click.echo(f"{node.id}\t{node.data.get('status', 'open')}\t{node.label}")


@need.command("list")
@click.option("--status", help="open / matched / in_progress / resolved")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def need_list(ctx: click.Context, status: str | None, as_json: bool) -> None:
    """List needs, newest last."""
    rows = [
        {"id": n.id, "status": n.data.get("status", "open"), "text": n.label}
        for n in open_store(ctx).nodes("need")
        if not status or n.data.get("status", "open") == status
    ]
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        click.echo(f"{r['id']}\t{r['status']}\t{r['text']}")


@main.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("args", nargs=-1)
@click.option("--text", help="Rank for this text instead of a stored need.")
@click.option("--place", help="Where (id or name, any level from village to province).")
@click.option("--category", multiple=True, help="Category id (repeatable).")
@click.option("--limit", default=10, show_default=True, type=int)
@click.option("--technology", help="Reverse view: open needs and villages for this technology.")
@click.option("--note", default="", help="Why (accept/reject).")
@click.option("--by", "by", default="", help="Who decided (accept/reject).")
@click.option("--transfer", is_flag=True, help="On accept, also record a transfer.")
@click.option("--via", multiple=True, help="Clinic/agency carrying the transfer (repeatable).")
@click.option("--year", type=int, help="Year of the transfer (default: this year).")
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", help="Language of reasons.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def match(ctx: click.Context, args: tuple[str, ...], **opts: Any) -> None:
    """Rank technologies for a need, record decisions, or look from a technology.

    \b
      ttgraph match NEED_ID
      ttgraph match --text "น้ำไม่พอใช้ในหน้าแล้ง" --place ขอนแก่น --json
      ttgraph match accept NEED_ID TECH_ID [--transfer --via CLINIC --year 2025]
      ttgraph match reject NEED_ID TECH_ID --note "มีแล้ว"
      ttgraph match --technology TECH_ID
    """
    from ttgraph.matching import decide, match_need, needs_for_technology

    store = open_store(ctx)
    if args and args[0] in ("accept", "reject"):
        if len(args) != 3:
            raise UsageError(f"usage: ttgraph match {args[0]} NEED_ID TECH_ID [--note ...]")
        if opts["transfer"] and not opts["via"]:
            raise UsageError("--transfer needs --via CLINIC (who carries it)")
        out = decide(
            store,
            args[1],
            args[2],
            args[0] == "accept",
            by=opts["by"],
            note=opts["note"],
            transfer_via=list(opts["via"]) if opts["transfer"] else None,
            year=opts["year"],
        )
        if opts["as_json"]:
            echo_json(out)
        else:
            extra = f"; transfer {out['transfer']}" if out.get("transfer") else ""
            click.echo(
                f"{out['need']} {out['status']} {out['technology']} (need {out['need_status']}{extra})"
            )
        return
    if opts["technology"]:
        if args or opts["text"]:
            raise UsageError("--technology takes no NEED_ID or --text")
        view = needs_for_technology(store, opts["technology"], limit=opts["limit"])
        _print_reverse(view, opts["as_json"])
        return
    if len(args) > 1:
        raise UsageError("give one NEED_ID, or --text; see 'ttgraph match --help'")
    if not args and opts["text"] is None:
        raise UsageError('give a NEED_ID or --text "..."')
    result = match_need(
        store,
        args[0] if args else None,
        text=opts["text"],
        place=opts["place"],
        category=list(opts["category"]),
        limit=opts["limit"],
    )
    if opts["as_json"]:
        echo_json(result.as_dict())
    else:
        _print_result(result.as_dict(), opts["lang"])


def _print_result(data: dict[str, Any], lang: str) -> None:
    need = data["need"]
    head = need["text"] if not need["id"] else f"{need['text']}  [{need['id']}]"
    click.echo(head)
    if need["place"]:
        click.echo(
            f"  place: {need['place']['name']} ({need['place']['kind']} {need['place']['id']})"
        )
    if need["expanded"]:
        click.echo(f"  + {', '.join(need['expanded'])}")
    if not data["results"]:
        click.echo("(no technology matches)", err=True)
    for i, r in enumerate(data["results"], 1):
        click.echo(f"{i:>2}. {r['score']:.3f}  {r['title']}  [{r['id']}]")
        parts = [f"{k} {v:.2f} ({r['shares'][k]:.0%})" for k, v in r["components"].items()]
        click.echo("      " + " · ".join(parts))
        for reason in r["reasons"]:
            click.echo(f"      - {reason[lang]}")
        for d in r["deliverers"]:
            bits = [d["role"]]
            if d["serves"]:
                bits.append(f"serves this {d['serves']}")
            if d["distance_km"] is not None:
                bits.append(f"{d['distance_km']:.0f} km")
            click.echo(f"      > {d['name']} [{d['id']}] ({', '.join(bits)})")


def _print_reverse(view: dict[str, Any], as_json: bool) -> None:
    if as_json:
        echo_json(view)
        return
    click.echo(f"{view['technology']['title']}  [{view['technology']['id']}]")
    click.echo("open needs:")
    for n in view["needs"]:
        click.echo(f"  {n['score']:.3f}  {n['text']}  [{n['id']}]")
    if not view["needs"]:
        click.echo("  (none)")
    click.echo("villages:")
    for v in view["villages"]:
        click.echo(f"  {v['score']:.3f}  {v['name']} ({v['occupation']})  [{v['id']}]")
    if not view["villages"]:
        click.echo("  (none)")
