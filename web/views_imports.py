"""Import (agency staff and admins): upload, pick or detect the importer, read the dry-run report
with its row problems, confirm; and the list of past imports with their reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from ttgraph.web import importdesk
from ttgraph.web.common import current_user, login_required, store
from ttgraph.web.i18n import t

bp = Blueprint("imports", __name__)


def check_upload() -> tuple[str, dict[str, Any]]:
    """Keep the uploaded file and dry-run it; (token, report). Refuses wrong types early."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        abort(400, t("bad_upload"))
    if Path(upload.filename).suffix.lower() not in current_app.config["UPLOAD_EXTENSIONS"]:
        allowed = ", ".join(current_app.config["UPLOAD_EXTENSIONS"])
        abort(400, f"{t('bad_upload')}: {upload.filename} ({allowed})")
    importer = request.form.get("importer") or None
    names = {i["name"] for i in importdesk.importers()}
    if importer and importer not in names:
        abort(400, f"{t('bad_upload')}: importer {importer}")
    user = current_user().name
    token, path = importdesk.keep_upload(store(), upload.filename, upload, importer, user)
    try:
        report = importdesk.run(store(), path, importer, dry_run=True, user=user)
    except Exception:
        importdesk.discard(store(), token)
        raise
    importdesk.set_importer(store(), token, report["importer"])
    return token, report


def confirm_upload(token: str) -> dict[str, Any]:
    user = current_user().name
    info, path = importdesk.ticket(store(), token, user)
    try:
        return importdesk.run(store(), path, info["importer"] or None, dry_run=False, user=user)
    finally:
        importdesk.discard(store(), token)


@bp.get("/imports")
@login_required("agency")
def index() -> Any:
    return render_template(
        "imports.html",
        importers=importdesk.importers(),
        past=store().imports(50),
    )


@bp.post("/imports/check")
@login_required("agency")
def check() -> Any:
    token, report = check_upload()
    return render_template("import_check.html", token=token, report=report)


@bp.post("/imports/confirm")
@login_required("agency")
def confirm() -> Any:
    report = confirm_upload(request.form.get("token", ""))
    flash(t("import_done"))
    if report.get("import_id"):
        return redirect(url_for("imports.show", import_id=report["import_id"]))
    return render_template("import_check.html", token="", report=report)


def find_import(import_id: int) -> dict[str, Any]:
    for item in store().imports(100000):
        if item["id"] == import_id:
            return item
    abort(404)


@bp.get("/imports/<int:import_id>")
@login_required("agency")
def show(import_id: int) -> Any:
    return render_template("import_report.html", item=find_import(import_id))
