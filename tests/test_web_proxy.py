"""Behind a reverse proxy: client addresses (for sign-in throttling), scheme and host come from
X-Forwarded-* only when the direct peer is a trusted proxy."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from flask import Flask, request, url_for
from flask.testing import FlaskClient
from ttgraph.web.app import create_app
from ttgraph.web.testing import PASSWORD, csrf_token

from ttgraph import users
from ttgraph.cli import main
from ttgraph.errors import UsageError
from ttgraph.store import Store

PROXY = "10.0.0.1"
CLIENT_A = "203.0.113.5"
CLIENT_B = "198.51.100.8"


@pytest.fixture
def accounts(store: Store) -> Store:
    users.add_user(store, "somsri", PASSWORD, role="staff")
    users.add_user(store, "agency1", PASSWORD, role="agency")
    return store


def make_app(store: Store, **config: Any) -> Flask:
    app = create_app({"TTGRAPH_HOME": str(store.home), "TESTING": True, **config})

    @app.get("/_probe")
    def probe() -> dict[str, str]:  # what the views see of the request
        return {
            "addr": request.remote_addr or "",
            "scheme": request.scheme,
            "host": request.host,
            "home": url_for("home.index", _external=True),
        }

    return app


def client_via(
    app: Flask, peer: str, forwarded_for: str | None = None, **headers: str
) -> FlaskClient:
    """A client whose connection comes from ``peer``, sending these X-Forwarded-* headers."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = peer
    if forwarded_for is not None:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    for name, value in headers.items():
        client.environ_base[f"HTTP_X_FORWARDED_{name.upper()}"] = value
    return client


def attempt(client: FlaskClient, name: str, password: str, **headers: str) -> Any:
    token = csrf_token(client.get("/login").get_data(as_text=True))
    data = {"name": name, "password": password, "csrf_token": token}
    return client.post("/login", data=data, headers=headers)


def address_keys(store: Store) -> set[str]:
    rows = store.conn.execute("SELECT DISTINCT key FROM login_failures WHERE key LIKE 'addr:%'")
    return {key for (key,) in rows}


def test_spoofed_header_is_ignored_without_trusted_proxies(accounts: Store) -> None:
    app = make_app(accounts)
    assert app.config["TRUSTED_PROXIES"] == ()
    for n in range(users.MAX_FAILURES):  # a new made-up address and a new name every time
        client = client_via(app, "192.0.2.66", f"172.16.0.{n}")
        assert attempt(client, f"ไม่มีผู้ใช้{n}", "เดา").status_code == 401
    assert address_keys(accounts) == {"addr:192.0.2.66"}
    # the guesser's own address is throttled whatever it claims to be
    assert (
        attempt(client_via(app, "192.0.2.66", "172.16.9.9"), "somsri", PASSWORD).status_code == 429
    )
    probe = client_via(app, "192.0.2.66", "1.2.3.4", proto="https", host="evil.example")
    assert probe.get("/_probe").get_json() == {
        "addr": "192.0.2.66",
        "scheme": "http",
        "host": "localhost",
        "home": "http://localhost/",
    }


def test_throttling_counts_each_forwarded_client(accounts: Store) -> None:
    app = make_app(accounts, TRUSTED_PROXIES=[PROXY])
    client_a = client_via(app, PROXY, CLIENT_A)
    for n in range(users.MAX_FAILURES):
        assert attempt(client_a, f"เดาชื่อ{n}", "ผิด").status_code == 401
    assert address_keys(accounts) == {f"addr:{CLIENT_A}"}
    assert attempt(client_a, "somsri", PASSWORD).status_code == 429  # A is locked out ...
    client_b = client_via(app, PROXY, CLIENT_B)
    assert (
        attempt(client_b, "somsri", PASSWORD).status_code == 302
    )  # ... B, via the same proxy, is not
    assert "somsri" in client_b.get("/").get_data(as_text=True)


def test_client_is_the_rightmost_untrusted_address(accounts: Store) -> None:
    app = make_app(accounts, TRUSTED_PROXIES="10.0.0.0/24, 127.0.0.1")
    assert app.config["TRUSTED_PROXIES"] == ("10.0.0.0/24", "127.0.0.1/32")
    # the client put 6.6.6.6 in front; two of our proxies appended the real address and theirs
    chain = f"6.6.6.6, {CLIENT_A}, 10.0.0.7"
    assert client_via(app, "127.0.0.1", chain).get("/_probe").get_json()["addr"] == CLIENT_A
    # ports and IPv6 brackets are taken off; a chain of proxies only gives the left-most one
    assert client_via(app, PROXY, f"{CLIENT_B}:5123").get("/_probe").get_json()["addr"] == CLIENT_B
    assert (
        client_via(app, PROXY, "[2001:db8::7]:80").get("/_probe").get_json()["addr"]
        == "2001:db8::7"
    )
    assert (
        client_via(app, PROXY, "10.0.0.9, 10.0.0.8").get("/_probe").get_json()["addr"] == "10.0.0.9"
    )
    # no header (the proxy's own health check) or garbage: the peer stays the client
    assert client_via(app, PROXY).get("/_probe").get_json()["addr"] == PROXY
    assert client_via(app, PROXY, "unknown").get("/_probe").get_json()["addr"] == PROXY


