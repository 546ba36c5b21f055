"""Uploads for the import flow: keep the file, dry-run it, then run it for real on confirmation.

An upload is kept under ``<home>/uploads/<token>/`` with a small ticket (who, which importer,
when) so only the person who checked a file can confirm it, and only for an hour.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
import unicodedata
from pathlib import Path
from typing import Any

from ttgraph.web.searching import sync_index

from ttgraph.errors import NotFound, TTGraphError
from ttgraph.store import Store

TICKET_TTL = 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _plugins() -> Any:
    """A fresh plugin manager (built-ins, installed packages, $TTGRAPH_PLUGINS_DIR files)."""
    from ttgraph.pluginmanager import get_plugin_manager

    return get_plugin_manager()


def importers() -> list[dict[str, Any]]:
    """name, title, formats and origin of every importer the plugin manager knows."""
    return [entry.info() for entry in _plugins().importers().values()]


def safe_filename(name: str) -> str:
    """Keep letters (Thai too), digits, dot, dash and underscore; never a path.

    >>> safe_filename("../../etc/เทคโนโลยี สวทช.csv")
    'เทคโนโลยี_สวทช.csv'
    """
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w.\-\u0e00-\u0e7f]+", "_", name).strip("._")
    return name[:120] or "upload"


def uploads_dir(store: Store) -> Path:
    path = store.home / "uploads"
    path.mkdir(exist_ok=True)
    return path


def keep_upload(
    store: Store, filename: str, stream: Any, importer: str | None, user: str
) -> tuple[str, Path]:
    """Save an uploaded file with its ticket; returns (token, path)."""
    _expire(store)
    token = secrets.token_hex(16)
    folder = uploads_dir(store) / token
    folder.mkdir()
    path = folder / safe_filename(filename)
    stream.save(path)
    ticket = {"user": user, "importer": importer or "", "file": path.name, "at": time.time()}
    (folder / "ticket.json").write_text(json.dumps(ticket, ensure_ascii=False), encoding="utf-8")
    return token, path


def ticket(store: Store, token: str, user: str) -> tuple[dict[str, Any], Path]:
    """The checked upload for ``token``, if it is this user's and not expired."""
    if not _TOKEN.match(token or ""):
        raise NotFound("no such upload; please upload the file again")
    folder = uploads_dir(store) / token
    try:
        info = json.loads((folder / "ticket.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NotFound("no such upload; please upload the file again") from None
    if info.get("user") != user or time.time() - info.get("at", 0) > TICKET_TTL:
        raise NotFound("this upload has expired or belongs to someone else; upload it again")
    return info, folder / info["file"]


def set_importer(store: Store, token: str, importer: str) -> None:
    path = uploads_dir(store) / token / "ticket.json"
    info = json.loads(path.read_text(encoding="utf-8"))
    info["importer"] = importer
    path.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")


def discard(store: Store, token: str) -> None:
    if _TOKEN.match(token or ""):
        shutil.rmtree(uploads_dir(store) / token, ignore_errors=True)


def _expire(store: Store) -> None:
    for folder in uploads_dir(store).iterdir():
        try:
            if time.time() - folder.stat().st_mtime > TICKET_TTL:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def run(
    store: Store, path: Path, importer: str | None, *, dry_run: bool, user: str
) -> dict[str, Any]:
    """Run (or dry-run) an import of ``path``; the report dict, with the importer used and, for a
    real import, the id of the stored report."""
    pm = _plugins()
    if not importer:
        found = pm.detect(path)
        if not found:
            names = ", ".join(pm.importers())
            raise TTGraphError(
                f"{path.name}: no importer recognises this file; pick one of {names}"
            )
        importer = found[0]
    from ttgraph.importing import run_import

    report = run_import(store, importer, path, dry_run=dry_run, user=user, pm=pm)
    if not dry_run and report.changed_ids:
        sync_index(store)
    out = report.as_dict() if hasattr(report, "as_dict") else dict(report)
    out["importer"] = importer
    if not dry_run and out.get("status") in ("ok", "partial"):
        latest = store.imports(1)
        if latest and latest[0]["source"] == out.get("source"):
            out["import_id"] = latest[0]["id"]
    return out
