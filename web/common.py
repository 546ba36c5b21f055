"""What every blueprint needs: the store, the signed-in user, access checks, JSON answers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import abort, current_app, g, jsonify, redirect, request, session, url_for
from werkzeug.wrappers import Response

from ttgraph.store import Store
from ttgraph.users import User, get_user


def store() -> Store:
    """The store of the app's home (opened once; one SQLite connection per thread)."""
    return current_app.extensions["ttgraph_store"]


def current_user() -> User | None:
    """The signed-in user of this request, if any (session cookie or HTTP Basic for the API)."""
    if "user" not in g:
        name = session.get("user")
        g.user = get_user(store(), name) if name else None
    return g.user


def is_api() -> bool:
    return request.path.startswith("/api/") or request.path == "/api"


def ok(data: dict[str, Any], status: int = 200) -> Response:
    """A JSON answer in the API's envelope: {"ok": true, ...}."""
    response = jsonify({"ok": True, **data})
    response.status_code = status
    return response


def fail(message: str, status: int = 400, **extra: Any) -> Response:
    """A JSON error in the API's envelope: {"ok": false, "error": ...}."""
    response = jsonify({"ok": False, "error": message, "status": status, **extra})
    response.status_code = status
    return response


def login_required(role: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Views that write: a signed-in user (with ``role`` agency means agency or admin)."""

    def wrap(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def inner(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                if is_api():
                    abort(401)
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if role == "agency" and not user.can_import:
                abort(403)
            if role == "admin" and user.role != "admin":
                abort(403)
            return view(*args, **kwargs)

        return inner

    return wrap


def int_arg(name: str, default: int, lo: int = 1, hi: int = 10_000) -> int:
    """A bounded integer query parameter; junk falls back to the default."""
    try:
        value = int(request.args.get(name, default))
    except (TypeError, ValueError):
        return default
    return max(lo, min(hi, value))


def safe_next(target: str | None) -> str:
    """Only same-site paths after sign-in (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("home.index")


def memo(name: str, fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(store, *args)``, remembered until the store changes (home counts, dashboards).

    These summaries scan many rows but only change with an import or a decision, so every
    request after the first is served from memory.
    """
    cache = current_app.extensions.get("ttgraph_page_cache")
    if cache is None or not cache.size:
        return fn(store(), *args)
    key = (name, store().seq, *args)
    value = cache.get(key)
    if value is None:
        value = fn(store(), *args)
        cache.put(key, value)
    return value
