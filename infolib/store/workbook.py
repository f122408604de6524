"""Read and write the workbook database; results come out as pandas DataFrames."""

from __future__ import annotations

import functools
import logging
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from infolib.config import CACHE_FILE, DATABASE_FILE, default_workbook_dir, private_file
from infolib.errors import (
    ConfigError,
    DataError,
    OutputPathError,
    ReadOnlyWorkbookError,
    SetupError,
    StoreError,
)
from infolib.store.contacts import ContactStore
from infolib.store.log import InterviewLog
from infolib.store.planning import PlanningStore
from infolib.store.research import ResearchStore
from infolib.store.schema import crawls, fields
from infolib.store.validate import field_name

log = logging.getLogger(__name__)


class Workbook:
    """The user's workbook: a folder with the database and the HTTP cache, and one store per
    stage over its tables: ``research``, ``planning``, ``contacts`` and ``log``.

    A workbook whose database file or folder is not writable (a backup copy, a read-only
    mount, files chmod 0444) is opened read-only: everything can be read and exported, and a
    change raises ReadOnlyWorkbookError saying how to make it writable.

    Every store writes by one convention: ``add_*`` adds a row and refuses one that is there
    already (the same contact; the same kind of message by the same channel on the same day; a
    meeting with the same contact at the same time), with a DataError naming that row and how
    to change it; ``ensure_*`` returns the id of the row that is there, unchanged, or adds it
    (for notebooks run twice); ``set_*`` makes a value what it is given, replacing the old one
    (the seeker, a goal, a topic choice). Notes, referrals and outcomes are events: each
    ``add_*`` adds one.

    Args:
        folder: the workbook folder; defaults to ``$INFOLIB_WORKBOOK`` or the project's ``data/``.
        database_url: a SQLAlchemy URL to use instead of ``folder/infolib.sqlite``.
    """

    def __init__(self, folder: str | Path | None = None, database_url: str | None = None):
        if isinstance(folder, str) and not folder.strip():
            raise ConfigError("The workbook folder is empty: give a folder, e.g. "
                              "Workbook('~/job-search'), or leave it out to use "
                              "$INFOLIB_WORKBOOK or the project's data/ folder.")
        self.folder = Path(folder).expanduser().resolve() if folder else default_workbook_dir()
        if self.folder.exists() and not self.folder.is_dir():
            raise OutputPathError(f"{self.folder} is a file, not a folder: give --workbook a folder "
                             "(it is created if missing).")
        self.database_url = database_url or f"sqlite:///{self.folder / DATABASE_FILE}"
        self._engine = None
        self._read_only = False

    def __repr__(self) -> str:
        return f"Workbook({str(self.folder)!r})"

    @property
    def location(self) -> str:
        """Where the data lives, as a person reads it: the SQLite file's path, or the server's
        URL without its password."""

        url = sa.engine.make_url(self.database_url)
        if url.get_backend_name() == "sqlite" and url.database:
            return url.database
        return url.render_as_string(hide_password=True)

    @property
    def cache_path(self) -> Path:
        """The HTTP cache, written as pages are fetched: a read-only workbook has none, so
        asking for it raises ReadOnlyWorkbookError (before a crawl, not after)."""
        if self.read_only:
            raise ReadOnlyWorkbookError(self._read_only_message())
        return self.folder / "cache" / CACHE_FILE

    @property
    def read_only(self) -> bool:
        """True if the workbook can be read but not changed (see the class docstring)."""
        self.engine  # noqa: B018 - opening it finds out
        return self._read_only

    @property
    def writer(self):
        """The engine for writes: ``with book.writer.begin() as conn`` takes the write lock
        at the start (SQLite), so two processes writing at once queue instead of failing.
        Raises ReadOnlyWorkbookError for a read-only workbook."""
        engine = self.engine
        if self._read_only:
            raise ReadOnlyWorkbookError(self._read_only_message())
        return engine.execution_options(write=True)

    def _read_only_message(self) -> str:
        database = self.folder / DATABASE_FILE
        return (f"The workbook {self.folder} is read-only (its database file or its folder "
                "cannot be written): nothing was changed. Reading and `infolib export` work. To "
                f"change it, make it writable (chmod u+w {self.folder} {database}), or copy "
                "the folder somewhere you can write to and use the copy with --workbook COPY.")

    @property
    def engine(self):
        if self._engine is None:
            self._engine = self._connect()
        return self._engine

    def _connect(self):
        database = self.folder / DATABASE_FILE
        own_file = self.database_url == f"sqlite:///{database}"
        self._read_only = own_file and _read_only_file(database)
        try:
            if not self.folder.exists():
                self.folder.mkdir(parents=True, mode=0o700)
            if own_file and not self._read_only:
                private_file(database)  # SQLite's -wal/-shm copy its mode
        except OSError as exc:
            raise StoreError(f"Cannot create the workbook in {self.folder}: {exc.strerror}. "
                             "Choose a folder you can write to with --workbook.") from exc
        if self._read_only:
            engine = _read_only_engine(database)
        else:
            # a second process writing waits for the first instead of failing at once
            connect_args = {"timeout": 30} if self.database_url.startswith("sqlite") else {}
            # hide_parameters: an unforeseen database error must not print contacts' data
            engine = sa.create_engine(self.database_url, connect_args=connect_args,
                                      hide_parameters=True)
        if engine.dialect.name == "sqlite":
            read_only = self._read_only

            @sa.event.listens_for(engine, "connect")
            def _pragmas(connection, _record):
                cursor = connection.cursor()
                cursor.execute("PRAGMA foreign_keys=ON")
                if not read_only:  # a read-only file keeps the journal mode it has
                    cursor.execute("PRAGMA journal_mode=WAL")
                cursor.close()
                # the sqlite3 module would commit DDL on its own; we say where a transaction
                # begins, so a migration is all or nothing (SQLAlchemy's pysqlite recipe)
                connection.isolation_level = None

            @sa.event.listens_for(engine, "begin")
            def _begin(connection):
                # writes (Workbook.writer) BEGIN IMMEDIATE: a second writer waits its turn
                # (busy timeout) instead of failing when its read turns into a write
                immediate = connection.get_execution_options().get("write", False)
                connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        @sa.event.listens_for(engine, "handle_error")
        def _translate(context):  # the errors a person can act on, said plainly
            text = str(context.original_exception)
            if "database or disk is full" in text or "No space left" in text:
                raise StoreError(f"The disk holding {self.location} is full: nothing from "
                                 "this change was written. Free some space and try again.")
            if "disk I/O error" in text:  # SQLite's word for a file that cannot grow (EFBIG)
                raise StoreError(f"The disk holding {self.location} is full or failing "
                                 "(a disk I/O error: a file there cannot grow): nothing from "
                                 "this change was written. Free some space, or check the "
                                 "disk, and try again.")
            if "attempt to write a readonly database" in text or \
                    "readonly database" in text:
                raise ReadOnlyWorkbookError(self._read_only_message())
            if "database is locked" in text:
                raise StoreError("Another program kept the workbook busy for 30 s: nothing "
                                 "from this change was written. Close it and try again.")
            if "file is not a database" in text or "database disk image is malformed" in text:
                raise StoreError(f"{self.database_url} is damaged or not a workbook database. "
                                 "Restore your last export into a new folder with `infolib "
                                 "restore EXPORT --workbook NEW_FOLDER` (see README, Backups).")
        try:
            if self._read_only:
                _check_revision(engine, self.folder)
            else:
                migrate(engine)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"Cannot open the workbook database {self.database_url}: "
                             f"{exc.orig if hasattr(exc, 'orig') else exc}. Is it a workbook "
                             "file, and is the folder writable? A damaged workbook is restored "
                             "from an export: `infolib restore EXPORT --workbook NEW_FOLDER`."
                             ) from exc
        return engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # one store per stage ---------------------------------------------------------------------
    @functools.cached_property
    def research(self) -> ResearchStore:
        """Crawls, pages, skipped URLs, profile facts and summaries (notebook 01)."""
        return ResearchStore(self)

    @functools.cached_property
    def planning(self) -> PlanningStore:
        """Goals, topic choices, gap lists and question plans (notebooks 02 and 03)."""
        return PlanningStore(self)

    @functools.cached_property
    def contacts(self) -> ContactStore:
        """The seeker, organisations and contacts (notebook 04)."""
        return ContactStore(self)

    @functools.cached_property
    def log(self) -> InterviewLog:
        """Outreach, meetings, notes, referrals and outcomes (notebooks 04 to 06)."""
        return InterviewLog(self)

    # fields ----------------------------------------------------------------------------------
    def existing_field_id(self, conn, name: str) -> int:
        """The id of the field called ``name``, or StoreError saying how to start it."""


        found = conn.execute(sa.select(fields.c.id).where(fields.c.name == field_name(name))
                             ).scalar()
        if found is None:
            known = ", ".join(repr(f) for f in self.fields()["name"]) or "none yet"
            shown = repr(name) if len(name) <= 80 else repr(name[:40]) + "…"
            raise DataError(f"There is no field {shown} in {self.folder} (fields: {known}). "
                             f"Start it with `infolib research URL --field {shown}`.")
        return found

    def field_ref(self, conn, name) -> int | None:
        """The id of the field called ``name``; None for no name; StoreError if unknown."""
        if name is None or not str(name).strip():
            return None
        return self.existing_field_id(conn, str(name))

    def has_field(self, name: str) -> bool:
        """True if the workbook has a field called ``name``."""


        with self.engine.connect() as conn:
            return conn.execute(sa.select(fields.c.id).where(
                fields.c.name == field_name(name))).first() is not None

    def ensure_field(self, name: str, conn=None) -> int:
        """The id of the field called ``name``, made first if it is new (in ``conn``'s
        transaction if one is given)."""


        if conn is None:
            with self.writer.begin() as conn:
                return self.ensure_field(name, conn)
        name = field_name(name)
        found = conn.execute(sa.select(fields.c.id).where(fields.c.name == name)).scalar()
        if found is not None:
            return found
        return conn.execute(fields.insert().values(name=name, created=datetime.now(UTC))
                            ).inserted_primary_key[0]

    def _frame(self, query):
        import pandas as pd

        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def fields(self):
        """Every target field, with its number of crawls and the date of the latest one."""


        query = (sa.select(fields.c.name, fields.c.created,
                           sa.func.count(crawls.c.id).label("crawls"),
                           sa.func.max(crawls.c.started).label("last_crawl"))
                 .select_from(fields.outerjoin(crawls)).group_by(fields.c.id)
                 .order_by(fields.c.name))
        return self._frame(query)

