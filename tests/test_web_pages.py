"""The read-only pages: home, search, entity pages, dashboards, language, headers, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from ttgraph.web.app import create_app
from ttgraph.web.testing import copy_sample


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    home = copy_sample(tmp_path_factory.getbasetemp(), tmp_path_factory.mktemp("pages") / "home")
    return create_app({"TTGRAPH_HOME": str(home), "TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def text(response) -> str:
    return response.get_data(as_text=True)


def test_home_shows_counts_and_recent_transfers(client: FlaskClient) -> None:
    page = text(client.get("/"))
    assert '<html lang="th">' in page
    assert "ค้นหาเทคโนโลยีที่ตรงกับความต้องการของชุมชน" in page
    counts = dict(re.findall(r"<strong>([\d,]+)</strong> ([^<]+)</a>", page))
    assert counts["4"].strip() == "เทคโนโลยี"
    assert "ระบบสูบน้ำพลังงานแสงอาทิตย์เพื่อการเกษตร → บ้านแม่แตง (2023)" in page
    # the newest transfer comes first
    assert page.index("(2023)") < page.index("(2022)") < page.index("(2021)")


def test_search_in_thai_marks_matches_and_counts_facets(client: FlaskClient) -> None:
    page = text(client.get("/search", query_string={"q": "กล้วยตาก"}))
    assert "การแปรรูปกล้วยตากพลังงานแสงอาทิตย์" in page
    assert "<mark>" in page
    assert 'href="/node/t-banana"' in page
    assert "ประเภท" in page
    assert re.search(r'kind=technology">เทคโนโลยี</a>\s*<span class="n">\d+</span>', page)


def test_search_facet_filter_and_removal(client: FlaskClient) -> None:
    page = text(client.get("/search", query_string={"q": "แปรรูป", "kind": "technology"}))
    kinds = set(re.findall(r'<span class="tag k-(\w+)">', page))
    assert kinds == {"technology"}
    assert 'title="เอาตัวกรองออก"' in page  # the chip and the ticked facet value


def test_search_sort_by_trl_and_pagination(client: FlaskClient) -> None:
    page = text(
        client.get("/search", query_string={"kind": "technology", "sort": "trl", "size": 2})
    )
    ids = re.findall(r'class="hit-title" href="/node/([^"]+)"', page)
    assert ids[0] == "t-pump"  # TRL 9 first
    assert len(ids) == 2
    assert "หน้า 1 จาก 2" in page and 'rel="next"' in page
    page2 = text(
        client.get(
            "/search", query_string={"kind": "technology", "sort": "trl", "size": 2, "page": 2}
        )
    )
    assert 'rel="prev"' in page2


def test_search_escapes_hostile_records_and_queries(client: FlaskClient) -> None:
    page = text(client.get("/search", query_string={"q": "ปุ๋ยหมัก <script>alert(1)</script>"}))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    for query in ['"unbalanced', "AND (OR", "*", "ก" * 5000, "!!!"]:
        assert client.get("/search", query_string={"q": query}).status_code == 200


def test_search_did_you_mean(client: FlaskClient) -> None:
    page = text(client.get("/search", query_string={"q": "สูบนำ้พลังงานแสงอาทิตร"}))
    assert client.get("/search", query_string={"q": "zzzqqq"}).status_code == 200
    assert "ระบบสูบน้ำพลังงานแสงอาทิตย์" in page or "หรือคุณหมายถึง" in page


def test_technology_page_fields_links_graph_and_provenance(client: FlaskClient) -> None:
    page = text(client.get("/node/t-banana"))
    assert "<h1>การแปรรูปกล้วยตากพลังงานแสงอาทิตย์</h1>" in page
    assert 'href="/node/nstda"' in page  # reference field shown as a link
    assert "พัฒนาโดย" in page  # edge kind in Thai
    assert '<svg class="graph"' in page
    assert "sample.jsonl" in page and "native" in page  # provenance
    assert 'href="/match/technologies/t-banana"' in page  # the reverse view


def test_hostile_text_is_escaped_on_entity_page(client: FlaskClient) -> None:
    page = text(client.get("/node/t-compost"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_province_dashboard_has_charts_and_map(client: FlaskClient) -> None:
    page = text(client.get("/node/50"))
    assert "ภาพรวม" in page
    assert page.count('<svg class="chart"') == 2
    assert "การแปรรูปอาหาร" in page  # open needs by category
    assert 'href="/node/clinic-cmu"' in page  # clinics serving
    assert '<svg class="map"' in page and 'class="here"' in page


def test_clinic_dashboard_lists_its_transfers(client: FlaskClient) -> None:
    page = text(client.get("/node/clinic-cmu"))
    assert "ภาพรวม" in page
    assert 'href="/node/tr-1"' in page and 'href="/node/tr-2"' in page
    assert 'href="/node/tr-3"' not in page.split("ข้อมูล</h2>")[0]  # not via this clinic


def test_village_without_own_coordinates_uses_its_place(client: FlaskClient) -> None:
    page = text(client.get("/node/v-khonkaen"))
    assert '<svg class="map"' in page and "≈" in page


def test_language_switch_by_query_and_cookie(client: FlaskClient) -> None:
    response = client.get("/?lang=en")
    assert '<html lang="en">' in text(response)
    assert "Find technologies that fit what a community needs" in text(response)
    assert "lang=en" in response.headers["Set-Cookie"]
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in text(client.get("/node/t-banana"))
    assert "Solar-dried banana processing" in text(client.get("/node/t-banana"))
    assert '<html lang="th">' in text(client.get("/?lang=th"))
    assert '<html lang="th">' in text(client.get("/?lang=xx"))


def test_security_headers(client: FlaskClient) -> None:
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_no_inline_scripts_or_styles(client: FlaskClient) -> None:
    for url in ("/", "/search?q=กล้วย", "/node/50", "/match", "/export", "/login"):
        page = text(client.get(url))
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert " style=" not in page, url


def test_static_assets_are_local(client: FlaskClient) -> None:
    page = text(client.get("/"))
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_not_found_page_in_each_language(client: FlaskClient) -> None:
    response = client.get("/node/no-such-node")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in text(response)
    assert "Traceback" not in text(response)
    response = client.get("/no/such/page?lang=en")
    assert response.status_code == 404 and "Page not found" in text(response)
    response = client.get("/node/<img src=x onerror=alert(1)>")
    assert response.status_code == 404
    assert "<img src=x" not in text(response) and "&lt;img src=x" in text(response)
    assert client.get("/api/node/<b>x</b>").get_json()["error"].count("<b>") == 1  # JSON, not HTML


def test_method_not_allowed_page(client: FlaskClient) -> None:
    response = client.post("/search")
    assert response.status_code in (400, 405)  # CSRF refuses a foreign POST before routing
    assert "Traceback" not in text(response)


def test_internal_error_page_hides_the_traceback(tmp_path: Path, app: Flask) -> None:
    broken = create_app({"TTGRAPH_HOME": app.config["TTGRAPH_HOME"], "TESTING": False})

    @broken.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = broken.test_client().get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in text(response) and "Traceback" not in text(response)
    assert "ระบบขัดข้อง" in text(response)
    api = broken.test_client().get("/api/node/t-banana")
    assert api.status_code == 200


def test_node_page_offers_rdf_when_linked_data_is_installed(
    app: Flask, client: FlaskClient
) -> None:
    if not app.config.get("LINKED_DATA"):
        pytest.skip("ttgraph.web.linked_data is not installed yet")
    page = text(client.get("/node/t-banana"))
    assert 'rel="alternate" type="text/turtle"' in page
    response = client.get("/node/t-banana", headers={"Accept": "text/turtle"})
    assert response.status_code == 303 and response.headers["Location"].startswith(
        "/id/technology/"
    )


def test_broken_index_falls_back_to_basic_search(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ttgraph.web import searching

    import ttgraph.search

    def broken(*args, **kwargs):
        raise AttributeError("index written by another version")

    monkeypatch.setattr(ttgraph.search, "Searcher", broken)
    monkeypatch.setattr(searching, "_pools", {})
    fresh = create_app({"TTGRAPH_HOME": app.config["TTGRAPH_HOME"], "TESTING": True})
    page = fresh.test_client().get("/search", query_string={"q": "กล้วยตาก"})
    assert page.status_code == 200
    assert "ใช้การค้นหาแบบพื้นฐานแทน" in text(page) and 'href="/node/t-banana"' in text(page)


def test_pages_are_gzipped_for_clients_that_ask(client: FlaskClient) -> None:
    import gzip

    plain = client.get("/node/50")
    packed = client.get("/node/50", headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) * 3 < len(plain.get_data())
