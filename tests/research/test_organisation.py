"""The organisation's own facts (issue 13): its name, what it does, when it was founded, where it
is, its mission and values, read from small invented sites served on 127.0.0.1 the way real
organisations' sites carry them."""

from __future__ import annotations

from datetime import datetime

import lxml.html
import pytest

from infolib.models import Page
from infolib.research.places import address_texts, country_name, parse_address, places_in_text
from infolib.research.profile import build_profile
from infolib.web.crawl import crawl_site
from infolib.web.fetch import Fetcher


def page(title: str, main: str, description: str = "", footer: str = "",
         head: str = "") -> str:
    meta = f'<meta name="description" content="{description}">' if description else ""
    return (f"<!doctype html><html><head><title>{title}</title>{meta}{head}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/about/'>About</a> "
            "<a href='/contact/'>Contact</a> <a href='/team/'>Team</a> "
            "<a href='/blog/'>Blog</a></nav>"
            f"<main>{main}</main><footer>{footer}</footer></body></html>")


LOOMS = {
    "/": page(
        "Tidewater Looms — Cloth that outlasts its owners",
        "<h1>Cloth that outlasts its owners</h1>"
        "<p>Tidewater Looms weaves wool blankets and upholstery cloth on restored mill looms "
        "for furniture makers and hotels across northern Europe.</p>"
        "<h2>Why we exist</h2><p>We exist so that good cloth is mended rather than thrown "
        "away, and so that the weaving skills of our valley stay alive.</p>"
        "<h2>What we make</h2><p>Blankets, throws and upholstery cloth, each woven to order "
        "and sold with a lifetime repair promise.</p>",
        description="Cloth that lasts.",
        footer="<p>© 2012–2026 Tidewater Looms. All rights reserved.</p>"),
    "/about/": page(
        "About us | Tidewater Looms",
        "<h1>About us</h1>"
        "<p>Tidewater Looms was founded in 2009 by two weavers who bought the looms of a "
        "closing mill at auction and carried them up the valley on a borrowed lorry.</p>"
        "<p>We are headquartered in Hebden Bridge, with offices in Leeds and Rotterdam where "
        "our agents meet customers.</p>"
        "<p>Before she joined us, our chair managed a team of 40 people at a mill in Porto. "
        "We are now 23 people, most of us weavers.</p>"
        "<h2>Our values</h2><ul><li>Thrift: we mend before we replace.</li>"
        "<li>Craft: every piece is finished by hand.</li>"
        "<li>Candour: we tell customers what a cloth will and will not do.</li></ul>"),
    "/contact/": page(
        "Contact | Tidewater Looms",
        "<h1>Contact</h1><p>Write to hello@tidewater.example or visit the mill.</p>"
        "<h2>Visit us</h2><p>Tidewater Looms Ltd<br>14 Kiln Lane<br>Hebden Bridge HX7 8AD<br>"
        "United Kingdom</p>"),
    "/team/": page(
        "Team | Tidewater Looms",
        "<h1>Team</h1><h3>Mara Quist</h3><p>Sales agent</p>"
        "<p>Mara Quist is based in Lisbon, Portugal, and has sold cloth for twenty years.</p>"),
    "/blog/": page("Blog | Tidewater Looms",
                   "<h1>Blog</h1><p><a href='/blog/a-guild-visit/'>A visit from the guild</a></p>"),
    "/blog/a-guild-visit/": page(
        "A visit from the weavers' guild | Tidewater Looms",
        "<h1>A visit from the weavers' guild</h1><p>Published 3 March 2025.</p>"
        "<p>The Loomcraft Guild was founded in 1984 and is headquartered in York. Its members "
        "spent a day at the mill and tried the restored looms.</p>"
        "<p>Our mission is to win the county fair's blanket prize again this summer.</p>"),
}

