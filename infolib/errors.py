"""One hierarchy of errors. Every message says what was wrong and how to fix it.

Each class carries the exit code the CLI ends with (``exit_code``), chosen by the kind of
trouble, so the same mistake ends the same way wherever it is made::

    InfolibError                   1  base of every error infolib raises on purpose
     │
     │  bad input: what was given cannot be used; fix it and run the command again ........ 2
     ├── ConfigError               2  a setting or the environment variable holding one is out
     │                                of range or empty
     ├── InvalidURLError           2  not an http(s) address the crawler can visit
     ├── PlanError                 2  a goal, question, topic, importance or meeting length
     │                                cannot be used as given
     ├── DataError                 2  a value given is not valid (an empty or too long name, a
     │    │                           bad date, an unknown kind, a row of a CSV file) or names
     │    │                           nothing the workbook knows (an unknown contact or field)
     │    └── OutputPathError      2  a place to write to is a folder, FIFO, device or a folder
     │                                that is not empty: left alone
     │
     │  nothing found: the site could not be read, or nothing is stored yet ............... 1
     ├── FetchError                1  one URL could not be fetched (carries ``url``, ``reason``)
     │    ├── RobotsDisallowed     1
     │    ├── TooLargeError        1
     │    ├── UnsupportedContentError 1
     │    └── RedirectError        1
     ├── ExtractError              1  one document could not be read
     ├── NotFoundError             1  nothing is stored yet for what was asked (no research for
     │                                the field, no meeting with the contact)
     │
     │  environment: this computer lacks something infolib needs ........................ 3
     ├── SetupError                3  Chromium, a Debian package, the PostgreSQL server, the
     │    │                           project's notebooks or demo site is missing or unreachable
     │    └── ExportError          3  the brief could not be printed (Chromium missing or failed)
     │
     │  I/O: a file, folder or the workbook database could not be read or written ........ 4
     ├── StoreError                4  the workbook database could not be opened or written (a
     │    │                           full disk, a damaged or busy database)
     │    └── ReadOnlyWorkbookError 4 the workbook can be read but not changed
     └── WriteError                4  a file or folder could not be written (a full disk, no
                                      permission): nothing was

The CLI prints the message after ``Error:`` and exits with ``exc.exit_code``; the codes are
listed in ``infolib --help`` (``EXIT_CODES``). Bad input subclasses ``ValueError`` too, and ``NotFoundError``
``LookupError``, so plain Python handlers keep working.

A crawl never raises for one bad page: it records a skipped row with the ``reason`` code of
the error instead, and a site that cannot be read at all sets ``CrawlResult.error``. One-URL
calls (``fetch``) raise.
"""

from __future__ import annotations

BAD_INPUT, NOT_FOUND, ENVIRONMENT, IO = 2, 1, 3, 4


class InfolibError(Exception):
    """Base of every error infolib raises on purpose."""

    exit_code = 1


# -- bad input (2) ------------------------------------------------------------------------------

class ConfigError(InfolibError, ValueError):
    """A setting is out of range, or the environment variable holding one is empty."""

    exit_code = BAD_INPUT


class InvalidURLError(InfolibError, ValueError):
    """The address is not an http(s) URL that can be crawled."""

    exit_code = BAD_INPUT

    def __init__(self, url: str, why: str):
        self.url = url
        super().__init__(
            f"{url!r} is not a web address infolib can research: {why}. "
            "Give a full http:// or https:// address, e.g. https://example.org/."
        )


class PlanError(InfolibError, ValueError):
    """A goal, question, topic, importance or meeting length cannot be used as given."""

    exit_code = BAD_INPUT


class DataError(InfolibError, ValueError):
    """A value given is not valid, or names nothing the workbook knows; nothing was written.

    The one class for an empty or too long name, a bad date, an unknown kind of draft or
    row, a bad row of an imported file, and an unknown contact, field, meeting or id.
    """

    exit_code = BAD_INPUT


class OutputPathError(DataError):
    """The place given for a file or folder cannot take it (it is a folder, a FIFO, a device, a
    folder that is not empty); it was left alone and nothing was written."""

    exit_code = BAD_INPUT


# -- nothing found (1) ---------------------------------------------------------------------------

class FetchError(InfolibError):
    """One URL could not be fetched. ``reason`` is the short code stored with skipped URLs."""

    exit_code = NOT_FOUND
    reason = "error"

    def __init__(self, url: str, message: str, *, reason: str | None = None):
        self.url = url
        if reason:
            self.reason = reason
        super().__init__(message)


class RobotsDisallowed(FetchError):
    """The site's robots.txt asks crawlers to keep out of this URL."""

    exit_code = NOT_FOUND
    reason = "robots"


class TooLargeError(FetchError):
    """The response is larger than the crawl reads."""

    exit_code = NOT_FOUND
    reason = "too large"


class UnsupportedContentError(FetchError):
    """The response is of a type infolib does not read (an image, an archive)."""

    exit_code = NOT_FOUND
    reason = "unsupported type"


class RedirectError(FetchError):
    """The URL redirects in a loop or too many times."""

    exit_code = NOT_FOUND
    reason = "redirect loop"


class ExtractError(InfolibError):
    """A document could not be read (e.g. a damaged PDF)."""

    exit_code = NOT_FOUND


class NotFoundError(InfolibError, LookupError):
    """Nothing is stored yet for what was asked: no research for the field, no meeting with
    the contact. The message says which step stores it."""

    exit_code = NOT_FOUND


# -- environment (3) -----------------------------------------------------------------------------

class SetupError(InfolibError):
    """This computer lacks something infolib needs: Chromium, a Debian package, the
    PostgreSQL server (not reachable), or the project's notebooks and demo site (infolib is
    run outside its clone). The message says what to install or start."""

    exit_code = ENVIRONMENT


class ExportError(SetupError):
    """The brief could not be printed as PDF: Chromium is missing, did not start or printed
    nothing."""

    exit_code = ENVIRONMENT


# -- I/O (4) ------------------------------------------------------------------------------------

class StoreError(InfolibError):
    """The workbook database could not be opened or written (a full disk, a damaged or busy
    database); nothing from the change was written."""

    exit_code = IO


class ReadOnlyWorkbookError(StoreError):
    """The workbook can be read but not changed (its database file or folder is read-only)."""

    exit_code = IO


class WriteError(InfolibError):
    """A file or folder could not be written (a full disk, no permission); nothing was."""

    exit_code = IO


#: The CLI's exit codes and what each means (printed by ``infolib --help``).
EXIT_CODES = {
    0: "done",
    NOT_FOUND: "nothing found: the site could not be read, or nothing is stored yet for what "
               "was asked (and `infolib check`: the question needs work)",
    BAD_INPUT: "bad input: a name, date, address, option or file cannot be used as given",
    ENVIRONMENT: "environment: Chromium, a package or the database server is missing or "
                 "unreachable",
    IO: "I/O: a file, folder or the workbook database could not be read or written (a full "
        "disk, a read-only workbook)",
    130: "interrupted (Ctrl-C): nothing from the run was stored",
}
