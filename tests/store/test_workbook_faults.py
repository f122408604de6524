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
from infolib.outreach.contacts import import_contacts
from infolib.store import schema
from infolib.store.backup import export_workbook, restore_workbook
from tests.paths import DATA
from tests.sites import html

OLD = DATA / "workbook-schema1.sqlite"


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
    book.contacts.add("Ada Example")

    @sa.event.listens_for(book.engine, "connect")
    def _tiny(connection, _record):  # a disk with no room left for this workbook
        connection.execute("PRAGMA max_page_count = 60")

    book.engine.dispose()
    path = tmp_path / "many.csv"
    path.write_text("name,notes\n" + "".join(f"Person {i},{'x' * 900}\n" for i in range(2000)))
    with pytest.raises(StoreError, match="disk .* is full: nothing from this change"):
        import_contacts(path, workbook=book)
    assert list(book.contacts.table()["name"]) == ["Ada Example"]


def test_a_damaged_workbook_says_how_to_restore_it_and_the_restore_works(tmp_path):
    book = Workbook(tmp_path / "wb")
    book.contacts.add("Ada Example", organisation="Larkspur Grid Systems")
    export = export_workbook(tmp_path / "backup", workbook=book)
    book.close()
    (tmp_path / "wb" / "infolib.sqlite").write_bytes(b"this is not a database" * 100)
    for leftover in (tmp_path / "wb").glob("infolib.sqlite-*"):
        leftover.unlink()
    with pytest.raises(StoreError, match="infolib restore"):
        Workbook(tmp_path / "wb").contacts.table()
    fresh = Workbook(tmp_path / "restored")
    restore_workbook(export, workbook=fresh)
    assert list(fresh.contacts.table()["name"]) == ["Ada Example"]


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
    assert book.research.load("Energy storage").profile.value("name") == "Larkspur Grid Systems"
    with book.engine.connect() as conn:
        assert conn.execute(sa.select(schema.meta.c.value)).scalar() == str(schema.SCHEMA_VERSION)


def test_personal_data_never_reaches_the_logs(tmp_path, caplog, server, fast):
    """Everything that logs, driven with personal data at DEBUG: an old workbook upgraded, a
    crawl that skips a page, contacts and a meeting written, an import, a draft, reminders,
    an export and a restore. Records are captured (so silenced logging fails this test), and
    none of them holds a name, an address, a phone number or a note."""
    from infolib import research_company
    from infolib.outreach.drafts import draft_email
    from infolib.outreach.reminders import due_reminders

    caplog.set_level(logging.DEBUG)
    folder = tmp_path / "wb"
    folder.mkdir()
    shutil.copy(OLD, folder / "infolib.sqlite")
    book = Workbook(folder)  # upgraded on opening: the store logs it
    book.contacts.set_seeker("Sam Seeker", "sam@private.example", phone="+44 7700 900999")
    ada = book.contacts.add("Ada Secretname", email="ada@private.example", field=None,
                           notes="met at a private dinner")
    server.page("/", html("Home", links=["/about.html", "/gone.html"]))
    server.page("/about.html", html("About"))
    research_company(server.url + "/", "Energy storage", workbook=book, settings=fast,
                     progress=False)  # /gone.html answers 404: the crawl logs the skip
    path = tmp_path / "c.csv"
    path.write_text("name,email\nBen Hiddenname,ben@private.example\n")
    import_contacts(path, workbook=book)
    book.log.add_outreach(ada, sent="2026-03-02")
    book.log.add_meeting(ada, "2026-03-10 14:30", notes=[("advice", "a private remark")])
    draft = draft_email("thank_you", ada, workbook=book)
    due_reminders(workbook=book)
    export = export_workbook(tmp_path / "export", workbook=book)
    restore_workbook(export, workbook=Workbook(tmp_path / "restored"))

    # the personal data went through the code driven here...
    exported = "".join(p.read_text(encoding="utf-8") for p in export.glob("*.csv"))
    assert "Secretname" in exported and "Hiddenname" in exported and "private remark" in exported
    assert "Ada" in str(draft)
    # ...which logged, at DEBUG and INFO, through the loggers the library uses
    sources = {r.name.split(".")[1] for r in caplog.records if r.name.startswith("infolib.")}
    assert {"web", "store"} <= sources, ("nothing logged through infolib.web and infolib.store; "
                                         f"loggers heard: {sorted({r.name for r in caplog.records})}")
    assert any("gone.html" in r.getMessage() for r in caplog.records if r.levelno <= logging.INFO)
    logged = caplog.text + "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    for secret in ("Secretname", "Hiddenname", "private.example", "900999", "private remark",
                   "private dinner"):
        assert secret not in logged


# --- a read-only workbook (D19) and an empty workbook path (D20) ----------------------------------

def run_cli(*args, cwd=None, env=None):
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "infolib.cli", *args], capture_output=True,
                          text=True, cwd=cwd, env={**os.environ, **(env or {})})


