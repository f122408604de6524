"""People (issue 13): who an organisation's own pages name, with their roles and groups, read
from the structures real team pages use — cards, a heading then a role, "Name — Role" lines,
captions, definition lists, lists of names, schema.org — on small invented sites."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from infolib.models import Page
from infolib.research.people import find_people, person_name, role_like
from infolib.research.profile import build_profile
from infolib.web.crawl import crawl_site
from infolib.web.extract import parse_html
from infolib.web.fetch import Fetcher
from infolib.web.structure import page_blocks


def html(title: str, main: str, head: str = "") -> str:
    return (f"<!doctype html><html><head><title>{title}</title>{head}</head><body>"
            "<nav><ul><li><a href='/'>Home</a></li><li><a href='/about/'>About</a></li>"
            "<li><a href='/team/'>Team</a></li><li><a href='/blog/'>Blog</a></li></ul></nav>"
            f"<main>{main}</main><footer><p>© Marrowfield Cooperative</p></footer>"
            "</body></html>")


def card(name: str, role: str) -> str:
    return (f"<div class='person'><img src='/x.jpg' alt='portrait'><h3>{name}</h3>"
            f"<p class='job'>{role}</p></div>")


def bio_card(name: str, bio: str) -> str:
    return f"<article class='bio'><h4>{name}</h4><p>{bio}</p></article>"


ORG_JSONLD = json.dumps({
    "@context": "https://schema.org", "@type": "Organization", "name": "Marrowfield Cooperative",
    "founder": {"@type": "Person", "name": "Amara Okafor", "jobTitle": "Founder"},
    "employee": [{"@type": "Person", "name": "Lucas Brennan", "jobTitle": "Head of Milling"}]})

SITE = {
    "/": html("Marrowfield Cooperative", "<h1>Flour from our own fields</h1><p>We are a "
              "farmers' cooperative that mills heritage wheat for bakeries across the region."
              "</p>", head=f'<script type="application/ld+json">{ORG_JSONLD}</script>'),
    "/team/": html("Our team | Marrowfield", (
        "<h1>Our team</h1>"
        "<h2>Leadership</h2><div class='people'>"
        + card("Dr Amara Okafor", "Chief Executive Officer") + card("Jonas Weber", "Head of Growers")
        + card("Sofia Lindqvist", "Finance Director") + "</div>"
        "<h2>Steering Council</h2><div class='bios'>"
        + bio_card("Ivan Petrov", "Ivan has grown rye on the eastern plots since he was a boy and "
                   "now chairs the seed-saving circle, which meets each autumn.")
        + bio_card("Adaeze Nwosu", "Adaeze keeps the cooperative's accounts honest and its "
                   "bread tins full; she joined after fifteen years as a baker.")
        + "</div>"
        "<h2>Alumni</h2><ul>"
        "<li>Tomasz Nowak — Founding Miller</li><li>Greta Olsen — Apprentice Baker</li></ul>"
        "<h2>Advisers</h2><dl><dt>Helen Marsh</dt><dd>Soil Scientist</dd>"
        "<dt>Rafael Ortega</dt><dd>Cooperative Law Adviser</dd></dl>"
        "<figure><img src='/y.jpg' alt=''><figcaption>Noor Haddad, Head of Baking</figcaption>"
        "</figure>"
        "<h2>Our values</h2><div class='values'>"
        "<div class='value'><h3>Fair Shares</h3><p>Every member owns one share.</p></div>"
        "<div class='value'><h3>Open Books</h3><p>Accounts are published each quarter.</p>"
        "</div></div>")),
    "/about/": html("About us | Marrowfield", (
        "<h1>About us</h1><p>Marrowfield Cooperative was founded in 2011 by Amara Okafor and "
        "Pieter de Vries, with the goal of keeping small wheat farms alive.</p>"
        "<p>Read more about our Scrum Master approach to milling.</p>")),
    "/blog/": html("Blog | Marrowfield", "<h1>Blog</h1><p>Nothing here yet.</p>"),
}


@pytest.fixture
def people(server, fast):
    for path, body in SITE.items():
        server.page(path, body)
    with Fetcher(fast) as fetcher:
        crawl = crawl_site(server.url + "/", fast, fetcher)
    return build_profile(crawl.pages, crawl.feed_entries, crawl.skipped).people


def by_name(people) -> dict:
    return {p.name.replace("Dr ", ""): p for p in people}


def test_team_cards_give_each_person_their_role_and_group(people):
    found = by_name(people)
    assert found["Jonas Weber"].role == "Head of Growers"
    assert found["Sofia Lindqvist"].role == "Finance Director"
    assert found["Jonas Weber"].group == "Leadership"
    assert found["Jonas Weber"].source.endswith("/team/")


def test_name_role_lines_definition_lists_and_captions_are_read(people):
    found = by_name(people)
    assert found["Tomasz Nowak"].role == "Founding Miller"
    assert found["Tomasz Nowak"].group == "Alumni"  # past people still count, grouped so
    assert found["Helen Marsh"].role == "Soil Scientist"
    assert found["Rafael Ortega"].role == "Cooperative Law Adviser"
    assert found["Noor Haddad"].role == "Head of Baking"


def test_cards_without_role_lines_take_the_role_their_heading_gives(people):
    found = by_name(people)
    assert found["Ivan Petrov"].role == "Steering Council"
    assert found["Adaeze Nwosu"].group == "Steering Council"


def test_the_same_person_on_several_pages_is_one_person_with_every_source(people):
    okafor = [p for p in people if p.name.endswith("Amara Okafor")]
    assert len(okafor) == 1
    assert "Chief Executive Officer" in okafor[0].role  # the fuller role is kept
    assert len(okafor[0].sources) >= 2 and okafor[0].sources[0] == okafor[0].source


def test_schema_org_employees_and_founders_named_in_a_sentence_count(people):
    found = by_name(people)
    assert found["Lucas Brennan"].role == "Head of Milling"
    assert found["Pieter de Vries"].role == "Co-founder"


def test_headings_values_and_phrases_are_not_people(people):
    names = {p.name for p in people}
    assert not names & {"Fair Shares", "Open Books", "Our Values", "Scrum Master", "Read More",
                        "Marrowfield Cooperative", "Steering Council", "Leadership"}
    assert len(people) == 12


def pages_of(*documents: tuple[str, str, str]) -> list[Page]:
    out = []
    for url, kind, body in documents:
        tree = parse_html(html("T", body), url)
        out.append(Page(url=url, kind=kind, title="T", text="", retrieved=datetime(2026, 1, 5),
                        blocks=page_blocks(tree, kind)))
    return out


def test_a_team_page_listing_names_without_roles_names_people():
    names = ["Wiremu Tane", "Bilal Qureshi", "Chiara Fontana", "Yusuf Demir", "Ana Ruiz"]
    body = "<h1>Meet our team</h1><ul>" + "".join(f"<li>{n}</li>" for n in names) + "</ul>"
    people = find_people(pages_of(("https://m.example/team/", "team", body)))
    assert [(p.name, p.role) for p in people] == [(n, "") for n in names]


def test_a_long_roll_of_thanks_in_running_text_is_not_the_team():
    roll = ", ".join(f"{first} {last}" for first in ("Anna", "Ben", "Clara", "David")
                     for last in ("Hale", "Moss", "Reed"))
    body = ("<h1>People</h1><div class='grid'>" + card("Ines Marwick", "Director")
            + card("Tobias Feld", "Lead Baker") + "</div>"
            "<h2>With thanks to</h2><section class='thanks'><h3>Volunteers</h3><p>" + roll
            + "</p></section><section class='thanks'><h3>Donors</h3><p>" + roll + "</p></section>")
    people = find_people(pages_of(("https://m.example/team/", "team", body)))
    assert [p.name for p in people] == ["Ines Marwick", "Tobias Feld"]


def test_people_are_read_only_from_team_about_and_careers_pages():
    body = "<h1>Post</h1><div class='g'>" + card("Ines Marwick", "Director") + card(
        "Tobias Feld", "Lead Baker") + "</div>"
    assert find_people(pages_of(("https://m.example/blog/a/", "blog", body))) == []
    assert len(find_people(pages_of(("https://m.example/careers/", "careers", body)))) == 2


@pytest.mark.parametrize("text, key", [
    ("Dr. Amara Okafor", "amara okafor"), ("Amara Okafor", "amara okafor"),
    ("Pieter de Vries", "pieter vries"), ("Ana María López", "ana lopez"),
    ("Casey O'Hara", "casey o"), ("J. Robert Lane", "robert lane"),
    ("Sam Reid, PhD", "sam reid")])
def test_name_shaped_text_is_a_name_with_a_key_that_drops_titles(text, key):
    found = person_name(text)
    assert found is not None and found[1].startswith(key.split()[0])


@pytest.mark.parametrize("text", [
    "Our Values", "Meet the Team", "Board Member", "Scrum Master", "Read more", "PyTorch Ignite",
    "Jane Doe, John Roe", "Contact us today!", "Haskell Foundation", "2025 Annual Report",
    "Chief Executive Officer", "We Believe", "Software Developer"])
def test_headings_roles_and_products_are_not_names(text):
    assert person_name(text) is None


def test_role_lines_read_as_roles_and_sentences_do_not():
    assert role_like("Chief Scientist and CEO") and role_like("Vice Treasurer")
    assert not role_like("by working with a long-term partner on a robust platform")
    assert not role_like("She has grown rye on the eastern plots since she was a girl.")


def test_a_role_line_above_the_name_is_the_role():
    tile = "<div class='p'><p class='t'>{}</p><h3>{}</h3></div>"
    body = ("<h1>Leadership</h1><div class='g'>" + tile.format("Head of Operations", "Kwame Mensah")
            + tile.format("Chief Executive", "Elena Rossi") + "</div>")
    people = find_people(pages_of(("https://m.example/team/", "team", body)))
    assert [(p.name, p.role) for p in people] == [("Kwame Mensah", "Head of Operations"),
                                                  ("Elena Rossi", "Chief Executive")]


def test_microdata_employees_and_a_table_of_names_and_roles_are_read():
    person = ('<div itemprop="employee" itemscope itemtype="https://schema.org/Person">'
              '<span itemprop="name">{}</span>, <span itemprop="jobTitle">{}</span></div>')
    about = ('<div itemscope itemtype="https://schema.org/Organization">'
             '<span itemprop="name">Marrowfield Cooperative</span>'
             + person.format("Lucas Brennan", "Head of Milling")
             + person.format("Marta Kowalski", "Quality Lead") + "</div>")
    table = ("<h1>Our board</h1><table><tr><td>Helen Marsh</td><td>Chair</td></tr>"
             "<tr><td>Rafael Ortega</td><td>Treasurer</td></tr>"
             "<tr><td>Greta Olsen</td><td>Secretary</td></tr></table>")
    from infolib.web.extract import extract_metadata

    pages = pages_of(("https://m.example/contact/", "contact", about),  # read as schema.org only
                     ("https://m.example/team/", "team", table))
    pages[0].metadata = extract_metadata(parse_html(html("T", about), pages[0].url), about,
                                         pages[0].url)
    found = {p.name: p.role for p in find_people(pages)}
    assert found == {"Lucas Brennan": "Head of Milling", "Marta Kowalski": "Quality Lead",
                     "Helen Marsh": "Chair", "Rafael Ortega": "Treasurer",
                     "Greta Olsen": "Secretary"}


def test_a_role_keeps_no_email_or_colon_and_a_group_is_a_group_of_people():
    body = ("<h1>Overview</h1><div class='grid'>"
            + card("Ines Marwick", "Co-Director of the Bakery: ines@marwick.example")
            + card("Tobias Feld", "Head Baker, +44 20 7946 0958") + "</div>"
            "<h2>Past boards</h2><div class='grid'>" + card("Anna Hale", "Treasurer")
            + card("Ben Moss", "Secretary") + "</div>")
    people = find_people(pages_of(("https://m.example/team/", "team", body)))
    assert [(p.name, p.role, p.group) for p in people] == [
        ("Ines Marwick", "Co-Director of the Bakery", ""), ("Tobias Feld", "Head Baker", ""),
        ("Anna Hale", "Treasurer", "Past boards"), ("Ben Moss", "Secretary", "Past boards")]
