"""The web UI driven as a person would: Debian's Chromium through Playwright, headless, against
a waitress server this test starts on 127.0.0.1 (a free port) and stops."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from ttgraph.web.app import create_app
    from ttgraph.web.testing import copy_sample
    from waitress.server import create_server

    home = copy_sample(tmp_path_factory.getbasetemp(), tmp_path_factory.mktemp("browser") / "home")
    app = create_app({"TTGRAPH_HOME": str(home)})
    srv = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}"
    srv.close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, tmp_path: Path):  # noqa: ANN001 - playwright types are optional
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="th-TH")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    pg.screenshot(path=str(tmp_path / "last.png"), full_page=True)
    context.close()
    assert not errors, errors  # no script errors, no CSP violations


def sign_in(page, server: str, name: str) -> None:  # noqa: ANN001
    from ttgraph.web.testing import PASSWORD

    page.goto(f"{server}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{server}/")


def test_search_in_thai_and_open_a_result(page, server: str, tmp_path: Path) -> None:  # noqa: ANN001
    page.goto(server + "/")
    page.fill(".bigsearch input[name=q]", "กล้วยตาก")
    page.press(".bigsearch input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator("mark").count() > 0
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    page.click("a.hit-title[href='/node/t-banana']")
    assert page.locator("h1").inner_text() == "การแปรรูปกล้วยตากพลังงานแสงอาทิตย์"
    assert page.locator("svg.graph circle").count() >= 3


def test_walk_a_facet(page, server: str) -> None:  # noqa: ANN001
    page.goto(server + "/search?q=แปรรูป")
    facet = page.locator("details.facet").first.locator("a", has_text="เทคโนโลยี").first
    facet.click()
    page.wait_for_url(re.compile(r"kind=technology"))
    tags = page.locator(".hit .tag").all_inner_texts()
    assert tags and set(tags) == {"เทคโนโลยี"}
    page.select_option("select[name=sort]", "trl")  # the sort menu submits itself
    page.wait_for_url(re.compile(r"sort=trl"))
    page.click("a.chip")
    page.wait_for_url(lambda url: "kind=technology" not in url)
    assert len(set(page.locator(".hit .tag").all_inner_texts())) > 1


def test_run_a_match_and_accept_it(page, server: str, tmp_path: Path) -> None:  # noqa: ANN001
    sign_in(page, server, "somsri")
    page.goto(server + "/match")
    page.fill("#need-text", "กล้วยล้นตลาด ราคาตกต่ำ อยากแปรรูปเก็บไว้ขาย")
    page.select_option("#province", "50")
    page.wait_for_selector("#village option[value='v-maetang']", state="attached")  # filled by JS
    page.select_option("#village", "v-maetang")
    page.click("form.desk button[type=submit]")
    page.wait_for_selector("ol.proposals li.proposal")
    assert "การแปรรูปกล้วยตาก" in page.locator("ol.proposals li.proposal").first.inner_text()
    page.click("form.save button")
    page.wait_for_url(re.compile(r"/match/needs/need-"))
    first = page.locator("li.proposal").first
    first.locator("input[name=note]").fill("ชุมชนพร้อมเข้าอบรม")
    first.locator("button[value=accept]").click()
    page.wait_for_selector(".flash")
    assert "บันทึกการตัดสินใจแล้ว" in page.locator(".flash").inner_text()
    assert "รับแล้ว" in page.locator("main").inner_text()
    page.screenshot(path=str(tmp_path / "match.png"), full_page=True)


def test_upload_a_file_through_the_import_flow(page, server: str, tmp_path: Path) -> None:  # noqa: ANN001
    from ttgraph.web.testing import write_upload

    sign_in(page, server, "agency1")
    page.goto(server + "/imports")
    page.set_input_files("input[type=file]", str(write_upload(tmp_path)))
    page.select_option("select[name=importer]", "native")
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("table.problems")
    assert "no-such-agency" in page.locator("table.problems").inner_text()
    page.screenshot(path=str(tmp_path / "dry-run.png"), full_page=True)
    page.click("button.ok")
    page.wait_for_url(re.compile(r"/imports/\d+$"))
    assert "นำเข้าข้อมูลแล้ว" in page.locator(".flash").inner_text()
    page.goto(server + "/node/t-upload-1")
    assert page.locator("h1").inner_text() == "เครื่องคัดแยกเมล็ดกาแฟ"


def test_switch_the_language(page, server: str) -> None:  # noqa: ANN001
    page.goto(server + "/node/t-pump")
    assert page.locator("html").get_attribute("lang") == "th"
    page.click("a.lang")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Solar water pumping for farms"
    assert page.locator(".searchbar button").inner_text() == "Search"
    page.goto(server + "/")  # the choice is remembered
    assert page.locator("h1").inner_text() == "Find technologies that fit what a community needs"
    page.click("a.lang")
    assert page.locator("html").get_attribute("lang") == "th"


def test_phone_layout(browser, server: str, tmp_path: Path) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    pg = context.new_page()
    pg.goto(server + "/node/50")
    width = pg.evaluate("document.documentElement.scrollWidth")
    pg.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    context.close()
    assert width <= 400  # nothing forces sideways scrolling
