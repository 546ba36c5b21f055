"""SPARQL results as the W3C formats (JSON, XML, CSV, TSV) and as a table for people.

>>> from ttgraph.rdf_sparql import QueryResult
>>> r = QueryResult("select", ["n"], [[{"type": "literal", "value": "เชียงใหม่", "xml:lang": "th"}]])
>>> to_csv(r).splitlines()
['n', 'เชียงใหม่']
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from ttgraph.rdf_sparql import QueryResult
from ttgraph.rdf_terms import escape_literal

MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "table": "text/plain",
    "nt": "application/n-triples",
}


def to_json(r: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (CONSTRUCT results: a JSON list of N-Triples lines)."""
    if r.type == "ask":
        return json.dumps({"head": {}, "boolean": r.boolean})
    if r.type == "graph":
        return json.dumps({"triples": r.triples, "truncated": r.truncated}, ensure_ascii=False)
    bindings = [{v: t for v, t in zip(r.vars, row, strict=True) if t is not None} for row in r.rows]
    body = {"head": {"vars": r.vars}, "results": {"bindings": bindings}}
    return json.dumps(body, ensure_ascii=False)


def to_xml(r: QueryResult) -> str:
    """SPARQL Query Results XML."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]  # fmt: skip
    for v in r.vars:
        out.append(f"<variable name={quoteattr(v)}/>")
    out.append("</head>")
    if r.type == "ask":
        out.append(f"<boolean>{'true' if r.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in r.rows:
            out.append("<result>")
            for v, t in zip(r.vars, row, strict=True):
                if t is None:
                    continue
                if t["type"] == "uri":
                    inner = f"<uri>{escape(t['value'])}</uri>"
                elif t["type"] == "bnode":
                    inner = f"<bnode>{escape(t['value'])}</bnode>"
                else:
                    attr = ""
                    if "xml:lang" in t:
                        attr = f" xml:lang={quoteattr(t['xml:lang'])}"
                    elif "datatype" in t:
                        attr = f" datatype={quoteattr(t['datatype'])}"
                    inner = f"<literal{attr}>{escape(_xml_safe(t['value']))}</literal>"
                out.append(f"<binding name={quoteattr(v)}>{inner}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most control characters; show them as U+FFFD."""
    return "".join(c if c >= " " or c in "\t\n\r" else "\ufffd" for c in text)


def _plain(t: dict[str, str] | None) -> str:
    if t is None:
        return ""
    return "_:" + t["value"] if t["type"] == "bnode" else t["value"]


def to_csv(r: QueryResult) -> str:
    """SPARQL 1.1 CSV: values only (no language tags or datatypes)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if r.type == "ask":
        w.writerow(["boolean"])
        w.writerow(["true" if r.boolean else "false"])
        return buf.getvalue()
    w.writerow(r.vars)
    for row in r.rows:
        w.writerow([_plain(t) for t in row])
    return buf.getvalue()


def _nt_term(t: dict[str, str] | None) -> str:
    if t is None:
        return ""
    if t["type"] == "uri":
        return f"<{t['value']}>"
    if t["type"] == "bnode":
        return "_:" + t["value"]
    body = '"' + escape_literal(t["value"]) + '"'
    if "xml:lang" in t:
        return body + "@" + t["xml:lang"]
    if "datatype" in t:
        return body + f"^^<{t['datatype']}>"
    return body


def to_tsv(r: QueryResult) -> str:
    """SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax."""
    if r.type == "ask":
        return f"?boolean\n{'true' if r.boolean else 'false'}\n"
    lines = ["\t".join("?" + v for v in r.vars)]
    lines += ["\t".join(_nt_term(t) for t in row) for row in r.rows]
    return "\n".join(lines) + "\n"


def to_table(r: QueryResult, width: int = 60) -> str:
    """An aligned text table for the terminal (long values are cut with …)."""
    if r.type == "ask":
        return "true\n" if r.boolean else "false\n"
    if r.type == "graph":
        return "\n".join(r.triples) + "\n"
    cells = [[_plain(t).replace("\n", " ") for t in row] for row in r.rows]
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(r.vars)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r.vars, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    lines.append(f"({len(r.rows)} row{'s' if len(r.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def render(r: QueryResult, fmt: str) -> str:
    """The result in ``fmt`` (json, xml, csv, tsv, table); CONSTRUCT results as N-Triples."""
    if r.type == "graph" and fmt not in ("json",):
        return "\n".join(r.triples) + ("\n" if r.triples else "")
    return {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv, "table": to_table}[fmt](r)
