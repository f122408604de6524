"""Several organisations of one field researched at once: each host read politely on its own,
the hosts side by side, a failing site recorded while the others finish and are stored."""

from __future__ import annotations

import json
import threading
import time

import pytest

from infolib import research_companies, research_company
from infolib.store import schema
from tests.sites import FixtureServer, closed_port, html, respond

#: Invented organisations, one per loopback site (each on its own port: its own host).
ORGANISATIONS = ["Quillfeather Batteries", "Marrowby Grid Services", "Tessaly Thermal Stores",
                 "Oakhollow Flow Cells", "Brindlemere Power Co-operative"]


def organisation_site(site, name: str, pages: int = 4, pause: float = 0.0) -> None:
    """A small site for ``name``: a home page naming the organisation (Organization JSON-LD)
    linking to ``pages`` more pages; each response takes ``pause`` seconds."""
    links = [f"/about/{i}.html" for i in range(pages)]
    org = json.dumps({"@context": "https://schema.org", "@type": "Organization", "name": name})
    home = html(name, f"{name} stores energy for the towns around it and employs engineers "
                      "who maintain its sites.", links)
    home = home.replace("</head>", f'<script type="application/ld+json">{org}</script></head>')
    bodies = {"/": home, **{p: html(f"{name}: note {i}", f"{name} wrote note {i} about how its "
                                    "engineers plan maintenance visits across the year.")
                           for i, p in enumerate(links)}}
    for path, body in bodies.items():
        site.route(path, lambda h, body=body: (time.sleep(pause), respond(h, body)))


@pytest.fixture
def five_servers():
    servers = [FixtureServer() for _ in ORGANISATIONS]
    yield servers
    for srv in servers:
        srv.close()


def crawl_rows(book, field: str) -> list[dict]:
    import sqlalchemy as sa

    with book.engine.connect() as conn:
        return [dict(r) for r in conn.execute(
            sa.select(schema.crawls.c.start_url, schema.crawls.c.error)
            .join(schema.fields).where(schema.fields.c.name == field)
            .order_by(schema.crawls.c.id)).mappings()]


@pytest.mark.parametrize("failure", ["answers 500", "refuses connections"])
def test_a_failing_host_among_five_is_recorded_and_the_rest_finish(five_servers, store, fast,
                                                                   failure):
    urls = []
    for i, (srv, name) in enumerate(zip(five_servers, ORGANISATIONS, strict=True)):
        if i == 2 and failure == "answers 500":
            srv.site.route("/robots.txt", lambda h: respond(h, "<h1>Oops</h1>", 500))
            srv.site.route("/", lambda h: respond(h, "<h1>Oops</h1>", 500))
        elif i != 2:
            organisation_site(srv.site, name, pages=15)  # 16 writes each to the HTTP cache
        urls.append(srv.site.url + "/")
    if failure == "refuses connections":
        urls[2] = f"http://127.0.0.1:{closed_port()}/"

    results = research_companies(urls, "Storage", workbook=store, settings=fast,
                                 progress=False)

    assert [r.crawl.start_url for r in results] == urls            # in the order given
    assert [r.ok for r in results] == [True, True, False, True, True]
    assert results.failed == [results[2]] and results[2].crawl.error
    names = [r.profile.value("name") for r in results]
    assert names[:2] + names[3:] == ORGANISATIONS[:2] + ORGANISATIONS[3:]
    assert all(len(r.pages) == 16 for i, r in enumerate(results) if i != 2)
    # the HTTP cache is one SQLite file written by five threads at once: nothing was lost
    assert not [s for r in results for s in r.skipped if "locked" in s.detail]
    rows = crawl_rows(store, "Storage")
    assert sorted(r["start_url"] for r in rows) == sorted(urls)    # every attempt stored
    assert [bool(r["error"]) for r in rows if r["start_url"] == urls[2]] == [True]
    assert store.research.pages_researched() == {"Storage": 64}
    text = results.to_text()
    assert "4 of 5 organisations read" in text
    assert len([line for line in text.splitlines() if "pages read" in line]) == 5
    failed_line = next(line for line in text.splitlines() if urls[2][7:-1] in line)
    assert "failed: " in failed_line and "0 pages read" in failed_line


def test_two_sites_in_one_call_are_two_organisations_of_the_field_and_more_can_follow(
        five_servers, workbook, fast):
    for srv, name in zip(five_servers, ORGANISATIONS, strict=True):
        organisation_site(srv.site, name)
    urls = [srv.site.url + "/" for srv in five_servers]

    results = research_companies(urls[:2], "Storage", workbook=workbook, settings=fast,
                                 progress=False)
    assert results.ok and len(results) == 2
    *_, organisation, crawl_ids, _errors = workbook.research.inputs("Storage")
    assert len(crawl_ids) == 2
    assert {r.profile.value("name") for r in results} == set(ORGANISATIONS[:2])

    research_company(urls[2], "Storage", workbook=workbook, settings=fast, progress=False)
    assert len(workbook.research.inputs("Storage")[3]) == 3        # added later, kept apart
    data = results.to_dict()
    assert [o["company"]["name"] for o in data["organisations"]] == ORGANISATIONS[:2]

    again = research_companies(urls[:3], "Storage", workbook=workbook, settings=fast,
                               progress=False)
    assert all(r.reused for r in again)                            # nothing read twice
    assert "reused" in again.to_text()


