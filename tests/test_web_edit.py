"""Editing records in the browser and through PUT/PATCH /api/nodes/<id>."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from ttgraph.web.app import create_app
from ttgraph.web.testing import PASSWORD, copy_sample, csrf_token, sign_in

from ttgraph.store import Store

NEW_TITLE = "เครื่องอบกล้วยตากพลังแดดแบบโดมพาราโบลา"


@pytest.fixture
def app(tmp_path_factory: pytest.TempPathFactory, tmp_path) -> Flask:
    home = copy_sample(tmp_path_factory.getbasetemp(), tmp_path / "home")
    return create_app({"TTGRAPH_HOME": str(home), "TESTING": True})


@pytest.fixture
def store(app: Flask) -> Store:
    return Store.open(app.config["TTGRAPH_HOME"])


@pytest.fixture
def agency(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, "agency1").status_code == 302
    return client


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def form_of(page: str) -> dict[str, str]:
    """The edit form's fields as the browser would send them."""
    form = page[page.index('<form class="desk editform"') :]
    form = form[: form.index("</form>")]
    data = dict(re.findall(r'<input (?:type="hidden" )?name="([^"]+)"[^>]*? value="([^"]*)"', form))
    data.update(re.findall(r'<textarea name="([^"]+)"[^>]*>([^<]*)</textarea>', form))
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        data[name] = chosen.group(1) if chosen else ""
    return {k: v.replace("&#34;", '"').replace("&amp;", "&") for k, v in data.items()}


def post_edit(client: FlaskClient, node_id: str, **changes: str) -> Any:
    data = form_of(text(client.get(f"/node/{node_id}/edit")))
    data.update(changes)
    return client.post(f"/node/{node_id}/edit", data=data)


