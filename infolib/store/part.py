"""The base of the workbook's stores: each reads and writes its own tables through the
workbook's engine (``Workbook.research``, ``.planning``, ``.contacts``, ``.log``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from infolib.store.workbook import Workbook


class StorePart:
    """One stage's tables in a workbook; ``book`` is the workbook it belongs to."""

    def __init__(self, book: Workbook):
        self.book = book

    @property
    def engine(self):
        return self.book.engine

    @property
    def writer(self):
        return self.book.writer

    @property
    def folder(self) -> Path:
        return self.book.folder

    def _frame(self, query):
        return self.book._frame(query)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self.book!r}>"
