"""Serve the fictional demo company's website (``data/demo/site``) on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import io
import threading
from pathlib import Path

from infolib.config import DEMO_SITE

#: The demo prefers this port so that cached responses match across runs.
PREFERRED_PORT = 8765
_SUBSTITUTED = (".xml", ".txt")


class _DemoHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; ``__BASE__`` in sitemaps, feeds and robots.txt becomes the server's URL."""

    base_url = ""
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".xml": "application/xml", ".pdf": "application/pdf"}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.suffix in _SUBSTITUTED and path.is_file():
            body = path.read_bytes().replace(b"__BASE__", self.base_url.encode())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def log_message(self, format, *args):  # quiet: the crawl reports what it read
        pass


class DemoSite:
    """A running demo web server. Use as a context manager, or call ``close()``."""

    def __init__(self, root: Path = DEMO_SITE, port: int | None = None):
        if not (root / "index.html").is_file():
            from infolib.errors import InfolibError

            raise InfolibError(f"The demo site is missing from {root}: run infolib from a "
                               "checkout of the project, where data/demo/site is committed.")
        handler = type("Handler", (_DemoHandler,), {})
        factory = functools.partial(handler, directory=str(root))
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

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> DemoSite:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<DemoSite serving {self.url}>"


def serve_demo(port: int | None = None) -> DemoSite:
    """Start the demo company's website on 127.0.0.1 and return it (``.url``, ``.close()``)."""
    return DemoSite(port=port)
