"""The brief in a field of several organisations: about the contact's organisation, with the
others in one short table (name linked to the site, what it does, open roles, latest news and
its date), still within four A4 pages. Two invented organisations served on loopback."""

from __future__ import annotations

from infolib.brief import collect, make_brief
from infolib.brief.sections import Sources, others_part
from tests.brief.test_four_pages import _links_on, _pages
from tests.planning.field_sites import A_NAME, B_NAME, B_NEWS, B_ROLE, FIELD

CONTACT = "Ines Calloway"


def test_the_brief_is_about_the_contacts_organisation_and_lists_the_others(
        two_organisations, chromium, tmp_path):
    book, a_url, b_url = two_organisations
    book.contacts.add(CONTACT, organisation="Tidewater Heat Networks", role="Network engineer",
                      field=FIELD)
    data = collect(FIELD, contact=CONTACT, workbook=book)
    assert data.organisation == A_NAME and data.research.crawl.start_url == a_url
    assert [org["name"] for org, _research in data.others] == [B_NAME]
    assert data.gaps.scope == a_url and data.plan.organisation == A_NAME
    table = others_part(data.others, Sources.of(data.research))
    assert B_ROLE in table.text and B_NEWS[:40] in table.text and "2026-07-02" in table.text
    assert A_NAME not in table.text  # the contact's organisation is the brief, not a row

    pdf = make_brief(FIELD, contact=CONTACT, workbook=book, to="pdf", out=tmp_path / "b.pdf")
    pages = _pages(pdf)
    assert len(pages) <= 4
    text = " ".join(" ".join(page.split()) for page in pages)
    assert "The others in the field" in text and B_NAME in text and B_ROLE in text
    assert A_NAME in pages[0]  # page one is Tidewater's
    assert b_url in set().union(*_links_on(pdf))  # Fellside's name links to its site


def test_the_brief_for_someone_at_the_other_organisation_turns_the_table_round(
        two_organisations):
    book, a_url, b_url = two_organisations
    data = collect(FIELD, workbook=book, organisation=B_NAME)
    assert data.organisation == B_NAME
    assert [org["start_url"] for org, _research in data.others] == [a_url]
    table = others_part(data.others, Sources.of(data.research))
    assert A_NAME in table.text and "2026-09-14" in table.text
    assert B_NAME not in table.text


def test_infolib_brief_takes_the_organisation_by_a_shorter_name(two_organisations, tmp_path,
                                                                 capsys):
    from infolib.cli import main

    book, a_url, _b_url = two_organisations
    out = tmp_path / "fellside.html"
    assert main(["brief", "--field", FIELD, "--workbook", str(book.folder),
                 "--organisation", "fellside", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"Wrote the brief: {out}\n"
    page = out.read_text(encoding="utf-8")
    assert f"<title>Research brief: {B_NAME}</title>" in page
    assert "The others in the field" in page and f'href="{a_url}"' in page