def basic(name: str) -> dict[str, str]:
    raw = base64.b64encode(f"{name}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def test_edit_link_only_for_agency_staff_on_editable_kinds(app: Flask, agency: FlaskClient):
    assert 'href="/node/t-banana/edit"' in text(agency.get("/node/t-banana"))
    assert ">แก้ไข</a>" in text(agency.get("/node/t-banana"))
    assert ">Edit</a>" in text(agency.get("/node/t-banana?lang=en"))
    assert "/edit" not in text(agency.get("/node/50"))  # a province: reference data
    assert "/node/t-banana/edit" not in text(app.test_client().get("/node/t-banana"))
    staff = app.test_client()
    sign_in(staff, "somsri")
    assert "/node/t-banana/edit" not in text(staff.get("/node/t-banana"))


def test_edit_thai_title_then_find_it_by_search(agency: FlaskClient, store: Store) -> None:
    before = store.require("t-banana")
    page = text(agency.get("/node/t-banana/edit"))
    assert "แก้ไขข้อมูล" in page and 'name="csrf_token"' in page
    assert 'value="การแปรรูปกล้วยตากพลังงานแสงอาทิตย์"' in page
    assert ">กล้วยตาก\nอบแห้ง\nเพิ่มมูลค่า</textarea>" in page  # a list: one item per line
    response = post_edit(agency, "t-banana", title=NEW_TITLE, keywords="กล้วยตาก; โดมอบแห้ง")
    assert response.status_code == 302 and response.headers["Location"] == "/node/t-banana"
    shown = text(agency.get("/node/t-banana"))
    assert "บันทึกการแก้ไขแล้ว" in shown and NEW_TITLE in shown
    after = store.require("t-banana")
    assert after.data["title"] == NEW_TITLE
    assert after.data["keywords"] == ["กล้วยตาก", "โดมอบแห้ง"]
    assert after.data["trl"] == 8 and after.data["agency"] == ["nstda"]  # the rest kept
    assert after.importer == "web" and after.data["edited_by"] == "agency1"
    assert after.source == before.source and after.created == before.created
    log = store.imports(1)[0]
    assert log["importer"] == "web" and log["user"] == "agency1"
    assert "keywords, title" in log["report"]["problems"][0]["message"]
    found = text(agency.get("/search", query_string={"q": "โดมพาราโบลา"}))
    assert 'href="/node/t-banana"' in found


def test_edit_changes_reference_edges(agency: FlaskClient, store: Store) -> None:
    response = post_edit(agency, "t-banana", agency="tistr\ncmu", trl="9")
    assert response.status_code == 302
    developers = {e.target for e in store.edges(src="t-banana", kind="developed_by")}
    assert developers == {"tistr", "cmu"}
    assert store.require("t-banana").data["trl"] == 9


def test_invalid_input_changes_nothing_and_marks_each_field(
    agency: FlaskClient, store: Store
) -> None:
    before = store.require("t-banana")
    response = post_edit(agency, "t-banana", trl="12", title="", agency="nstda\nno-such-agency")
    assert response.status_code == 400
    page = text(response)
    assert "ยังไม่ได้บันทึก" in page
    assert "ต้องอยู่ระหว่าง 1 ถึง 9" in page
    assert "ต้องกรอกช่องนี้" in page
    assert "ไม่พบ หน่วยงาน รหัส “no-such-agency”" in page
    assert page.count('aria-invalid="true"') == 3
    assert 'value="12"' in page and "nstda\nno-such-agency</textarea>" in page  # kept to fix
    after = store.require("t-banana")
    assert (after.data, after.updated, after.importer) == (before.data, before.updated, "native")
    english = text(agency.post("/node/t-banana/edit?lang=en", data=form_of(page) | {"trl": "x"}))
    assert "Must be a whole number" in english and "This field is required" in english


def test_reference_of_the_wrong_kind_is_refused(agency: FlaskClient, store: Store) -> None:
    page = text(post_edit(agency, "t-banana", agency="50"))
    assert "“50” เป็นจังหวัด ไม่ใช่หน่วยงาน" in page
    assert store.require("t-banana").data["agency"] == ["nstda"]


def test_anonymous_staff_and_reference_data_are_refused(app: Flask, agency: FlaskClient) -> None:
    anonymous = app.test_client()
    response = anonymous.get("/node/t-banana/edit")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    token = csrf_token(text(anonymous.get("/login")))
    response = anonymous.post("/node/t-banana/edit", data={"csrf_token": token, "title": "x"})
    assert response.status_code == 302
    staff = app.test_client()
    sign_in(staff, "somsri")
    assert staff.get("/node/t-banana/edit").status_code == 403
    response = agency.get("/node/50/edit")
    assert response.status_code == 403 and "ข้อมูลอ้างอิง (จังหวัด) แก้ไขผ่านเว็บไม่ได้" in text(response)
    assert agency.get("/node/no-such-node/edit").status_code == 404


def test_csrf_is_enforced(agency: FlaskClient, store: Store) -> None:
    data = form_of(text(agency.get("/node/t-banana/edit")))
    data.pop("csrf_token")
    response = agency.post("/node/t-banana/edit", data=data | {"title": NEW_TITLE})
    assert response.status_code == 400 and "แบบฟอร์มหมดอายุ" in text(response)
    assert store.require("t-banana").data["title"] != NEW_TITLE


def test_a_change_made_meanwhile_is_not_overwritten(agency: FlaskClient, store: Store) -> None:
    data = form_of(text(agency.get("/node/t-rice/edit")))
    assert post_edit(agency, "t-rice", trl="8").status_code == 302
    response = agency.post("/node/t-rice/edit", data=data | {"title": "ข้าวกล้องงอก"})
    assert response.status_code == 409 and "มีผู้อื่นแก้ไขรายการนี้" in text(response)
    assert store.require("t-rice").data["title"] == "การแปรรูปข้าวกล้องงอกเพิ่มมูลค่า"


def test_need_status_choice_and_unchanged_save(agency: FlaskClient, store: Store) -> None:
    page = text(agency.get("/node/need-water/edit"))
    assert '<option value="open" selected>เปิดอยู่</option>' in page
    assert post_edit(agency, "need-water", status="in_progress").status_code == 302
    assert store.require("need-water").data["status"] == "in_progress"
    seq = store.seq
    assert post_edit(agency, "need-water").status_code == 302
    assert "ไม่มีข้อมูลที่เปลี่ยนแปลง" in text(agency.get("/node/need-water"))
    assert store.seq == seq
    assert "ต้องเลือกจากรายการที่กำหนด" in text(post_edit(agency, "need-water", status="done"))


# -- the API -----------------------------------------------------------------------------------
def test_api_patch_and_put(app: Flask, store: Store) -> None:
    client = app.test_client()
    response = client.patch("/api/nodes/t-pump", json={"title": NEW_TITLE})
    assert response.status_code == 401 and response.get_json()["ok"] is False
    response = client.patch("/api/nodes/t-pump", json={"trl": 8}, headers=basic("somsri"))
    assert response.status_code == 403
    response = client.patch("/api/nodes/t-pump", json={"trl": 8}, headers=basic("agency1"))
    body = response.get_json()
    assert response.status_code == 200 and body["outcome"] == "updated"
    assert body["changed"] == ["trl"] and body["node"]["trl"] == 8
    assert body["node"]["_provenance"]["importer"] == "web"
    assert body["node"]["title"] == "ระบบสูบน้ำพลังงานแสงอาทิตย์เพื่อการเกษตร"
    # PUT replaces the record's fields: what is left out is emptied; the title is required
    response = client.put("/api/nodes/t-pump", json={"trl": 7}, headers=basic("agency1"))
    assert response.status_code == 400
    assert "title" in response.get_json()["errors"]
    response = client.put(
        "/api/nodes/t-pump",
        json={"title": "ปั๊มน้ำโซลาร์", "agency": "cmu;nstda", "trl": 9},
        headers=basic("agency1"),
    )
    node = response.get_json()["node"]
    assert node["agency"] == ["cmu", "nstda"] and "description" not in node
    assert store.require("t-pump").data["title"] == "ปั๊มน้ำโซลาร์"


def test_api_errors_leave_the_node_unchanged(app: Flask, store: Store) -> None:
    client = app.test_client()
    before = store.require("t-compost")
    for body, field in (
        ({"trl": 12}, "trl"),
        ({"title": ""}, "title"),
        ({"agency": ["no-such-agency"]}, "agency"),
        ({"titel": "สะกดผิด"}, "titel"),
        ({"kind": "agency"}, "kind"),
    ):
        response = client.patch("/api/nodes/t-compost", json=body, headers=basic("agency1"))
        answer = response.get_json()
        assert response.status_code == 400 and answer["ok"] is False, body
        assert field in answer["errors"], answer
    response = client.patch("/api/nodes/t-compost", json={"trl": 12}, headers=basic("agency1"))
    assert "at most 9" in response.get_json()["errors"]["trl"]
    assert store.require("t-compost").data == before.data
    response = client.patch("/api/nodes/50", json={"name": "x"}, headers=basic("agency1"))
    assert response.status_code == 403
    response = client.patch(
        "/api/nodes/t-compost", json={"trl": 7, "_updated": "2000-01-01"}, headers=basic("agency1")
    )
    assert response.status_code == 409
    response = client.patch("/api/nodes/t-compost", data="trl=7", headers=basic("agency1"))
    assert response.status_code == 400


def test_api_session_needs_the_csrf_header(agency: FlaskClient) -> None:
    assert agency.patch("/api/nodes/t-rice", json={"trl": 8}).status_code == 400
    token = csrf_token(text(agency.get("/node/t-rice/edit")))
    response = agency.patch("/api/nodes/t-rice", json={"trl": 8}, headers={"X-CSRFToken": token})
    assert response.status_code == 200 and response.get_json()["node"]["trl"] == 8


def test_openapi_describes_the_edit_api(app: Flask) -> None:
    paths = app.test_client().get("/api/openapi.json").get_json()["paths"]
    assert {"put", "patch"} <= set(paths["/api/nodes/{id}"])
    assert "409" in paths["/api/nodes/{id}"]["patch"]["responses"]
