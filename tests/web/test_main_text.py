"""A page's main text is never silently empty, and is stored in clean paragraphs: one line a
paragraph, no whitespace-only lines, no repeated boilerplate lines, no 500-word lines
(issue 13)."""

from __future__ import annotations

from urllib.parse import urlsplit

import lxml.html
import pytest

from infolib import crawl_site
from infolib.web.text import TEXT_SOURCES, clean_paragraphs, main_text

SENTENCES = [
    "The Pinewood Orchard Cooperative was set up by eleven growers in the upper valley.",
    "Each member farms a few hectares of apples, pears or plums on the terraces.",
    "They share a cider press, a cold store and two delivery vans.",
    "Every autumn the press runs late into the night for six weeks.",
    "Members vote on the price of fruit at a meeting held in the old school.",
    "Dr. Ilse Marrow keeps the books and chairs the meeting each spring.",
    "New members work a season alongside an existing grower before they join.",
    "The cooperative sells at four weekly markets and to two village shops.",
]


def article(paragraph: str) -> str:
    return ("<!doctype html><html><head><title>Our story</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/story/'>Our story</a></nav>"
            f"<main><article><h1>Our story</h1><p>{paragraph}</p></article></main>"
            "<footer>Pinewood Orchard Cooperative, Hill Road</footer></body></html>")


def page_at(server, fast, path: str, body: str):
    server.page(path, body)
    result = crawl_site(server.url + path, fast.replace(max_pages=1))
    assert result.pages, result.skipped
    return result.pages[0]


@pytest.mark.parametrize("control", ["\x08", "&#8;", "\x0c", "\x1b[31m"])
def test_a_control_character_inside_an_article_does_not_empty_its_text(server, fast, control):
    long_story = " ".join(SENTENCES * 40)  # a long article, one stray character in the middle
    middle = len(long_story) // 2
    body = article(long_story[:middle] + control + long_story[middle:])
    page = page_at(server, fast, "/story/", body)
    assert page.words > 0.9 * len(long_story.split())
    assert SENTENCES[0] in page.text and SENTENCES[-1] in page.text
    assert not any(ord(c) < 32 and c != "\n" for c in page.text)
    assert page.metadata["text_from"] == "trafilatura"


def test_a_page_trafilatura_reads_nothing_from_falls_back_and_says_so(server, fast):
    """Trafilatura drops a container it takes for reader comments: on a page whose testimonials
    sit in one, the text comes from the next reader, and the page says which."""
    quotes = "".join(f"<p>{s}</p>" for s in SENTENCES)
    body = ("<!doctype html><html><head><title>Members' voices</title></head><body>"
            "<nav><a href='/'>Home</a></nav>"
            f"<div id='comments'>{quotes}</div><footer>Hill Road</footer></body></html>")
    page = page_at(server, fast, "/voices/", body)
    assert all(s in page.text for s in SENTENCES)
    assert page.metadata["text_from"] not in ("trafilatura", "none")
    assert page.metadata["text_from"] in TEXT_SOURCES


def test_a_page_with_only_navigation_and_a_footer_says_it_has_no_main_text():
    html = ("<html><body><nav><a href='/'>Home</a></nav>"
            "<footer>Pinewood Orchard Cooperative</footer></body></html>")
    text, source = main_text(lxml.html.fromstring(html), "http://pinewood.example/", html)
    assert (text, source) == ("Home", "trafilatura")  # what trafilatura found, nothing more
    empty = "<html><body><script>var a = 1;</script></body></html>"
    text, source = main_text(lxml.html.fromstring(empty), "http://pinewood.example/", empty)
    assert (text, source) == ("", "none")


def test_one_long_line_of_text_is_stored_as_paragraphs(server, fast):
    long_story = " ".join(SENTENCES * 10)  # 80 sentences, over 800 words, in one <p>
    page = page_at(server, fast, "/story/", article(long_story))
    lines = page.text.split("\n")
    paragraphs = [line for line in lines if line != "Our story"]
    assert len(paragraphs) >= 10
    assert all(len(p.split()) < 250 for p in paragraphs)
    assert all(p.endswith(".") for p in paragraphs)  # cut at sentence ends only
    assert page.words == len(long_story.split()) + 2  # nothing lost (the heading's 2 words)
    assert "Dr. Ilse Marrow" in page.text  # a title's full stop does not end a paragraph


def test_stored_text_has_no_blank_or_repeated_boilerplate_lines():
    text = ("Pinewood grows apples.\n   \nRead more\n\t\nPinewood presses cider.\nRead more\n"
            "| Fruit | Hectares |\n| --- | --- |\n| Apples | 12 |\n| --- | --- |\n"
            "Pinewood   sells   at markets.  ")
    assert clean_paragraphs(text).split("\n") == [
        "Pinewood grows apples.", "Read more", "Pinewood presses cider.",
        "| Fruit | Hectares |", "| --- | --- |", "| Apples | 12 |", "| --- | --- |",
        "Pinewood sells at markets."]


def test_a_long_line_without_sentence_ends_is_cut_between_words():
    words = " ".join(f"pear{i}" for i in range(700))
    lines = clean_paragraphs(words).split("\n")
    assert len(lines) > 3 and " ".join(lines) == words


def test_the_demo_site_keeps_its_text(demo_url, fast):
    result = crawl_site(demo_url, fast)
    assert result.pages
    for page in result.pages:
        if page.media_type == "text/html":
            assert page.text.strip(), urlsplit(page.url).path
            assert page.metadata["text_from"] == "trafilatura"
            assert all(line.strip() for line in page.text.split("\n"))


def test_the_research_json_says_how_each_pages_text_was_read(demo_url, fast, tmp_path):
    from infolib import research_company

    result = research_company(demo_url, "Energy storage", workbook=tmp_path / "wb",
                              settings=fast, progress=False)
    pages = result.to_dict()["pages"]
    assert {p["text_from"] for p in pages if p["media_type"] == "text/html"} == {"trafilatura"}
    assert {p["text_from"] for p in pages if p["media_type"] == "application/pdf"} == {"pdf"}
    again = research_company(demo_url, "Energy storage", workbook=tmp_path / "wb",
                             settings=fast, progress=False)  # read back from the workbook
    assert again.reused and again.to_dict()["pages"] == pages
