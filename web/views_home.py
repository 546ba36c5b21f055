"""The home page: one search box, what the graph holds, the latest transfers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from ttgraph.web.common import memo
from ttgraph.web.queries import home_summary

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> Any:
    return render_template("home.html", **memo("home", home_summary))
