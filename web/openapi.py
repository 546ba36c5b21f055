"""A compact OpenAPI 3.1 description of the JSON API (served at /api/openapi.json)."""

from __future__ import annotations

import functools
from typing import Any

_Q = {"in": "query", "schema": {"type": "string"}}
_PATH_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
_ENVELOPE = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}, "error": {"type": "string"}},
    "required": ["ok"],
}


def _op(
    summary: str,
    params: list[dict[str, Any]] | None = None,
    *,
    auth: bool = False,
    body: dict[str, Any] | None = None,
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": _ENVELOPE}}},
            "400": {"description": "bad input: {ok: false, error}"},
            "404": {"description": "not found: {ok: false, error}"},
        },
    }
    if params:
        op["parameters"] = params
    if auth:
        op["security"] = [{"basic": []}, {"session": []}]
        op["responses"]["401"] = {"description": "sign-in needed"}
        op["responses"]["403"] = {"description": "role not allowed"}
        op["responses"]["429"] = {
            "description": "too many failed sign-ins for this name or address: "
            "{ok: false, error, retry_after} and a Retry-After header (seconds)"
        }
    if body:
        op["requestBody"] = {"content": body}
    return op


def _edit_op(summary: str) -> dict[str, Any]:
    """PUT/PATCH /api/nodes/{id}: agency or admin; the same validation as an import."""
    op = _op(
        f"{summary}. Agency or admin role; reference data (regions, provincial groups, "
        "provinces, districts, subdistricts) is read-only. Lists may be JSON arrays or one "
        "string split on ';'; references are node ids. Optional _updated: the record's "
        "updated stamp as you read it (a later change answers 409).",
        [_PATH_ID],
        auth=True,
        body={
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": "field -> value, as in the native record format",
                    "properties": {"_updated": {"type": "string"}},
                    "additionalProperties": True,
                },
                "example": {"title": "การแปรรูปกล้วยตาก", "trl": 8, "agency": ["nstda"]},
            }
        },
    )
    op["responses"]["200"]["description"] = "saved: {ok, outcome: updated|unchanged, changed, node}"
    op["responses"]["400"] = {
        "description": "nothing saved: {ok: false, error, errors: {field: message}}"
    }
    op["responses"]["403"] = {"description": "role not allowed, or a read-only kind"}
    op["responses"]["409"] = {"description": "the record changed since _updated"}
    return op


def _q(name: str, doc: str) -> dict[str, Any]:
    return {"name": name, "description": doc, **_Q}


@functools.cache
def spec() -> dict[str, Any]:
    json_body = lambda props: {  # noqa: E731
        "application/json": {"schema": {"type": "object", "properties": props}}
    }
    facets = [
        _q(f, f"filter on facet {f} (repeatable)")
        for f in ("kind", "agency", "province", "region", "category", "trl")
    ]
    return {
        "openapi": "3.1.0",
        "info": {"title": "ttgraph web API", "version": "1"},
        "components": {
            "securitySchemes": {
                "basic": {"type": "http", "scheme": "basic"},
                "session": {"type": "apiKey", "in": "header", "name": "X-CSRFToken"},
            }
        },
        "paths": {
            "/api/home": {"get": _op("Counts and recent transfers")},
            "/api/search": {
                "get": _op(
                    "Search every kind",
                    [
                        _q("q", "query text"),
                        *facets,
                        _q("sort", "relevance|title|year|trl"),
                        _q("page", "page number (1-)"),
                        _q("size", "results per page (1-100)"),
                    ],
                )
            },
            "/api/node/{id}": {
                "get": _op("A node: fields, provenance, links, position, dashboard", [_PATH_ID])
            },
            "/api/nodes/{id}": {
                "put": _edit_op("Replace a record's fields (a field left out is emptied)"),
                "patch": _edit_op("Change the fields given; the others stay as they are"),
            },
            "/api/places": {
                "get": _op("Provinces, and villages of ?province=", [_q("province", "province id")])
            },
            "/api/match": {
                "get": _op(
                    "Rank technologies for a need text",
                    [
                        _q("text", "the need"),
                        _q("province", "province id"),
                        _q("village", "village id"),
                        _q("limit", "1-50"),
                    ],
                )
            },
            "/api/needs": {
                "post": _op(
                    "Save a need",
                    auth=True,
                    body=json_body(
                        {
                            "text": {"type": "string"},
                            "province": {"type": "string"},
                            "village": {"type": "string"},
                        }
                    ),
                )
            },
            "/api/needs/{id}": {
                "get": _op("A saved need with its proposals and decisions", [_PATH_ID])
            },
            "/api/needs/{id}/decide": {
                "post": _op(
                    "Accept or reject a proposal",
                    [_PATH_ID],
                    auth=True,
                    body=json_body(
                        {
                            "technology": {"type": "string"},
                            "decision": {"enum": ["accept", "reject"]},
                            "note": {"type": "string"},
                        }
                    ),
                )
            },
            "/api/match/technologies/{id}": {
                "get": _op("Open needs a technology could answer (the reverse view)", [_PATH_ID])
            },
            "/api/imports": {
                "get": _op("Importers and past imports", auth=True),
                "post": _op(
                    "Upload a file and dry-run it (multipart: file, importer)",
                    auth=True,
                    body={
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "file": {"type": "string", "format": "binary"},
                                    "importer": {"type": "string"},
                                },
                            }
                        }
                    },
                ),
            },
            "/api/imports/confirm": {
                "post": _op(
                    "Run a checked upload for real",
                    auth=True,
                    body=json_body({"token": {"type": "string"}}),
                )
            },
            "/api/imports/{id}": {
                "get": _op(
                    "One past import and its report",
                    [{**_PATH_ID, "schema": {"type": "integer"}}],
                    auth=True,
                )
            },
            "/api/export": {"get": _op("RDF download formats and linked-data endpoints")},
            "/api/me": {"get": _op("The signed-in user, or null")},
        },
    }
