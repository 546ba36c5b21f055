"""The JSON API: every route, its envelope, its errors, and how scripts sign in."""

from __future__ import annotations

import base64
import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from ttgraph.web.app import create_app
from ttgraph.web.testing import NATIVE_UPLOAD, PASSWORD, copy_sample, csrf_token, sign_in

from ttgraph.store import Store


@pytest.fixture
def app(tmp_path_factory: pytest.TempPathFactory, tmp_path) -> Flask:
    home = copy_sample(tmp_path_factory.getbasetemp(), tmp_path / "home")
    return create_app({"TTGRAPH_HOME": str(home), "TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def basic(name: str, password: str = PASSWORD) -> dict[str, str]:
    raw = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def test_index_and_openapi_list_every_route(app: Flask, client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = {p.replace("{id}", "<>") for p in spec["paths"]}
    routed = {
        re.sub(r"<[^>]+>", "<>", str(rule.rule))
        for rule in app.url_map.iter_rules()
        if str(rule.rule).startswith("/api/") and rule.endpoint not in ("api.openapi", "api.index")
    }
    assert routed <= documented, routed - documented
    assert client.get("/api").get_json()["ok"] is True


def test_home_search_node_places(client: FlaskClient) -> None:
    home = client.get("/api/home").get_json()
    assert home["ok"] and home["counts"]["technology"] == 4
    found = client.get(
        "/api/search", query_string={"q": "ข้าวกล้อง", "kind": "technology"}
    ).get_json()
    assert found["results"][0]["id"] == "t-rice"
    assert any(p[1] for p in found["results"][0]["snippet_parts"])  # a marked part
    assert {f["value"] for f in found["facets"]["kind"]} == {"technology"}
    node = client.get("/api/node/50").get_json()
    assert node["kind"] == "province" and node["dashboard"]["transfers"] == 2
    assert node["position"]["lat"] == pytest.approx(18.8604)
    places = client.get("/api/places", query_string={"province": "50"}).get_json()
    assert {"id": "v-maetang", "name": "บ้านแม่แตง"} in places["villages"]
    assert len(places["provinces"]) == 77


def test_errors_are_json(client: FlaskClient) -> None:
    for url, status in (
        ("/api/node/nope", 404),
        ("/api/nothing-here", 404),
        ("/api/needs/t-banana", 404),
    ):
        response = client.get(url)
        body = response.get_json()
        assert response.status_code == status and body["ok"] is False and body["error"], url
    response = client.get("/api/match")
    assert response.status_code == 400 and response.get_json()["ok"] is False
    response = client.post("/api/home")
    assert response.status_code == 405 and response.get_json()["ok"] is False


def test_match_and_need_views(client: FlaskClient) -> None:
    result = client.get(
        "/api/match", query_string={"text": "น้ำไม่พอใช้ในหน้าแล้ง", "province": "50"}
    ).get_json()
    assert result["results"][0]["id"] == "t-pump"
    assert {"th", "en"} <= set(result["results"][0]["reasons"][0])
    need = client.get("/api/needs/need-water").get_json()
    assert need["ok"] and need["decisions"] == {}


def test_writes_need_a_user(client: FlaskClient) -> None:
    response = client.post("/api/needs", json={"text": "น้ำไม่พอ"})
    assert response.status_code == 401 and response.get_json()["ok"] is False
    response = client.post("/api/needs", json={"text": "น้ำไม่พอ"}, headers=basic("somsri", "wrong"))
    assert response.status_code == 401


def test_basic_auth_save_need_and_decide(app: Flask, client: FlaskClient) -> None:
    response = client.post(
        "/api/needs",
        json={"text": "ดินเสื่อม ปลูกอะไรก็ไม่งาม", "province": "50"},
        headers=basic("somsri"),
    )
    assert response.status_code == 201
    need_id = response.get_json()["id"]
    response = client.post(
        f"/api/needs/{need_id}/decide",
        json={"technology": "t-compost", "decision": "accept"},
        headers=basic("somsri"),
    )
    assert response.get_json() == {
        "ok": True,
        "need": need_id,
        "technology": "t-compost",
        "decision": "accept",
    }
    store = Store.open(app.config["TTGRAPH_HOME"])
    assert store.require(need_id).data["status"] == "matched"
    response = client.post(
        f"/api/needs/{need_id}/decide",
        json={"technology": "t-banana", "decision": "accept", "via": "clinic-cmu"},
        headers=basic("somsri"),
    )
    transfer = store.require(response.get_json()["transfer"])
    assert transfer.kind == "transfer" and transfer.data["via"] == ["clinic-cmu"]
    response = client.post(
        f"/api/needs/{need_id}/decide", json={"technology": "t-compost"}, headers=basic("somsri")
    )
    assert response.status_code == 400


def test_browser_session_needs_the_csrf_header(client: FlaskClient) -> None:
    sign_in(client)
    response = client.post("/api/needs", json={"text": "น้ำไม่พอ"})
    assert response.status_code == 400 and response.get_json()["ok"] is False
    token = csrf_token(client.get("/match").get_data(as_text=True))
    response = client.post("/api/needs", json={"text": "น้ำไม่พอ"}, headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_imports_api(client: FlaskClient) -> None:
    assert client.get("/api/imports", headers=basic("somsri")).status_code == 403
    listing = client.get("/api/imports", headers=basic("agency1")).get_json()
    assert any(i["name"] == "native" for i in listing["importers"])
    response = client.post(
        "/api/imports",
        data={"file": (io.BytesIO(NATIVE_UPLOAD.encode()), "new.jsonl"), "importer": "native"},
        headers=basic("agency1"),
        content_type="multipart/form-data",
    )
    body = response.get_json()
    assert body["ok"] and body["report"]["status"] == "dry-run" and body["report"]["rejected"] == 1
    done = client.post(
        "/api/imports/confirm", json={"token": body["token"]}, headers=basic("agency1")
    ).get_json()
    assert done["report"]["created"] == 1
    report = client.get(
        f"/api/imports/{done['report']['import_id']}", headers=basic("agency1")
    ).get_json()
    assert report["import"]["user"] == "agency1"


def test_export_and_me(client: FlaskClient) -> None:
    info = client.get("/api/export").get_json()
    assert {f["format"] for f in info["formats"]} == {"turtle", "nt", "nq", "trig", "jsonld", "xml"}
    assert client.get("/api/me").get_json() == {"ok": True, "user": None}
    assert client.get("/api/me", headers=basic("agency1")).get_json()["user"] == {
        "name": "agency1",
        "role": "agency",
    }
