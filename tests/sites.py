"""A real HTTP server on 127.0.0.1 serving small fixture sites, faults included.

Routes map a path to a function ``(handler) -> None`` that writes the whole response, so a test
can serve a slow page, a huge page, a redirect loop or a 429 exactly as a real server would.
Every request is logged with its time and User-Agent.
"""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Hit:
    path: str
    user_agent: str
    at: float


@dataclass
class FixtureSite:
    routes: dict[str, Callable] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    url: str = ""

    def route(self, path: str, fn: Callable) -> None:
        self.routes[path] = fn

    def page(self, path: str, body: str | bytes, status: int = 200,
             content_type: str = "text/html; charset=utf-8", headers: dict | None = None):
        self.routes[path] = lambda h: respond(h, body, status, content_type, headers)

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]


def respond(h, body: str | bytes, status: int = 200,
            content_type: str = "text/html; charset=utf-8", headers: dict | None = None) -> None:
    """Write a whole response with a Content-Length."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(data)))
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    h.end_headers()
    h.wfile.write(data)


def html(title: str, body: str = "", links: list[str] = ()) -> str:
    anchors = "".join(f'<p><a href="{href}">{href}</a></p>' for href in links)
    text = body or (f"{title} is a page of the fixture site. It has a few sentences of text so "
                    "that the extractor has something to read and count as words.")
    return (f"<!doctype html><html><head><title>{title}</title></head><body><main>"
            f"<h1>{title}</h1><p>{text}</p>{anchors}</main></body></html>")


class _Handler(http.server.BaseHTTPRequestHandler):
    site: FixtureSite
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes: without this, Nagle's algorithm and delayed ACKs
    # add ~40 ms to every keep-alive request
    disable_nagle_algorithm = True

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.site.hits.append(Hit(self.path, self.headers.get("User-Agent", ""),
                                  time.monotonic()))
        route = self.site.routes.get(self.path) or self.site.routes.get(self.path.split("?")[0])
        if route is None:
            body = b"not here"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        # the crawler may hang up on purpose (size cap, deadline)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def log_message(self, format, *args):
        pass


class FixtureServer:
    def __init__(self):
        self.site = FixtureSite()
        handler = type("Handler", (_Handler,), {"site": self.site})
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.site.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