SURVEY = {
    "/": page(
        "Northfield Ocean Survey",
        "<h1>Northfield Ocean Survey</h1>"
        "<p>A healthy coast feeds the towns along it. The Northfield Ocean Survey measures the "
        "health of the coast from single bays to whole regions.</p>"
        "<p>The survey has been repeated every year since 2011 by volunteers and scientists.</p>"
        "<h2>Join the mission</h2><p>Whether you want to volunteer or simply learn more about "
        "what we measure, we would love to hear from you.</p>"),
    "/about/": page(
        "What is NOS | NOS",
        "<h1>What is NOS</h1><p>NOS scores coastal health with one method for every bay, so "
        "that towns can compare their coast with their neighbours' coasts.</p>"),
    "/about/supporters/": page(
        "Supporters | NOS",
        "<h1>Supporters</h1><p>Established in 1984 and headquartered in Newport, the Harbour "
        "Trust has funded the survey's boats since its first season.</p>"),
    "/about/goals/": page(
        "Goals | NOS",
        "<h1>Goals</h1><p>The survey scores clean water, fisheries and coastal livelihoods "
        "with the same yardstick in every bay it visits.</p>"),
    "/blog/": page(
        "Blog | NOS",
        "<h1>Blog</h1><p>Our mission is to map every reef in the northern bays before the "
        "summer storms arrive this year.</p><p><a href='/blog/our-mission/'>Our mission</a></p>"),
    "/blog/our-mission/": page(
        "Our mission | NOS",
        "<h1>Our mission</h1><p>Published 2 June 2025.</p><p>Our mission is to count every "
        "seal on the northern beaches before the end of August, and you can help.</p>"),
}

PRESS = {
    "/": page(
        "Quillfeather Press | Quillfeather Press",
        "<h1>Small-run poetry, kept in print</h1>"
        "<p>Quillfeather Press prints and binds short runs of poetry for new and forgotten "
        "poets, and keeps every title it has printed for sale.</p>"
        "<p><a href='/vision/'>Our vision</a></p>",
        head=('<script type="application/ld+json">{"@context": "https://schema.org", '
              '"@type": "Organization", "name": "Quillfeather Press", "address": {"@type": '
              '"PostalAddress", "streetAddress": "Nørregade 4", "addressLocality": "Aarhus", '
              '"postalCode": "8000", "addressCountry": "DK"}, "location": [{"@type": "Place", '
              '"address": {"@type": "PostalAddress", "addressLocality": "Lyon", '
              '"addressCountry": "FR"}}]}</script>')),
    "/vision/": page(
        "Our vision | Quillfeather Press",
        "<h1>Our vision</h1><p>Quillfeather Press is an independent, non-profit organisation "
        "dedicated to keeping small-run poetry in print, by printing, binding and selling it "
        "for as long as anyone wants to read it.</p><p>We work with poets, libraries and "
        "schools.</p>"),
}


def research(server, fast, site: dict):
    for path, body in site.items():
        server.page(path, body)
    with Fetcher(fast) as fetcher:
        crawl = crawl_site(server.url + "/", fast, fetcher)
    return build_profile(crawl.pages, crawl.feed_entries, crawl.skipped)


@pytest.fixture
def looms(server, fast):
    return research(server, fast, LOOMS)


def test_the_name_is_what_the_titles_agree_on_without_the_tagline(looms):
    assert looms.value("name") == "Tidewater Looms"


def test_a_home_title_that_is_only_a_tagline_gives_way_to_the_name_the_pages_repeat(
        server, fast):
    site = {path: body.replace(" | Tidewater Looms", "") for path, body in LOOMS.items()}
    site["/"] = site["/"].replace("Tidewater Looms — Cloth", "Cloth")
    assert "Tidewater Looms</title>" not in "".join(site.values())
    assert research(server, fast, site).value("name") == "Tidewater Looms"


def test_a_one_page_site_titled_with_a_tagline_is_named_by_what_it_says_it_does(server, fast):
    home = LOOMS["/"].replace("Tidewater Looms — Cloth", "Cloth").replace(
        "© 2012–2026", "Made in the valley by the Tidewater Looms weavers, ©")
    assert research(server, fast, {"/": home}).value("name") == "Tidewater Looms"


