"""Signing in and out (session cookie; passwords checked by ttgraph.users).

Failed sign-ins are counted per user name and per client address in the store (so all threads
and ``serve --workers`` processes share them, see ttgraph.users.try_sign_in); past the limit,
attempts are refused with 429 until the window has passed, whatever the password.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any, NoReturn

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from ttgraph.web.common import fail, is_api, safe_next, store
from ttgraph.web.i18n import t

from ttgraph import users
from ttgraph.users import User

bp = Blueprint("auth", __name__)

#: Thailand keeps one offset all year (no daylight saving), so a fixed zone is exact.
THAI_TIME = _dt.timezone(_dt.timedelta(hours=7), "ICT")


def _limits() -> dict[str, Any]:
    config = current_app.config
    per_address = config.get("LOGIN_MAX_ADDRESS_FAILURES")
    return {
        "max_failures": int(config.get("LOGIN_MAX_FAILURES", users.MAX_FAILURES)),
        "max_address_failures": None if per_address is None else int(per_address),
        "window": float(config.get("LOGIN_WINDOW", users.WINDOW)),
    }


def throttled_message(wait: int) -> str:
    """'try again after 14:05 (in about 15 minutes)' in the interface language, Thai time."""
    until = _dt.datetime.fromtimestamp(users.clock() + wait, THAI_TIME)
    return t(
        "too_many_sign_ins", time=until.strftime("%H:%M"), minutes=max(1, math.ceil(wait / 60))
    )


def _refuse(wait: int) -> NoReturn:
    """Stop the request with 429: JSON under /api, the error page otherwise."""
    message = throttled_message(wait)
    if is_api():
        response = fail(message, 429, retry_after=wait)
    else:
        html = render_template("error.html", status=429, title=t("error_429"), detail=message)
        response = current_app.make_response((html, 429))
    response.headers["Retry-After"] = str(wait)
    abort(response)


def check_sign_in(name: str, password: str) -> User | None:
    """The user if the password is right, else None; stops the request with 429 while the name
    or the client address is throttled.  The sign-in form and the API's Basic credentials
    both come through here."""
    user, wait = users.try_sign_in(store(), name, password, request.remote_addr, **_limits())
    if wait:
        _refuse(wait)
    return user


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    error = ""
    if request.method == "POST":
        name = request.form.get("name", "")[:64]
        user = check_sign_in(name, request.form.get("password", "")[:1024])
        if user is not None:
            session.clear()
            session["user"] = user.name
            session.permanent = True
            return redirect(safe_next(request.form.get("next")))
        error = t("bad_login")
    status = 401 if error else 200
    return render_template("login.html", error=error, next=request.values.get("next", "")), status


@bp.post("/logout")
def logout() -> Any:
    session.clear()
    flash(t("sign_out"))
    return redirect(url_for("home.index"))
