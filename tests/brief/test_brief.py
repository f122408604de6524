"""The printable research brief as a person meets it: opened in a real browser, printed on A4
paper, fed a hostile web site, and asked for something it cannot make.

The browser tests use the system Chromium (Debian package) through Playwright, never a
downloaded browser; they are skipped when it is missing, except under make test
(INFOLIB_REQUIRE_CHROMIUM set), where that is a failure.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
from pathlib import Path

import pytest

from infolib import DataError, InfolibError, NotFoundError
from infolib.brief import build_notebook, collect, make_brief
from infolib.brief.sections import Sources, safe_href
from infolib.errors import ExportError
from infolib.planning.questions import stored_plan

CHROMIUM = "/usr/bin/chromium"
FIELD = "Energy storage"
CONTACT = "Ada Example"


@contextlib.contextmanager
def opened(path: Path):
    """The file in headless Chromium, with every request that is not file: or data: blocked
    and recorded, and every dialog recorded (and dismissed)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            context = browser.new_context()
            outside: list[str] = []
            dialogs: list[str] = []

            def watch(request):
                if not request.url.startswith(("file:", "data:")):
                    outside.append(request.url)

            def guard(route):
                if route.request.url.startswith(("file:", "data:")):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            context.on("request", watch)
            context.route("**/*", guard)
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(path.resolve().as_uri(), wait_until="load")
            page.wait_for_timeout(200)  # time for anything that would run after load
            yield page, outside, dialogs
        finally:
            browser.close()


def _meet(book) -> None:
    book.contacts.add(CONTACT, organisation="Larkspur Grid Systems", role="Data engineer",
                     how_found="alumni")
    book.log.add_outreach(CONTACT, "email", sent="2026-03-02", replied="2026-03-03")
    book.log.add_meeting(CONTACT, "2026-03-10 14:30", mode="in_person",
                     place="Harbourside café, Bristol")


def _links(html: str):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return soup, [a["href"] for a in soup.select("a[href]")]


# -- 1. the HTML brief in a browser --------------------------------------------------------------

@pytest.mark.slow  # Chromium
def test_the_html_brief_reads_well_in_a_browser_and_loads_nothing(demo_book, chromium):
    _meet(demo_book)
    path = make_brief(FIELD, contact=CONTACT, workbook=demo_book)
    assert path == demo_book.folder / "briefs" / "brief-energy-storage-ada-example.html"
    assert not [p for p in path.parent.iterdir() if p.name != path.name]  # no temporary file left
    plan = stored_plan(FIELD, CONTACT, workbook=demo_book)  # the plan the brief made and stored
    first = plan.questions[0]
    closing = [q for q in plan.questions if q.kind == "closing"]
    assert first.kind != "closing" and closing

    with opened(path) as (page, outside, dialogs):
        assert page.get_by_role("heading", name="Larkspur Grid Systems").is_visible()
        assert page.get_by_text(first.text, exact=True).is_visible()
        for question in closing:
            assert page.get_by_text(question.text, exact=True).is_visible()
        assert page.locator("table.gaps tr.gap").count() >= 1  # the gaps, in one table

        # a document, not a notebook: no code, no prompts, no scripts
        assert page.locator(".jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt, "
                            ".jp-CodeMirrorEditor, .jp-CodeCell, .highlight, pre code").count() == 0
        text = page.inner_text("body")
        assert "In [" not in text and "Out[" not in text and "brief.sections" not in text
        assert page.locator("script").count() == 0

        # the head of page one: field, organisation, contact, the meeting
        cover = page.locator(".title-page").inner_text()
        for expected in (FIELD, "Larkspur Grid Systems", CONTACT, "Data engineer",
                         "Tuesday 10 March 2026, 14:30", "in person", "20 minutes",
                         "Harbourside café, Bristol"):
            assert expected in cover, expected

        # the parts, in order
        headings = page.locator("h2").all_inner_texts()
        assert headings == ["1. The organisation", "2. People", "3. What's new",
                            "4. Questions for the meeting",
                            "5. The gaps: what the research does not tell you",
                            "6. After the meeting", "Sources"]
        assert "start wrapping up at minute 18" in text.lower()
        assert "2026-09-15" in page.locator(".part.news").inner_text()  # news are dated
        outreach = page.locator(".part.outreach").inner_text()
        assert page.locator("li.is-contact").count() == 0  # Ada Example is not on the site
        assert "2026-03-02" in outreach and "Thank Ada Example" in outreach
        assert outside == [] and dialogs == []

    # every link is an http(s) address of the research, and every cited address is in the
    # appendix with the day it was read
    html = path.read_text(encoding="utf-8")
    soup, hrefs = _links(html)
    research = demo_book.research.load(FIELD)
    known = {p.url for p in research.crawl.pages} | {i.text for i in research.profile.links}
    assert hrefs and all(h.startswith(("http://", "https://")) and h in known for h in hrefs)
    assert not soup.select("script, link, iframe, object, embed, base")
    assert not soup.select("[src]")  # no image, not even an inline one
    assert not re.search(r"https?:", str(soup.head))  # nothing fetched, not even a font
    assert "@page { size: A4;" in html
    appendix = {row.select_one("a")["href"] for row in soup.select("ol.sources li")
                if row.select_one("a")}
    assert {cite["href"] for cite in soup.select("a.cite")} == appendix
    read_on = research.crawl.started.date().isoformat()
    assert f"read on {read_on}" in soup.select_one(".part.sources").get_text(" ")


