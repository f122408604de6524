from __future__ import annotations

import pytest

from infolib import CrawlSettings, Workbook
from infolib.demo.site import serve_demo
from tests.sites import FixtureServer


@pytest.fixture
def server():
    srv = FixtureServer()
    yield srv.site
    srv.close()


@pytest.fixture(scope="session")
def demo_url():
    with serve_demo(port=0) as site:
        yield site.url


@pytest.fixture
def workbook(tmp_path):
    book = Workbook(tmp_path / "workbook")
    yield book
    book.close()


@pytest.fixture
def fast():
    """Settings for loopback tests: no politeness delay, short deadlines."""
    return CrawlSettings(delay=0, total_timeout=3, read_timeout=2, connect_timeout=2,
                         retry_after_cap=1)


@pytest.fixture(scope="session")
def demo_research(demo_url, tmp_path_factory):
    from infolib import research_company

    book = Workbook(tmp_path_factory.mktemp("demo-workbook"))
    result = research_company(demo_url, "Energy storage", workbook=book, delay=0,
                              progress=False)
    yield result
    book.close()


@pytest.fixture
def demo_book(demo_research, tmp_path):
    """A workbook of its own holding the demo research, copied from the session's (fast)."""
    import sqlite3

    folder = tmp_path / "demo-book"
    folder.mkdir()
    source = sqlite3.connect(demo_research.stored_in / "infolib.sqlite")
    target = sqlite3.connect(folder / "infolib.sqlite")
    with target:
        source.backup(target)
    source.close()
    target.close()
    book = Workbook(folder)
    yield book
    book.close()


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the session; skipped (with the reason) where it cannot run,
    except when INFOLIB_REQUIRE_POSTGRES is set (make test), where that is a failure."""
    import os

    from tests.pg import PostgresServer

    try:
        server = PostgresServer()
    except (RuntimeError, OSError) as exc:
        if os.environ.get("INFOLIB_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here but could not start: {exc}")
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """An empty workbook on each backend: one test suite, two databases."""
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").new_database()
    book = Workbook(tmp_path / "store", database_url=url)
    yield book
    book.close()
