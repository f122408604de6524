"""Serve the fictional demo company's website (``data/demo/site``) on 127.0.0.1.

It answers as a production server (nginx, a CDN) does, so that the demo exercises what the
crawler meets on the real web: text gzip-compressed when the request accepts it (with
``Content-Encoding`` and ``Vary``), HTTP/1.1 keep-alive, ``ETag`` and ``Last-Modified`` with
304 answers, a 301 that adds a folder's trailing slash, and an HTML 404 page.

``DemoSite.publish_update()`` moves the site on to its later version (``data/demo/later``: the
files that changed or are new, and ``GONE``, the pages it no longer has), as an organisation's
site moves on between two visits: a press release, a role filled, a new head of data, more staff.
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import hashlib
import http.server
import io
import threading
from pathlib import Path

from infolib.config import DEMO_SITE

#: The demo prefers this port so that cached responses match across runs.
PREFERRED_PORT = 8765
_SUBSTITUTED = (".xml", ".txt")
_COMPRESSED = ("text/", "application/xml", "application/json", "application/rss+xml",
               "application/atom+xml", "image/svg+xml")


def _accepts_gzip(accept_encoding: str) -> bool:
    """True when an Accept-Encoding header allows gzip (``gzip;q=0`` refuses it)."""
    for item in accept_encoding.lower().split(","):
        name, _, params = item.partition(";")
        if name.strip() in ("gzip", "*"):
            q = params.strip().removeprefix("q=") or "1"
            try:
                return float(q) > 0
            except ValueError:
                return False
    return False


class _DemoHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; ``__BASE__`` in sitemaps, feeds and robots.txt becomes the server's URL."""

    protocol_version = "HTTP/1.1"
    base_url = ""
    compress = True
    later: Path | None = None  # the later version's folder, once the site has moved on
    gone: frozenset = frozenset()

    def translate_path(self, path: str) -> str:
        found = super().translate_path(path)
        if self.later is None:
            return found
        if Path(found).is_dir() and path.split("?")[0].endswith("/"):
            found = str(Path(found) / "index.html")
        relative = Path(found).relative_to(Path(self.directory).resolve()).as_posix()
        if relative in self.gone:
            return str(Path(self.directory) / ".gone" / relative)  # answered 404
        newer = self.later / relative
        return str(newer) if newer.is_file() else found
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".xml": "application/xml", ".pdf": "application/pdf"}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return self._answer(301, headers={"Location": self.path.split("?")[0] + "/"})
            path = path / "index.html"
        if not path.is_file():
            return self._answer(404, b"<!doctype html><title>Not found</title><h1>Not found</h1>",
                                "text/html; charset=utf-8")
        body = path.read_bytes()
        if path.suffix in _SUBSTITUTED:
            body = body.replace(b"__BASE__", self.base_url.encode())
        ctype = self.guess_type(str(path))
        if ctype.startswith("text/") or ctype == "application/xml":
            ctype += "; charset=utf-8"
        validators = {"ETag": f'"{hashlib.sha1(body).hexdigest()[:16]}"',
                      "Last-Modified": email.utils.formatdate(int(path.stat().st_mtime),
                                                              usegmt=True)}
        return self._answer(200, body, ctype, validators)

    def _answer(self, status: int, body: bytes = b"", ctype: str = "", headers=None):
        """Send the status and headers; return the body still to be written (None for none)."""
        headers = dict(headers or {})
        compressible = ctype.startswith(_COMPRESSED)
        gzipped = (self.compress and compressible and body
                   and _accepts_gzip(self.headers.get("Accept-Encoding", "")))
        if gzipped and "ETag" in headers:
            headers["ETag"] = "W/" + headers["ETag"]  # as nginx does for what it compresses
        if compressible:
            headers["Vary"] = "Accept-Encoding"
        if status == 200 and self._not_modified(headers):
            self.send_response(304)
            for key in ("ETag", "Last-Modified", "Vary"):
                if key in headers:
                    self.send_header(key, headers[key])
            self.end_headers()
            return None
        if gzipped:
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        return io.BytesIO(body)

    def _not_modified(self, headers: dict) -> bool:
        asked = self.headers.get("If-None-Match")
        if asked is not None:
            tags = {tag.strip().removeprefix("W/") for tag in asked.split(",")}
            return "*" in tags or headers["ETag"].removeprefix("W/") in tags
        return self.headers.get("If-Modified-Since") == headers["Last-Modified"]

    def log_message(self, format, *args):  # quiet: the crawl reports what it read
        pass


class DemoSite:
    """A running demo web server. Use as a context manager, or call ``close()``.

    ``compress=False`` serves every file plain, as a server without compression would.
    """

    def __init__(self, root: Path = DEMO_SITE, port: int | None = None, compress: bool = True):
        if not (root / "index.html").is_file():
            from infolib.errors import SetupError

            raise SetupError(f"The demo site is missing from {root}: run infolib from a "
                               "checkout of the project, where data/demo/site is committed.")
        self._handler = handler = type("Handler", (_DemoHandler,), {"compress": compress})
        factory = functools.partial(handler, directory=str(root.resolve()))
        ports = [port] if port is not None else [PREFERRED_PORT, 0]
        for candidate in ports:
            try:
                self.server = http.server.ThreadingHTTPServer(("127.0.0.1", candidate), factory)
                break
            except OSError:
                if candidate == ports[-1]:
                    raise
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        handler.base_url = self.url.rstrip("/")
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def publish_update(self, later: Path | None = None) -> None:
        """From now on serve the site's later version: the files in ``later`` (default
        ``data/demo/later``) replace or join the site's, and the pages its ``GONE`` file lists
        answer 404. Validators follow the content, so a re-visit gets 304 for what did not
        change and the new body for what did."""
        later = Path(later or DEMO_SITE.parent / "later").resolve()
        gone = later / "GONE"
        names = gone.read_text("utf-8").splitlines() if gone.is_file() else []
        self._handler.gone = frozenset(n.strip().lstrip("/") for n in names
                                       if n.strip() and not n.startswith("#"))
        self._handler.later = later

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> DemoSite:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<DemoSite serving {self.url}>"


def serve_demo(port: int | None = None, compress: bool = True) -> DemoSite:
    """Start the demo company's website on 127.0.0.1 and return it (``.url``, ``.close()``);
    ``compress=False`` serves it without gzip."""
    return DemoSite(port=port, compress=compress)
