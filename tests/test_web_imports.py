"""The import flow: agency staff upload, read the dry-run report, confirm; limits and access."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from ttgraph.web.app import create_app
from ttgraph.web.testing import NATIVE_UPLOAD, copy_sample, csrf_token, sign_in

from ttgraph.store import Store


@pytest.fixture
def app(tmp_path_factory: pytest.TempPathFactory, tmp_path) -> Flask:
    home = copy_sample(tmp_path_factory.getbasetemp(), tmp_path / "home")
    return create_app({"TTGRAPH_HOME": str(home), "TESTING": True, "MAX_CONTENT_LENGTH": 64 * 1024})


@pytest.fixture
def agency(app: Flask) -> FlaskClient:
    client = app.test_client()
    sign_in(client, "agency1")
    return client


def upload(
    client: FlaskClient,
    name: str = "เทคโนโลยีใหม่.jsonl",
    body: bytes | None = None,
    importer: str = "",
):
    token = csrf_token(client.get("/imports").get_data(as_text=True))
    data = {
        "csrf_token": token,
        "importer": importer,
        "file": (io.BytesIO(NATIVE_UPLOAD.encode() if body is None else body), name),
    }
    return client.post("/imports/check", data=data, content_type="multipart/form-data")


def test_import_needs_an_agency_account(app: Flask) -> None:
    client = app.test_client()
    response = client.get("/imports")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    sign_in(client, "somsri")  # staff, not agency
    response = client.get("/imports")
    assert response.status_code == 403
    assert "เฉพาะเจ้าหน้าที่หน่วยงาน" in response.get_data(as_text=True)


def test_import_page_lists_importers(agency: FlaskClient) -> None:
    html = agency.get("/imports").get_data(as_text=True)
    assert '<option value="native">' in html
    assert 'enctype="multipart/form-data"' in html


def test_dry_run_then_confirm(app: Flask, agency: FlaskClient) -> None:
    store = Store.open(app.config["TTGRAPH_HOME"])
    response = upload(agency)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ผลการตรวจสอบ (ยังไม่บันทึก)" in html
    assert "no-such-agency" in html  # the row problem, with its line
    assert re.search(r"<tr class=\"sev-error\"><td>2</td>", html)
    assert store.get("t-upload-1") is None  # nothing written by the dry run
    token = re.search(r'name="token" value="([0-9a-f]{32})"', html).group(1)
    response = agency.post(
        "/imports/confirm", data={"token": token, "csrf_token": csrf_token(html)}
    )
    assert response.status_code == 302
    assert re.fullmatch(r"/imports/\d+", response.headers["Location"])
    assert store.get("t-upload-1").data["title"] == "เครื่องคัดแยกเมล็ดกาแฟ"
    report = agency.get(response.headers["Location"]).get_data(as_text=True)
    assert "agency1" in report and "no-such-agency" in report
    assert "เทคโนโลยีใหม่.jsonl" in agency.get("/imports").get_data(as_text=True)
    found = agency.get("/search", query_string={"q": "คัดแยกเมล็ดกาแฟ"}).get_data(as_text=True)
    assert 'href="/node/t-upload-1"' in found  # the search index caught up
    again = agency.post("/imports/confirm", data={"token": token, "csrf_token": csrf_token(html)})
    assert again.status_code == 404  # a ticket is used once


def test_only_the_uploader_can_confirm(app: Flask, agency: FlaskClient) -> None:
    html = upload(agency).get_data(as_text=True)
    token = re.search(r'name="token" value="([0-9a-f]{32})"', html).group(1)
    other = app.test_client()
    from ttgraph.users import add_user

    add_user(Store.open(app.config["TTGRAPH_HOME"]), "agency2", "รหัสผ่านอีกคน1", role="agency")
    sign_in(other, "agency2", "รหัสผ่านอีกคน1")
    page = other.get("/imports").get_data(as_text=True)
    response = other.post("/imports/confirm", data={"token": token, "csrf_token": csrf_token(page)})
    assert response.status_code == 404
    response = other.post(
        "/imports/confirm", data={"token": "../../etc", "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 404


def test_upload_type_and_size_limits(agency: FlaskClient) -> None:
    response = upload(agency, name="virus.exe", body=b"MZ")
    assert response.status_code == 400 and "virus.exe" in response.get_data(as_text=True)
    response = upload(agency, body=b"x" * (70 * 1024))
    assert response.status_code == 413
    assert "ไฟล์ใหญ่เกินกำหนด" in response.get_data(as_text=True)
    response = upload(agency, importer="no-such-importer")
    assert response.status_code == 400


def test_unreadable_upload_is_reported_not_crashed(agency: FlaskClient) -> None:
    response = upload(agency, name="ว่าง.jsonl", body=b"{not json\n")
    assert response.status_code in (200, 400)
    assert "Traceback" not in response.get_data(as_text=True)


def test_unknown_import_report_is_404(agency: FlaskClient) -> None:
    assert agency.get("/imports/999999").status_code == 404
