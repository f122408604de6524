"""The workbook keeps a job search safe: private files, clear messages on a full disk or a
damaged file, migrations that cannot half-happen, and no personal data in the logs."""

from __future__ import annotations

import logging
import shutil
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from infolib import StoreError, Workbook
from infolib.people import export_workbook, import_contacts, restore_workbook
from infolib.store import schema

OLD = Path(__file__).parent / "data" / "workbook-schema1.sqlite"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_the_cache_are_readable_by_the_user_only(tmp_path, demo_url):
    from infolib import research_company

    book = Workbook(tmp_path / "wb")
    research_company(demo_url, "Energy storage", workbook=book, delay=0, progress=False,
                     max_pages=3)
    assert mode(book.folder) == 0o700
    for path in [book.folder / "infolib.sqlite", book.cache_path]:
        assert mode(path) == 0o600, path
    assert mode(book.cache_path.parent) == 0o700
    for extra in book.folder.glob("infolib.sqlite-*"):  # SQLite's WAL files copy the mode
        assert mode(extra) == 0o600, extra
    book.close()


def test_a_full_disk_is_a_clear_message_and_nothing_is_half_written(tmp_path):
    book = Workbook(tmp_path)
    book.add_contact("Ada Example")

    @sa.event.listens_for(book.engine, "connect")
    def _tiny(connection, _record):  # a disk with no room left for this workbook
        connection.execute("PRAGMA max_page_count = 60")

    book.engine.dispose()
    path = tmp_path / "many.csv"
    path.write_text("name,notes\n" + "".join(f"Person {i},{'x' * 900}\n" for i in range(2000)))
    with pytest.raises(StoreError, match="disk .* is full: nothing from this change"):
        import_contacts(path, workbook=book)
    assert list(book.contacts()["name"]) == ["Ada Example"]


def test_a_damaged_workbook_says_how_to_restore_it_and_the_restore_works(tmp_path):
    book = Workbook(tmp_path / "wb")
    book.add_contact("Ada Example", organisation="Larkspur Grid Systems")
    export = export_workbook(tmp_path / "backup", workbook=book)
    book.close()
    (tmp_path / "wb" / "infolib.sqlite").write_bytes(b"this is not a database" * 100)
    for leftover in (tmp_path / "wb").glob("infolib.sqlite-*"):
        leftover.unlink()
    with pytest.raises(StoreError, match="infolib restore"):
        Workbook(tmp_path / "wb").contacts()
    fresh = Workbook(tmp_path / "restored")
    restore_workbook(export, workbook=fresh)
    assert list(fresh.contacts()["name"]) == ["Ada Example"]


def test_a_migration_that_fails_half_way_leaves_the_old_workbook_as_it_was(tmp_path,
                                                                          monkeypatch):
    import sqlite3

    from alembic import command

    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(OLD, folder / "infolib.sqlite")

    def tables() -> set[str]:
        with sqlite3.connect(folder / "infolib.sqlite") as raw:
            return {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    before = tables()
    real_upgrade = command.upgrade

    def crash(config, revision, **kw):  # the process dies after the new tables are made
        real_upgrade(config, revision, **kw)
        raise KeyboardInterrupt("killed during the migration")

    monkeypatch.setattr(command, "upgrade", crash)
    with pytest.raises(KeyboardInterrupt):
        Workbook(folder).engine  # noqa: B018
    assert tables() == before and "contacts" not in before
    monkeypatch.setattr(command, "upgrade", real_upgrade)
    book = Workbook(folder)
    assert book.load_research("Energy storage").profile.value("name") == "Larkspur Grid Systems"
    with book.engine.connect() as conn:
        assert conn.execute(sa.select(schema.meta.c.value)).scalar() == str(schema.SCHEMA_VERSION)


def test_personal_data_never_reaches_the_logs(tmp_path, caplog):
    from infolib.people import draft_email, due_reminders

    caplog.set_level(logging.DEBUG)
    book = Workbook(tmp_path)
    book.set_seeker("Sam Seeker", "sam@private.example", phone="+44 7700 900999")
    ada = book.add_contact("Ada Secretname", email="ada@private.example", field=None)
    path = tmp_path / "c.csv"
    path.write_text("name,email\nBen Hiddenname,ben@private.example\n")
    import_contacts(path, workbook=book)
    book.log_outreach(ada, sent="2026-03-02")
    book.record_meeting(ada, "2026-03-10 14:30", notes=[("advice", "a private remark")])
    draft_email("thank_you", ada, workbook=book)
    due_reminders(workbook=book)
    logged = caplog.text
    for secret in ("Secretname", "Hiddenname", "private.example", "900999", "private remark"):
        assert secret not in logged
