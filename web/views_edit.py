"""Editing a record in the browser (agency staff and admins): /node/<id>/edit, and the
PUT/PATCH /api/nodes/<id> twin.  The rules live in ttgraph.web.editdesk."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from ttgraph.web import editdesk
from ttgraph.web.common import current_user, fail, login_required, ok, store
from ttgraph.web.editdesk import LONG_TEXT, VERSION_FIELD, EditRefused, FieldError
from ttgraph.web.i18n import current, field_label, kind_label, node_label, t, value_label

from ttgraph.model import KINDS, Field, Kind, Node

bp = Blueprint("edit", __name__)


@bp.app_template_global()
def can_edit(kind: str) -> bool:
    """Whether the signed-in user may edit a record of ``kind`` (for the node page's link)."""
    user = current_user()
    return bool(user and user.can_import and editable(kind))


def editable(kind: str) -> bool:
    return editdesk.editable(kind)


def _kinds_text(kinds: Any) -> str:
    names = [kind_label(k) for k in (kinds if isinstance(kinds, (list, tuple)) else [kinds])]
    return f" {t('or')} ".join(names)


def error_text(error: FieldError, kind: str) -> str:
    """A field error in the interface language (the model's own words where we have none)."""
    if not error.key:
        return error.message
    params = dict(error.params)
    if "kinds" in params:
        params["kinds"] = _kinds_text(params["kinds"])
    if "found" in params:
        params["found"] = kind_label(params["found"])
    if error.key == "err_unknown_field":
        params["kind"] = kind_label(kind)
    return t(error.key, **params)


def _widget(f: Field) -> str:
    if f.choices:
        return "select"
    if f.type == "bool":
        return "bool"
    if f.many:
        return "list"
    if f.type in ("int", "float"):
        return "number"
    if f.type == "date":
        return "date"
    return "textarea" if f.name in LONG_TEXT else "text"


def _hint(f: Field) -> str:
    parts = []
    if f.ref:
        parts.append(t("hint_ids", kinds=_kinds_text(f.ref)))
    if f.many:
        parts.append(t("hint_list"))
    if f.minimum is not None and f.maximum is not None:
        parts.append(t("hint_range", lo=f"{f.minimum:g}", hi=f"{f.maximum:g}"))
    elif f.minimum is not None:
        parts.append(t("hint_min", lo=f"{f.minimum:g}"))
    if f.type == "date":
        parts.append(t("hint_date"))
    if current() == "en" and f.doc:
        parts.append(f.doc)
    return " · ".join(dict.fromkeys(parts))


def form_fields(
    node: Node, spec: Kind, values: dict[str, str], errors: list[FieldError]
) -> list[dict[str, Any]]:
    """What the template draws for each field: widget, value, hint, error, current links."""
    by_field: dict[str, str] = {}
    for e in errors:
        by_field.setdefault(e.field, error_text(e, node.kind))
    linked = {f.name: _as_list(node.data.get(f.name)) for f in spec.refs}
    ids = {i for values in linked.values() for i in values}
    labels = {i: n.label or i for i, n in store().get_many(ids).items()}
    out = []
    for f in spec.fields:
        out.append(
            {
                "name": f.name,
                "label": field_label(f.name),
                "widget": _widget(f),
                "value": values.get(f.name, editdesk.form_value(f, node.data.get(f.name))),
                "required": f.required,
                "hint": _hint(f),
                "error": by_field.get(f.name, ""),
                "choices": [(c, _choice_label(c)) for c in f.choices],
                "refs": [(i, labels.get(i, i)) for i in linked.get(f.name, [])],
                "min": f.minimum,
                "max": f.maximum,
                "step": "1" if f.type == "int" else "any",
            }
        )
    return out


def _as_list(value: Any) -> list[str]:
    if value in (None, "", []):
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _choice_label(value: str) -> str:
    key = f"choice_{value}"
    text = t(key)
    return value_label(value) if text == key else text


def _load(node_id: str) -> tuple[Node, Kind]:
    node = store().require(node_id)
    if not editable(node.kind):
        abort(403, t("edit_read_only", kind=kind_label(node.kind)))
    return node, KINDS[node.kind]


def _page(
    node: Node,
    spec: Kind,
    values: dict[str, str],
    errors: list[FieldError],
    status: int,
    version: str | None = None,
) -> Any:
    general = [error_text(e, node.kind) for e in errors if spec.field(e.field) is None]
    return (
        render_template(
            "edit.html",
            node=node,
            title=node_label(node.kind, node.data, node.id),
            kind_name=kind_label(node.kind),
            fields=form_fields(node, spec, values, errors),
            version=version or node.updated,
            version_field=VERSION_FIELD,
            errors=errors,
            general=general,
            status=status,
        ),
        status,
    )


@bp.route("/node/<path:node_id>/edit", methods=["GET", "POST"])
@login_required("agency")
def form(node_id: str) -> Any:
    node, spec = _load(node_id)
    if request.method == "GET":
        return _page(node, spec, {}, [], 200)
    submitted = {f.name: str(request.form.get(f.name, "")) for f in spec.fields}
    try:
        result = editdesk.save(
            store(),
            node_id,
            editdesk.parse_form(spec, request.form),
            current_user().name,
            replace=False,
            version=request.form.get(VERSION_FIELD),
        )
    except EditRefused as exc:
        if exc.status == 403:
            abort(403, t("edit_read_only", kind=kind_label(node.kind)))
        if exc.status == 409:
            conflict = FieldError("", exc.message, "edit_conflict")
            return _page(store().require(node_id), spec, submitted, [conflict], 409)
        return _page(node, spec, submitted, exc.errors, 400, request.form.get(VERSION_FIELD))
    flash(t("edit_saved") if result["outcome"] == "updated" else t("edit_unchanged"))
    return redirect(url_for("entities.show", node_id=node_id))


def api_save(node_id: str) -> Any:
    """PUT replaces the record's fields, PATCH changes the ones given (see docs/web.md)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return fail("send the fields as a JSON object", 400)
    body = dict(body)
    version = body.pop(VERSION_FIELD, None)
    try:
        result = editdesk.save(
            store(),
            node_id,
            body,
            current_user().name,
            replace=request.method == "PUT",
            version=str(version) if version is not None else None,
        )
    except EditRefused as exc:
        if exc.status == 403:
            return fail(t("edit_read_only", kind=kind_label(store().require(node_id).kind)), 403)
        if exc.status == 409:
            return fail(exc.message, 409)
        return fail(exc.message, 400, errors=editdesk.error_dict(exc.errors))
    return ok(
        {
            "outcome": result["outcome"],
            "changed": result["changed"],
            "node": result["node"].as_dict(),
        }
    )
