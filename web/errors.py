"""Errors as a page in the user's language (JSON under /api), never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from ttgraph.web.common import fail, is_api
from ttgraph.web.i18n import t
from werkzeug.exceptions import HTTPException

from ttgraph.errors import NoHome, NotFound, StoreLocked, TTGraphError

log = logging.getLogger("ttgraph.web")

_KNOWN = (400, 401, 403, 404, 405, 413, 500)


def render_error(status: int, detail: str = "") -> Any:
    """The error as JSON for the API, as a page for people."""
    if status == 401:
        title = t("need_sign_in")
    elif status in _KNOWN:
        title = t(f"error_{status}")
    else:
        title = t("error")
    if is_api():
        return fail(detail or title, status)
    return render_template("error.html", status=status, title=title, detail=detail), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError) -> Any:
        return render_error(400, t("error_csrf"))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Any:
        status = exc.code or 500
        detail = ""
        if status in (400, 403) and exc.description != type(exc).description:
            detail = exc.description or ""  # our own message, not werkzeug's stock English one
        if status == 403 and not detail:
            detail = t("need_agency")
        return render_error(status, detail)

    @app.errorhandler(TTGraphError)
    def _ttgraph(exc: TTGraphError) -> Any:
        if isinstance(exc, NotFound):
            return render_error(404, exc.message)
        if isinstance(exc, StoreLocked):
            return render_error(503, exc.message)
        if isinstance(exc, NoHome):
            return render_error(500, exc.message)
        return render_error(400, exc.message)

    @app.errorhandler(Exception)
    def _crash(exc: Exception) -> Any:
        log.exception("unhandled error")
        return render_error(500)
