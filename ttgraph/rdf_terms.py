"""RDF terms small enough to stream: IRIs, literals and their N-Triples spelling.

The exporter produces millions of terms; rdflib's term classes validate and normalise on
creation, which costs more than the whole N-Triples line.  These two tiny types are all the
streaming writer needs, and :func:`to_rdflib` converts them when a format needs rdflib.

>>> nt(Lit('กล่าวว่า "ดี"\\nจบ', lang="th"))
'"กล่าวว่า \\\\"ดี\\\\"\\\\nจบ"@th'
>>> entity_iri("https://ttgraph.example.org/id/", "village", "บ้าน 1")
'https://ttgraph.example.org/id/village/%E0%B8%9A%E0%B9%89%E0%B8%B2%E0%B8%99%201'
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any, NamedTuple
from urllib.parse import quote, unquote

from ttgraph.errors import UsageError

DEFAULT_BASE = "https://ttgraph.example.org/id/"
"""Placeholder base for entity IRIs; a deployment sets its own with ``--base-uri``."""

VOCAB = "https://ttgraph.example.org/vocab#"
"""The ttgraph vocabulary namespace (fixed, so exports of different deployments join)."""

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES: dict[str, str] = {
    "tt": VOCAB,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "schema": SCHEMA,
    "dcterms": DCT,
    "prov": PROV,
    "org": ORG,
    "foaf": FOAF,
    "geo": GEO,
}


class IRI(str):
    """An absolute IRI (a plain ``str`` underneath, so it is cheap)."""

    __slots__ = ()


class Lit(NamedTuple):
    """A literal: lexical form plus a language tag or a datatype IRI (never both)."""

    value: str
    lang: str | None = None
    datatype: str | None = None


class BNode(str):
    """A blank node label (only used for rdf:List-free structures we never need to join)."""

    __slots__ = ()


Term = IRI | Lit | BNode

_THAI = re.compile("[\u0e00-\u0e7f]")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_NEEDS_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f\ud800-\udfff]')
_BAD_IRI = re.compile('[\x00-\x20<>"{}|^`\\\\]')


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if "\ud800" <= ch <= "\udfff":  # a lone surrogate from bad JSON cannot be encoded
        return "\\uFFFD"
    return f"\\u{ord(ch):04X}"


def escape_literal(text: str) -> str:
    """The N-Triples/Turtle short-string escape of ``text`` (Thai stays as UTF-8)."""
    return _NEEDS_ESCAPE.sub(_escape_char, text)


def nt(term: Term) -> str:
    """The N-Triples spelling of one term."""
    if isinstance(term, Lit):
        body = '"' + escape_literal(term.value) + '"'
        if term.lang:
            return body + "@" + term.lang
        if term.datatype and term.datatype != XSD + "string":
            return body + "^^<" + term.datatype + ">"
        return body
    if isinstance(term, BNode):
        return "_:" + term
    return "<" + term + ">"


def is_thai(text: str) -> bool:
    """True when ``text`` contains Thai script (used to tag keyword lists @th)."""
    return bool(_THAI.search(text))


def check_base(base: str | None) -> str:
    """A usable base IRI: absolute, no spaces, ending in '/' or '#'."""
    base = (base or DEFAULT_BASE).strip()
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]+", base) or _BAD_IRI.search(base):
        raise UsageError(
            f"--base-uri {base!r} is not an absolute http(s) IRI without spaces; "
            f"use something like {DEFAULT_BASE}"
        )
    if not base.endswith(("/", "#")):
        base += "/"
    return base


def encode_id(node_id: str) -> str:
    """Percent-encode an id for use as one IRI path segment (stable, reversible)."""
    return quote(node_id, safe="")


def entity_iri(base: str, kind: str, node_id: str) -> str:
    """``<base><kind>/<id>`` with the id percent-encoded."""
    return f"{base}{kind}/{encode_id(node_id)}"


def split_entity_iri(base: str, iri: str) -> tuple[str, str] | None:
    """(kind, id) of an IRI minted by :func:`entity_iri` under ``base``, else None."""
    if not iri.startswith(base):
        return None
    kind, sep, rest = iri[len(base) :].partition("/")
    if not sep or not rest or "/" in rest:
        return None
    return kind, unquote(rest)


_NAME_ESCAPE = re.compile(r"_x([0-9A-F]{4,6})_")


def _name_char_ok(ch: str) -> bool:
    if ch.isascii():
        return ch.isalnum() or ch in "-."
    return unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) in ("Mn", "Mc")


def name_local(key: str) -> str:
    """A column name as a predicate local part valid in IRIs, Turtle and XML (reversible).

    Letters (Thai included), digits, '-', '.' and '_' stay; anything else becomes ``_xHHHH_``.

    >>> name_local("งบประมาณ ปี"), field_name(name_local("a b_x"))
    ('งบประมาณ_x0020_ปี', 'a b_x')
    """
    out = []
    for i, ch in enumerate(key):
        keep = _name_char_ok(ch) or (ch == "_" and key[i + 1 : i + 2] != "x")
        out.append(ch if keep else f"_x{ord(ch):04X}_")
    return "".join(out)


def field_name(local: str) -> str:
    """The column name a :func:`name_local` local part stands for."""
    return _NAME_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), local)


def decimal_lexical(value: float | int) -> str:
    """A valid xsd:decimal spelling (no exponent) of a number."""
    text = format(Decimal(repr(float(value))), "f")
    return text if "." in text else text + ".0"


def typed(value: Any) -> Lit:
    """A literal typed after the Python value: int, float, bool, else a plain string."""
    if isinstance(value, bool):
        return Lit("true" if value else "false", datatype=XSD + "boolean")
    if isinstance(value, int):
        return Lit(str(value), datatype=XSD + "integer")
    if isinstance(value, float):
        return Lit(decimal_lexical(value), datatype=XSD + "decimal")
    return Lit(str(value))


def to_rdflib(term: Term) -> Any:
    """The rdflib term for one of ours (imports rdflib lazily: streaming never needs it)."""
    from rdflib import BNode as RBNode
    from rdflib import Literal, URIRef

    if isinstance(term, Lit):
        if term.lang:
            return Literal(term.value, lang=term.lang)
        if term.datatype and term.datatype != XSD + "string":
            return Literal(term.value, datatype=URIRef(term.datatype), normalize=False)
        return Literal(term.value)
    if isinstance(term, BNode):
        return RBNode(term)
    return URIRef(term)