def test_an_acronym_in_the_titles_counts_for_the_full_name(server, fast):
    assert research(server, fast, SURVEY).value("name") == "Northfield Ocean Survey"


def test_what_it_does_is_the_sentence_where_the_organisation_says_so(looms):
    assert looms.value("description").startswith("Tidewater Looms weaves wool blankets")
    assert looms.description.source.endswith("/")


def test_founded_is_the_organisations_own_year_not_a_copyright_or_another_bodys(looms):
    assert looms.value("founded") == "2009"
    assert looms.founded.source.endswith("/about/")


def test_without_a_founding_sentence_the_year_the_home_page_says_it_was_launched(
        server, fast):
    site = dict(LOOMS)
    site["/about/"] = site["/about/"].replace("was founded in 2009 by two weavers who", "")
    site["/"] = site["/"].replace(
        "<h2>Why we exist</h2>",
        "<p>In 2015 we announced the Tidewater Looms Repair Club for owners of our cloth.</p>"
        "<p>Watch the mayor announce Tidewater Looms at the valley fair on 2 May 2011.</p>"
        "<h2>Why we exist</h2>")
    profile = research(server, fast, site)
    assert profile.value("founded") == "2011"  # not the club's 2015, not the copyright 2012


def test_the_head_count_is_the_organisations_own_not_a_biographys(looms):
    assert looms.value("employees") == "23"


def test_headquarters_and_offices_come_from_the_organisations_own_sentences(looms):
    assert looms.value("headquarters") == "Hebden Bridge"
    cities = [loc.text.split(",")[0].split(":")[0] for loc in looms.locations]
    assert "Leeds" in cities and "Rotterdam" in cities
    assert not {"Lisbon", "York", "Hebden Bridge"} & set(cities)


def test_mission_under_a_heading_of_the_home_page_and_values_by_their_labels(looms):
    assert looms.value("mission").startswith("We exist so that good cloth is mended")
    assert [v.text for v in looms.values] == ["Thrift", "Craft", "Candour"]


def test_no_founded_year_headquarters_or_mission_the_site_does_not_state(server, fast):
    survey = research(server, fast, SURVEY)
    assert survey.value("founded") is None  # "since 2011" is a survey season; 1984 a donor's
    assert survey.value("headquarters") is None  # the donor's Newport
    assert survey.value("mission") is None  # a call to action and a post's plan are not it


def test_schema_org_places_show_countries_by_name_and_the_mission_of_a_vision_page(
        server, fast):
    press = research(server, fast, PRESS)
    assert press.value("name") == "Quillfeather Press"
    assert press.value("headquarters") == "Aarhus, Denmark"
    assert [loc.text for loc in press.locations] == ["Lyon, France"]
    assert press.value("mission").startswith(
        "Quillfeather Press is an independent, non-profit organisation dedicated to")
    assert press.mission.source.endswith("/vision/")


def test_a_contact_page_address_is_the_headquarters_when_no_sentence_names_one(server, fast):
    site = dict(LOOMS)
    site["/about/"] = site["/about/"].replace(
        "We are headquartered in Hebden Bridge, with offices in Leeds and Rotterdam where "
        "our agents meet customers.", "")
    profile = research(server, fast, site)
    assert profile.value("headquarters") == "Hebden Bridge, United Kingdom"
    assert profile.headquarters.source.endswith("/contact/")


def test_a_country_alone_gives_way_to_the_address_in_it(server, fast):
    site = dict(LOOMS)
    site["/about/"] = site["/about/"].replace(
        "We are headquartered in Hebden Bridge, with offices in Leeds and Rotterdam where "
        "our agents meet customers.", "We are based in the UK.")
    profile = research(server, fast, site)
    assert profile.value("headquarters") == "Hebden Bridge, United Kingdom"


