"""The JSON-LD context: short, field-named keys for ttgraph's RDF.

Keys are the field and edge names people already know from the native JSON Lines format
(``title``, ``title_en``, ``developed_by``), so a JSON-LD export reads like the records that
went in.  Generated from :mod:`ttgraph.rdf_vocab`; the shipped copy is
``ttgraph/data/vocab/context.jsonld`` (a test keeps the two equal).
"""

from __future__ import annotations

from typing import Any

from ttgraph.model import EDGE_KINDS, KINDS
from ttgraph.rdf_terms import OWL, PREFIXES, PROV, SKOS
from ttgraph.rdf_vocab import KIND_CLASSES, LINK_ATTRS, edge_predicate, field_predicate

_XSD_OF = {"int": "integer", "float": "decimal", "bool": "boolean", "date": "date"}


def _compact(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def context() -> dict[str, Any]:
    """The context object (the value of ``@context``)."""
    ctx: dict[str, Any] = dict(PREFIXES)
    for cls, _extra, _th in KIND_CLASSES.values():
        ctx[cls] = "tt:" + cls
    ctx["Link"] = "tt:Link"
    for kind, spec in KINDS.items():
        for f in spec.fields:
            if f.ref:
                continue
            pred, lang = field_predicate(kind, f.name)
            term = f.name
            if pred == SKOS + "prefLabel":
                term = "pref_label" + ("_en" if lang == "en" else "")
            if term in ctx:
                continue
            entry: dict[str, Any] = {"@id": _compact(pred)}
            if lang and not f.many:
                entry["@language"] = lang
            elif f.type in _XSD_OF and not f.many:
                entry["@type"] = "xsd:" + _XSD_OF[f.type]
            elif f.name == "url":
                entry["@type"] = "xsd:anyURI"
            ctx[term] = entry
    ctx["pref_label"] = {"@id": "skos:prefLabel", "@language": "th"}
    ctx["pref_label_en"] = {"@id": "skos:prefLabel", "@language": "en"}
    for edge in EDGE_KINDS:
        ctx[edge] = {"@id": _compact(edge_predicate(edge)), "@type": "@id"}
    ids = {
        "same_as_confirmed": OWL + "sameAs",
        "narrower": SKOS + "narrower",
        "related": SKOS + "related",
        "in_scheme": SKOS + "inScheme",
        "top_concept_of": SKOS + "topConceptOf",
        "was_derived_from": PROV + "wasDerivedFrom",
        "was_generated_by": PROV + "wasGeneratedBy",
        "used": PROV + "used",
    }
    for term, iri in ids.items():
        ctx[term] = {"@id": _compact(iri), "@type": "@id"}
    ctx["identifier"] = {"@id": "dcterms:identifier"}
    ctx["label"] = {"@id": "rdfs:label"}
    ctx["created"] = {"@id": "dcterms:created", "@type": "xsd:dateTime"}
    ctx["modified"] = {"@id": "dcterms:modified", "@type": "xsd:dateTime"}
    for key, local in LINK_ATTRS.items():
        ctx.setdefault("link_" + key, {"@id": "tt:" + local})
    return ctx


def context_document() -> dict[str, Any]:
    """The publishable document: ``{"@context": ...}``."""
    return {"@context": context()}
