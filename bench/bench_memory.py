"""Peak memory of a crawl that meets two 30 MB pages, against a process that only imports.

The fixture site's home page links to a few normal pages and to two 30 MB pages:
  /downloads/huge-chunked.html   streamed with chunked transfer encoding, no Content-Length;
  /downloads/huge-declared.html  declared with Content-Length: 31457280.
Both are over the 5 MB cap (CrawlSettings.max_bytes), so both should be skipped as "too large"
without ever being held in memory.

Each measurement runs in a fresh subprocess (the fixture server stays in this process, so its
memory is not counted):
  anchor    - imports infolib's heavy dependencies (trafilatura, pandas, sqlalchemy,
              requests_cache, extruct) and does nothing;
  control   - the same imports, then research_company on the site without the huge pages;
  huge      - the same imports, then research_company on the site with the huge pages;
  control+tm, huge+tm - as "control" and "huge", with tracemalloc started just before
              research_company: its peak is the Python-level allocation peak during the call
              (modules imported lazily by the crawl count too, so compare the two rows: the
              difference is what the huge pages cost). RSS here includes tracemalloc's own
              overhead, so it is not compared with the target.
Peak RSS is ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (KB on Linux). Target: the "huge"
process peaks under 300 MB.

Run from the repo root:  python bench/bench_memory.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))
from _common import ROOT, fast_fixture_server, table, verdict  # noqa: E402

HUGE_BYTES = 30 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
RSS_TARGET_MB = 300
DEPENDENCIES = ("trafilatura", "pandas", "sqlalchemy", "requests_cache", "extruct")
NORMAL = ["/about/", "/team/", "/products/", "/news/", "/careers/"]
HUGE = ["/downloads/huge-chunked.html", "/downloads/huge-declared.html"]


# child side -------------------------------------------------------------------------------------
def _import_dependencies() -> None:
    import importlib

    for name in DEPENDENCIES:
        importlib.import_module(name)


def _peak_rss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux


def child(mode: str, url: str = "", folder: str = "") -> None:
    """Runs in the subprocess; prints one JSON line."""
    _import_dependencies()
    out: dict = {"mode": mode}
    if mode != "anchor":
        import tracemalloc

        from infolib import Workbook, research_company

        use_tm = mode.endswith("+tm")
        if use_tm:
            tracemalloc.start()
        book = Workbook(folder)
        try:
            result = research_company(url, "Bench memory", workbook=book, delay=0,
                                      progress=False)
        finally:
            book.close()
        if use_tm:
            out["tracemalloc_peak"] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        out["pages"] = len(result.pages)
        out["requests"] = result.crawl.requests
        out["skipped"] = [{"url": s.url, "reason": s.reason, "detail": s.detail}
                          for s in result.crawl.skipped]
    out["maxrss_kb"] = _peak_rss_kb()
    print(json.dumps(out))


# parent side ------------------------------------------------------------------------------------
def _filler() -> bytes:
    para = (b"<p>Northwind Grid Storage builds and runs grid-scale batteries for utilities and "
            b"industrial sites, with monitoring, maintenance and trading services.</p>\n")
    return (para * (CHUNK_BYTES // len(para) + 1))[:CHUNK_BYTES]


def _serve_chunked(h) -> None:
    """30 MB of HTML, chunked, no Content-Length; stops quietly when the client hangs up."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    head = b"<!doctype html><html><head><title>Huge</title></head><body><main>"
    h.wfile.write(b"%x\r\n%s\r\n" % (len(head), head))
    block = _filler()
    frame = b"%x\r\n" % len(block) + block + b"\r\n"
    sent = len(head)
    while sent < HUGE_BYTES:
        h.wfile.write(frame)
        sent += len(block)
    h.wfile.write(b"0\r\n\r\n")