def test_the_brief_notebook_is_a_real_notebook_with_the_calls_as_code(demo_book):
    import nbformat

    nb = build_notebook(collect(FIELD, workbook=demo_book))
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code" and c.outputs]
    assert len(code) == 8
    for cell in code:
        assert "\n" not in cell.source and cell.source.startswith("brief.")
        data = cell.outputs[0]["data"]
        assert data["text/html"] and data["text/plain"]
    assert any("wrapping up" in c.source for c in nb.cells if c.cell_type == "markdown")


# -- 2. a hostile site -------------------------------------------------------------------------------

JS = "&lt;script&gt;document.title='PWNED'&lt;/script&gt;"
IMG = "&lt;img src=x onerror=\"document.body.dataset.pwned=1\"&gt;"
TEXT = (f"Acme Storage builds battery systems for the grid and {JS} its engineers work on site "
        "with customers every week. Our team of forty people designs software that helps "
        f"operators plan maintenance {IMG} and we hire new graduates each autumn. The company "
        "was founded in 2019 and works with utilities across Europe onerror=alert(1) on many "
        "projects.")
LD = ('{"@context":"https://schema.org","@type":"Organization",'
      '"name":"Acme \\u003cscript\\u003edocument.title=\'PWNED\'\\u003c/script\\u003e Storage",'
      '"description":"We make batteries \\u003cimg src=x onerror=\\"document.body.dataset.pwned=1'
      '\\"\\u003e safer.","sameAs":["javascript:alert(1)","https://github.com/acme-example"]}')


def _hostile_site(server) -> None:
    server.page("/", (
        f"<!doctype html><html><head><title>Acme {IMG}</title>"
        "<meta name=\"description\" content=\"Acme &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"
        f"<script type=\"application/ld+json\">{LD}</script>"
        "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\"></head>"
        f"<body><main><h1>Acme {JS}</h1><p>{TEXT}</p><p>{TEXT.replace('Acme', 'We')}</p>"
        "<script>document.title='PWNED'</script>"
        "<p><a href=\"/about.html\">About us</a> <a href=\"/news/2026-01-05-launch.html\">News</a>"
        "</p></main></body></html>"))
    server.page("/about.html", (
        f"<!doctype html><html><head><title>About {JS}</title></head><body><main><h1>About</h1>"
        f"<p>{TEXT}</p><p>Our mission is to make storage safe {JS} for everyone who works with "
        "it.</p></main></body></html>"))
    server.page("/news/2026-01-05-launch.html", (
        f"<!doctype html><html><head><title>Launch {IMG} news</title>"
        "<meta property=\"article:published_time\" content=\"2026-01-05\"></head><body><main>"
        f"<h1>Launch {JS}</h1><p>Published 5 January 2026. {TEXT}</p></main></body></html>"))
    server.page("/feed.xml", (
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Acme</title><item>"
        "<title>Evil &lt;script&gt;alert(3)&lt;/script&gt; item</title>"
        "<link>javascript:alert(1)</link><pubDate>Mon, 02 Feb 2026 10:00:00 GMT</pubDate>"
        "</item></channel></rss>"), content_type="application/rss+xml")


