"""Faults and hostile input across the project: broken servers, random and adversarial text,
URLs of every shape. Property-based where a rule must hold for any input (hypothesis)."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infolib.errors import DataError, InvalidURLError
from infolib.outreach import Person, lint_request
from infolib.planning.checks import check_question, is_open
from infolib.web.crawl import crawl_site
from infolib.web.urls import check_start_url, normalise, resolve
from tests.sites import html

FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


# --- servers that misbehave ----------------------------------------------------------------------

def skipped(result) -> dict[str, str]:
    return {urlsplit(s.url).path: s.reason for s in result.skipped}


def test_a_connection_dropped_half_way_is_skipped_and_the_crawl_goes_on(server, fast):
    def drop(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "50000")
        h.end_headers()
        h.wfile.write(b"<html><body><p>" + b"half a page " * 200)
        h.wfile.flush()
        h.connection.shutdown(socket.SHUT_RDWR)  # the server goes away mid-body

    server.route("/dropped.html", drop)
    server.page("/", html("Home", links=["/dropped.html", "/ok.html"]))
    server.page("/ok.html", html("Fine"))
    result = crawl_site(server.url + "/", fast.replace(retries=0))
    assert "/dropped.html" in skipped(result)
    assert "Fine" in {p.title for p in result.pages} and not result.error


def test_a_server_answering_byte_by_byte_is_cut_off_at_the_deadline(server, fast):
    def byte_by_byte(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        for byte in b"<html><body><p>" + b"x" * 5000:
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(0.01)

    server.route("/slow.html", byte_by_byte)
    server.page("/", html("Home", links=["/slow.html", "/ok.html"]))
    server.page("/ok.html", html("Fine"))
    result = crawl_site(server.url + "/", fast.replace(total_timeout=1))
    assert skipped(result)["/slow.html"] == "timeout"
    assert "Fine" in {p.title for p in result.pages}


# --- URLs ------------------------------------------------------------------------------------------

url_parts = st.builds(
    lambda scheme, host, port, path, query, fragment: f"{scheme}://{host}{port}{path}{query}"
                                                      f"{fragment}",
    st.sampled_from(["http", "https", "HTTP", "Https"]),
    st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9-]{0,10}[A-Za-z0-9])?(\.[A-Za-z]{2,6}){1,2}",
                  fullmatch=True),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.from_regex(r"(/[A-Za-z0-9._~%-]{0,8}){0,5}/?", fullmatch=True),
    st.sampled_from(["", "?a=1&b=2", "?b=2&a=1", "?utm_source=x&q=3", "?q=%20x"]),
    st.sampled_from(["", "#top", "#"]))


@FAST
@given(url_parts)
def test_normalising_is_idempotent_and_keeps_the_page(url):
    once = normalise(url)
    assert normalise(once) == once
    parts = urlsplit(once)
    assert parts.scheme in ("http", "https") and not parts.fragment
    assert parts.hostname == urlsplit(url).hostname.lower()
    assert "utm_source" not in once and "//" not in parts.path


@FAST
@given(st.text(max_size=80))
def test_any_start_address_is_an_http_url_or_a_clear_refusal(text):
    try:
        url = check_start_url(text)
    except InvalidURLError as exc:
        assert "http" in str(exc)
    else:
        assert urlsplit(url).scheme in ("http", "https")


@FAST
@given(st.one_of(st.text(max_size=60), url_parts,
                 st.sampled_from(["javascript:alert(1)", "mailto:a@b.c", "tel:123",
                                  "data:text/html,<script>", " JavaScript:x", "file:///etc/x",
                                  "//other.example/x", "../../up", "#frag", "?q=1"])))
def test_link_discovery_only_ever_yields_http_urls(href):
    url, problem = resolve("https://example.org/a/b.html", href)
    if url is not None:
        assert urlsplit(url).scheme in ("http", "https") and problem is None
    else:
        assert problem in (None, "non-http", "invalid url")


# --- text from users and from the web ----------------------------------------------------------

nasty = st.text(alphabet=st.characters(codec="utf-8"), max_size=3000) | st.sampled_from([
    "\u202eWhat is it like\u202c?", "How do you\x00 start?", "Why?\r\nBcc: x@evil.example",
    "🔋" * 500, "What " * 700 + "?", "\t\n\r", "Could you tell me \u200babout it?"])


@FAST
@given(nasty)
def test_question_checks_never_crash_and_always_explain(text):
    result = check_question(text)
    assert isinstance(is_open(text), bool)
    for problem in result.problems:
        assert problem.reason
    if len(text.split()) > 40:
        assert not result.ok


@FAST
@given(nasty, nasty)
def test_the_email_lint_never_crashes(body, name):
    problems = lint_request(body, Person(name=name[:200], organisation=name[:50]))
    assert all(p.rule and p.reason for p in problems)


@FAST
@given(st.text(max_size=200))
def test_contact_names_are_stored_on_one_line_or_refused(tmp_path_factory, text):
    from infolib import Workbook

    book = _book(tmp_path_factory)
    try:
        contact = book.add_contact(text)
    except DataError as exc:
        assert str(exc)
        return
    stored = book.contacts().set_index("id").loc[contact, "name"]
    assert "\n" not in stored and "\r" not in stored and stored == " ".join(text.split())
    book.delete_contact(contact)
    assert isinstance(book, Workbook)


_BOOKS: dict = {}


def _book(factory):
    from infolib import Workbook

    if "book" not in _BOOKS:
        _BOOKS["book"] = Workbook(factory.mktemp("hypothesis-book"))
    return _BOOKS["book"]


@FAST
@given(st.lists(st.tuples(nasty, nasty), min_size=1, max_size=5))
def test_csv_imports_take_any_text_or_refuse_it_naming_the_line(tmp_path_factory, rows):
    import csv

    from infolib.people import import_contacts

    folder = tmp_path_factory.mktemp("csv")
    path = folder / "people.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "organisation"])
        writer.writerows(rows)
    book = _book(tmp_path_factory)
    before = len(book.contacts())
    try:
        report = import_contacts(path, workbook=book)
    except DataError as exc:
        assert "line" in str(exc) or "people.csv" in str(exc)
        assert len(book.contacts()) == before  # all or nothing
    else:
        assert len(book.contacts()) == before + report.added


@pytest.fixture(autouse=True, scope="module")
def _close_books():
    yield
    if "book" in _BOOKS:
        _BOOKS.pop("book").close()


def test_scraped_markup_never_runs_in_notebook_output(server, fast, tmp_path):
    """The research notebook run on a hostile site, its outputs exported to HTML as
    nbconvert does and opened in Chromium: nothing the site smuggled in runs."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    from tests.browser import browser_page, need_chromium
    from tests.test_brief import _hostile_site

    need_chromium()
    _hostile_site(server)
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        "notebooks/01-research-company.ipynb", str(out), cwd="notebooks", progress_bar=False,
        kernel_name="python3", parameters={"company_url": server.url + "/", "delay": 0.0,
                                           "field": "Storage", "workbook": str(tmp_path / "wb")})
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nbformat.read(out, 4))
    page_path = tmp_path / "notebook.html"
    page_path.write_text(body, encoding="utf-8")
    with browser_page() as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            "file:") else route.abort())
        page.goto(page_path.as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("document.title") != "PWNED"
        assert page.evaluate("document.body.dataset.pwned") is None
        assert dialogs == []
        assert page.get_by_text("<script>document.title='PWNED'</script>").first.is_visible() \
            or page.locator("text=document.title='PWNED'").count() > 0
