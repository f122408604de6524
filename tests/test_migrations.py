"""Schema migrations: an older workbook is upgraded in place with its data kept."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import sqlalchemy as sa

from infolib import Workbook, find_gaps
from infolib.store import schema

OLD = Path(__file__).parent / "data" / "workbook-schema1.sqlite"  # made by infolib 0.1 (4689ea1)


def test_a_schema_1_workbook_is_upgraded_in_place_with_its_research_kept(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(OLD, folder / "infolib.sqlite")
    with sqlite3.connect(folder / "infolib.sqlite") as raw:
        before = {t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("fields", "crawls", "pages", "skipped", "facts", "summaries")}
        assert raw.execute("SELECT value FROM meta").fetchone() == ("1",)
    book = Workbook(folder)
    research = book.load_research("Energy storage")
    assert research.profile.value("name") == "Larkspur Grid Systems"
    assert len(research.crawl.pages) == before["pages"] == 12
    with book.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == \
            schema.HEAD_REVISION
        for table, count in before.items():
            assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == count
        assert conn.execute(sa.select(schema.meta.c.value)).scalar() == str(schema.SCHEMA_VERSION)
    # the later stages work on the upgraded file
    assert find_gaps("Energy storage", workbook=book).rows
    book.add_contact("Ada Example", organisation="Larkspur Grid Systems")
    book.close()
    # opening it again changes nothing
    again = Workbook(folder)
    assert len(again.contacts()) == 1
    again.close()


def test_the_migrations_build_exactly_the_tables_the_code_uses(store):
    """No drift between store/schema.py and the Alembic revisions, on both backends."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    assert diff == []


def test_a_workbook_from_a_newer_infolib_is_refused(tmp_path):
    book = Workbook(tmp_path)
    with book.engine.begin() as conn:
        conn.execute(schema.meta.update().values(value="99"))
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    book.close()
    import pytest

    from infolib import StoreError

    with pytest.raises(StoreError, match="newer infolib"):
        Workbook(tmp_path).engine  # noqa: B018
