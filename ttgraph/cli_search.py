"""``ttgraph search`` and ``ttgraph reindex``: the search box and its index, from the shell."""

from __future__ import annotations

import codecs
import html
import io
import json
import os
from collections.abc import Iterator
from typing import Any, BinaryIO

import click

from ttgraph.cli import main, open_store
from ttgraph.errors import UsageError
from ttgraph.importers import HEAD_BYTES, EncodingProblem, detect_encoding
from ttgraph.index import FACETS, current_dir, drift, reindex, update_index
from ttgraph.index import _state as index_state


def _facet_options(pairs: tuple[str, ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for pair in pairs:
        field, sep, value = pair.partition("=")
        if not sep or field not in FACETS or not value:
            raise UsageError(
                f"--facet takes FIELD=VALUE with FIELD one of {', '.join(FACETS)}; got {pair!r}"
            )
        out.setdefault(field, []).append(value)
    return out


def _catch_up(store: Any) -> None:
    """Apply store changes the index has not seen yet (an import without the search hook)."""
    path = current_dir(store.home)
    if path is not None and int(index_state(path).get("seq", 0)) < store.seq:
        from whoosh.index import LockError

        try:
            done = update_index(store, lock_timeout=2.0)
        except LockError:
            # Another process (an import, a reindex) is writing the index: answer from the
            # index as it stands rather than fail; that writer brings it up to date.
            click.echo("(index is being updated elsewhere; searching it as it is)", err=True)
            return
        click.echo(f"(index brought up to date: {done['updated']} updated)", err=True)


def batch_queries(stream: BinaryIO) -> Iterator[str]:
    """The lines of a batch file as queries.  A file's encoding is detected from its first
    bytes (as for imports: UTF-8 with or without BOM, UTF-16, TIS-620); a pipe, or a file whose
    encoding cannot be told, is read line by line, each as UTF-8 or else TIS-620.  A byte that
    does not decode becomes U+FFFD: the line is still a query (answered, like any text), so
    the output keeps one line per input line.  A binary or Excel file is a UsageError."""
    name = os.path.basename(str(getattr(stream, "name", "") or "")) or "the batch file"
    if stream.seekable():
        head = stream.read(HEAD_BYTES)
        stream.seek(0)
        try:
            encoding = detect_encoding(head, name=name) if head else "utf-8"
        except EncodingProblem:
            if head.startswith(b"PK\x03\x04") or head.count(0) > len(head) // 10:
                raise UsageError(
                    f"{name} is not text; --batch takes a text file (UTF-8, UTF-16 or "
                    "TIS-620) with one query per line"
                ) from None
            encoding = ""  # encodings mixed line by line: decoded as below
        if encoding:
            yield from (
                line.rstrip("\r\n") for line in io.TextIOWrapper(stream, encoding, "replace")
            )
            return
    for n, raw in enumerate(stream):
        if n == 0:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("cp874", errors="replace")
        yield line.rstrip("\r\n")


def _brief(result: dict[str, Any]) -> dict[str, Any]:
    keys = ("query", "total", "results", "facets", "did_you_mean")
    return {k: result[k] for k in keys if k in result}


@main.command("search")
@click.argument("query", required=False, default="")
@click.option("--kind", help="Only nodes of this kind (technology, agency, village, …).")
@click.option("--facet", "facet", multiple=True, help="Filter FIELD=VALUE, e.g. agency=สวทช.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(0, 1000))
@click.option("--offset", default=0, type=click.IntRange(0), help="Skip this many results.")
@click.option(
    "--sort",
    default="relevance",
    type=click.Choice(["relevance", "title", "year", "-year", "trl", "-trl"]),
)
@click.option(
    "--batch",
    type=click.File("rb"),
    help="Queries, one per line ('-': stdin), in any encoding agencies use (UTF-8, UTF-16, "
    "TIS-620); prints JSON lines.",
)
@click.option("--no-facets", is_flag=True, help="Skip facet counts (faster).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def search_cmd(
    ctx: click.Context,
    query: str,
    kind: str | None,
    facet: tuple[str, ...],
    limit: int,
    offset: int,
    sort: str,
    batch: Any,
    no_facets: bool,
    as_json: bool,
) -> None:
    """Search every kind of node from one box: Thai words, "phrases", field:value filters."""
    from ttgraph.search import Searcher

    store = open_store(ctx)
    _catch_up(store)
    opts = {
        "kind": kind,
        "facets": _facet_options(facet),
        "limit": limit,
        "offset": offset,
        "sort": sort,
        "with_facets": not no_facets,
    }
    with Searcher(store) as s:
        if batch is not None:
            for q in batch_queries(batch):
                click.echo(json.dumps(_brief(s.search(q, **opts)), ensure_ascii=False))
            return
        result = s.search(query, **opts)
    if as_json:
        click.echo(json.dumps(_brief(result), ensure_ascii=False))
        return
    _print(result, offset)


def _print(result: dict[str, Any], offset: int) -> None:
    total = result["total"]
    click.echo(f"{total} result{'s' if total != 1 else ''} for {result['query']!r}")
    for i, r in enumerate(result["results"], offset + 1):
        click.echo(
            f"{i:>3}. {click.style(r['title'], bold=True)}  [{r['kind']} {r['id']}]  {r['score']:.2f}"
        )
        if r["snippet"]:
            text = r["snippet"].replace("<b>", "[").replace("</b>", "]")
            click.echo(f"     {html.unescape(text)}")
    for field, counts in result.get("facets", {}).items():
        if counts:
            top = ", ".join(f"{v} {n}" for v, n in list(counts.items())[:8])
            click.echo(f"  {field}: {top}")
    if result.get("did_you_mean"):
        click.echo(f"Did you mean: {result['did_you_mean']}")


@main.command("reindex")
@click.option("--check", is_flag=True, help="Only compare store and index; exit 1 if they differ.")
@click.option("--procs", type=click.IntRange(1, 16), help="Writer processes (default: up to 2).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def reindex_cmd(ctx: click.Context, check: bool, procs: int | None, as_json: bool) -> None:
    """Rebuild the search index from the store (the old one serves until the new one is ready)."""
    store = open_store(ctx)
    if check:
        report = drift(store)
        if as_json:
            click.echo(json.dumps(report, ensure_ascii=False))
        elif report["ok"]:
            click.echo(f"index in step with the store ({report['index_docs']} documents)")
        else:
            click.echo(
                f"index differs from the store: {report.get('missing_count', 0)} missing, "
                f"{report.get('extra_count', 0)} extra, {report.get('unseen_changes', 0)} unseen "
                f"changes{', dictionary stale' if report.get('dictionary_stale') else ''}"
                f"{'; ' + report['reason'] if 'reason' in report else ''}; run 'ttgraph reindex'"
            )
        ctx.exit(0 if report["ok"] else 1)
    done = reindex(store, procs=procs)
    if as_json:
        click.echo(json.dumps(done, ensure_ascii=False))
        return
    rate = done["docs"] / done["seconds"] if done["seconds"] else 0
    click.echo(f"indexed {done['docs']} nodes in {done['seconds']:.1f}s ({rate:,.0f}/s)")
