"""Schema migrations: an older workbook is upgraded in place with its data kept."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from infolib import DataError, Workbook, find_gaps
from infolib.store import schema
from tests.paths import DATA

OLD = DATA / "workbook-schema1.sqlite"  # made by infolib 0.1 (4689ea1)


def test_a_schema_1_workbook_is_upgraded_in_place_with_its_research_kept(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(OLD, folder / "infolib.sqlite")
    with sqlite3.connect(folder / "infolib.sqlite") as raw:
        before = {t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("fields", "crawls", "pages", "skipped", "facts", "summaries")}
        assert raw.execute("SELECT value FROM meta").fetchone() == ("1",)
    book = Workbook(folder)
    research = book.research.load("Energy storage")
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
    book.contacts.add("Ada Example", organisation="Larkspur Grid Systems")
    book.close()
    # opening it again changes nothing
    again = Workbook(folder)
    assert len(again.contacts.table()) == 1
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
    from infolib.errors import SetupError

    with pytest.raises(SetupError, match="newer infolib"):
        Workbook(tmp_path).engine  # noqa: B018


def _schema_3_workbook(url: str) -> None:
    """A workbook as infolib wrote it at schema 3, with a few people in it."""
    from alembic import command
    from alembic.config import Config

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location",
                               str(Path(schema.__file__).parent / "migrations"))
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
        conn.execute(schema.meta.insert().values(key="schema_version", value="3"))
        now = "2026-01-05 09:00:00"
        conn.execute(sa.text(
            "INSERT INTO organisations (id, name, key, website, created) VALUES "
            "(1, 'Ørsted', 'rsted', '', :now), (2, 'Orsted Ltd', 'orsted', '', :now), "
            "(3, 'Larkspur Grid Systems', 'larkspur grid systems', '', :now)"), {"now": now})
        conn.execute(sa.text(
            "INSERT INTO contacts (id, name, organisation_id, role, email, phone, profile_url, "
            "how_found, source, notes, created) VALUES "
            "(1, 'Émile Østergaard', 1, '', '', '', '', 'cold', 'manual', '', :now), "
            "(2, 'Иван Петров', 2, '', '', '', '', 'cold', 'manual', '', :now), "
            "(3, 'Ada Example', 3, '', '', '', '', 'cold', 'manual', '', :now)"), {"now": now})
        starts = ("2026-06-12 10:00:00" if conn.dialect.name == "sqlite"
                  else "2026-06-12 10:00:00+01:00")  # SQLite kept the wall clock only
        conn.execute(sa.text(
            "INSERT INTO meetings (id, contact_id, starts, mode, place, minutes, note) VALUES "
            "(1, 1, :starts, 'video', '', 20, '')"), {"starts": starts})
        conn.execute(sa.text(
            "INSERT INTO outreach (id, contact_id, channel, kind, sent, note) VALUES "
            "(1, 1, 'email', 'request', '2026-06-01', '')"))
        if conn.dialect.name == "postgresql":  # the ids were given: move the sequences on
            for table in ("organisations", "contacts", "meetings", "outreach"):
                conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT max(id) FROM {table}))"))
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_schema_3_workbook_gets_name_keys_zones_and_organisation_keys(backend, tmp_path,
                                                                       request, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/London")  # the computer the meetings were logged on
    time.tzset()
    request.addfinalizer(time.tzset)
    url = (f"sqlite:///{tmp_path / 'infolib.sqlite'}" if backend == "sqlite"
           else request.getfixturevalue("postgres").new_database())
    _schema_3_workbook(url)
    book = Workbook(tmp_path, database_url=url)
    # names are found in any case, and are not added twice
    book.log.add_outreach("ÉMILE ØSTERGAARD", kind="follow_up", sent="2026-06-09")
    book.log.add_outreach("иван петров", sent="2026-06-09")
    with pytest.raises(DataError, match="already in the workbook"):
        book.contacts.add("ADA EXAMPLE", organisation="Larkspur Grid Systems Ltd")
    # Ørsted ('rsted') and Orsted Ltd are one organisation now; the rows that pointed at it
    # kept
    contacts = book.contacts.table()
    assert contacts["organisation"].tolist() == ["Ørsted", "Ørsted", "Larkspur Grid Systems"]
    assert len(book.log.outreach()) == 3
    # the meeting entered at 10:00 London time is 10:00 London time
    starts = book.log.meetings()["starts"].iloc[0]
    assert f"{starts:%Y-%m-%d %H:%M %Z}" == "2026-06-12 10:00 BST"
    with book.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT zone FROM meetings")).scalar() == "Europe/London"
    book.close()


def _at_revision(conn, version: int) -> None:
    """The database on ``conn`` as infolib wrote it at schema ``version``, with one contact."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(schema.__file__).parent / "migrations"))
    config.attributes["connection"] = conn
    command.upgrade(config, f"{version:04d}")
    conn.execute(schema.meta.insert().values(key="schema_version", value=str(version)))
    conn.execute(sa.text(
        "INSERT INTO contacts (id, name, name_key, role, email, phone, profile_url, "
        "how_found, source, notes, created) VALUES (1, 'Ada Example', 'ada example', '', "
        "'', '', '', 'cold', 'manual', '', '2026-01-05 09:00:00')"))


