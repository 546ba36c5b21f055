"""The matching desk: a need in the community's words and a place in, ranked technologies with
reasons and deliverers out; signed-in staff save the need and accept or reject proposals."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from ttgraph.web import matchdesk
from ttgraph.web.common import current_user, login_required, memo, store
from ttgraph.web.i18n import t
from ttgraph.web.queries import provinces, villages

bp = Blueprint("match", __name__)

MAX_NEED = 2000


def desk_params(values: Any) -> dict[str, str]:
    return {
        "text": values.get("text", "")[:MAX_NEED].strip(),
        "province": values.get("province", "")[:20],
        "village": values.get("village", "")[:100],
    }


def _place(params: dict[str, str]) -> str | None:
    return params["village"] or params["province"] or None


@bp.get("/match")
def desk() -> Any:
    params = desk_params(request.args)
    result = None
    if params["text"]:
        result = matchdesk.match(store(), text=params["text"], place=_place(params))
    return render_template(
        "match.html",
        params=params,
        result=result,
        provinces=provinces(store()),
        villages=villages(store(), params["province"]),
    )


@bp.post("/match/needs")
@login_required()
def save_need() -> Any:
    params = desk_params(request.form)
    if not params["text"]:
        abort(400, t("empty_need"))
    need_id = matchdesk.save_need(
        store(), params["text"], _place(params), params["village"] or None, current_user().name
    )
    flash(t("need_saved"))
    return redirect(url_for("match.need", need_id=need_id))


@bp.get("/match/needs/<path:need_id>")
def need(need_id: str) -> Any:
    node = store().require(need_id)
    if node.kind != "need":
        abort(404)
    result = matchdesk.match(store(), need_id=need_id)
    return render_template(
        "need.html", need=node, result=result, decisions=matchdesk.decisions(store(), need_id)
    )


@bp.post("/match/needs/<path:need_id>/decide")
@login_required()
def decide(need_id: str) -> Any:
    decision = request.form.get("decision", "")
    tech = request.form.get("technology", "")
    if decision not in ("accept", "reject") or not tech:
        abort(400)
    note = request.form.get("note", "")[:500]
    via = request.form.get("via", "")[:100]
    matchdesk.decide(store(), need_id, tech, decision, note, current_user().name, via)
    flash(t("decision_saved"))
    return redirect(url_for("match.need", need_id=need_id))


@bp.get("/match/technologies/<path:tech_id>")
def technology(tech_id: str) -> Any:
    """The reverse view: open needs a technology could answer."""
    node = store().require(tech_id)
    if node.kind != "technology":
        abort(404)
    needs = memo("needs_for", matchdesk.needs_for, tech_id, 10)
    return render_template("tech_needs.html", tech=node, needs=needs)