def make_read_only(folder: Path, *, folder_too: bool = True) -> dict[str, bytes]:
    """chmod the workbook's files 0444 (and its folder 0555): what a backup copy or a read-only
    mount looks like. Root ignores the bits, so infolib must honour them itself."""
    for path in folder.rglob("*"):
        path.chmod(0o555 if path.is_dir() else 0o444)
    if folder_too:
        folder.chmod(0o555)
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture
def read_only_book(tmp_path):
    book = Workbook(tmp_path / "wb")
    ada = book.contacts.add("Ada Example", organisation="Larkspur Grid Systems")
    book.log.add_outreach(ada, sent="2026-03-02")
    book.close()
    before = make_read_only(tmp_path / "wb")
    yield tmp_path / "wb", before
    for path in [tmp_path / "wb", *(tmp_path / "wb").rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)


def test_a_read_only_workbook_can_be_read_and_exported(read_only_book, tmp_path):
    folder, before = read_only_book
    done = run_cli("contacts", "--workbook", str(folder))
    assert done.returncode == 0, done.stderr
    assert "Ada Example" in done.stdout
    done = run_cli("reminders", "--today", "2026-03-20", "--workbook", str(folder))
    assert done.returncode == 0, done.stderr
    done = run_cli("export", str(tmp_path / "backup"), "--workbook", str(folder))
    assert done.returncode == 0, done.stderr
    assert "Ada Example" in (tmp_path / "backup" / "contacts.csv").read_text()
    assert Workbook(folder).read_only
    # nothing changed: the same files, the same bytes, the same modes
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert mode(folder) == 0o555 and mode(folder / "infolib.sqlite") == 0o444


def test_a_write_to_a_read_only_workbook_says_so_and_how_to_fix_it(read_only_book):
    folder, before = read_only_book
    for args in (["contact", "Ben Sample"], ["outreach", "Ada Example"],
                 ["me", "Sam Seeker", "sam@example.org"]):
        done = run_cli(*args, "--workbook", str(folder))
        assert done.returncode == 4, done.stderr
        assert done.stderr.startswith("Error: ") and "Traceback" not in done.stderr
        assert "read-only" in done.stderr and "chmod" in done.stderr and "copy" in done.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_a_read_only_database_file_in_a_writable_folder_is_read_only_too(tmp_path):
    book = Workbook(tmp_path / "wb")
    book.contacts.add("Ada Example")
    book.close()
    make_read_only(tmp_path / "wb", folder_too=False)
    book = Workbook(tmp_path / "wb")
    assert list(book.contacts.table()["name"]) == ["Ada Example"]
    with pytest.raises(StoreError, match="read-only"):
        book.contacts.add("Ben Sample")
    assert mode(tmp_path / "wb" / "infolib.sqlite") == 0o444
    book.close()


def test_research_into_a_read_only_workbook_is_refused_before_crawling(demo_book, demo_url):
    from infolib import research_company

    folder = demo_book.folder
    demo_book.close()
    make_read_only(folder)
    shown = run_cli("show", "--field", "Energy storage", "--workbook", str(folder))
    assert shown.returncode == 0 and "Larkspur Grid Systems" in shown.stdout, shown.stderr
    with pytest.raises(StoreError, match="read-only"):
        research_company(demo_url, "Energy storage", workbook=folder, refresh=True,
                         progress=False, delay=0)
    assert not (folder / "cache").exists() or not any((folder / "cache").iterdir())
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)


def test_a_read_only_workbook_of_an_older_version_says_it_needs_upgrading(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(OLD, folder / "infolib.sqlite")
    make_read_only(folder)
    done = run_cli("contacts", "--workbook", str(folder))
    assert done.returncode == 4 and "Traceback" not in done.stderr, done.stderr
    assert "read-only" in done.stderr and "older infolib" in done.stderr
    folder.chmod(0o700)


@pytest.mark.parametrize("given", ["", "   "])
def test_an_empty_workbook_path_is_refused(tmp_path, given):
    done = run_cli("contacts", "--workbook", given, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "--workbook" in done.stderr and "empty" in done.stderr
    done = run_cli("contacts", cwd=tmp_path, env={"INFOLIB_WORKBOOK": given})
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("Error: ") and "INFOLIB_WORKBOOK" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no database made in the current folder
    with pytest.raises(ValueError, match="empty"):
        Workbook(given)


def test_a_file_size_limit_hit_by_the_database_is_a_plain_message(tmp_path):
    """A database file that cannot grow (RLIMIT_FSIZE here; a FAT32 stick at 4 GB, a quota)
    fails with SQLite's 'disk I/O error': said plainly, and the workbook is left as it was."""
    import resource
    import subprocess
    import sys

    book = Workbook(tmp_path / "wb")
    book.contacts.add("Ada Example")
    book.close()
    path = tmp_path / "many.csv"
    path.write_text("name,notes\n" + "".join(f"Person {i},{'x' * 900}\n" for i in range(2000)))

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    done = subprocess.run([sys.executable, "-m", "infolib.cli", "import-contacts", str(path),
                           "--workbook", str(tmp_path / "wb")], capture_output=True, text=True,
                          preexec_fn=limit)
    assert done.returncode == 4, done.stderr
    assert done.stderr.startswith("Error: The disk holding ") and "Traceback" not in done.stderr
    assert "nothing from this change was written" in done.stderr
    assert list(Workbook(tmp_path / "wb").contacts.table()["name"]) == ["Ada Example"]
