"""Small server-rendered SVG pictures: a node's neighbourhood, bar charts, a map point.

No JavaScript and no remote tiles: each picture is a few kilobytes of markup, every text escaped,
colours set by class so the stylesheet (and the CSP, which forbids inline styles) stays in charge.
"""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup, escape

# Thailand's bounding box, with a small margin (degrees).
LAT_MIN, LAT_MAX = 5.4, 20.6
LON_MIN, LON_MAX = 97.2, 105.8


def _short(text: str, n: int = 18) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def neighbourhood(
    center: dict[str, str], groups: list[dict[str, Any]], href: Any, limit: int = 14
) -> Markup:
    """A radial picture: the node in the middle, up to ``limit`` neighbours around it."""
    items: list[tuple[dict[str, str], str, str]] = []
    per_group = max(1, limit // max(1, len(groups)))
    for group in groups:
        for node in group["nodes"][:per_group]:
            items.append((node, group["edge"], group["direction"]))
    for group in groups:  # fill the remaining places
        for node in group["nodes"][per_group:]:
            if len(items) >= limit:
                break
            items.append((node, group["edge"], group["direction"]))
    items = items[:limit]
    w, h, rx, ry = 640, 360, 170, 135
    cx, cy = w / 2, h / 2
    out = [
        f'<svg class="graph" viewBox="0 0 {w} {h}" role="img" xmlns="http://www.w3.org/2000/svg"'
        f' aria-label="{escape(center["label"])}">'
    ]
    nodes_svg = []
    for n, (node, edge, direction) in enumerate(items):
        angle = 2 * math.pi * n / max(1, len(items)) - math.pi / 2
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        out.append(
            f'<line class="edge edge-{direction}" x1="{cx:.0f}" y1="{cy:.0f}"'
            f' x2="{x:.0f}" y2="{y:.0f}"><title>{escape(edge)}</title></line>'
        )
        anchor = "start" if math.cos(angle) > 0.3 else "end" if math.cos(angle) < -0.3 else "middle"
        dx = 10 if anchor == "start" else -10 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else (18 if math.sin(angle) > 0 else -10)
        nodes_svg.append(
            f'<a href="{escape(href(node["id"]))}"><circle class="k-{escape(node["kind"])}"'
            f' cx="{x:.0f}" cy="{y:.0f}" r="7"><title>{escape(node["label"])}</title></circle>'
            f'<text x="{x + dx:.0f}" y="{y + dy:.0f}" text-anchor="{anchor}">'
            f"{escape(_short(node['label'], 16))}</text></a>"
        )
    out += nodes_svg
    out.append(
        f'<circle class="center k-{escape(center["kind"])}" cx="{cx:.0f}" cy="{cy:.0f}" r="12"/>'
        f'<text class="center-label" x="{cx:.0f}" y="{cy + 30:.0f}" text-anchor="middle">'
        f"{escape(_short(center['label'], 28))}</text></svg>"
    )
    return Markup("".join(out))


def bar_chart(items: list[tuple[str, int]], label: str = "") -> Markup:
    """Horizontal bars, one per (label, value), values written at the end of each bar."""
    if not items:
        return Markup("")
    top = max(v for _, v in items) or 1
    row, w, text_w = 26, 560, 190
    h = row * len(items) + 8
    out = [
        f'<svg class="chart" viewBox="0 0 {w} {h}" role="img" xmlns="http://www.w3.org/2000/svg"'
        f' aria-label="{escape(label)}">'
    ]
    for n, (name, value) in enumerate(items):
        y = 4 + n * row
        bar = (w - text_w - 50) * value / top
        out.append(
            f'<text x="{text_w - 8}" y="{y + 16}" text-anchor="end">{escape(_short(name, 24))}</text>'
            f'<rect class="bar" x="{text_w}" y="{y + 3}" width="{max(bar, 2):.0f}" height="{row - 8}">'
            f"<title>{escape(name)}: {value}</title></rect>"
            f'<text class="value" x="{text_w + bar + 6:.0f}" y="{y + 16}">{value}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def _xy(lat: float, lon: float, w: float, h: float) -> tuple[float, float]:
    x = (lon - LON_MIN) / (LON_MAX - LON_MIN) * w
    y = (LAT_MAX - lat) / (LAT_MAX - LAT_MIN) * h
    return x, y


def map_point(lat: float, lon: float, dots: list[tuple[float, float]], label: str = "") -> Markup:
    """Thailand drawn as dots (the places with known coordinates) and this node as a red point."""
    w, h = 200, 350
    out = [
        f'<svg class="map" viewBox="0 0 {w} {h}" role="img" xmlns="http://www.w3.org/2000/svg"'
        f' aria-label="{escape(label)}"><rect class="sea" width="{w}" height="{h}"/>'
    ]
    for dlat, dlon in dots:
        x, y = _xy(dlat, dlon, w, h)
        out.append(f'<circle class="land" cx="{x:.1f}" cy="{y:.1f}" r="2.6"/>')
    x, y = _xy(lat, lon, w, h)
    out.append(
        f'<circle class="here" cx="{x:.1f}" cy="{y:.1f}" r="6"><title>{escape(label)}'
        f" ({lat:.4f}, {lon:.4f})</title></circle></svg>"
    )
    return Markup("".join(out))


def land_dots(rows: list[tuple[float, float]], cell: float = 0.3) -> list[tuple[float, float]]:
    """Thin many coordinates to one dot per grid cell, so the map stays a few kilobytes."""
    seen: set[tuple[int, int]] = set()
    out = []
    for lat, lon in rows:
        if not (LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX):
            continue
        key = (int(lat / cell), int(lon / cell))
        if key not in seen:
            seen.add(key)
            out.append(((key[0] + 0.5) * cell, (key[1] + 0.5) * cell))
    return out
