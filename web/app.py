"""The Flask application factory: one app per call, one blueprint per concern.

>>> import tempfile
>>> from ttgraph.store import Store
>>> home = tempfile.mkdtemp(); _ = Store.create(home)
>>> app = create_app({"TTGRAPH_HOME": home, "TESTING": True})
>>> app.test_client().get("/").status_code
200
"""

from __future__ import annotations

import gzip
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flask import Flask, g, request
from flask_wtf.csrf import CSRFProtect
from ttgraph.web import errors, i18n
from ttgraph.web.common import current_user
from ttgraph.web.proxy import TrustedProxies, parse_trusted
from ttgraph.web.searching import ResultCache

from ttgraph.store import Store, resolve_home

#: Upload formats the importers read; anything else is refused before an importer sees it.
UPLOAD_EXTENSIONS = (".jsonl", ".json", ".ndjson", ".csv", ".tsv", ".txt", ".xlsx", ".html", ".htm")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def _secret_key(home: Path) -> str:
    """The home's session key: made once, kept in ``<home>/secret_key`` (owner-only)."""
    path = home / "secret_key"
    if path.is_file():
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            return key
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return key


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app for one ttgraph home (``TTGRAPH_HOME`` in ``config`` or the environment)."""
    app = Flask(__name__, static_folder="static", template_folder="templates")
    config = dict(config or {})
    home = resolve_home(config.get("TTGRAPH_HOME"))
    the_store = Store.open(home)
    app.config.update(
        TTGRAPH_HOME=str(home),
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
        UPLOAD_EXTENSIONS=UPLOAD_EXTENSIONS,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="ttgraph_session",
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        JSON_SORT_KEYS=False,
        SEARCH_PAGE_SIZE=20,
        SEARCH_CACHE_SIZE=1024,
    )
    app.config.update(config)
    _trust_proxies(app)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(home)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["ttgraph_store"] = the_store
    app.extensions["ttgraph_search_cache"] = ResultCache(int(app.config["SEARCH_CACHE_SIZE"]))
    app.extensions["ttgraph_page_cache"] = ResultCache(
        min(256, int(app.config["SEARCH_CACHE_SIZE"]))
    )

    csrf = CSRFProtect(app)
    i18n.init_app(app)
    errors.init_app(app)
    _register_blueprints(app, csrf)
    _security_headers(app)
    _compress(app)
    app.context_processor(lambda: {"user": current_user()})
    return app


def _trust_proxies(app: Flask) -> None:
    """Read ``TRUSTED_PROXIES`` (else ``$TTGRAPH_TRUSTED_PROXIES``) and wrap the WSGI app so the
    client address, scheme and host come from a trusted proxy's X-Forwarded-* headers.  The
    wrapper is installed even with no proxy trusted: it then drops those headers, so a client
    cannot pass a made-up address to the app under any WSGI server."""
    setting: str | Iterable[str] | None = app.config.get("TRUSTED_PROXIES")
    if setting is None:
        setting = os.environ.get("TTGRAPH_TRUSTED_PROXIES", "")
    trusted = parse_trusted(setting)
    app.config["TRUSTED_PROXIES"] = tuple(str(net) for net in trusted)
    app.wsgi_app = TrustedProxies(app.wsgi_app, trusted)  # type: ignore[method-assign]


def _register_blueprints(app: Flask, csrf: CSRFProtect) -> None:
    from ttgraph.web import (
        views_api,
        views_auth,
        views_edit,
        views_entities,
        views_export,
        views_home,
        views_imports,
        views_match,
        views_search,
    )

    for module in (
        views_home,
        views_search,
        views_entities,
        views_edit,
        views_match,
        views_imports,
        views_export,
        views_auth,
        views_api,
    ):
        app.register_blueprint(module.bp)
    csrf.exempt(views_api.bp)  # the API checks the token itself, or takes Basic credentials
    try:
        from ttgraph.web import linked_data
    except ImportError:
        app.config["LINKED_DATA"] = False
    else:
        app.register_blueprint(linked_data.bp)
        app.config["LINKED_DATA"] = True


def _security_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response: Any) -> Any:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        if getattr(g, "lang", None) and response.mimetype == "text/html":
            headers.setdefault("Content-Language", g.lang)
            headers.add("Vary", "Cookie")
        if request.path.startswith("/static/"):
            headers.setdefault("Cache-Control", "public, max-age=3600")
        return response


_COMPRESSIBLE = ("text/html", "text/css", "application/json", "text/javascript", "image/svg+xml")


def _compress(app: Flask) -> None:
    """gzip pages and JSON for slow links (a province page shrinks about eightfold)."""

    @app.after_request
    def _gzip(response: Any) -> Any:
        if (
            response.status_code < 200
            or response.is_streamed
            or response.direct_passthrough
            or "Content-Encoding" in response.headers
            or response.mimetype not in _COMPRESSIBLE
            or "gzip" not in request.headers.get("Accept-Encoding", "")
        ):
            return response
        body = response.get_data()
        if len(body) < 1024:
            return response
        response.set_data(gzip.compress(body, compresslevel=5))
        response.headers["Content-Encoding"] = "gzip"
        response.headers.add("Vary", "Accept-Encoding")
        return response
