"""Files infolib writes (exports, question sheets, drafts, calendars, notebook series, briefs)
are written all at once beside their target and never touch anything else: not another
program's ``.part`` file, not a folder, a FIFO or a device given by mistake. A full disk is
one plain message, with nothing half-written and no temporary left behind."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from infolib import Workbook
from infolib.errors import DataError, WriteError
from infolib.files import write_file, writing_folder

FIELD = "Energy storage"


def infolib(*args, file_size_limit: int | None = None):
    """The CLI in its own process; ``file_size_limit`` makes every file past that many bytes
    fail to grow (EFBIG), as a full disk would (RLIMIT_FSIZE; Python ignores SIGXFSZ)."""

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run([sys.executable, "-m", "infolib.cli", *args], capture_output=True,
                          text=True, preexec_fn=limit if file_size_limit else None)


def listing(folder: Path) -> dict[str, bytes | str]:
    """What a folder holds: each name with its bytes, or its kind if not a regular file."""
    found = {}
    for path in sorted(folder.iterdir()):
        mode = path.lstat().st_mode
        found[path.name] = path.read_bytes() if stat.S_ISREG(mode) else stat.filemode(mode)
    return found


@pytest.fixture
def planned(demo_book):
    folder = str(demo_book.folder)
    demo_book.close()
    return folder


# --- the helpers themselves ------------------------------------------------------------------------

def test_a_file_write_touches_nothing_but_its_own_temporary(tmp_path):
    (tmp_path / "notes.txt").write_text("old")
    for other in ("notes.txt.part", ".notes.txt.part", ".notes.txt.1234.part"):
        (tmp_path / other).write_text(f"someone else's {other}")
    before = listing(tmp_path)
    write_file(tmp_path / "notes.txt", "new")
    assert listing(tmp_path) == {**before, "notes.txt": b"new"}
    assert stat.S_IMODE((tmp_path / "notes.txt").stat().st_mode) == 0o600


def test_a_folder_write_touches_nothing_but_its_own_temporary(tmp_path):
    (tmp_path / "out.part").mkdir()
    (tmp_path / "out.part" / "keep.txt").write_text("someone else's")
    with writing_folder(tmp_path / "out") as folder:
        (folder / "a.txt").write_text("a")
    assert listing(tmp_path / "out") == {"a.txt": b"a"}
    assert listing(tmp_path / "out.part") == {"keep.txt": b"someone else's"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "out.part"]
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o700


def test_a_failed_folder_write_leaves_nothing_behind(tmp_path):
    with pytest.raises(RuntimeError), writing_folder(tmp_path / "out") as folder:
        (folder / "a.txt").write_text("half")
        raise RuntimeError("the export failed half-way")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_with_something_in_it_is_kept_unless_replacing_is_asked_for(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("mine")
    with pytest.raises(DataError, match="not empty"), writing_folder(tmp_path / "out"):
        pass
    assert listing(tmp_path / "out") == {"mine.txt": b"mine"}
    with writing_folder(tmp_path / "out", replace=True) as folder:
        (folder / "new.txt").write_text("new")
    assert listing(tmp_path / "out") == {"new.txt": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_targets_that_are_not_regular_files_are_refused_and_left_alone(tmp_path):
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "link-to-fifo").symlink_to(tmp_path / "fifo")
    (tmp_path / "file").write_text("a file")
    cases = {"folder": "is a folder", "fifo": "is a named pipe", "link-to-fifo": "named pipe"}
    before = listing(tmp_path)
    for name, kind in cases.items():
        with pytest.raises(DataError, match=kind):
            write_file(tmp_path / name, "data")
    with pytest.raises(DataError, match="is a file, not a folder"), \
            writing_folder(tmp_path / "file"):
        pass
    assert listing(tmp_path) == before


def test_a_device_given_as_target_is_refused_and_left_alone(tmp_path):
    node = tmp_path / "full"
    try:  # the same device as /dev/full, made here so that nothing of the system is at risk
        os.mknod(node, stat.S_IFCHR | 0o600, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("making a device node needs CAP_MKNOD")
    with pytest.raises(DataError, match="is a device"):
        write_file(node, "data")
    assert stat.S_ISCHR(node.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["full"]


def test_a_link_to_a_file_is_followed_and_keeps_working(tmp_path):
    (tmp_path / "real.txt").write_text("old")
    (tmp_path / "link.txt").symlink_to("real.txt")
    write_file(tmp_path / "link.txt", "new")
    assert (tmp_path / "link.txt").is_symlink()
    assert (tmp_path / "real.txt").read_text() == "new"


def test_a_file_where_a_folder_should_be_is_a_clear_message(tmp_path):
    (tmp_path / "notafolder").write_text("x")
    with pytest.raises(WriteError, match="notafolder"):
        write_file(tmp_path / "notafolder" / "sheet.html", "data")


# --- the commands that write files ----------------------------------------------------------------

def test_export_keeps_an_unrelated_part_folder(tmp_path):
    Workbook(tmp_path / "wb").contacts.add("Ada Example")
    (tmp_path / "backup.part").mkdir()
    (tmp_path / "backup.part" / "thesis.tex").write_text("months of work")
    done = infolib("export", str(tmp_path / "backup"), "--workbook", str(tmp_path / "wb"))
    assert done.returncode == 0, done.stderr
    assert listing(tmp_path / "backup.part") == {"thesis.tex": b"months of work"}
    assert "contacts.csv" in listing(tmp_path / "backup")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup", "backup.part", "wb"]


def test_export_into_a_file_is_refused_and_the_file_kept(tmp_path):
    Workbook(tmp_path / "wb").contacts.add("Ada Example")
    (tmp_path / "backup").write_text("precious")
    done = infolib("export", str(tmp_path / "backup"), "--workbook", str(tmp_path / "wb"))
    assert done.returncode == 2
    assert done.stderr.startswith("Error: ") and "is a file, not a folder" in done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "backup").read_text() == "precious"


def test_the_sheet_keeps_another_programs_part_file(planned, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "sheet.html.part").write_text("someone else's")
    done = infolib("questions", "--field", FIELD, "--workbook", planned, "--sheet",
                   str(out / "sheet.html"))
    assert done.returncode == 0, done.stderr
    assert (out / "sheet.html.part").read_text() == "someone else's"
    assert "<section class='copy'>" in (out / "sheet.html").read_text()
    assert sorted(p.name for p in out.iterdir()) == ["sheet.html", "sheet.html.part"]


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_sheet_or_calendar_onto_a_folder_or_fifo_is_refused_and_left_alone(planned, tmp_path,
                                                                            kind):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "target"
    target.mkdir() if kind == "folder" else os.mkfifo(target)
    for args in (["questions", "--field", FIELD, "--sheet", str(target)],
                 ["reminders", "--ics", str(target)]):
        done = infolib(*args, "--workbook", planned)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("Error: ") and str(target) in done.stderr
        assert "Traceback" not in done.stderr
        assert ("is a folder" if kind == "folder" else "is a named pipe") in done.stderr
    assert (target.is_dir() if kind == "folder" else stat.S_ISFIFO(target.lstat().st_mode))
    assert [p.name for p in out.iterdir()] == ["target"]


def test_new_force_replaces_the_series_without_touching_a_part_folder(tmp_path, demo_url):
    book = tmp_path / "wb"
    args = ["new", "Solar", "--company", demo_url, "--workbook", str(book)]
    assert infolib(*args).returncode == 0
    fields = book / "fields"
    (fields / "solar.part").mkdir()
    (fields / "solar.part" / "mine.ipynb").write_text("{}")
    done = infolib(*args, "--force")
    assert done.returncode == 0, done.stderr
    assert listing(fields / "solar.part") == {"mine.ipynb": b"{}"}
    assert sorted(p.name for p in fields.iterdir()) == ["solar", "solar.part"]
    assert (fields / "solar" / "field.json").is_file()


# --- a full disk -------------------------------------------------------------------------------------

def test_a_full_disk_during_export_is_one_message_and_leaves_nothing(tmp_path):
    book = Workbook(tmp_path / "wb")
    for i in range(30):
        book.contacts.add(f"Person {i}", notes="x" * 4000)
    book.close()
    done = infolib("export", str(tmp_path / "backup"), "--workbook", str(tmp_path / "wb"),
                   file_size_limit=64_000)
    assert done.returncode == 4
    assert done.stderr.startswith("Error: The disk holding ") and "Traceback" not in done.stderr
    assert "is full: nothing was written" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wb"]


def test_a_full_disk_during_the_calendar_keeps_the_old_calendar(tmp_path):
    book = Workbook(tmp_path / "wb")
    for i in range(150):
        contact = book.contacts.add(f"Person {i:03d} " + "Longname" * 10)
        book.log.add_outreach(contact, sent="2026-03-02")
    book.close()
    ics = tmp_path / "reminders.ics"
    ics.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    args = ["reminders", "--today", "2026-03-20", "--ics", str(ics), "--workbook",
            str(tmp_path / "wb")]
    done = infolib(*args, file_size_limit=40_000)
    assert done.returncode == 4, done.stderr
    assert done.stderr.startswith("Error: The disk holding ") and "Traceback" not in done.stderr
    assert "is full: nothing was written" in done.stderr
    assert ics.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reminders.ics", "wb"]
    assert infolib(*args).returncode == 0  # with room on the disk, the same command works
    assert ics.stat().st_size > 40_000
