"""Editing one record from the browser or the API, under the same rules as an import.

Values are normalised like imported text (``clean_text``), checked field by field against the
model (so every wrong field is reported at once, not only the first), references must name an
active node of an allowed kind, and the write is one transaction: the node (importer ``web``,
``edited_by`` the user), the edges its reference fields imply, and an entry in the import log
naming the user and the fields changed.  The search index follows after the commit.

The record keeps its source, so a later import of the catalogue it came from still owns it
(and replaces the edit, as that catalogue is the agency's own copy).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ttgraph.web.searching import sync_index

from ttgraph.errors import TTGraphError, ValidationError
from ttgraph.ingest import ImportReport, Problem, clean_text
from ttgraph.model import KINDS, Field, Kind, Node, ref_edges, validate_node
from ttgraph.store import Store, now

EDITOR = "web"
#: Official reference data (DOPA codes, the six regions): corrected in the shipped files only.
READ_ONLY_KINDS = frozenset({"region", "provincial_group", "province", "district", "subdistrict"})
#: Form fields that are not record fields.
VERSION_FIELD = "_updated"
LONG_TEXT = frozenset(
    {"description", "description_en", "benefits", "requirements", "text", "constraints", "note"}
)


@dataclass
class FieldError:
    """One wrong field: the model's message, and an interface message key with its values."""

    field: str
    message: str
    key: str = ""
    params: dict[str, Any] = field(default_factory=dict)


class EditRefused(TTGraphError):
    """Nothing was saved: ``errors`` says which fields to correct (status 400), or the record
    changed meanwhile (409) or may not be edited here (403)."""

    def __init__(self, message: str, errors: list[FieldError] | None = None, status: int = 400):
        super().__init__(message)
        self.errors = errors or []
        self.status = status


def editable(kind: str) -> bool:
    return kind in KINDS and kind not in READ_ONLY_KINDS


def form_value(f: Field, value: Any) -> str:
    """A stored value as the form shows it (lists one per line)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def parse_form(spec: Kind, form: Any) -> dict[str, Any]:
    """The record fields of a submitted form: lists split on new lines and ';'."""
    values: dict[str, Any] = {}
    for f in spec.fields:
        if f.name not in form:
            continue
        raw = str(form.get(f.name, "")).strip()
        if f.many:
            values[f.name] = [p.strip() for p in raw.replace(";", "\n").splitlines() if p.strip()]
        else:
            values[f.name] = raw
    return values


def _split_lists(spec: Kind, values: dict[str, Any]) -> dict[str, Any]:
    """API bodies may give a list field as one string; split it like the form does."""
    out = dict(values)
    for name, value in values.items():
        f = spec.field(name)
        if f is not None and f.many and isinstance(value, str):
            out[name] = [p.strip() for p in value.replace(";", "\n").splitlines() if p.strip()]
    return out


def _number(value: Any, whole: bool) -> bool:
    """Can ``value`` be read as a (whole) number the way the model reads it?"""
    try:
        number = float(str(value).strip().replace(",", ""))
    except ValueError:
        return False
    return number.is_integer() if whole else True


def _classify(f: Field, value: Any, exc: ValidationError) -> FieldError:
    """The model's complaint about one field, with a message key the interface can translate."""
    if f.choices:
        return FieldError(f.name, exc.message, "err_choice")
    if f.type == "date":
        return FieldError(f.name, exc.message, "err_date")
    if f.type == "bool":
        return FieldError(f.name, exc.message, "err_bool")
    if f.type in ("int", "float") and not f.many:
        if not _number(value, f.type == "int") or isinstance(value, bool):
            key = "err_whole_number" if f.type == "int" else "err_number"
            return FieldError(f.name, exc.message, key)
        lo, hi = f.minimum, f.maximum
        if lo is not None and hi is not None:
            return FieldError(f.name, exc.message, "err_range", {"lo": f"{lo:g}", "hi": f"{hi:g}"})
        if lo is not None:
            return FieldError(f.name, exc.message, "err_min", {"lo": f"{lo:g}"})
        if hi is not None:
            return FieldError(f.name, exc.message, "err_max", {"hi": f"{hi:g}"})
    return FieldError(f.name, exc.message)


