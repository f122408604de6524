"""The printed brief is something you would bring to a meeting: at most four A4 pages, for the
demo company and for a large, link-heavy site (40 pages read, a team page of thirty people in
four groups, 28 news posts each carrying share buttons, personal profiles and posts
linked everywhere), with no page nearly empty, the questions and their citations on it, the
gap table's words whole, and only the organisation's own profiles listed, one per network.

The fixture site is invented here (Tidewell Instruments and its people do not exist) and served
by the tests' real loopback server. Printing uses the system Chromium, as in test_brief.py.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from infolib.brief import make_brief
from infolib.planning.gaps import stored_gaps
from infolib.planning.questions import stored_plan
from tests.brief.test_brief import CONTACT, FIELD, _meet

ORG = "Tidewell Instruments"
SITE_FIELD = "Water sensing"
SITE_CONTACT = "Orla Brennick"
OWN_PROFILES = {"LinkedIn": "https://www.linkedin.com/company/tidewell-instruments",
                "X": "https://x.com/tidewell_hq",
                "GitHub": "https://github.com/tidewell-instruments",
                "Facebook": "https://www.facebook.com/TidewellInstruments"}

FIRST = ["Orla", "Ciaran", "Maeve", "Tobias", "Ines", "Ravi", "Helena", "Jonas", "Priya", "Lucas",
         "Sofia", "Declan", "Amara", "Felix", "Nadia", "Oscar", "Leila", "Mateo", "Freya", "Hugo",
         "Zara", "Emil", "Ana", "Rowan", "Clara", "Samuel", "Elena", "Kofi", "Ingrid", "Tomas"]
LAST = ["Brennick", "Doyle", "Farrelly", "Lindgren", "Costa", "Menon", "Varga", "Berg", "Nair",
        "Moreau", "Rossi", "Quinlan", "Eze", "Hartmann", "Haddad", "Nilsson", "Karimi", "Silva",
        "Aalto", "Lemaire", "Osei", "Kovac", "Pereira", "Whitlow", "Fischer", "Adeyemi", "Petrov",
        "Mensah", "Dahl", "Novak"]
GROUPS = [("Leadership", ["Chief Executive Officer", "Chief Technology Officer",
                          "Chief Financial Officer", "Head of Operations", "Head of People",
                          "Head of Product"]),
          ("Engineering", ["Senior Firmware Engineer", "Hydrologist", "Data Engineer",
                           "Electronics Engineer", "Field Engineer", "Software Engineer",
                           "Test Engineer", "Calibration Specialist", "Data Scientist",
                           "Embedded Engineer", "Quality Engineer", "Site Reliability Engineer"]),
          ("Board of Directors", ["Chair", "Vice Chair", "Treasurer", "Board Member",
                                  "Board Member", "Board Member"]),
          ("Advisers", ["Scientific Adviser", "Industry Adviser", "Adviser on Water Policy",
                        "Adviser", "Adviser", "Adviser"])]
PRODUCTS = [("Tidegauge", "a river level sensor that runs for five years on one battery"),
            ("Clearcell", "a turbidity probe for drinking water plants"),
            ("Nitrasense", "a nitrate monitor for farm drainage"),
            ("Flowmap", "software that turns sensor readings into catchment maps"),
            ("Fieldkit", "a portable calibration kit for field teams"),
            ("Alertline", "flood warnings sent to the people downstream")]
JOBS = [("Data Engineer", "Galway"), ("Field Engineer", "Rotterdam"),
        ("Firmware Engineer", "Remote")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
TOPICS = ["sensor network", "flood warning pilot", "drinking water contract", "river survey",
          "calibration service", "open data release", "catchment partnership", "board appointment"]


def _footer() -> str:
    tracked = {"Facebook": "?utm_source=site&amp;utm_medium=footer"}  # a tracking link
    social = "".join(f'<a href="{url}{tracked.get(name, "")}">{name}</a> '
                     for name, url in OWN_PROFILES.items())
    return ("<footer><nav><a href=\"/\">Home</a> <a href=\"/about/\">About</a> "
            "<a href=\"/team/\">Team</a> <a href=\"/products/\">Products</a> "
            "<a href=\"/news/\">News</a> <a href=\"/careers/\">Careers</a> "
            "<a href=\"/contact/\">Contact</a></nav>"
            f"<p>Follow us: {social}</p>"
            "<p>Tidewell Instruments, 4 Quay Street, Galway, Ireland.</p></footer>")


def _page(title: str, body: str, head: str = "") -> str:
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | "
            f"{ORG}</title>{head}</head><body><header><a href=\"/\">{ORG}</a></header>"
            f"<main>{body}</main>{_footer()}</body></html>")


def _share(url: str, title: str) -> str:
    """The share buttons a blog theme puts on every post."""
    return ("<div class=\"share\">Share: "
            f"<a href=\"https://www.facebook.com/sharer/sharer.php?u={url}\">Facebook</a> "
            f"<a href=\"https://twitter.com/intent/tweet?text={title}&amp;url={url}\">Tweet</a> "
            f"<a href=\"https://x.com/share?url={url}\">Post</a> "
            f"<a href=\"https://www.linkedin.com/sharing/share-offsite/?url={url}\">LinkedIn</a> "
            f"<a href=\"https://www.linkedin.com/shareArticle?mini=true&amp;url={url}\">Share</a>"
            "</div>")


def link_heavy_site(server) -> list[str]:
    """Serve Tidewell Instruments' site (44 pages, more than a crawl reads); the people it
    names."""
    ld = json.dumps({"@context": "https://schema.org", "@type": "Organization", "name": ORG,
                     "foundingDate": "2011", "url": server.url,
                     "sameAs": [OWN_PROFILES["LinkedIn"], OWN_PROFILES["X"]]})
    server.page("/", _page("Sensors for rivers and drinking water", (
        f"<h1>{ORG}</h1><p>{ORG} designs sensors and software that tell water utilities, farms "
        "and river trusts what is happening in their water, hour by hour, so they can act "
        "before a flood or a pollution event rather than after it.</p><p>Our instruments run "
        "in more than four hundred catchments across Ireland, the Netherlands and Denmark, and "
        "our team of 85 people builds every one of them in Galway.</p>"
        + "".join(f"<p><a href=\"/products/{name.lower()}/\">{name}</a>: {what}.</p>"
                  for name, what in PRODUCTS)),
        f"<script type=\"application/ld+json\">{ld}</script>"))
    server.page("/about/", _page("About us", (
        f"<h1>About us</h1><p>{ORG} was founded in 2011 by two hydrologists who were tired of "
        "reading river levels from a clipboard. Our headquarters are in Galway, Ireland, and we "
        "have offices in Rotterdam and Aarhus.</p><h2>Our mission</h2><p>Our mission is to give "
        "everyone who looks after water the measurements they need, when they need them.</p>"
        "<p>We employ 85 people, most of them engineers and field staff.</p>")))
    server.page("/contact/", _page("Contact", (
        "<h1>Contact</h1><p>Write to hello@tidewell.example or visit us at 4 Quay Street, "
        "Galway, Ireland.</p>")))
    names, cards = [], []
    n = 0
    for group, roles in GROUPS:
        people = []
        for role in roles:
            name = f"{FIRST[n]} {LAST[n]}"
            handle = f"{FIRST[n][0]}{LAST[n]}".lower()
            names.append(name)
            people.append(
                f"<div class=\"card\"><h3>{name}</h3><p class=\"role\">{role}</p>"
                f"<a href=\"https://github.com/{handle}\">GitHub</a> "
                f"<a href=\"https://www.linkedin.com/in/{handle}\">LinkedIn</a> "
                f"<a href=\"https://twitter.com/{handle}\">X</a></div>")
            n += 1
        cards.append(f"<section><h2>{group}</h2><div class=\"cards\">{''.join(people)}</div>"
                     "</section>")
    server.page("/team/", _page("Our team", "<h1>Our team</h1>" + "".join(cards)))
    server.page("/products/", _page("Products", "<h1>Products</h1>" + "".join(
        f"<div class=\"card\"><h2><a href=\"/products/{name.lower()}/\">{name}</a></h2>"
        f"<p>{what[0].upper() + what[1:]}.</p></div>" for name, what in PRODUCTS)))
    for name, what in PRODUCTS:
        server.page(f"/products/{name.lower()}/", _page(name, (
            f"<h1>{name}</h1><p>{name} is {what}. Customers install it in an afternoon and "
            "read its data in Flowmap or in their own systems through an open interface.</p>"
            "<p>See it on <a href=\"https://www.youtube.com/watch?v=tidewell01\">YouTube</a> "
            "or read the code on <a href=\"https://github.com/tidewell-instruments/"
            f"{name.lower()}-driver\">GitHub</a>.</p>")))
    jobs = []
    for title, place in JOBS:
        slug = title.lower().replace(" ", "-")
        posting = json.dumps({"@context": "https://schema.org", "@type": "JobPosting",
                              "title": title, "datePosted": "2026-10-01",
                              "validThrough": "2027-01-31",
                              "jobLocation": {"@type": "Place", "address": {
                                  "@type": "PostalAddress", "addressLocality": place}}})
        server.page(f"/careers/{slug}/", _page(title, (
            f"<h1>{title}</h1><p>Location: {place}. We are looking for a {title.lower()} to "
            "join the team.</p><h2>Requirements</h2><ul><li>Three years of experience with "
            "sensor data pipelines</li></ul>"),
            f"<script type=\"application/ld+json\">{posting}</script>"))
        jobs.append(f"<li><a href=\"/careers/{slug}/\">{title}</a> ({place})</li>")
    server.page("/careers/", _page("Careers", f"<h1>Careers</h1><p>We are hiring.</p><ul>"
                                               f"{''.join(jobs)}</ul>"))
    posts = []
    for i in range(28):
        month, dom = 12 - i // 3, 25 - 7 * (i % 3)
        topic = TOPICS[i % len(TOPICS)]
        title = f"Tidewell starts a new {topic} in the west, number {i + 1}"
        path = f"/news/2025-{month:02d}-{dom:02d}-{topic.replace(' ', '-')}-{i + 1}/"
        url = server.url.rstrip("/") + path
        server.page(path, _page(title, (
            f"<article><h1>{title}</h1><p>Published {dom} {MONTHS[month - 1]} 2025.</p>"
            f"<p>This week our field team began a {topic} with local partners. The "
            "work will run for a year and the data will be published openly every month for "
            "anyone who wants it.</p><p>Read the <a href=\"https://twitter.com/tidewell_hq/status/"
            f"{1000 + i}\">announcement</a> and what our partner "
            f"<a href=\"https://twitter.com/partner{i}\">said</a>.</p>{_share(url, title)}"
            "</article>"),
            f"<meta property=\"article:published_time\" content=\"2025-{month:02d}-{dom:02d}\">"))
        posts.append(f"<li><a href=\"{path}\">{title}</a></li>")
    server.page("/news/", _page("News", f"<h1>News</h1><ul>{''.join(posts)}</ul>"))
    return names


# -- the research keeps only the organisation's own profiles ---------------------------------------

@pytest.fixture
def link_heavy(server, fast, workbook):
    from infolib import research_company

    names = link_heavy_site(server)
    research = research_company(server.url, SITE_FIELD, workbook=workbook, settings=fast,
                                max_pages=40, progress=False)
    assert research.ok and len(research.crawl.pages) == 40
    return research, names


def test_a_link_heavy_site_gives_one_own_profile_per_network(link_heavy):
    research, _names = link_heavy
    links = [item.text for item in research.profile.links]
    assert sorted(links) == sorted(OWN_PROFILES.values())  # tracking parameters dropped too
    text = " ".join(links)
    for word in ("sharer", "intent", "share", "status", "/in/", "utm_", "watch"):
        assert word not in text, word


# -- on paper ----------------------------------------------------------------------------------------

def _pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
            for i in range(1, count + 1)]


def _fill(pdf: Path, number: int) -> float:
    """How far down page ``number`` its text reaches (pdftotext's word boxes)."""
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", str(number), "-l", str(number),
                            str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', boxes).group(1))
    bottoms = [float(y) for y in re.findall(r'<word [^>]*yMax="([\d.]+)"', boxes)]
    return max(bottoms, default=0) / height


def _links_on(pdf: Path) -> list[set[str]]:
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(str(pdf)).pages:
        uris = set()
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            if action.get("/URI"):
                uris.add(str(action["/URI"]))
        pages.append(uris)
    return pages


def _flat(text: str) -> str:
    return " ".join(text.split())


def check_printed_brief(pdf: Path, book, field: str, contact: str) -> list[str]:
    """What a person checks holding the printed brief; returns its pages' text."""
    pages = _pages(pdf)
    assert 1 <= len(pages) <= 4, f"{len(pages)} pages"
    for number in range(1, len(pages) + 1):
        fill = _fill(pdf, number)
        assert len(pages) == 1 or fill > 0.3, f"page {number} is nearly empty ({fill:.2f})"
    text = _flat(" ".join(pages))
    plan = stored_plan(field, contact, workbook=book)
    assert plan.questions
    links = _links_on(pdf)
    for question in plan.questions:
        assert _flat(question.text) in text, question.text
        if question.cites.get("url"):  # its citation is a link on the page that asks it
            page = next(i for i, p in enumerate(pages) if _flat(question.text)[:60] in _flat(p))
            on_page = links[page] | (links[page + 1] if page + 1 < len(links) else set())
            assert question.cites["url"] in on_page, question.text
            assert question.cites["url"] in links[-1]  # and in the sources at the end
    gaps = stored_gaps(field, workbook=book)
    assert len(re.findall(r"\bcovered\b", text)) >= len(gaps.covered)
    assert len(re.findall(r"\bgap\b", text)) >= len(gaps.gaps)
    assert not re.search(r"\bcovere\b|\bcov\b", text)  # no word broken in the table
    return pages


@pytest.mark.slow  # Chromium
def test_the_demo_brief_prints_on_at_most_four_pages(demo_book, chromium, tmp_path):
    _meet(demo_book)
    pdf = make_brief(FIELD, contact=CONTACT, workbook=demo_book, to="pdf",
                     out=tmp_path / "brief.pdf")
    pages = check_printed_brief(pdf, demo_book, FIELD, CONTACT)
    first = _flat(pages[0])
    # page one: the organisation, its people with the contact, what's new
    for expected in ("Larkspur Grid Systems", "What it does", "Founded", "Mission",
                     "Maya Okonkwo-Reid", "Your contact", "GridPilot", "Open roles"):
        assert expected in first, expected


@pytest.mark.slow  # Chromium
def test_a_large_link_heavy_site_prints_on_at_most_four_pages(link_heavy, workbook, chromium,
                                                               tmp_path):
    research, names = link_heavy
    workbook.contacts.add(SITE_CONTACT, organisation=ORG, role="Chief Executive Officer")
    pdf = make_brief(SITE_FIELD, contact=SITE_CONTACT, workbook=workbook, to="pdf",
                     out=tmp_path / "brief.pdf")
    pages = check_printed_brief(pdf, workbook, SITE_FIELD, SITE_CONTACT)
    text = _flat(" ".join(pages))
    first = _flat(pages[0])
    assert ORG in first and SITE_CONTACT in first and "your contact" in first
    # the people, grouped as the site groups them
    shown = [name for name in names if name in text]
    assert len(shown) >= 12
    for group in ("Leadership", "Board of Directors"):
        assert group in first, group
    # what's new: the latest posts, the open roles
    assert "2025-12-25" in first and "Data Engineer" in first
    # only the organisation's own profiles, and no share link anywhere in the brief
    uris = set().union(*_links_on(pdf))
    assert not [u for u in uris if re.search(r"sharer|intent|share|/status/|/in/|utm_", u)]
    assert {u for u in uris if "github.com" in u} <= {OWN_PROFILES["GitHub"]}


def test_the_brief_names_each_questions_topic_as_a_reader_would(demo_book):
    """Topics show as the checklist's titles ("The hiring process") or "your goal", never as
    internal keys such as outcome_2 or contact_journey."""
    from infolib import plan_questions
    from infolib.brief.sections import Sources, questions_part
    from infolib.planning.checklist import load_checklist

    plan = plan_questions("Energy storage", workbook=demo_book)
    plan.add("What would you most like a newcomer to ask you about?")
    html = questions_part(plan, Sources()).html
    keys = {t.id for t in load_checklist(compensation=True).topics}
    assert not [k for k in keys if f"· {k}" in html or f"· {k}<" in html]
    assert "outcome_" not in html and "learn_" not in html
    titles = {t.id: t.title for t in load_checklist(compensation=True).topics}
    assert any(titles[q.topic] in html for q in plan.questions if q.topic in titles)
