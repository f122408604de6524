"""A real HTTP server on 127.0.0.1 serving small fixture sites, faults included.

It answers the way production servers (nginx, Apache, CDNs) do, not the way
``python -m http.server`` does, because a crawler tested only against the latter can pass every
test and still read nothing on the real web:

- text responses are compressed with gzip when the request's Accept-Encoding allows it
  (``Content-Encoding`` and ``Vary: Accept-Encoding``), and, like nginx compressing on the fly,
  a compressed body goes out chunked (``Transfer-Encoding: chunked``, no Content-Length);
- HTTP/1.1 keep-alive;
- every 200 carries an ``ETag`` (weak once compressed, as nginx makes it) and a
  ``Last-Modified``, and ``If-None-Match`` / ``If-Modified-Since`` get a 304.

``site.page(path, body, encoding="identity")`` serves one route plain, ``encoding="deflate"`` (or
``"deflate-raw"``, the headerless deflate some servers send) another coding, and ``chunked=``
decides the framing; ``FixtureSite.compress = False`` turns compression off for a whole site.

Routes map a path to a function ``(handler) -> None`` that writes the whole response, so a test
can serve a slow page, a huge page, a redirect loop or a 429 exactly as a real server would.
Every request is logged with its time, User-Agent and request headers, and what was sent back.
"""

from __future__ import annotations

import contextlib
import email.utils
import gzip
import hashlib
import http.server
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

#: What a production server compresses (nginx ``gzip_types``, a CDN's defaults): text, not PDFs.
COMPRESSIBLE = ("text/", "application/xml", "application/xhtml+xml", "application/rss+xml",
                "application/atom+xml", "application/json", "application/javascript",
                "image/svg+xml")
#: When every page of the fixture sites was last changed (their Last-Modified).
LAST_MODIFIED = email.utils.formatdate(1_767_225_600, usegmt=True)  # 2026-01-01 00:00 GMT
_CHUNK = 4096


@dataclass
class Hit:
    path: str
    user_agent: str
    at: float
    headers: dict[str, str] = field(default_factory=dict)  # the request's
    client: int = 0  # the client's port: one per connection kept alive
    status: int = 0
    encoding: str = ""  # the Content-Encoding sent back ("" for none)
    chunked: bool = False


@dataclass
class FixtureSite:
    routes: dict[str, Callable] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    url: str = ""
    compress: bool = True  # gzip text when the client accepts it

    def route(self, path: str, fn: Callable) -> None:
        self.routes[path] = fn

    def page(self, path: str, body: str | bytes, status: int = 200,
             content_type: str = "text/html; charset=utf-8", headers: dict | None = None, *,
             encoding: str = "auto", chunked: bool | None = None):
        self.routes[path] = lambda h: respond(h, body, status, content_type, headers,
                                              encoding=encoding, chunked=chunked)

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]


def accepts(accept_encoding: str, coding: str) -> bool:
    """True when an Accept-Encoding header allows ``coding`` (a ``q=0`` refuses it)."""
    allowed = {}
    for item in accept_encoding.lower().split(","):
        name, _, params = item.strip().partition(";")
        q = params.strip()[2:] if params.strip().startswith("q=") else "1"
        try:
            allowed[name.strip()] = float(q) > 0
        except ValueError:
            allowed[name.strip()] = False
    return allowed.get(coding, allowed.get("*", False))


def compress(data: bytes, coding: str) -> bytes:
    if coding == "gzip":
        return gzip.compress(data, mtime=0)
    if coding == "deflate":  # RFC 9110: zlib-wrapped
        return zlib.compress(data)
    if coding == "deflate-raw":  # what some servers send as "deflate" all the same
        packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return packer.compress(data) + packer.flush()
    raise ValueError(coding)