def check_fields(store: Store, spec: Kind, data: dict[str, Any]) -> list[FieldError]:
    """Every problem with the record fields of ``data`` (which holds the whole new record)."""
    errors: list[FieldError] = []
    for f in spec.fields:
        value = data.get(f.name)
        if value in (None, "", []):
            if f.required:
                message = f"{spec.name} is missing required field {f.name!r}"
                errors.append(FieldError(f.name, message, "err_required"))
            continue
        try:
            validate_node(spec.name, {f.name: value})
        except ValidationError as exc:
            if exc.field == f.name:
                errors.append(_classify(f, value, exc))
    bad = {e.field for e in errors}
    targets = {t for fld, _, t in ref_edges(spec.name, _refs_only(spec, data)) if fld not in bad}
    found = _active_kinds(store, targets)
    for f in spec.refs:
        if f.name in bad or data.get(f.name) in (None, "", []):
            continue
        value = data[f.name]
        for target in value if isinstance(value, list) else [value]:
            target, kinds = str(target), "/".join(f.ref)
            if target not in found:
                message = (
                    f"{f.name} refers to {target!r}, which is not in the graph; "
                    f"use the id of a {kinds}"
                )
                params = {"id": target, "kinds": f.ref}
                errors.append(FieldError(f.name, message, "err_ref_missing", params))
                break
            if found[target] not in f.ref:
                message = f"{f.name} must name a {kinds}, but {target!r} is a {found[target]}"
                params = {"id": target, "kinds": f.ref, "found": found[target]}
                errors.append(FieldError(f.name, message, "err_ref_kind", params))
                break
    return errors


def _refs_only(spec: Kind, data: dict[str, Any]) -> dict[str, Any]:
    return {f.name: data[f.name] for f in spec.refs if isinstance(data.get(f.name), (str, list))}


def _active_kinds(store: Store, ids: set[str]) -> dict[str, str]:
    ids_list = sorted(ids)
    out: dict[str, str] = {}
    for i in range(0, len(ids_list), 500):
        chunk = ids_list[i : i + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT id, kind FROM nodes WHERE status='active' AND id IN ({marks})"
        out.update(store.conn.execute(sql, chunk))
    return out


def save(
    store: Store,
    node_id: str,
    values: dict[str, Any],
    user: str,
    *,
    replace: bool = True,
    version: str | None = None,
) -> dict[str, Any]:
    """Write new field values for ``node_id``; returns ``{"outcome", "changed", "node"}``.

    ``replace`` takes ``values`` as all of the record's fields (a form, PUT: a field left out
    is emptied); otherwise only the fields given change (PATCH).  Extra columns an importer
    kept are left alone either way.  ``version`` is the ``updated`` stamp the editor saw.
    """
    node = store.require(node_id)
    spec = KINDS.get(node.kind)
    if spec is None or not editable(node.kind):
        raise EditRefused(f"{node.kind} records are reference data and read-only here", status=403)
    values = dict(values)
    errors = [
        FieldError(key, f"a {node.kind} has no field {key!r}", "err_unknown_field")
        for key in values
        if key not in ("id", "kind") and spec.field(key) is None
    ]
    for key in ("id", "kind"):
        if key in values and str(values.pop(key)) != getattr(node, key):
            errors.append(FieldError(key, f"{key} cannot be changed here ({getattr(node, key)})"))
    if errors:
        raise EditRefused("unknown or fixed fields", errors)
    values = {k: clean_text(v) for k, v in _split_lists(spec, values).items()}
    data = {k: v for k, v in node.data.items() if not (replace and spec.field(k))}
    data.update(values)
    data = {k: v for k, v in data.items() if v not in (None, "", [])}
    errors = check_fields(store, spec, data)
    if errors:
        raise EditRefused("; ".join(e.message for e in errors), errors)
    clean = validate_node(node.kind, data)
    clean.pop("edited_by", None)
    before = {k: v for k, v in node.data.items() if k != "edited_by"}
    changed = sorted(k for k in clean.keys() | before.keys() if clean.get(k) != before.get(k))
    if not changed:
        return {"outcome": "unchanged", "changed": [], "node": node}
    clean["edited_by"] = user
    with store.transaction():
        current = store.require(node_id)
        if version is not None and version != current.updated:
            raise EditRefused("the record changed after the form was opened", status=409)
        started = now()
        store.put_node(
            Node(node_id, node.kind, clean, current.source, current.source_id, EDITOR,
                 current.created, status=current.status)
        )  # fmt: skip
        edges = ref_edges(node.kind, clean)
        kinds = store.kinds_of({node_id, *(t for _, _, t in edges)})
        store.replace_field_edges(
            node_id, edges, origin=current.source, importer=EDITOR, kinds=kinds
        )
        report = ImportReport(EDITOR, f"{EDITOR}:{node_id}", read=1, updated=1)
        report.problems.append(
            Problem(f"{user} changed {', '.join(changed)}", record_id=node_id, severity="info")
        )
        store.record_import(EDITOR, report.source, started, "ok", report.as_dict(), user)
    sync_index(store)
    return {"outcome": "updated", "changed": changed, "node": store.require(node_id)}


def error_dict(errors: list[FieldError]) -> dict[str, str]:
    """field -> the model's message (the API's ``errors``)."""
    out: dict[str, str] = {}
    for e in errors:
        out.setdefault(e.field, e.message)
    return out