def _schema_4_workbook(url: str, tasks: int) -> None:
    """A workbook as infolib wrote it at schema 4: a contact, a message, and ``tasks`` rows in
    the tasks table (which no version of infolib wrote; another program could have)."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        _at_revision(conn, 4)
        conn.execute(sa.text(
            "INSERT INTO outreach (id, contact_id, channel, kind, sent, note) VALUES "
            "(1, 1, 'email', 'request', '2026-06-01', '')"))
        for number in range(1, tasks + 1):
            conn.execute(sa.text("INSERT INTO tasks (id, contact_id, kind, due, note) VALUES "
                                 "(:id, 1, 'call', '2026-06-08', '')"), {"id": number})
        if conn.dialect.name == "postgresql":
            for table in ("contacts", "outreach"):
                conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT max(id) FROM {table}))"))
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@pytest.mark.parametrize("tasks", [0, 2])
def test_a_schema_4_workbook_loses_the_unused_tasks_table_and_keeps_the_rest(
        backend, tasks, tmp_path, request, caplog):
    url = (f"sqlite:///{tmp_path / 'infolib.sqlite'}" if backend == "sqlite"
           else request.getfixturevalue("postgres").new_database())
    _schema_4_workbook(url, tasks)
    book = Workbook(tmp_path, database_url=url)
    with book.engine.connect() as conn:
        assert not sa.inspect(conn).has_table("tasks")
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == \
            schema.HEAD_REVISION
        assert conn.execute(sa.select(schema.meta.c.value)).scalar() == str(
            schema.SCHEMA_VERSION)
    assert book.contacts.table()["name"].tolist() == ["Ada Example"]
    assert book.log.outreach()["sent"].astype(str).tolist() == ["2026-06-01"]
    # rows another program put there are said, not lost quietly
    dropped = [r.getMessage() for r in caplog.records if "tasks" in r.getMessage()]
    assert dropped == ([f"Dropped the unused tasks table and its {tasks} rows, which no version "
                        "of infolib wrote or showed."] if tasks else [])
    # the log works on the upgraded workbook, and it upgrades once
    book.log.add_outreach("Ada Example", kind="follow_up", sent="2026-06-09")
    book.close()
    again = Workbook(tmp_path, database_url=url)
    assert len(again.log.outreach()) == 2
    again.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_schema_5_workbook_keeps_its_notes_and_gaps_as_answering_no_question(
        backend, tmp_path, request):
    """Schema 6 links a note to the planned question it answers and scopes a gap list to one
    organisation; what an older workbook holds stays, as notes of no question and field-wide
    gap lists."""
    url = (f"sqlite:///{tmp_path / 'infolib.sqlite'}" if backend == "sqlite"
           else request.getfixturevalue("postgres").new_database())
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        _at_revision(conn, 5)
        conn.execute(sa.text(
            "INSERT INTO meetings (id, contact_id, starts, zone, mode, place, minutes, note) "
            "VALUES (1, 1, '2026-06-09 10:00:00', 'UTC', 'video', '', 20, '')"))
        conn.execute(sa.text(
            "INSERT INTO interview_notes (id, meeting_id, kind, question, text) VALUES "
            "(1, 1, 'answer', 'How did you start?', 'Through a summer project.')"))
        if conn.dialect.name == "postgresql":
            for table in ("contacts", "meetings", "interview_notes"):
                conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT max(id) FROM {table}))"))
    engine.dispose()
    book = Workbook(tmp_path, database_url=url)
    notes = book.log.notes()
    assert notes["text"].tolist() == ["Through a summer project."]
    assert notes["topic"].tolist() == [""] and notes["question_kind"].tolist() == [""]
    with book.engine.connect() as conn:
        assert "scope" in {c["name"] for c in sa.inspect(conn).get_columns("gaps")}
