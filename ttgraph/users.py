"""Accounts for the web UI: who may write (import, accept/reject matches) and in which role.

Users live in the home's own store (a ``users`` table in ``ttgraph.db``), so a home carries its
accounts with it.  Passwords are hashed with werkzeug.security (scrypt); plain text is never kept.

>>> import tempfile
>>> from ttgraph.store import Store
>>> s = Store.create(tempfile.mkdtemp())
>>> add_user(s, "somchai", "รหัสผ่านยาว123", role="staff").role
'staff'
>>> authenticate(s, "somchai", "รหัสผ่านยาว123").name
'somchai'
>>> authenticate(s, "somchai", "wrong") is None
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from ttgraph.errors import NotFound, ValidationError
from ttgraph.store import Store, now

ROLES = ("staff", "agency", "admin")
MIN_PASSWORD = 8
_NAME_RE = re.compile(r"^[\w.@\-\u0e00-\u0e7f]{2,64}$")  # Thai vowels and tone marks are not \w

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users(
  name TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  created TEXT NOT NULL
)
"""


@functools.cache
def _dummy_hash() -> str:
    """A hash checked when the user does not exist, so a wrong name costs as much as a wrong
    password (no probing for user names by timing)."""
    return generate_password_hash("not-a-real-password-0f3c")


@dataclass(frozen=True)
class User:
    """A signed-in person: name and role (staff < agency < admin)."""

    name: str
    role: str
    created: str = ""

    @property
    def can_import(self) -> bool:
        return self.role in ("agency", "admin")

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role}


def _ensure(store: Store) -> None:
    store.conn.execute(_SCHEMA)


def add_user(store: Store, name: str, password: str, *, role: str = "staff") -> User:
    """Create or replace an account; refuses weak passwords and unknown roles."""
    name = name.strip()
    if not _NAME_RE.match(name):
        raise ValidationError(
            f"user name {name!r} must be 2-64 letters, digits or . @ - _ (no spaces)", "name"
        )
    if role not in ROLES:
        raise ValidationError(f"role must be one of {', '.join(ROLES)}; got {role!r}", "role")
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            f"the password must have at least {MIN_PASSWORD} characters", "password"
        )
    _ensure(store)
    hashed = generate_password_hash(password)
    stamp = now()
    with store.transaction():
        store.conn.execute(
            "INSERT INTO users(name, password_hash, role, created) VALUES(?,?,?,?)"
            " ON CONFLICT(name) DO UPDATE SET password_hash=excluded.password_hash,"
            " role=excluded.role",
            (name, hashed, role, stamp),
        )
    return User(name, role, stamp)


def get_user(store: Store, name: str) -> User | None:
    _ensure(store)
    row = store.conn.execute(
        "SELECT name, role, created FROM users WHERE name=?", (name,)
    ).fetchone()
    return User(*row) if row else None


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user if the password is right, else None (same cost either way)."""
    _ensure(store)
    row = store.conn.execute(
        "SELECT name, role, created, password_hash FROM users WHERE name=?", (name.strip(),)
    ).fetchone()
    if row is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(row[3], password):
        return None
    return User(row[0], row[1], row[2])


def list_users(store: Store) -> list[User]:
    _ensure(store)
    rows = store.conn.execute("SELECT name, role, created FROM users ORDER BY name").fetchall()
    return [User(*r) for r in rows]


def remove_user(store: Store, name: str) -> None:
    _ensure(store)
    with store.transaction():
        cur = store.conn.execute("DELETE FROM users WHERE name=?", (name,))
    if not cur.rowcount:
        raise NotFound(f"no user named {name!r}")
