"""Hostile documents: a PDF or a page that pypdf, lxml or trafilatura choke on is one skipped
row, never a crashed research, and control characters never get past extraction (issue 11,
D3 and D14)."""

from __future__ import annotations

import re
import struct
import zlib
from urllib.parse import urlsplit

import pytest

from infolib import crawl_site, research_company
from tests.sites import html

REPORT = "Annual report 2025. Revenue rose to 18 million pounds on grid storage contracts."
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def encrypted_pdf(method: str, user_password: str = "") -> bytes:
    """A real encrypted PDF (fpdf2); an empty user password is the usual permissions-only lock."""
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 10, REPORT)
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password,
                       encryption_method=EncryptionMethod[method])
    return bytes(pdf.output())


def object_stream_bomb(padding: int = 80_000_000) -> bytes:
    """A PDF whose page tree sits in a FlateDecode object stream that inflates past pypdf's
    75 MB limit (78 KB on the wire): pypdf raises LimitReachedError reading its pages."""
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"
    header = b"2 0 3 %d " % (len(pages) + 1)
    stream = zlib.compress(header + pages + b" " + page + b" " * padding, 9)
    out = b"%PDF-1.7\n"
    catalog = len(out)
    out += b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    objstm = len(out)
    out += (b"4 0 obj\n<< /Type /ObjStm /N 2 /First %d /Length %d /Filter /FlateDecode >>\n"
            b"stream\n" % (len(header), len(stream)) + stream + b"\nendstream\nendobj\n")
    xref_at = len(out)
    rows = [(0, 0, 65535), (1, catalog, 0), (2, 4, 0), (2, 4, 1), (1, objstm, 0), (1, xref_at, 0)]
    xref = b"".join(struct.pack(">BIH", *row) for row in rows)
    out += (b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
            % len(xref) + xref + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    return out


def unknown_handler_pdf() -> bytes:
    """A PDF encrypted by a security handler pypdf does not implement."""
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate([
            b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>",
            b"<< /Filter /Acme.Secure /V 9 /R 9 >>"], 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref_at = len(body)
    body += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o
                                                           for o in offsets)
    return body + (b"trailer\n<< /Size 4 /Root 1 0 R /Encrypt 3 0 R /ID [<00> <00>] >>\n"
                   b"startxref\n%d\n%%%%EOF\n" % xref_at)


def test_a_bad_pdf_never_stops_the_research(server, fast, workbook):
    pdfs = {
        "/reports/annual-report-2025.pdf": encrypted_pdf("AES_128"),  # permissions only
        "/reports/annual-report-2024.pdf": encrypted_pdf("AES_256"),
        "/reports/locked.pdf": encrypted_pdf("AES_128", user_password="letmein"),
        "/reports/bomb.pdf": object_stream_bomb(),
        "/reports/odd-lock.pdf": unknown_handler_pdf(),
        "/reports/damaged.pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R",
    }
    for path, body in pdfs.items():
        server.page(path, body, content_type="application/pdf")
    server.page("/", html("Home", "Larkspur Grid Systems builds battery storage for regional "
                                  "networks and runs each site for twenty years.",
                          links=list(pdfs)))
    result = research_company(server.url + "/", "Storage", workbook=workbook, settings=fast,
                              progress=False)
    assert result.ok
    read = {urlsplit(p.url).path: p for p in result.pages}
    assert REPORT in read["/reports/annual-report-2025.pdf"].text
    assert REPORT in read["/reports/annual-report-2024.pdf"].text
    why = {urlsplit(s.url).path: (s.reason, s.detail) for s in result.crawl.skipped}
    for path in ("/reports/locked.pdf", "/reports/bomb.pdf", "/reports/odd-lock.pdf",
                 "/reports/damaged.pdf"):
        assert why[path][0] == "unreadable", path
        assert path in why[path][1]
    assert "password-protected" in why["/reports/locked.pdf"][1]
    assert "LimitReachedError" in why["/reports/bomb.pdf"][1]
    stored = workbook.research.load(crawl_id=result.crawl_id)
    assert {p.url for p in stored.pages} == {p.url for p in result.pages}
    assert {s.url for s in stored.crawl.skipped} >= {server.url + p for p in why}


# --- control characters (D14) ----------------------------------------------------------------------

@pytest.mark.parametrize("control", ["\x0c", "\x1b", "\x08", "\x00", "\x7f", "\x85", "&#27;",
                                     "&#x0c;", "&#8;"])
def test_a_control_character_never_costs_a_page_its_text(server, fast, control):
    text = (f"Larkspur Grid Systems{control} builds battery storage for regional networks, "
            "and its engineers run each site for twenty years from Bristol.")
    page = (f"<!doctype html><html><head><title>Lark{control}spur</title>"
            f'<meta name="description" content="Grid{control} storage">'
            f'<script type="application/ld+json">{{"@type": "Organization", '
            f'"name": "Larkspur\\u001b Grid", "foundingDate": "2016"}}</script></head>'
            f"<body><main><h1>Who{control} we are</h1><p>{text}</p>"
            f'<a href="/about.html">About{control} us</a></main></body></html>')
    server.page("/", page)
    server.page("/about.html", html("About"))
    result = crawl_site(server.url + "/", fast)
    home = result.pages[0]
    assert "builds battery storage for regional networks" in home.text
    assert home.title == "Larkspur"
    assert home.description == "Grid storage"
    assert "About" in {p.title for p in result.pages}
    for value in _strings(home.to_dict() if hasattr(home, "to_dict") else vars(home)):
        assert not CONTROL.search(value), value


def test_control_characters_never_reach_the_stored_research(server, fast, workbook):
    server.page("/", html("Acme\x1b[2J\x1b]0;pwned\x07 Grid", "Acme Grid\x08 builds storage "
                          "for networks across the country, and runs each site for years."))
    result = research_company(server.url + "/", "Storage", workbook=workbook, settings=fast,
                              progress=False)
    stored = workbook.research.load(crawl_id=result.crawl_id)
    for research in (result, stored):
        values = list(_strings(research.to_dict()))
        assert values and not any(CONTROL.search(v) for v in values)
        # the escape sequences go whole (no "[2J" or "]0;pwned" residue); the words stay
        assert any("Acme Grid" in v for v in values)
        assert not any("pwned" in v or "[2J" in v for v in values)


def _strings(value):
    """Every string inside nested dicts, lists and dataclass-like objects."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        yield from _strings(vars(value))
