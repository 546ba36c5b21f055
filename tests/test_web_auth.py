"""Accounts, signing in and out, CSRF on forms, and the serve / user CLI commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from ttgraph.web.app import create_app
from ttgraph.web.testing import PASSWORD, csrf_token, sign_in

from ttgraph.cli import main
from ttgraph.errors import ValidationError
from ttgraph.store import Store
from ttgraph.users import authenticate, get_user, list_users, remove_user


@pytest.fixture
def app(store: Store) -> Flask:
    from ttgraph.users import add_user

    add_user(store, "somsri", PASSWORD, role="staff")
    return create_app({"TTGRAPH_HOME": str(store.home), "TESTING": True})


def test_passwords_are_hashed_and_checked(store: Store) -> None:
    from ttgraph.users import add_user

    add_user(store, "สมศรี", "ยาวพอแล้วนะ1")
    raw = store.conn.execute("SELECT password_hash FROM users").fetchone()[0]
    assert "ยาวพอแล้วนะ1" not in raw and raw.startswith(("scrypt:", "pbkdf2:"))
    assert authenticate(store, "สมศรี", "ยาวพอแล้วนะ1").role == "staff"
    assert authenticate(store, "สมศรี", "ผิด") is None
    assert authenticate(store, "nobody", "ยาวพอแล้วนะ1") is None
    with pytest.raises(ValidationError, match="at least 8"):
        add_user(store, "x1", "short")
    with pytest.raises(ValidationError, match="role"):
        add_user(store, "x2", "long enough pw", role="king")
    with pytest.raises(ValidationError, match="user name"):
        add_user(store, "has space", "long enough pw")
    remove_user(store, "สมศรี")
    assert get_user(store, "สมศรี") is None and list_users(store) == []


def test_sign_in_and_out(app: Flask) -> None:
    client = app.test_client()
    response = sign_in(client)
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "somsri" in page and "ออกจากระบบ" in page
    token = csrf_token(page)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert "เข้าสู่ระบบ" in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused(app: Flask) -> None:
    client = app.test_client()
    response = sign_in(client, password="ผิดรหัส12345")
    assert response.status_code == 401
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.get_data(as_text=True)


def test_login_form_without_csrf_token_is_refused(app: Flask) -> None:
    client = app.test_client()
    response = client.post("/login", data={"name": "somsri", "password": PASSWORD})
    assert response.status_code == 400
    assert "แบบฟอร์มหมดอายุ" in response.get_data(as_text=True)


def test_sign_in_never_redirects_off_site(app: Flask) -> None:
    client = app.test_client()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        token = csrf_token(client.get("/login").get_data(as_text=True))
        response = client.post(
            "/login",
            data={"name": "somsri", "password": PASSWORD, "csrf_token": token, "next": target},
        )
        assert response.headers["Location"] == "/", target
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login",
        data={"name": "somsri", "password": PASSWORD, "csrf_token": token, "next": "/match"},
    )
    assert response.headers["Location"] == "/match"


def test_session_cookie_flags(app: Flask) -> None:
    response = sign_in(app.test_client())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secret_key_is_kept_in_the_home(store: Store) -> None:
    first = create_app({"TTGRAPH_HOME": str(store.home)}).config["SECRET_KEY"]
    second = create_app({"TTGRAPH_HOME": str(store.home)}).config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (store.home / "secret_key").stat().st_mode & 0o077 == 0


def test_user_add_cli(runner: CliRunner, store: Store) -> None:
    result = runner.invoke(
        main,
        [
            "--home",
            str(store.home),
            "user",
            "add",
            "agency1",
            "--role",
            "agency",
            "--password-stdin",
        ],
        input="รหัสผ่านยาวมาก\n",
    )
    assert result.exit_code == 0, result.output
    assert authenticate(store, "agency1", "รหัสผ่านยาวมาก").role == "agency"
    result = runner.invoke(main, ["--home", str(store.home), "user", "list"])
    assert "agency1\tagency" in result.output
    result = runner.invoke(
        main, ["--home", str(store.home), "user", "add", "x", "--password-stdin"], input="short\n"
    )
    assert result.exit_code == 1 and "Error:" in result.output
    result = runner.invoke(main, ["--home", str(store.home), "user", "remove", "agency1"])
    assert result.exit_code == 0 and get_user(store, "agency1") is None


def test_serve_without_a_home_is_a_clean_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--home", str(tmp_path / "nothing"), "serve", "--port", "1"])
    assert result.exit_code == 1
    assert "Error:" in result.output and "ttgraph init" in result.output


def test_serve_runs_waitress(
    runner: CliRunner, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import waitress

    seen = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: seen.update(kw, app=app))
    result = runner.invoke(
        main, ["--home", str(store.home), "serve", "--port", "8123", "--threads", "3"]
    )
    assert result.exit_code == 0, result.output
    assert seen["port"] == 8123 and seen["threads"] == 3 and seen["host"] == "127.0.0.1"
    assert seen["app"].config["TTGRAPH_HOME"] == str(store.home)