def test_hosts_are_read_side_by_side_but_one_host_one_request_at_a_time(five_servers,
                                                                         workbook, fast):
    in_flight: dict[int, int] = {}
    most: dict[int, int] = {}
    guard = threading.Lock()

    def counted(srv_index, fn):
        def route(h):
            with guard:
                in_flight[srv_index] = in_flight.get(srv_index, 0) + 1
                most[srv_index] = max(most.get(srv_index, 0), in_flight[srv_index])
            try:
                fn(h)
            finally:
                with guard:
                    in_flight[srv_index] -= 1
        return route

    first, second = five_servers[:2]
    organisation_site(first.site, ORGANISATIONS[0], pause=0.05)
    # two organisations on one host, each in its own folder
    for folder, name in (("/a", ORGANISATIONS[1]), ("/b", ORGANISATIONS[2])):
        org = FixtureServer()
        organisation_site(org.site, name, pause=0.05)
        second.site.routes.update({folder + path: fn for path, fn in org.site.routes.items()
                                   if path != "/"})
        second.site.routes[folder + "/"] = org.site.routes["/"]
        org.close()
    for i, srv in enumerate((first, second)):
        srv.site.routes.update({p: counted(i, fn) for p, fn in srv.site.routes.items()})
    same = second.site.url + "/a/"
    urls = [first.site.url + "/", same, second.site.url + "/b/", same]

    results = research_companies(urls, "Storage", workbook=workbook, settings=fast,
                                 progress=False)

    assert [r.crawl.start_url for r in results] == urls[:3]        # the same address once
    assert results.ok
    assert most == {0: 1, 1: 1}                                    # one request at a time
    times = [[h.at for h in srv.site.hits] for srv in (first, second)]
    assert min(times[0]) < max(times[1]) and min(times[1]) < max(times[0])  # side by side
    assert [h.path for h in second.site.hits].count("/robots.txt") == 1  # the host's robots
    assert len(crawl_rows(workbook, "Storage")) == 3


def test_one_progress_bar_per_organisation_named_by_its_host(five_servers, workbook, fast,
                                                              capsys):
    for srv, name in zip(five_servers[:2], ORGANISATIONS[:2], strict=True):
        organisation_site(srv.site, name)
    urls = [srv.site.url + "/" for srv in five_servers[:2]]

    research_companies(urls, "Storage", workbook=workbook, settings=fast)

    shown = capsys.readouterr().err
    for url in urls:
        assert url[7:-1] in shown                                  # 127.0.0.1:PORT
    assert "Reading pages" not in shown


def test_an_unexpected_error_on_one_site_is_raised_after_the_others_are_stored(
        five_servers, workbook, fast, monkeypatch):
    import infolib.research.company as company

    for srv, name in zip(five_servers[:3], ORGANISATIONS[:3], strict=True):
        organisation_site(srv.site, name, pause=0.02)
    urls = [srv.site.url + "/" for srv in five_servers[:3]]
    real = company.build_profile

    def broken_for_the_first(pages, *args):
        if pages and pages[0].url.startswith(urls[0]):
            raise RuntimeError("a bug met on one site")
        return real(pages, *args)

    monkeypatch.setattr(company, "build_profile", broken_for_the_first)
    with pytest.raises(RuntimeError, match="a bug met on one site"):
        research_companies(urls, "Storage", workbook=workbook, settings=fast, progress=False)
    assert sorted(r["start_url"] for r in crawl_rows(workbook, "Storage")) == sorted(urls[1:])


def test_a_bad_address_among_several_reads_nothing(five_servers, workbook, fast):
    from infolib import InvalidURLError

    organisation_site(five_servers[0].site, ORGANISATIONS[0])
    with pytest.raises(InvalidURLError, match="https://"):
        research_companies([five_servers[0].site.url + "/", "javascript:alert(1)"], "Storage",
                           workbook=workbook, settings=fast, progress=False)
    assert five_servers[0].site.hits == []


@pytest.mark.slow  # a Jupyter kernel
@pytest.mark.notebook
def test_notebook_01_reads_a_list_of_organisations_with_a_bar_and_a_profile_each(
        five_servers, tmp_path):
    import papermill

    from tests.paths import ROOT

    for srv, name in zip(five_servers[:2], ORGANISATIONS[:2], strict=True):
        organisation_site(srv.site, name)
    urls = [srv.site.url + "/" for srv in five_servers[:2]]
    down = f"http://127.0.0.1:{closed_port()}/"
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "01-research-company.ipynb"), str(out),
        cwd=str(ROOT / "notebooks"), progress_bar=False, kernel_name="python3",
        parameters={"company_urls": [*urls, down], "delay": 0.0, "field": "Storage",
                    "workbook": str(tmp_path / "wb")})
    cells = json.loads(out.read_text())["cells"]
    text = json.dumps(cells)
    assert "Traceback" not in text
    assert "2 of 3 organisations read" in text                      # the table of them
    for url, name in zip(urls, ORGANISATIONS[:2], strict=True):
        assert url[7:-1] in text and f"<h3>{name}" in text.replace("\\n", "")  # bar, profile
    assert "Nothing could be read" in text                           # the one that failed