# places ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, label", [
    ("220 Orchard Row, Suite 4\nSpringfield, IL 62704", "Springfield, Illinois, United States"),
    ("88 Front Street West, Toronto, ON M5J 1E6, Canada", "Toronto, Ontario, Canada"),
    ("Unit 2, 9 Quarry Road\nHalifax HX1 2QT\nUnited Kingdom", "Halifax, United Kingdom"),
    ("12 rue des Drapiers, 69002 Lyon, France", "Lyon, France"),
    ("Kanaalweg 7, 3011 Rotterdam, Netherlands", "Rotterdam, Netherlands"),
    ("Lakeside Court, First Floor\nRiverside, Durban 4001\nSouth Africa", "Durban, South Africa"),
])
def test_postal_addresses_read_as_city_region_and_country(text, label):
    assert parse_address(text).label() == label


@pytest.mark.parametrize("text", ["2010 Loom restored", "Springfield, IL", "Call 0113 496 0000",
                                  "Episode 12 of 2024", ""])
def test_text_that_is_not_an_address_is_not_read_as_one(text):
    assert parse_address(text) is None


def test_country_codes_are_shown_as_names_only_where_a_field_holds_a_country():
    assert country_name("FR", codes=True) == "France"
    assert country_name("UK") == "United Kingdom" and country_name("USA") == "United States"
    assert country_name("IL") == ""  # in running text, Illinois far more often than Israel


def test_sentences_name_places_only_when_the_organisation_is_their_subject():
    head, offices = places_in_text(
        "Tidewater Looms has two offices, Leeds and Rotterdam. She is based in Lisbon. "
        "Established in 1984 and headquartered in York, the guild visits often.",
        ("Tidewater Looms",))
    assert head == [] and [p.city for p in offices] == ["Leeds", "Rotterdam"]
    head, _ = places_in_text("We are based in Lyon, France.", ())
    assert [p.label() for p in head] == ["Lyon, France"]


@pytest.mark.parametrize("sentence, head, offices", [
    ("We are based in the UK.", ["United Kingdom"], []),
    ("Acme is headquartered in Austin, TX, with offices in Leeds, Rotterdam and Lyon.",
     ["Austin, Texas, United States"], ["Leeds", "Rotterdam", "Lyon"]),
    ("Acme has offices in London, New York and Singapore.", [],
     ["London", "New York", "Singapore"]),
    ("We have offices across Europe and Asia.", [], []),
])
def test_place_lists_read_as_a_person_would(sentence, head, offices):
    found = places_in_text(sentence, ("Acme",))
    assert [p.label() for p in found[0]] == head
    assert [p.label() for p in found[1]] == offices


def test_addresses_outside_the_main_text_are_found_in_footers_and_address_elements():
    footer = lxml.html.fromstring(
        "<html><body><main><p>Our cloth, 14 colours.</p></main><footer><p>Tidewater Looms</p>"
        "<p>Location</p><p>14 Kiln Lane, Hebden Bridge HX7 8AD, United Kingdom</p>"
        "<p>© 2026 Tidewater Looms</p></footer></body></html>")
    assert address_texts(footer) == ["14 Kiln Lane, Hebden Bridge HX7 8AD, United Kingdom"]
    no_footer = lxml.html.fromstring(
        "<html><body><div><p>Latest news in 2025</p></div><div class='bottom'>"
        "<div>Quillfeather Press, Inc.</div><div>7 Harbour Pike #12</div>"
        "<div>Newport, RI 02840</div></div></body></html>")
    assert [parse_address(t).label() for t in address_texts(no_footer)] == [
        "Newport, Rhode Island, United States"]


def test_an_address_repeated_in_every_footer_is_the_headquarters():
    now = datetime(2026, 5, 1)
    pages = [Page(url=f"http://127.0.0.1/{path}", kind=kind, title="Quillfeather Press",
                  text="Quillfeather Press prints poetry for new and forgotten poets.",
                  retrieved=now,
                  metadata={"addresses": ["7 Harbour Pike #12\nNewport, RI 02840"]})
             for path, kind in (("", "home"), ("about/", "about"), ("blog/a/", "blog"))]
    profile = build_profile(pages)
    assert profile.value("headquarters") == "Newport, Rhode Island, United States"
    assert profile.headquarters.source == "http://127.0.0.1/"
