"""One hierarchy of errors. Every message says what was wrong and how to fix it.

::

    InfolibError
     ├── ConfigError          a setting is out of range
     ├── InvalidURLError      not an http(s) address the crawler can visit
     ├── FetchError           one URL could not be fetched (carries ``url`` and ``reason``)
     │    ├── RobotsDisallowed
     │    ├── TooLargeError
     │    ├── UnsupportedContentError
     │    └── RedirectError
     ├── ExtractError         one document could not be read
     ├── PlanError            a goal, question or meeting setting cannot be used as given
     ├── DataError            a row (contact, outreach, meeting, CSV line) is not valid
     │    └── OutputPathError  a place to write to is a folder, FIFO or device: left alone
     ├── StoreError           the workbook database could not be opened or written
     │    └── ReadOnlyWorkbookError
     └── WriteError           a file or folder could not be written (full disk): nothing was

A crawl never raises for one bad page: it records a skipped row with the ``reason`` code of
the error instead, and a site that cannot be read at all sets ``CrawlResult.error``. One-URL
calls (``fetch``) raise.
"""

from __future__ import annotations


class InfolibError(Exception):
    """Base of every error infolib raises on purpose."""


class ConfigError(InfolibError, ValueError):
    """A setting is out of range."""


class InvalidURLError(InfolibError, ValueError):
    """The address is not an http(s) URL that can be crawled."""

    def __init__(self, url: str, why: str):
        self.url = url
        super().__init__(
            f"{url!r} is not a web address infolib can research: {why}. "
            "Give a full http:// or https:// address, e.g. https://example.org/."
        )


class FetchError(InfolibError):
    """One URL could not be fetched. ``reason`` is the short code stored with skipped URLs."""

    reason = "error"

    def __init__(self, url: str, message: str, *, reason: str | None = None):
        self.url = url
        if reason:
            self.reason = reason
        super().__init__(message)


class RobotsDisallowed(FetchError):
    reason = "robots"


class TooLargeError(FetchError):
    reason = "too large"


class UnsupportedContentError(FetchError):
    reason = "unsupported type"


class RedirectError(FetchError):
    reason = "redirect loop"


class ExtractError(InfolibError):
    """A document could not be read (e.g. a damaged PDF)."""


class PlanError(InfolibError, ValueError):
    """A goal, question, topic or meeting setting cannot be used as given."""


class DataError(InfolibError, ValueError):
    """A row of the interview log or of an imported file is not valid; nothing was written."""


class StoreError(InfolibError):
    """The workbook database could not be opened or written."""


class ReadOnlyWorkbookError(StoreError):
    """The workbook can be read but not changed (its database file or folder is read-only)."""


class OutputPathError(DataError):
    """The place given for a file or folder cannot take it (it is a folder, a FIFO, a device, a
    folder that is not empty); it was left alone and nothing was written."""


class WriteError(InfolibError):
    """A file or folder could not be written (a full disk, no permission); nothing was."""