def _not_modified(h, etag: str) -> bool:
    asked = h.headers.get("If-None-Match")
    if asked is not None:  # RFC 9110: If-None-Match wins; weak comparison for GET
        tags = {t.strip().removeprefix("W/") for t in asked.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    since = h.headers.get("If-Modified-Since")
    if since:
        try:
            return (email.utils.parsedate_to_datetime(LAST_MODIFIED)
                    <= email.utils.parsedate_to_datetime(since))
        except (TypeError, ValueError):
            return False
    return False


def respond(h, body: str | bytes, status: int = 200,
            content_type: str = "text/html; charset=utf-8", headers: dict | None = None, *,
            encoding: str = "auto", chunked: bool | None = None) -> None:
    """Write a whole response as a production server would.

    Args:
        encoding: ``"auto"`` gzips compressible types the client accepts (unless the site's
            ``compress`` is off); ``"gzip"``, ``"deflate"``, ``"deflate-raw"`` use that coding
            when the client accepts it; ``"identity"`` never compresses.
        chunked: ``None`` sends compressed bodies chunked and the rest with a Content-Length.
    """
    data = body.encode("utf-8") if isinstance(body, str) else body
    extra = dict(headers or {})
    hit = getattr(h, "hit", None)
    compressible = content_type.lower().startswith(COMPRESSIBLE)
    coding = ""
    if encoding == "auto":
        coding = "gzip" if compressible and h.site.compress and data else ""
    elif encoding != "identity":
        coding = encoding
    label = "deflate" if coding == "deflate-raw" else coding
    if not accepts(h.headers.get("Accept-Encoding", ""), label):
        coding = label = ""
    if compressible:
        extra["Vary"] = "Accept-Encoding"
    if status == 200:
        etag = f'"{hashlib.sha1(data).hexdigest()[:16]}"'
        extra.setdefault("ETag", f"W/{etag}" if label else etag)  # nginx weakens it
        extra.setdefault("Last-Modified", LAST_MODIFIED)
        if _not_modified(h, extra["ETag"]):
            h.send_response(304)
            for key in ("ETag", "Last-Modified", "Vary"):
                if key in extra:
                    h.send_header(key, extra[key])
            h.end_headers()
            if hit:
                hit.status = 304
            return
    if label:
        data = compress(data, coding)
        extra["Content-Encoding"] = label
    chunked = bool(label) if chunked is None else chunked
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    if chunked:
        h.send_header("Transfer-Encoding", "chunked")
    else:
        h.send_header("Content-Length", str(len(data)))
    for key, value in extra.items():
        h.send_header(key, value)
    h.end_headers()
    if hit:
        hit.status, hit.encoding, hit.chunked = status, label, chunked
    if not chunked:
        h.wfile.write(data)
        return
    for i in range(0, len(data), _CHUNK):
        piece = data[i:i + _CHUNK]
        h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
    h.wfile.write(b"0\r\n\r\n")


def html(title: str, body: str = "", links: list[str] = ()) -> str:
    anchors = "".join(f'<p><a href="{href}">{href}</a></p>' for href in links)
    text = body or (f"{title} is a page of the fixture site. It has a few sentences of text so "
                    "that the extractor has something to read and count as words.")
    return (f"<!doctype html><html><head><title>{title}</title></head><body><main>"
            f"<h1>{title}</h1><p>{text}</p>{anchors}</main></body></html>")


class _Handler(http.server.BaseHTTPRequestHandler):
    site: FixtureSite
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    # headers and body go out in two writes: without this, Nagle's algorithm and delayed ACKs
    # add ~40 ms to every keep-alive request
    disable_nagle_algorithm = True

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.hit = Hit(self.path, self.headers.get("User-Agent", ""), time.monotonic(),
                       dict(self.headers.items()), self.client_address[1])
        self.site.hits.append(self.hit)
        route = self.site.routes.get(self.path) or self.site.routes.get(self.path.split("?")[0])
        # the crawler may hang up on purpose (size cap, deadline)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if route is None:
                respond(self, "<h1>Not found</h1>", 404)
            else:
                route(self)

    def log_message(self, format, *args):
        pass


class _IPv6Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


class FixtureServer:
    """A fixture site served on ``host`` (127.0.0.1, or ``"::1"`` for the IPv6 loopback)."""

    def __init__(self, host: str = "127.0.0.1"):
        self.site = FixtureSite()
        handler = type("Handler", (_Handler,), {"site": self.site})
        server_class = _IPv6Server if ":" in host else http.server.ThreadingHTTPServer
        self.server = server_class((host, 0), handler)
        self.server.daemon_threads = True
        shown = f"[{host}]" if ":" in host else host
        self.site.url = f"http://{shown}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def urlset(*urls: str) -> str:
    """A sitemap listing ``urls``."""
    return (f"<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='{SITEMAP_NS}'>"
            + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>")


def sitemap_index(*sitemaps: str) -> str:
    """A sitemap index listing the child ``sitemaps``."""
    return (f"<?xml version='1.0' encoding='UTF-8'?><sitemapindex xmlns='{SITEMAP_NS}'>"
            + "".join(f"<sitemap><loc>{s}</loc></sitemap>" for s in sitemaps)
            + "</sitemapindex>")
