"""The JSON API behind every page (``/api/...``); documented in docs/web.md and /api/openapi.json.

Every answer is ``{"ok": true, ...}`` or ``{"ok": false, "error": "..."}``.  Writes need a user:
HTTP Basic credentials (for scripts) or the browser session plus its CSRF token in ``X-CSRFToken``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, request
from flask_wtf.csrf import ValidationError as CSRFValidationError
from flask_wtf.csrf import validate_csrf
from ttgraph.web import importdesk, matchdesk
from ttgraph.web.common import current_user, login_required, memo, ok, store
from ttgraph.web.i18n import t
from ttgraph.web.openapi import spec
from ttgraph.web.queries import home_summary, provinces, villages
from ttgraph.web.views_auth import check_sign_in
from ttgraph.web.views_edit import api_save
from ttgraph.web.views_entities import entity_data
from ttgraph.web.views_export import export_info
from ttgraph.web.views_imports import check_upload, confirm_upload, find_import
from ttgraph.web.views_match import MAX_NEED, desk_params
from ttgraph.web.views_search import search_data, search_request

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
def _authenticate() -> None:
    """Basic credentials sign a script in for this request; a browser must send its CSRF token."""
    auth = request.authorization
    if auth is not None and auth.type == "basic":
        user = check_sign_in(auth.username or "", auth.password or "")  # throttled: 429
        if user is None:
            abort(401)
        g.user = user
        return
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and current_user() is not None:
        try:
            validate_csrf(request.headers.get("X-CSRFToken") or request.form.get("csrf_token"))
        except CSRFValidationError:
            abort(400, t("error_csrf"))


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if isinstance(data, dict):
        return data
    return request.form.to_dict()


@bp.get("")
@bp.get("/")
def index() -> Any:
    return ok({"endpoints": sorted(spec()["paths"]), "openapi": "/api/openapi.json"})


@bp.get("/openapi.json")
def openapi() -> Any:
    return spec()


@bp.get("/home")
def home() -> Any:
    return ok(memo("home", home_summary))


@bp.get("/search")
def search() -> Any:
    return ok(search_data(search_request()))


@bp.get("/node/<path:node_id>")
def node(node_id: str) -> Any:
    return ok(entity_data(node_id))


@bp.route("/nodes/<path:node_id>", methods=["PUT", "PATCH"])
@login_required("agency")
def edit_node(node_id: str) -> Any:
    """PUT replaces a record's fields, PATCH changes the ones given; same rules as an import."""
    return api_save(node_id)


@bp.get("/places")
def places() -> Any:
    province = request.args.get("province", "")[:20]
    return ok({"provinces": provinces(store()), "villages": villages(store(), province)})


@bp.get("/match")
def match() -> Any:
    params = desk_params(request.args)
    limit = max(1, min(50, request.args.get("limit", 10, type=int) or 10))
    result = matchdesk.match(
        store(),
        text=params["text"],
        place=params["village"] or params["province"] or None,
        limit=limit,
    )
    return ok(result)


@bp.post("/needs")
@login_required()
def add_need() -> Any:
    params = desk_params(_body())
    if not params["text"]:
        abort(400, t("empty_need"))
    params["text"] = params["text"][:MAX_NEED]
    need_id = matchdesk.save_need(
        store(),
        params["text"],
        params["village"] or params["province"] or None,
        params["village"] or None,
        current_user().name,
    )
    return ok({"id": need_id, "url": f"/match/needs/{need_id}"}, 201)


@bp.get("/needs/<path:need_id>")
def need(need_id: str) -> Any:
    node = store().require(need_id)
    if node.kind != "need":
        abort(404)
    result = matchdesk.match(store(), need_id=need_id)
    return ok({**result, "decisions": matchdesk.decisions(store(), need_id)})


@bp.post("/needs/<path:need_id>/decide")
@login_required()
def decide(need_id: str) -> Any:
    body = _body()
    decision, tech = str(body.get("decision", "")), str(body.get("technology", ""))
    if decision not in ("accept", "reject") or not tech:
        abort(400, "decision must be accept or reject, with a technology id")
    note, via = str(body.get("note", ""))[:500], str(body.get("via", ""))[:100]
    out = matchdesk.decide(store(), need_id, tech, decision, note, current_user().name, via)
    answer = {"need": need_id, "technology": tech, "decision": decision}
    if out.get("transfer"):
        answer["transfer"] = out["transfer"]
    return ok(answer)


@bp.get("/match/technologies/<path:tech_id>")
def technology_needs(tech_id: str) -> Any:
    node = store().require(tech_id)
    if node.kind != "technology":
        abort(404)
    return ok({"technology": tech_id, "needs": memo("needs_for", matchdesk.needs_for, tech_id, 10)})


@bp.get("/imports")
@login_required("agency")
def imports() -> Any:
    return ok({"importers": importdesk.importers(), "imports": store().imports(50)})


@bp.post("/imports")
@login_required("agency")
def check_import() -> Any:
    token, report = check_upload()
    return ok({"token": token, "report": report, "confirm": "/api/imports/confirm"})


@bp.post("/imports/confirm")
@login_required("agency")
def confirm_import() -> Any:
    return ok({"report": confirm_upload(str(_body().get("token", "")))})


@bp.get("/imports/<int:import_id>")
@login_required("agency")
def show_import(import_id: int) -> Any:
    return ok({"import": find_import(import_id)})


@bp.get("/export")
def export() -> Any:
    return ok(export_info())


@bp.get("/me")
def me() -> Any:
    user = current_user()
    return ok({"user": user.as_dict() if user else None})
