"""The matching desk: ranking a typed need, saving it, accepting and rejecting proposals."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from ttgraph.web.app import create_app
from ttgraph.web.testing import copy_sample, csrf_token, sign_in

from ttgraph.store import Store


@pytest.fixture
def app(tmp_path_factory: pytest.TempPathFactory, tmp_path) -> Flask:
    home = copy_sample(tmp_path_factory.getbasetemp(), tmp_path / "home")
    return create_app({"TTGRAPH_HOME": str(home), "TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_desk_ranks_technologies_with_reasons(client: FlaskClient) -> None:
    page = client.get("/match", query_string={"text": "กล้วยล้นตลาด ราคาตกต่ำ", "province": "50"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    ids = re.findall(r'class="hit-title" href="/node/([^"]+)"', html)
    assert ids and ids[0] == "t-banana"
    assert 'class="reasons"' in html
    assert 'href="/node/clinic-cmu"' in html  # who could deliver it
    assert 'action="/match/needs"' not in html  # saving needs sign-in


def test_desk_lists_villages_of_the_chosen_province(client: FlaskClient) -> None:
    html = client.get("/match", query_string={"province": "50"}).get_data(as_text=True)
    assert '<option value="v-maetang"' in html and "v-khonkaen" not in html
    assert '<option value="50" selected>เชียงใหม่</option>' in html


def test_desk_shows_english_reasons(client: FlaskClient) -> None:
    html = client.get(
        "/match", query_string={"text": "น้ำไม่พอใช้ในหน้าแล้ง", "province": "50", "lang": "en"}
    ).get_data(as_text=True)
    assert "Solar water pumping for farms" in html
    assert "ระบบสูบน้ำ" not in html.split('class="proposals"')[1].split("</a>")[0]


def test_unknown_place_is_a_clear_error(client: FlaskClient) -> None:
    response = client.get("/match", query_string={"text": "น้ำไม่พอ", "province": "99999"})
    assert response.status_code in (400, 404)
    assert "99999" in response.get_data(as_text=True)


def test_saving_a_need_requires_sign_in(client: FlaskClient) -> None:
    response = client.post("/match/needs", data={"text": "น้ำไม่พอ"})
    assert response.status_code == 400  # no CSRF token, no session: refused
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/match/needs", data={"text": "น้ำไม่พอ", "csrf_token": token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_save_need_then_accept_and_reject(app: Flask, client: FlaskClient) -> None:
    sign_in(client)
    page = client.get("/match", query_string={"text": "ข้าวราคาตกต่ำ อยากแปรรูป", "province": "40"})
    html = page.get_data(as_text=True)
    assert "บันทึกความต้องการนี้" in html
    response = client.post(
        "/match/needs",
        data={"text": "ข้าวราคาตกต่ำ อยากแปรรูป", "province": "40", "csrf_token": csrf_token(html)},
    )
    assert response.status_code == 302
    url = response.headers["Location"]
    need_id = url.rsplit("/", 1)[-1]
    store = Store.open(app.config["TTGRAPH_HOME"])
    need = store.require(need_id)
    assert need.kind == "need" and need.data["status"] == "open" and need.data["province"] == "40"
    html = client.get(url).get_data(as_text=True)
    assert "รับข้อเสนอ" in html
    token = csrf_token(html)
    ok = client.post(
        f"{url}/decide",
        data={
            "technology": "t-rice",
            "decision": "accept",
            "note": "ชาวบ้านสนใจ",
            "csrf_token": token,
        },
    )
    assert ok.status_code == 302
    no = client.post(
        f"{url}/decide", data={"technology": "t-compost", "decision": "reject", "csrf_token": token}
    )
    assert no.status_code == 302
    edges = {e.target: e.data for e in store.edges(src=need_id, kind="matches")}
    assert edges["t-rice"]["status"] == "accepted" and edges["t-rice"]["by"] == "somsri"
    assert edges["t-rice"]["note"] == "ชาวบ้านสนใจ"
    assert edges["t-compost"]["status"] == "rejected"
    html = client.get(url).get_data(as_text=True)
    assert "บันทึกการตัดสินใจแล้ว" in html and "การตัดสินใจที่บันทึกไว้" in html


def test_bad_decisions_are_refused(client: FlaskClient) -> None:
    sign_in(client)
    token = csrf_token(client.get("/match/needs/need-banana").get_data(as_text=True))
    url = "/match/needs/need-banana/decide"
    assert (
        client.post(
            url, data={"technology": "t-rice", "decision": "maybe", "csrf_token": token}
        ).status_code
        == 400
    )
    assert (
        client.post(
            url, data={"technology": "no-such", "decision": "accept", "csrf_token": token}
        ).status_code
        == 404
    )
    assert client.get("/match/needs/t-banana").status_code == 404  # not a need
    assert client.post("/match/needs", data={"text": "  ", "csrf_token": token}).status_code == 400


def test_reverse_view_lists_open_needs_a_technology_answers(client: FlaskClient) -> None:
    html = client.get("/match/technologies/t-banana").get_data(as_text=True)
    assert 'href="/match/needs/need-banana"' in html
    assert client.get("/match/technologies/v-maetang").status_code == 404
    body = client.get("/api/match/technologies/t-pump").get_json()
    assert body["ok"] and body["needs"][0]["id"] == "need-water"
