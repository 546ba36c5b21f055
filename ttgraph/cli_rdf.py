"""``ttgraph export`` and ``ttgraph sparql``: the graph as RDF, and read-only SPARQL over it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ttgraph.cli import main, open_store
from ttgraph.errors import UsageError
from ttgraph.rdf_terms import DEFAULT_BASE

FORMAT_NAMES = ("turtle", "nt", "nq", "trig", "jsonld", "xml")


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default=None,
              help="RDF serialization (default: from the -o extension, else turtle).")  # fmt: skip
@click.option("--kind", "kinds", multiple=True, help="Only nodes of this kind (repeatable).")
@click.option("--agency", help="Only this agency, its sub-agencies, technologies and transfers.")
@click.option("--province", help="Only this province (DOPA code) and what is located in it.")
@click.option(
    "--with-provenance", is_flag=True, help="Add sources, import runs and times (PROV-O)."
)
@click.option("--base-uri", default=DEFAULT_BASE, show_default=True, envvar="TTGRAPH_BASE_URI",
              help="Base of entity IRIs: <base><kind>/<id>.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")  # fmt: skip
@click.pass_context
def export_cmd(
    ctx: click.Context,
    fmt: str | None,
    kinds: tuple[str, ...],
    agency: str | None,
    province: str | None,
    with_provenance: bool,
    base_uri: str,
    output: Path | None,
) -> None:
    """Export the graph (or a subset) as RDF; N-Triples and N-Quads are streamed."""
    from ttgraph.rdf import FORMATS, export
    from ttgraph.rdf_select import Selection

    if fmt is None:
        by_ext = {ext: name for name, (_r, ext, _m) in FORMATS.items()}
        fmt = by_ext.get(output.suffix.lower(), "turtle") if output else "turtle"
    store = open_store(ctx)
    sel = Selection(list(kinds), agency, province)
    if output is None:
        n = export(store, sys.stdout, fmt, base=base_uri, selection=sel, provenance=with_provenance)
    else:
        tmp = output.with_name(output.name + ".part")
        try:
            with tmp.open("w", encoding="utf-8", newline="\n") as fh:
                n = export(store, fh, fmt, base=base_uri, selection=sel,
                           provenance=with_provenance)  # fmt: skip
            tmp.replace(output)
        except OSError as exc:  # the message names the file asked for, not the .part beside it
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
        finally:
            tmp.unlink(missing_ok=True)
        click.echo(f"wrote {n:,} statements ({fmt}) to {output}", err=True)


def _query_text(path: Path) -> str:
    """A query file's text: UTF-8 as SPARQL asks, or the encoding its bytes show (TIS-620)."""
    from ttgraph.importers import EncodingProblem, file_encoding

    try:
        return path.read_text(encoding=file_encoding(path), errors="replace")
    except EncodingProblem:
        raise UsageError(f"{path.name} is not a text file holding a SPARQL query") from None


@main.command("sparql")
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "xml"]),
              default="table", show_default=True, help="Result format.")  # fmt: skip
@click.option("--timeout", type=float, default=10.0, show_default=True,
              help="Stop the query after this many seconds.")  # fmt: skip
@click.option("--limit", type=int, default=10_000, show_default=True,
              help="Return at most this many rows.")  # fmt: skip
@click.option("--base-uri", default=DEFAULT_BASE, show_default=True, envvar="TTGRAPH_BASE_URI",
              help="Base of entity IRIs.")  # fmt: skip
@click.pass_context
def sparql_cmd(
    ctx: click.Context, query: str, fmt: str, timeout: float, limit: int, base_uri: str
) -> None:
    """Run a read-only SPARQL query (QUERY is the text, or a file holding it).

    Prefixes tt:, schema:, skos:, dcterms:, prov:, org:, foaf:, geo:, rdfs:, xsd: are predeclared.
    """
    from ttgraph.rdf_results import render
    from ttgraph.rdf_sparql import run_query

    path = Path(query)
    if "{" not in query and len(query) < 4096 and path.is_file():
        query = _query_text(path)
    elif "{" not in query and query.endswith((".rq", ".sparql")):
        raise UsageError(f"query file {query} not found")
    result = run_query(open_store(ctx), query, timeout=timeout, limit=limit, base=base_uri)
    click.echo(render(result, fmt), nl=False)
    if result.truncated:
        click.echo(f"(stopped at --limit {limit} rows)", err=True)
