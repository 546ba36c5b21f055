"""A page for every node: fields, provenance, links by kind, a neighbourhood picture, a map
point, and for provinces and clinics a dashboard with charts."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from ttgraph.web import svg
from ttgraph.web.common import memo, store
from ttgraph.web.i18n import kind_label, node_label, t
from ttgraph.web.queries import dashboard, node_view

bp = Blueprint("entities", __name__)

RDF_TYPES = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml")


def entity_data(node_id: str) -> dict[str, Any]:
    """The page's data (also served at /api/node/<id>)."""
    view = node_view(store(), node_id)
    view["dashboard"] = memo("dashboard", dashboard, node_id, view["kind"])
    if current_app.config.get("LINKED_DATA"):
        view["rdf"] = f"/id/{view['kind']}/{node_id}"
    return view


def land_dots() -> list[tuple[float, float]]:
    """Dots drawing Thailand from every place with coordinates (cached until the store changes)."""
    seq = store().seq
    cache = current_app.extensions.setdefault("ttgraph_map", {})
    if cache.get("seq") != seq:
        rows = (
            store()
            .conn.execute(
                "SELECT json_extract(data,'$.lat'), json_extract(data,'$.lon') FROM nodes"
                " WHERE kind IN ('province','district','subdistrict','village')"
                " AND json_extract(data,'$.lat') IS NOT NULL"
            )
            .fetchall()
        )
        cache.update(
            seq=seq, dots=svg.land_dots([(float(a), float(b)) for a, b in rows if b is not None])
        )
    return cache["dots"]


@bp.get("/node/<path:node_id>")
def show(node_id: str) -> Any:
    view = entity_data(node_id)
    best = request.accept_mimetypes.best_match(("text/html", *RDF_TYPES))
    if view.get("rdf") and best in RDF_TYPES and best != "text/html":
        return redirect(view["rdf"], code=303)
    center = {
        "id": view["id"],
        "kind": view["kind"],
        "label": node_label(view["kind"], view["data"], view["id"]),
    }
    picture = svg.neighbourhood(
        center, view["links"], lambda i: url_for("entities.show", node_id=i)
    )
    pos = view["position"]
    map_svg = svg.map_point(pos["lat"], pos["lon"], land_dots(), center["label"]) if pos else None
    charts = {}
    dash = view["dashboard"]
    if dash:
        charts["needs"] = svg.bar_chart(
            [
                (c["label"] or t("uncategorised"), c["count"])
                for c in dash["open_needs_by_category"][:12]
            ],
            t("needs_by_category"),
        )
        charts["years"] = svg.bar_chart(
            [(str(y["year"]), y["count"]) for y in dash["transfers_by_year"][-12:]],
            t("transfers_by_year"),
        )
    return render_template(
        "node.html",
        v=view,
        picture=picture,
        map_svg=map_svg,
        charts=charts,
        kind_name=kind_label(view["kind"]),
    )
