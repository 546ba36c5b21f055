"""Sign-in throttling: 5 failures per user name or client address in 15 minutes, then 429."""

from __future__ import annotations

import base64
import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient
from ttgraph.web.app import create_app
from ttgraph.web.testing import PASSWORD, csrf_token

from ttgraph import users
from ttgraph.store import Store

START = 1_800_000_000.0  # a fixed "now" so messages and windows are predictable


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(users, "clock", fake)
    return fake


@pytest.fixture
def app(store: Store, clock: Clock) -> Flask:
    users.add_user(store, "somsri", PASSWORD, role="staff")
    users.add_user(store, "agency1", PASSWORD, role="agency")
    return create_app({"TTGRAPH_HOME": str(store.home), "TESTING": True})


def client_from(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def attempt(client: FlaskClient, name: str, password: str, lang: str = "th"):
    token = csrf_token(client.get(f"/login?lang={lang}").get_data(as_text=True))
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token})


def fail_five_times(client: FlaskClient, name: str = "somsri") -> None:
    for n in range(users.MAX_FAILURES):
        assert attempt(client, name, f"ผิดรหัส{n}").status_code == 401


def test_sixth_attempt_is_refused_even_with_the_right_password(app: Flask, clock: Clock) -> None:
    client = client_from(app, "10.0.0.1")
    fail_five_times(client)
    clock.now += 60
    response = attempt(client, "somsri", PASSWORD)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป" in page
    # 14 minutes from the 6th attempt, shown in Thai time (UTC+7) with the minutes left
    assert "ลองใหม่หลังเวลา 15:15 น. (อีกประมาณ 14 นาที)" in page
    assert response.headers["Retry-After"] == "840"
    assert "ttgraph_session" not in response.headers.get("Set-Cookie", "")
    assert "somsri" not in client.get("/").get_data(as_text=True)  # not signed in
    english = attempt(client, "somsri", PASSWORD, lang="en")
    assert english.status_code == 429
    assert "Please try again after 15:15 Thai time" in english.get_data(as_text=True)


def test_other_users_and_addresses(app: Flask) -> None:
    fail_five_times(client_from(app, "10.0.0.1"), "somsri")
    # another user from another address is not affected
    assert attempt(client_from(app, "10.0.0.2"), "agency1", PASSWORD).status_code == 302
    # the throttled name is refused from any address ...
    assert attempt(client_from(app, "10.0.0.3"), "somsri", PASSWORD).status_code == 429
    # ... and the throttled address for any name
    assert attempt(client_from(app, "10.0.0.1"), "agency1", PASSWORD).status_code == 429


def test_after_the_window_sign_in_works_again(app: Flask, clock: Clock) -> None:
    client = client_from(app, "10.0.0.1")
    fail_five_times(client)
    clock.now += users.WINDOW - 1
    assert attempt(client, "somsri", PASSWORD).status_code == 429
    clock.now += 2
    assert attempt(client, "somsri", PASSWORD).status_code == 302
    assert "somsri" in client.get("/").get_data(as_text=True)


def test_success_clears_the_names_count(app: Flask, store: Store, clock: Clock) -> None:
    for address in ("10.0.0.1", "10.0.0.2"):  # spread over two addresses: neither is throttled
        client = client_from(app, address)
        for n in range(2):
            assert attempt(client, "somsri", f"ผิด{n}").status_code == 401
    assert attempt(client_from(app, "10.0.0.3"), "somsri", PASSWORD).status_code == 302
    assert users.sign_in_wait(store, "somsri") == 0
    names = store.conn.execute("SELECT count(*) FROM login_failures WHERE key LIKE 'name:%'")
    assert names.fetchone()[0] == 0
    # four fresh failures are allowed again after the good sign-in, the fifth then throttles
    client = client_from(app, "10.0.0.4")
    for n in range(4):
        assert attempt(client, "somsri", f"อีก{n}").status_code == 401
    assert users.sign_in_wait(store, "somsri") == 0


def test_counters_are_shared_between_processes(app: Flask, store: Store) -> None:
    """Two apps on one home stand in for ``ttgraph serve --workers 2``."""
    fail_five_times(client_from(app, "10.0.0.1"))
    other = create_app({"TTGRAPH_HOME": str(store.home), "TESTING": True})
    assert attempt(client_from(other, "10.0.0.9"), "somsri", PASSWORD).status_code == 429


def test_api_basic_credentials_are_throttled_with_json(app: Flask) -> None:
    client = client_from(app, "10.0.0.1")

    def basic(password: str) -> dict[str, str]:
        raw = base64.b64encode(f"agency1:{password}".encode()).decode()
        return {"Authorization": f"Basic {raw}"}

    for n in range(users.MAX_FAILURES):
        assert client.get("/api/imports", headers=basic(f"wrong{n}")).status_code == 401
    response = client.get("/api/imports", headers=basic(PASSWORD))
    assert response.status_code == 429
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 429 and body["retry_after"] == 900
    assert "เข้าสู่ระบบไม่สำเร็จ" in body["error"]
    assert response.headers["Retry-After"] == "900"


def test_parallel_guesses_cannot_pass_the_limit(store: Store) -> None:
    users.add_user(store, "somsri", PASSWORD)
    results: list[tuple[object, int]] = []
    lock = threading.Lock()

    def guess(n: int) -> None:
        outcome = users.try_sign_in(store, "somsri", f"เดา{n}", "10.0.0.1", at=START)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = [r for r in results if r == (None, 0)]
    assert len(checked) == users.MAX_FAILURES
    assert all(wait == users.WINDOW for user, wait in results if (user, wait) != (None, 0))


def test_limits_are_configurable(store: Store, clock: Clock) -> None:
    users.add_user(store, "somsri", PASSWORD)
    app = create_app({"TTGRAPH_HOME": str(store.home), "LOGIN_MAX_FAILURES": 2, "LOGIN_WINDOW": 60})
    client = client_from(app, "10.0.0.1")
    for n in range(2):
        assert attempt(client, "somsri", f"ผิด{n}").status_code == 401
    assert attempt(client, "somsri", PASSWORD).status_code == 429
    clock.now += 61
    assert attempt(client, "somsri", PASSWORD).status_code == 302


def test_addresses_can_have_their_own_limit(store: Store) -> None:
    """Behind a proxy every client has the proxy's address: count addresses more loosely."""
    users.add_user(store, "somsri", PASSWORD)
    users.add_user(store, "agency1", PASSWORD)
    app = create_app({"TTGRAPH_HOME": str(store.home), "LOGIN_MAX_ADDRESS_FAILURES": 0})
    proxy = client_from(app, "10.0.0.1")
    for name in ("somsri", "agency1"):
        for n in range(users.MAX_FAILURES):
            assert attempt(proxy, name, f"ผิด{n}").status_code == 401
    assert attempt(proxy, "somsri", PASSWORD).status_code == 429  # the name still counts
    assert store.conn.execute(
        "SELECT count(*) FROM login_failures WHERE key LIKE 'addr:%'"
    ).fetchone() == (0,)
