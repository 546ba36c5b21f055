"""Believe X-Forwarded-* headers only from the reverse proxies the operator names.

Behind nginx or Apache every connection comes from the proxy, so the sign-in throttle would
count all clients as one address.  The proxy says who the client was in ``X-Forwarded-For``,
but a client can send that header too: it is believed only when the direct peer is a trusted
proxy, and then the client is the right-most address in the list that is not itself a trusted
proxy (everything left of it was written by someone we do not trust).

Why our own small middleware rather than waitress's ``trusted_proxy`` options or werkzeug's
``ProxyFix``: waitress trusts exactly one address (or ``*``) and picks the client by counting
hops (``trusted_proxy_count``), and ProxyFix also counts hops and never looks at the peer at
all, so it must not see a single direct request.  We need a list of addresses and networks, the
"right-most untrusted" rule whatever the number of hops, and the same behaviour under the Flask
test client, waitress and any other WSGI server.  ``ttgraph serve`` still lets waitress drop
the headers itself when no proxy is trusted (``clear_untrusted_proxy_headers``).

>>> def app(environ, start_response):
...     return [environ["REMOTE_ADDR"], environ["wsgi.url_scheme"]]
>>> wrapped = TrustedProxies(app, parse_trusted("10.0.0.1, 10.1.0.0/16"))
>>> env = {"REMOTE_ADDR": "10.0.0.1", "wsgi.url_scheme": "http",
...        "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9, 10.1.2.3",
...        "HTTP_X_FORWARDED_PROTO": "https"}
>>> wrapped(env, None)
['203.0.113.9', 'https']
>>> wrapped({"REMOTE_ADDR": "198.51.100.7", "wsgi.url_scheme": "http",
...          "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, None)
['198.51.100.7', 'http']
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from typing import Any

from ttgraph.errors import UsageError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PREFIX",
    "HTTP_X_FORWARDED_BY",
    "HTTP_FORWARDED",
)
_HOST = re.compile(r"^(?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
_SECURE = re.compile(r";\s*secure\s*(?:;|$)", re.IGNORECASE)
_PORT = re.compile(r"^(?:\[([^\]]+)\]:\d+|([\d.]+):\d+)$")


def parse_trusted(setting: str | Iterable[str] | None) -> tuple[Network, ...]:
    """Addresses or networks (``10.0.0.0/8``) from a comma list or a list of comma lists.

    >>> parse_trusted(["127.0.0.1", "10.0.0.0/8, ::1"])
    (IPv4Network('127.0.0.1/32'), IPv4Network('10.0.0.0/8'), IPv6Network('::1/128'))
    """
    if not setting:
        return ()
    items = [setting] if isinstance(setting, str) else list(setting)
    found: list[Network] = []
    for item in items:
        for part in str(item).split(","):
            part = part.strip()
            if not part:
                continue
            try:
                found.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                raise UsageError(
                    f"trusted proxy {part!r} is not an IP address or network; give the proxy's "
                    "address as the server sees it (e.g. 127.0.0.1 or 10.0.0.0/8), not a host name"
                ) from None
    return tuple(dict.fromkeys(found))


def _address(text: str) -> Address | None:
    """An address from a header entry or a peer, ports and IPv4-in-IPv6 removed."""
    text = text.strip()
    port = _PORT.match(text)
    if port:
        text = port.group(1) or port.group(2)
    try:
        address = ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _last(value: str) -> str:
    """The right-most item of a comma list: the one our nearest proxy wrote."""
    return value.rsplit(",", 1)[-1].strip()


class TrustedProxies:
    """WSGI middleware: client address, scheme and host from a trusted peer's headers.

    The peer's own address stays in ``environ["ttgraph.proxy_peer"]``.  For any other peer the
    forwarded headers are removed, so nothing further in the app can be fooled by them.  When
    the proxy says the request came over https, cookies are marked ``Secure`` as well.
    """

    def __init__(self, app: Callable[..., Any], trusted: Iterable[Network]) -> None:
        self.app = app
        self.trusted = tuple(trusted)

    def is_trusted(self, address: Address | None) -> bool:
        return address is not None and any(address in net for net in self.trusted)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        peer = environ.get("REMOTE_ADDR", "")
        if not self.trusted or not self.is_trusted(_address(peer)):
            for key in FORWARDED_HEADERS:
                environ.pop(key, None)
            return self.app(environ, start_response)
        environ["ttgraph.proxy_peer"] = peer
        client = self.client(environ.get("HTTP_X_FORWARDED_FOR", ""))
        if client is not None:
            environ["REMOTE_ADDR"] = client
        proto = _last(environ.get("HTTP_X_FORWARDED_PROTO", "")).lower()
        if proto in ("http", "https"):
            environ["wsgi.url_scheme"] = proto
        host = _last(environ.get("HTTP_X_FORWARDED_HOST", ""))
        if host and _HOST.match(host):
            environ["HTTP_HOST"] = host
        if environ.get("wsgi.url_scheme") != "https":
            return self.app(environ, start_response)

        def secure_cookies(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
            headers = [
                (name, value + "; Secure")
                if name.lower() == "set-cookie" and not _SECURE.search(value)
                else (name, value)
                for name, value in headers
            ]
            return start_response(status, headers, *exc)

        return self.app(environ, secure_cookies)

    def client(self, forwarded_for: str) -> str | None:
        """The right-most entry that is not a trusted proxy (None: keep the peer).  A chain of
        trusted proxies only gives the left-most of them; an entry that is no address at all
        ends the search, as the client must not be someone's made-up text."""
        entries = [e for e in (p.strip() for p in forwarded_for.split(",")) if e]
        chosen: Address | None = None
        for entry in reversed(entries):
            address = _address(entry)
            if address is None:
                break
            chosen = address
            if not self.is_trusted(address):
                break
        return None if chosen is None else str(chosen)