def _serve_declared(h) -> None:
    """30 MB of HTML with an honest Content-Length, written in 64 KB blocks."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", str(HUGE_BYTES))
    h.end_headers()
    block = _filler()
    sent = 0
    while sent < HUGE_BYTES:
        piece = block[: HUGE_BYTES - sent]
        h.wfile.write(piece)
        sent += len(piece)


def _site(with_huge: bool):
    from tests.sites import html

    srv = fast_fixture_server()
    links = NORMAL + (HUGE if with_huge else [])
    srv.site.page("/", html("Northwind Grid Storage", links=links))
    for path in NORMAL:
        body = " ".join(f"Sentence {i} about {path.strip('/')} at Northwind Grid Storage, "
                        "which builds and runs grid-scale batteries." for i in range(40))
        srv.site.page(path, html(path.strip("/").capitalize(), body=body, links=["/"]))
    if with_huge:
        srv.site.route(HUGE[0], _serve_chunked)
        srv.site.route(HUGE[1], _serve_declared)
    return srv


def _run_child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, str(HERE), "--child", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=170)
    if proc.returncode != 0:
        raise RuntimeError(f"child {args[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    results: dict[str, dict] = {"anchor": _run_child("anchor")}
    with tempfile.TemporaryDirectory(prefix="infolib-bench-mem-") as tmp:
        for mode, with_huge in (("control", False), ("huge", True), ("control+tm", False),
                                ("huge+tm", True)):
            srv = _site(with_huge)
            try:
                results[mode] = _run_child(mode, srv.site.url + "/", str(Path(tmp) / mode))
            finally:
                srv.close()

    anchor_mb = results["anchor"]["maxrss_kb"] / 1024
    labels = {"anchor": "anchor: imports only",
              "control": "research, normal pages only",
              "huge": "research, + two 30 MB pages",
              "control+tm": "research, normal pages only, tracemalloc on",
              "huge+tm": "research, + two 30 MB pages, tracemalloc on"}
    rows = []
    for mode, r in results.items():
        mb = r["maxrss_kb"] / 1024
        tm = r.get("tracemalloc_peak")
        rows.append((labels[mode], f"{mb:.0f}", f"{mb - anchor_mb:+.0f}" if mode != "anchor" else "-",
                     f"{tm / 1024 / 1024:.1f}" if tm is not None else "-",
                     r.get("pages", "-"), r.get("requests", "-")))
    print(f"bench_memory: peak RSS per fresh process (huge pages: {HUGE_BYTES // 2**20} MB each, "
          f"cap 5 MB)\n")
    print(table(rows, ("process", "peak RSS MB", "vs anchor", "tracemalloc peak MB",
                       "pages", "requests")))

    huge = results["huge"]
    huge_mb = huge["maxrss_kb"] / 1024
    print()
    reasons = {s["url"].split("/", 3)[-1]: s for s in huge["skipped"]}
    skip_rows = []
    for path in HUGE:
        s = reasons.get(path.lstrip("/"))
        reason = s["reason"] if s else "NOT SKIPPED"
        skip_rows.append((path, reason, verdict(reason == "too large")))
    print(table(skip_rows, ("huge page", "skip reason", "expect 'too large'")))
    print()
    print(table([("peak RSS with the huge pages", f"{huge_mb:.0f} MB", f"< {RSS_TARGET_MB} MB",
                  verdict(huge_mb < RSS_TARGET_MB))], ("figure", "value", "target", "")))
    others = [f"{s['url']} ({s['reason']})" for s in huge["skipped"]
              if s["url"].split("/", 3)[-1] not in {p.lstrip('/') for p in HUGE}]
    if others:
        print("other skipped URLs: " + ", ".join(others))
    tm_extra = (results["huge+tm"]["tracemalloc_peak"]
                - results["control+tm"]["tracemalloc_peak"]) / 2**20
    print(f"tracemalloc peak added by the huge pages: {tm_extra:+.1f} MB "
          f"(a body is buffered up to the 5 MB cap before it is refused)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        child(*sys.argv[2:])
    else:
        sys.path.insert(0, str(ROOT))
        sys.exit(main())
