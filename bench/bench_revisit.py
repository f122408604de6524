"""Re-visit after the cache expired: what an unchanged site pays the second time.

Serves bench_crawl's generated fictional company site on 127.0.0.1 (the fixture server answers
like nginx: gzip, chunked, an ETag and a Last-Modified on every 200, 304 to a conditional
request) and researches 40 of its pages twice with ``refresh=True`` and every cached response
already stale (``cache_expiry=0``, as weeks after a visit):

  anchor - the first visit: responses and bytes the server sent (status lines, headers and
           bodies, robots.txt and sitemap included);
  re-visit - the same call again: the cache asks with If-None-Match / If-Modified-Since, so an
           unchanged page costs a 304 and no body.

Then the same two visits of each real dev site in ``../shared/realsites`` (served in-process by
its own ``serve.py``, which sends ETags and Last-Modified from the files and answers 304), whose
pages have the sizes real pages have; skipped with a note where the dev set is missing.

Target: re-visit bytes <= 5 % of the first visit's; every page answered 304. Figures are
printed, never asserted.

Run from the repo root:  python bench/bench_revisit.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fast_fixture_server, table, use_repo_root, verdict  # noqa: E402

use_repo_root()

N_PAGES = 40
BYTES_TARGET = 0.05


class Sent:
    """Bytes the fixture server wrote back, headers and bodies apart."""

    def __init__(self):
        self.headers = self.bodies = 0

    def counting(self, raw):
        """``raw`` (a handler's wfile) counting what is written to it."""
        counter = self

        class Counting:
            def __init__(self, raw):
                self.raw = raw

            def write(self, data):
                if bytes(data[:5]) == b"HTTP/":
                    counter.headers += len(data)
                else:
                    counter.bodies += len(data)
                return self.raw.write(data)

            def __getattr__(self, name):
                return getattr(self.raw, name)

        return Counting(raw)

    def wrap(self, fn):
        """A fixture route counting what it writes."""
        def route(h):
            h.wfile = self.counting(h.wfile)
            try:
                fn(h)
            finally:
                h.wfile = h.wfile.raw
        return route


def visit_twice(url: str, book, field: str, settings, count: Sent, hits) -> list[tuple]:
    """Research ``url`` twice (the second time with every cached response stale): per visit
    (pages, requests, 200s, 304s, header bytes, body bytes, seconds, result)."""
    from infolib import research_company

    out = []
    for _ in range(2):
        count.headers = count.bodies = 0
        before = len(hits())
        t0 = time.perf_counter()
        result = research_company(url, field, workbook=book, settings=settings,
                                  progress=False, refresh=True)
        seconds = time.perf_counter() - t0
        statuses = hits()[before:]
        out.append((len(result.pages), len(statuses), statuses.count(200), statuses.count(304),
                    count.headers, count.bodies, seconds, result))
    return out


def real_sites(settings, book) -> list[tuple]:
    """Both visits of every dev site, served in-process by the dev set's serve.py."""
    import importlib.util
    import threading
    from http.server import ThreadingHTTPServer

    from tests.realsites import REALSITES, missing_reason

    if missing_reason():
        print(f"(real sites skipped: {missing_reason()})")
        return []
    spec = importlib.util.spec_from_file_location("realsites_serve", REALSITES / "serve.py")
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    count, statuses = Sent(), []
    rows = []
    for folder in sorted(p for p in REALSITES.iterdir() if (p / "site").is_dir()):
        class Handler(serve.Handler):
            root = str(folder / "site")

            def setup(self):
                super().setup()
                self.wfile = count.counting(self.wfile)

            def send_response(self, code, message=None):
                statuses.append(code)
                super().send_response(code, message)

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{httpd.server_address[1]}/"
            rows.append((folder.name, visit_twice(url, book, folder.name, settings, count,
                                                  lambda: statuses)))
        finally:
            httpd.shutdown()
            httpd.server_close()
    return rows


def main() -> int:
    from bench_crawl import SEED, SiteGenerator, warm_imports

    from infolib import CrawlSettings, Workbook
    from tests.sites import respond

    warm_imports()
    pages = SiteGenerator(SEED).build()
    settings = CrawlSettings(delay=0, cache_expiry=0, max_pages=N_PAGES)
    srv = fast_fixture_server()
    sent = Sent()
    with tempfile.TemporaryDirectory(prefix="infolib-bench-") as tmp:
        book = Workbook(Path(tmp) / "workbook")
        try:
            site = srv.site
            for path, body in pages.items():
                site.page(path, body)
            for path in ("/robots.txt", "/sitemap.xml"):
                site.route(path, lambda h: respond(h, "<h1>Not found</h1>", 404))
            site.routes.update({p: sent.wrap(fn) for p, fn in site.routes.items()})
            generated = visit_twice(site.url + "/", book, "Revisit", settings, sent,
                                    lambda: [h.status for h in site.hits])
            srv.close()
            real = real_sites(settings, book)
        finally:
            book.close()
    runs = [("generated site", generated)] + real
    rows, verdicts = [], []
    for name, (first, again) in runs:
        for label, visit in (("first visit (anchor)", first), ("re-visit after expiry", again)):
            n, requests, ok, not_modified, head, body, seconds, _ = visit
            rows.append((f"{name}: {label}", n, requests, ok, not_modified, f"{head:,}",
                         f"{body:,}", f"{head + body:,}", f"{seconds:.2f}"))
        first_bytes, again_bytes = first[4] + first[5], again[4] + again[5]
        share = again_bytes / first_bytes if first_bytes else float("nan")
        pages_304 = again[3] >= again[0] and again[2] == 0
        same = [p.text for p in again[7].pages] == [p.text for p in first[7].pages]
        verdicts.append((name, f"{share:.1%}", verdict(share <= BYTES_TARGET),
                         f"{again[3]}/{again[0]}", verdict(pages_304), verdict(same)))
    print(f"bench_revisit: bench_crawl's {len(pages)}-page generated site and "
          f"{len(real)} dev sites, {N_PAGES} pages read per visit, delay 0, every cached "
          "response stale before the re-visit")
    print(table(rows, ("run", "pages", "requests", "200s", "304s", "header bytes",
                       "body bytes", "bytes", "s")))
    print(table(verdicts, ("site", "re-visit bytes / first", f"<= {BYTES_TARGET:.0%}",
                           "pages 304", "all 304", "same text")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