def migrate(engine) -> None:
    """Bring the database to the newest schema, in one transaction, keeping its data.

    A new database is built by running every revision; one made before Alembic was used
    (``meta.schema_version`` 1 or 2) is stamped with its revision first.
    """
    from infolib.store import schema

    with engine.execution_options(write=True).begin() as conn:  # one migrator at a time
        current, found = _schema_of(conn)
        if current == schema.HEAD_REVISION:
            return
        if (found is not None and found > schema.SCHEMA_VERSION) or \
                (current is not None and current > schema.HEAD_REVISION):
            raise SetupError(f"{engine.url!r} was written by a newer infolib (schema "
                             f"{found or current}); upgrade infolib to open it.")
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        config.attributes["connection"] = conn
        if current is None and found is not None:
            log.info("Upgrading a schema-%s workbook to schema %s", found, schema.SCHEMA_VERSION)
            command.stamp(config, f"{int(found):04d}")
        command.upgrade(config, "head")
        if found is None:
            conn.execute(schema.meta.insert().values(key="schema_version",
                                                     value=str(schema.SCHEMA_VERSION)))
        else:
            conn.execute(schema.meta.update().where(schema.meta.c.key == "schema_version")
                         .values(value=str(schema.SCHEMA_VERSION)))


def _schema_of(conn) -> tuple[str | None, int | None]:
    """The database's Alembic revision and ``meta.schema_version`` (None where absent)."""

    from infolib.store import schema

    inspector = sa.inspect(conn)
    current = found = None
    if inspector.has_table("alembic_version"):
        current = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    if inspector.has_table("meta"):
        found = conn.execute(sa.select(schema.meta.c.value).where(
            schema.meta.c.key == "schema_version")).scalar()
    return current, (int(found) if found is not None else None)


