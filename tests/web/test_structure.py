"""The page structure kept for research (issue 13): team cards, a heading between two groups of
cards, figure captions, definition lists and the navigation's menus, read from small invented
pages; every block keeps the keys other code reads."""

from __future__ import annotations

import json

from infolib.web.extract import parse_html
from infolib.web.structure import heading_blocks, lines_of, page_blocks

URL = "https://fernhollow.example/team/"


def tree(body: str, url: str = URL):
    return parse_html(f"<!doctype html><html><head><title>T</title></head><body>{body}"
                      "</body></html>", url)


def card(name: str, role: str, extra: str = "") -> str:
    return (f'<div class="member"><img src="/p.jpg" alt="photo"><h3>{name}</h3>'
            f'<span class="role">{role}</span>{extra}</div>')


TEAM = (
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/team/'>Team</a></li></ul></nav>"
    "<main><h1>Our people</h1>"
    "<h2>Board</h2><div class='grid'>"
    + card("Ines Marwick", "Chair") + card("Tobias Feld", "Treasurer")
    + "</div><h2>Alumni</h2><div class='grid'>"
    + card("Ravi Oduya", "Founding engineer") + card("Mei Castellan", "Designer")
    + "</div>"
    "<figure><img src='/a.jpg' alt=''><figcaption>Hana Brook, Head of Research</figcaption>"
    "</figure>"
    "<dl><dt>Oskar Lindgren</dt><dd>Chief Operating Officer</dd>"
    "<dt>Priya Anand</dt><dd>Head of Growers</dd></dl>"
    "</main><footer><ul><li><a href='/privacy/'>Privacy</a></li>"
    "<li><a href='/terms/'>Terms</a></li></ul></footer>")


def test_every_block_keeps_the_keys_other_code_reads_and_stays_json():
    blocks = page_blocks(tree(TEAM), "team")
    assert blocks
    for block in blocks:
        assert {"kind", "level", "heading", "text", "items"} <= set(block)
        assert all(isinstance(item, str) for item in block["items"])
        assert all(set(t) == {"text", "class"} for t in block["text"])
    json.dumps(blocks)  # stored as JSON in the workbook


def test_cards_keep_each_members_lines_under_the_heading_they_sit_under():
    cards = [b for b in page_blocks(tree(TEAM), "team") if b["kind"] == "cards"]
    by_heading = {b["heading"]: b["cards"] for b in cards}
    assert by_heading["Board"] == [["Ines Marwick", "Chair"], ["Tobias Feld", "Treasurer"]]
    assert by_heading["Alumni"] == [["Ravi Oduya", "Founding engineer"],
                                    ["Mei Castellan", "Designer"]]
    assert [b["path"] for b in cards if b["heading"] == "Alumni"] == [["Our people", "Alumni"]]


def test_a_heading_between_cards_of_one_grid_starts_a_new_group():
    body = ("<main><h1>People</h1><div class='grid'>" + card("Ines Marwick", "Chair")
            + card("Tobias Feld", "Treasurer") + "<h2>Former staff</h2>"
            + card("Ravi Oduya", "Engineer") + card("Mei Castellan", "Designer")
            + "</div></main>")
    cards = [b for b in page_blocks(tree(body), "team") if b["kind"] == "cards"]
    assert [(b["heading"], b["items"]) for b in cards] == [
        ("People", ["Ines Marwick", "Tobias Feld"]),
        ("Former staff", ["Ravi Oduya", "Mei Castellan"])]


def test_captions_and_definition_lists_are_kept_as_such():
    blocks = page_blocks(tree(TEAM), "team")
    captions = [b["cards"] for b in blocks if b["kind"] == "captions"]
    assert captions == [[["Hana Brook, Head of Research"]]]
    pairs = [b["pairs"] for b in blocks if b["kind"] == "definitions"]
    assert pairs == [[["Oskar Lindgren", "Chief Operating Officer"],
                      ["Priya Anand", "Head of Growers"]]]


def test_footer_and_navigation_links_are_not_cards():
    items = {i for b in page_blocks(tree(TEAM), "team") if b["kind"] == "cards"
             for i in b["items"]}
    assert not items & {"Home", "Team", "Privacy", "Terms"}


def test_prose_paragraphs_are_not_cards():
    para = "<p>" + "We grow oyster mushrooms on spent coffee grounds from local cafes. " * 3
    body = "<main><h1>About</h1>" + (para + "</p>") * 4 + "</main>"
    assert [b for b in page_blocks(tree(body), "about") if b["kind"] == "cards"] == []


def test_the_home_pages_navigation_menus_are_kept_with_their_links():
    body = ("<header><nav><ul>"
            "<li><a href='/about/'>About</a></li>"
            "<li><a href='/services/'>Services</a><ul>"
            "<li><a href='/services/audits/'>Energy audits</a></li>"
            "<li><a href='/services/retrofit/'>Retrofit planning</a></li></ul></li>"
            "</ul></nav></header><main><h1>Fernhollow</h1></main>")
    navs = [b for b in page_blocks(tree(body, "https://fernhollow.example/"), "home")
            if b["kind"] == "nav"]
    assert len(navs) == 1
    menus = {m["label"]: m for m in navs[0]["menus"]}
    assert menus["Services"]["items"] == [["Energy audits", "/services/audits/"],
                                          ["Retrofit planning", "/services/retrofit/"]]
    assert navs[0]["items"] == ["About", "Services"]
    assert not [b for b in page_blocks(tree(body), "about") if b["kind"] == "nav"]


def test_lines_break_at_block_elements_and_br_but_not_at_links():
    el = tree("<div id='x'><p>Ines <a href='#'>Marwick</a></p>Chair<br>Since 2019</div>")
    assert lines_of(el.get_element_by_id("x")) == ["Ines Marwick", "Chair", "Since 2019"]


def test_heading_blocks_say_what_they_said_before_plus_their_kind():
    blocks = heading_blocks(tree("<main><h2>Our values</h2><ul><li>Thrift</li>"
                                 "<li>Craft</li></ul><p class='x'>We mend first.</p></main>"))
    assert blocks == [{"kind": "heading", "level": 2, "heading": "Our values",
                       "text": [{"text": "We mend first.", "class": "x"}],
                       "items": ["Thrift", "Craft"]}]


def test_odd_html_gives_few_blocks_and_never_an_error():
    deep = "<div>" * 400 + "Ines Marwick" + "</div>" * 400
    for body in ("", "<main></main>", deep, "<table><tr><td>a</td><td>b</td></tr></table>",
                 "<dl><dd>orphan</dd><dt>term only</dt></dl>"):
        assert isinstance(page_blocks(tree(body or "<p></p>"), "team"), list)
    assert page_blocks(tree(TEAM), "blog") == []  # posts are read as text only


def test_footer_link_columns_are_kept_with_the_menus():
    body = ("<main><h1>Fernhollow</h1></main><footer><div><h3>Services</h3><ul>"
            "<li><a href='/audits/'>Energy audits</a></li></ul></div>"
            "<div><h3>Follow us</h3><p>Somewhere</p></div></footer>")
    nav = next(b for b in page_blocks(tree(body, "https://fernhollow.example/"), "home")
               if b["kind"] == "nav")
    assert nav["menus"] == [{"label": "Services", "href": "", "footer": True,
                             "items": [["Energy audits", "/audits/"]]}]
