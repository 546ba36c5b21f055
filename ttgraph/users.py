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
import math
import re
import time
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


# -- sign-in throttling ---------------------------------------------------------------------
#: Failed sign-ins allowed per user name, and per client address, within WINDOW seconds.
MAX_FAILURES = 5
WINDOW = 15 * 60

_FAILURES = (
    "CREATE TABLE IF NOT EXISTS login_failures(key TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures(key, at)",
)


def clock() -> float:
    """Seconds since the epoch; tests replace it to move time on."""
    return time.time()


def _throttle_keys(name: str, address: str | None) -> list[str]:
    keys = [f"name:{name.strip().casefold()}"]
    if address:
        keys.append(f"addr:{address}")
    return keys


def _failures_table(store: Store) -> bool:
    """Create the counter table on first use; False on a read-only home, where nothing can be
    counted (and nothing can be changed by a signed-in user either)."""
    if store.read_only:
        return False
    for statement in _FAILURES:
        store.conn.execute(statement)
    return True


def _limits(
    name: str, address: str | None, max_failures: int, max_address_failures: int | None
) -> dict[str, int]:
    """Counter key -> failures allowed (an address limit of 0 counts no addresses)."""
    per_address = max_failures if max_address_failures is None else max_address_failures
    keys = _throttle_keys(name, address if per_address > 0 else None)
    return {key: max_failures if key.startswith("name:") else per_address for key in keys}


def _wait(store: Store, limits: dict[str, int], at: float, window: float) -> int:
    wait = 0.0
    for key, allowed in limits.items():
        rows = store.conn.execute(
            "SELECT at FROM login_failures WHERE key=? AND at>? ORDER BY at DESC LIMIT ?",
            (key, at - window, allowed),
        ).fetchall()
        if len(rows) >= allowed:
            # Free again once the oldest of the last ``allowed`` failures leaves the window.
            wait = max(wait, rows[-1][0] + window - at)
    return math.ceil(wait) if wait > 0 else 0


def sign_in_wait(
    store: Store,
    name: str,
    address: str | None = None,
    *,
    at: float | None = None,
    max_failures: int = MAX_FAILURES,
    max_address_failures: int | None = None,
    window: float = WINDOW,
) -> int:
    """Seconds until ``name`` (or anyone from ``address``) may try to sign in again; 0 = now."""
    if not _failures_table(store):
        return 0
    at = clock() if at is None else at
    limits = _limits(name, address, max_failures, max_address_failures)
    return _wait(store, limits, at, window)


def try_sign_in(
    store: Store,
    name: str,
    password: str,
    address: str | None = None,
    *,
    at: float | None = None,
    max_failures: int = MAX_FAILURES,
    max_address_failures: int | None = None,
    window: float = WINDOW,
) -> tuple[User | None, int]:
    """``(user, 0)``, ``(None, 0)`` for a wrong name or password, or ``(None, seconds to wait)``
    once the name or the client address has had ``max_failures`` failures within ``window``
    (``max_address_failures`` sets another limit for addresses; 0 counts no addresses).

    The counters live in the store, so every thread and every ``serve --workers`` process sees
    the same ones.  An attempt is counted *before* the password is checked, in one write
    transaction with the check of the count, so parallel guesses cannot slip past the limit;
    a right password takes the count back and clears the name's failures (not the address's:
    one good account must not buy a guesser fresh attempts at others).  A refused attempt is
    not counted, so waiting always helps; the right password is refused too while throttled.

    >>> import tempfile
    >>> s = Store.create(tempfile.mkdtemp())
    >>> _ = add_user(s, "somchai", "รหัสผ่านยาว123")
    >>> [try_sign_in(s, "somchai", "ผิด", "10.0.0.7", at=1000.0 + n)[1] for n in range(6)]
    [0, 0, 0, 0, 0, 895]
    >>> try_sign_in(s, "somchai", "รหัสผ่านยาว123", "10.0.0.8", at=1010.0)
    (None, 890)
    >>> try_sign_in(s, "somchai", "รหัสผ่านยาว123", "10.0.0.8", at=1900.0)[0].name
    'somchai'
    """
    if not _failures_table(store):
        return authenticate(store, name, password), 0
    at = clock() if at is None else at
    limits = _limits(name, address, max_failures, max_address_failures)
    keys = list(limits)
    with store.transaction():
        wait = _wait(store, limits, at, window)
        if wait:
            return None, wait
        store.conn.execute("DELETE FROM login_failures WHERE at<=?", (at - window,))
        rows = [
            store.conn.execute(
                "INSERT INTO login_failures(key, at) VALUES(?, ?)", (key, at)
            ).lastrowid
            for key in keys
        ]
    user = authenticate(store, name, password)
    if user is not None:
        with store.transaction():
            store.conn.execute("DELETE FROM login_failures WHERE key=?", (keys[0],))
            store.conn.executemany(
                "DELETE FROM login_failures WHERE rowid=?", [(row,) for row in rows]
            )
    return user, 0
