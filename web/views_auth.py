"""Signing in and out (session cookie; passwords checked by ttgraph.users)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from ttgraph.web.common import safe_next, store
from ttgraph.web.i18n import t

from ttgraph.users import authenticate

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    error = ""
    if request.method == "POST":
        name = request.form.get("name", "")[:64]
        user = authenticate(store(), name, request.form.get("password", "")[:1024])
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