def test_an_untrusted_peers_headers_are_ignored(accounts: Store) -> None:
    app = make_app(accounts, TRUSTED_PROXIES=[PROXY])
    direct = client_via(app, "10.9.9.9", CLIENT_A, proto="https", host="evil.example")
    assert direct.get("/_probe").get_json()["addr"] == "10.9.9.9"
    for n in range(users.MAX_FAILURES):
        assert attempt(direct, f"ไม่มี{n}", "ผิด").status_code == 401
    assert address_keys(accounts) == {"addr:10.9.9.9"}
    # client A (the address the direct caller claimed) may still sign in through the proxy
    assert attempt(client_via(app, PROXY, CLIENT_A), "somsri", PASSWORD).status_code == 302


def test_https_from_the_proxy_is_honoured(accounts: Store) -> None:
    app = make_app(accounts, TRUSTED_PROXIES=[PROXY])
    client = client_via(app, PROXY, CLIENT_A, proto="https", host="ttgraph.example.go.th")
    seen = client.get("/_probe").get_json()
    assert seen == {
        "addr": CLIENT_A,
        "scheme": "https",
        "host": "ttgraph.example.go.th",
        "home": "https://ttgraph.example.go.th/",
    }
    # over https Flask-WTF also wants a same-site Referer: it matches the forwarded host
    response = attempt(client, "somsri", PASSWORD, Referer="https://ttgraph.example.go.th/login")
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    session = [c for c in cookies if c.startswith("ttgraph_session=")]
    assert session and all(re.search(r";\s*Secure", c) for c in session)
    # the same sign-in over plain http gets no Secure flag (the browser would drop the cookie)
    plain = attempt(client_via(app, PROXY, CLIENT_B), "agency1", PASSWORD)
    assert plain.status_code == 302
    assert not any("Secure" in c for c in plain.headers.getlist("Set-Cookie"))


def test_setting_from_the_environment_and_bad_values(
    accounts: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTGRAPH_TRUSTED_PROXIES", f"{PROXY},::1")
    app = make_app(accounts)
    assert app.config["TRUSTED_PROXIES"] == (f"{PROXY}/32", "::1/128")
    assert client_via(app, PROXY, CLIENT_A).get("/_probe").get_json()["addr"] == CLIENT_A
    # an explicit setting wins over the environment
    assert make_app(accounts, TRUSTED_PROXIES=[]).config["TRUSTED_PROXIES"] == ()
    with pytest.raises(UsageError, match="not an IP address"):
        make_app(accounts, TRUSTED_PROXIES="proxy.local")
    result = CliRunner().invoke(
        main, ["--home", str(accounts.home), "serve", "--trusted-proxy", "*"]
    )
    assert result.exit_code == 2
    assert "Error: trusted proxy '*' is not an IP address" in result.output


# -- the real server ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(accounts: Store, tmp_path: Path) -> Iterator[int]:
    """``ttgraph serve --trusted-proxy 127.0.0.1`` on a free port, stopped afterwards."""
    port = _free_port()
    command = [sys.executable, "-c", "from ttgraph.cli import run; run()"]
    command += ["--home", str(accounts.home), "serve", "--port", str(port), "--threads", "2"]
    command += ["--trusted-proxy", "127.0.0.1"]
    log = (tmp_path / "serve.log").open("w+")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TTGRAPH_")}
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"ttgraph serve did not start: {log.read()}")
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _sign_in(port: int, client: str, name: str, password: str) -> int:
    """GET the form, then POST it, as the proxy would forward them for ``client``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/login", headers={"X-Forwarded-For": client})
        response = conn.getresponse()
        token = csrf_token(response.read().decode())
        cookie = response.getheader("Set-Cookie", "").split(";", 1)[0]
        body = urlencode({"name": name, "password": password, "csrf_token": token})
        conn.request(
            "POST",
            "/login",
            body=body.encode(),
            headers={
                "X-Forwarded-For": client,
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_real_server_behind_a_proxy(served: int, accounts: Store) -> None:
    for n in range(users.MAX_FAILURES):
        assert _sign_in(served, CLIENT_A, f"guess{n}", "wrong-password") == 401
    assert _sign_in(served, CLIENT_A, "agency1", PASSWORD) == 429
    assert _sign_in(served, CLIENT_B, "agency1", PASSWORD) == 302
    assert address_keys(accounts) == {f"addr:{CLIENT_A}"}