def _check_revision(engine, folder: Path) -> None:
    """A read-only workbook cannot be upgraded: it must already have the newest schema."""
    from infolib.store import schema

    with engine.connect() as conn:
        current, found = _schema_of(conn)
    if current == schema.HEAD_REVISION:
        return
    if (found is not None and found > schema.SCHEMA_VERSION) or \
            (current is not None and current > schema.HEAD_REVISION):
        raise SetupError(f"{engine.url!r} was written by a newer infolib (schema "
                         f"{found or current}); upgrade infolib to open it.")
    raise ReadOnlyWorkbookError(
        f"The workbook {folder} was made by an older infolib (schema {found or current or '?'}) "
        "and must be upgraded before it can be read, which changes it, but it is read-only. "
        f"Copy the folder somewhere you can write to and open the copy (--workbook COPY), or "
        f"make it writable (chmod u+w {folder} {folder / DATABASE_FILE}).")


def _writable(path: Path) -> bool:
    """Whether this user may write ``path``. Root passes ``os.access`` for any file, so the
    mode bits count too: a workbook chmod 0444 is meant to be left alone, even by root."""
    import os

    try:
        return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)
    except OSError:
        return False


def _read_only_file(database: Path) -> bool:
    """A workbook database that exists but whose file or folder cannot be written (WAL mode
    writes ``-wal`` and ``-shm`` files beside it)."""
    return database.is_file() and not (_writable(database) and _writable(database.parent))


def _read_only_engine(database: Path):
    """An engine that opens ``database`` read-only (SQLite ``mode=ro``). If its folder cannot
    be written and no ``-wal`` file is left, the file is opened as immutable: no ``-shm`` file
    is needed, and none could be made."""
    import sqlite3
    from urllib.request import pathname2url


    uri = f"file:{pathname2url(str(database))}?mode=ro"
    if not _writable(database.parent) and not database.with_name(database.name + "-wal").exists():
        uri += "&immutable=1"

    def connect():
        return sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)

    return sa.create_engine(f"sqlite:///{database}", creator=connect, hide_parameters=True)


def open_workbook(workbook: Workbook | str | Path | None = None) -> Workbook:
    """``workbook`` if it is a Workbook already, else the Workbook in that folder (default:
    ``$INFOLIB_WORKBOOK`` or the project's ``data/``): what every stage function accepts."""
    return workbook if isinstance(workbook, Workbook) else Workbook(workbook)
