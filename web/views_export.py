"""Export: the whole graph as RDF in each format, and where to query it (SPARQL, vocabulary)."""

from __future__ import annotations

import tempfile
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, stream_with_context
from ttgraph.web.common import store

bp = Blueprint("export", __name__)

#: format -> (file extension, media type)
FORMATS = {
    "turtle": ("ttl", "text/turtle"),
    "nt": ("nt", "application/n-triples"),
    "nq": ("nq", "application/n-quads"),
    "trig": ("trig", "application/trig"),
    "jsonld": ("jsonld", "application/ld+json"),
    "xml": ("rdf", "application/rdf+xml"),
}


def _rdf() -> Any:
    try:
        from ttgraph import rdf
    except ImportError:
        return None
    return rdf if hasattr(rdf, "export") else None


def export_info() -> dict[str, Any]:
    linked = bool(current_app.config.get("LINKED_DATA"))
    return {
        "available": _rdf() is not None,
        "formats": [
            {"format": f, "extension": ext, "media_type": mt, "url": f"/export/{f}"}
            for f, (ext, mt) in FORMATS.items()
        ],
        "sparql": "/sparql" if linked else None,
        "vocab": "/vocab" if linked else None,
    }


@bp.get("/export")
def index() -> Any:
    return render_template("export.html", info=export_info())


@bp.get("/export/<fmt>")
def download(fmt: str) -> Any:
    if fmt not in FORMATS:
        abort(404)
    rdf = _rdf()
    if rdf is None:
        abort(404)
    ext, media = FORMATS[fmt]
    chunks = _export_chunks(rdf, fmt)
    response = Response(stream_with_context(chunks), mimetype=media)
    response.headers["Content-Disposition"] = f'attachment; filename="ttgraph.{ext}"'
    return response


def _export_chunks(rdf: Any, fmt: str) -> Any:
    """Write the export to a spooled temporary file (memory up to 8 MB, then disk), then stream
    it out in pieces, so a large graph does not sit in memory as one string."""
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024, mode="w+", encoding="utf-8") as fh:
        rdf.export(store(), fh, fmt, base=current_app.config.get("BASE_URI") or rdf.DEFAULT_BASE)
        fh.seek(0)
        while chunk := fh.read(64 * 1024):
            yield chunk