@pytest.mark.slow  # Chromium
def test_scraped_markup_is_shown_as_text_and_never_runs(server, fast, workbook, chromium):
    from infolib import research_company

    _hostile_site(server)
    research = research_company(server.url, "Storage", workbook=workbook, settings=fast,
                                progress=False)
    assert research.ok
    path = make_brief("Storage", contact="Eve Example", workbook=workbook)
    shown = [research.profile.value("name") or "", *(s.text for s in research.summary),
             *(p.title for p in research.crawl.pages)]
    reached = any("<script>" in text for text in shown)

    with opened(path) as (page, outside, dialogs):
        assert page.evaluate("document.title") != "PWNED"
        assert page.title().startswith("Research brief: ")
        assert page.evaluate("document.body.dataset.pwned") is None
        assert dialogs == [] and outside == []
        assert page.locator("script").count() == 0
        assert page.locator("main img").count() == 0  # nothing injected
        if reached:
            escaped = page.get_by_text("<script>", exact=False)
            assert escaped.count() > 0 and escaped.first.is_visible()

    html = path.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    _soup, hrefs = _links(html)
    assert all(h.startswith(("http://", "https://")) for h in hrefs)
    assert "javascript:" not in " ".join(hrefs)
    # the feed's javascript: item is kept as text in the appendix, without a link
    assert re.search(r"javascript:alert\(1\)\s+\(not a web address: link removed\)",
                     _soup.select_one("ol.sources").get_text(" "))


def test_sources_never_link_anything_but_http():
    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,<b>", "//x.org/",
                "vbscript:x", "http://x.org/\"onmouseover=\"alert(1)", "mailto:a@b.org", "", None):
        assert safe_href(bad) is None, bad
    sources = Sources()
    assert "href" not in sources.cite("javascript:alert(1)")
    assert 'href="http://x.org/?a=1&amp;b=%3C"' in sources.cite("http://x.org/?a=1&b=%3C")


# -- 3. on paper ----------------------------------------------------------------------------------------

@pytest.mark.slow  # Chromium
def test_the_pdf_brief_is_a4_and_page_one_is_not_blank(demo_book, chromium, tmp_path):
    from PIL import Image

    _meet(demo_book)
    out = tmp_path / "out" / "brief.pdf"
    path = make_brief(FIELD, contact=CONTACT, workbook=demo_book, to="pdf", out=out)
    assert path == out and out.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert abs(width - 595) <= 2 and abs(height - 842) <= 2
    assert 2 <= int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 4
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(out),
                    str(tmp_path / "page1")], check=True, capture_output=True)
    with Image.open(tmp_path / "page1.png") as image:
        grey = image.convert("L")
        inked = sum(grey.histogram()[:250])  # every pixel that is not white
        total = grey.width * grey.height
    assert inked > total * 0.005, f"page 1 looks blank: {inked} of {total} pixels inked"
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Larkspur Grid Systems" in text and CONTACT in text
    assert not [p for p in out.parent.iterdir() if p != out]


# -- 4. bad input -----------------------------------------------------------------------------------

def _written(book) -> list[Path]:
    folder = book.folder / "briefs"
    return list(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("to", ["docx", "", "PDFX"])
def test_an_unknown_format_is_refused_and_nothing_is_written(demo_book, tmp_path, to):
    out = tmp_path / "brief.docx"
    with pytest.raises(DataError, match="'html' or 'pdf'") as caught:
        make_brief(FIELD, to=to, workbook=demo_book, out=out)
    assert isinstance(caught.value, InfolibError)
    assert not out.exists() and _written(demo_book) == []


def test_a_field_with_no_research_is_refused_with_what_to_do(demo_book):
    with pytest.raises(NotFoundError, match="infolib research URL --field 'Marine biology'"):
        make_brief("Marine biology", workbook=demo_book)
    with pytest.raises(InfolibError, match="Which field"):
        make_brief("  ", workbook=demo_book)
    assert _written(demo_book) == []


def test_an_empty_workbook_is_refused_too(workbook):
    with pytest.raises(NotFoundError, match="No research is stored"):
        make_brief(FIELD, workbook=workbook, to="pdf" if Path(CHROMIUM).is_file() else "html")
    assert _written(workbook) == []


def test_a_pdf_without_chromium_says_how_to_install_it(demo_book, monkeypatch):
    import infolib.brief.export as brief

    monkeypatch.setattr(brief, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("INFOLIB_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(brief.shutil, "which", lambda name: None)
    with pytest.raises(ExportError, match="apt-get install chromium"):
        make_brief(FIELD, to="pdf", workbook=demo_book)
    assert _written(demo_book) == []
