"""Write a file or a folder all at once: a uniquely named temporary beside the target, then
a rename, so that a reader sees the old version or the new one and never half of one.

The temporary is made by ``tempfile`` in the target's folder (``.NAME.XXXXXXXX.part``, the
file 0600, the folder 0700: what infolib writes is part of a job search), and it is the only
thing touched besides the target: another program's ``NAME.part`` is left alone. Any failure
removes the temporary and leaves the target as it was. Only a regular file is replaced (for a
folder: nothing, an empty folder, or with ``replace=True`` a folder): a folder, FIFO, device or
a link to one given as the target is refused with :class:`OutputPathError` and left alone.
A full disk, or no permission, is a :class:`WriteError` that says so.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from infolib.errors import OutputPathError, WriteError

# EFBIG: a file past the size the file system (or RLIMIT_FSIZE) allows is a full disk too
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def write_file(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` atomically; returns ``path``.

    Raises:
        OutputPathError: ``path`` is a folder, a FIFO, a device or a link to one.
        WriteError: the disk is full, or the folder cannot be written.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    target = _file_target(Path(path))
    _make_folder(target.parent, target)
    try:
        handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                       suffix=".part")
    except OSError as exc:
        raise _write_error(exc, target) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # the new contents are on disk before the name points there
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(exc, target) from None
        raise
    return Path(path)


@contextmanager
def writing_folder(path: str | Path, *, replace: bool = False) -> Iterator[Path]:
    """Build a folder in a temporary beside ``path``; it becomes ``path`` when the block ends.

    ``path`` must not exist or be an empty folder; with ``replace``, a folder that holds files
    is replaced as a whole. If the block raises, the temporary is removed and ``path`` is as
    it was::

        with writing_folder(out) as folder:
            (folder / "a.csv").write_text(...)

    Raises:
        OutputPathError: ``path`` is a file, or a folder that is not empty (without
            ``replace``).
        WriteError: the disk is full, or the folder cannot be written.
    """
    target = _folder_target(Path(path), replace)
    _make_folder(target.parent, target)
    try:
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=".part"))
    except OSError as exc:
        raise _write_error(exc, target) from None
    try:
        yield tmp
        _move_into_place(tmp, target, replace)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _write_error(exc, target) from None
        raise


def _file_target(path: Path) -> Path:
    """The file to replace: ``path``, or the file a link at ``path`` points to."""
    real = Path(os.path.realpath(path))
    kind = _kind(real)
    if kind not in (None, "a file"):
        link = f" (a link to {real})" if real != path.absolute() else ""
        raise OutputPathError(f"{path}{link} is {kind}, not a file: it was left alone and "
                              "nothing was written. Give the path of a new or existing file.")
    return real


def _folder_target(path: Path, replace: bool) -> Path:
    real = Path(os.path.realpath(path))
    kind = _kind(real)
    if kind == "a folder" and not replace and any(real.iterdir()):
        raise OutputPathError(f"{path} is not empty: nothing was written into it, so that "
                              "nothing is overwritten. Give a new folder.")
    if kind not in (None, "a folder"):
        raise OutputPathError(f"{path} is {kind}, not a folder: it was left alone and nothing "
                              "was written. Give the path of a new folder.")
    return real


def _kind(path: Path) -> str | None:
    """What is at ``path`` (links followed): None if nothing, else 'a file', 'a folder', …"""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _write_error(exc, path) from None
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _make_folder(folder: Path, target: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WriteError(f"Cannot write {target}: a part of {folder} is a file, not a folder. "
                         "Nothing was written; give a path inside a folder.") from None
    except OSError as exc:
        raise _write_error(exc, target) from None


def _move_into_place(tmp: Path, target: Path, replace: bool) -> None:
    try:
        os.replace(tmp, target)  # onto nothing or an empty folder
        return
    except OSError as exc:
        if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
            raise
        if not replace:  # something was put there since we looked: leave it alone
            raise OutputPathError(f"{target} is not empty (something was written into it "
                                  "meanwhile): nothing was written into it.") from None
    # replace a full folder: move it aside into a temporary of our own, then drop it
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old"))
    os.replace(target, old)
    try:
        os.replace(tmp, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _write_error(exc: OSError, target: Path) -> WriteError:
    if exc.errno in _FULL:
        return WriteError(f"The disk holding {target.parent} is full: nothing was written. "
                          "Free some space and try again.")
    return WriteError(f"Cannot write {target}: {exc.strerror or exc}. Nothing was written; "
                      "choose a place you can write to.")
