"""D11: terminal escape sequences from a website never reach the terminal through the CLI,
whether they come from a fresh crawl or from research stored by an older version."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from infolib import Workbook
from infolib.models import (
    CompanyProfile,
    CrawlResult,
    Fact,
    NewsItem,
    OpenRole,
    Page,
    Person,
    Product,
    SummarySentence,
)
from infolib.research.company import RESULT_LIMITS
from infolib.terminal import terminal_safe
from infolib.web.urls import check_start_url

# what a terminal obeys: C0 controls but newline and tab (ESC, BEL, CR, BS …), DEL, C1 controls
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

CLEAR = "\x1b[2J\x1b[H"  # clear the screen, cursor home
TITLE = "\x1b]0;pwned\x07"  # set the window title (OSC ended by BEL)
LINK = "\x1b]8;;https://evil.example/\x1b\\"  # a hyperlink (OSC 8 ended by ST)
END_LINK = "\x1b]8;;\x1b\\"

NAME = f"Acme{CLEAR}{TITLE} Robotics"
DESCRIPTION = f"Acme Robotics builds {LINK}warehouse robots{END_LINK} for retailers.\x1bc"
PERSON, ROLE = "Jane\x1b[31m Doe\x1b[0m", "Chief\x9b2J Executive"  # \x9b: CSI in one C1 byte
NEWS = "Robots\x07 launched\r\x08\x00 today\x85"
PRODUCT = "Picker\x1b[1A\x1b[2K Arm"  # cursor up, erase the line: hides the line above
SENTENCE = "Our engineers use Python, ROS and SQL\x1b[8m tools\x9d0;pwned\x9c to test the robots."
READABLE = ["Acme Robotics", "Jane Doe", "Chief Executive", "Robots launched today",
            "Picker Arm", "warehouse robots for retailers"]


def infolib(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "infolib.cli", *args], capture_output=True)
    done.out = done.stdout.decode("utf-8")  # bytes first: nothing is lost to text decoding
    done.err = done.stderr.decode("utf-8")
    return done


def assert_safe(text: str, whole: bool = True) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(text)})
    assert not found, f"control characters reached the terminal: {found}\n{text!r}"
    if whole:  # sequences go whole, not only their ESC
        assert "pwned" not in text and "evil.example" not in text, text


@pytest.mark.parametrize("raw, shown", [
    (NAME, "Acme Robotics"),
    (DESCRIPTION, "Acme Robotics builds warehouse robots for retailers."),
    (PERSON, "Jane Doe"),
    (ROLE, "Chief Executive"),
    (NEWS, "Robots launched today"),
    (PRODUCT, "Picker Arm"),
    ("tab\tand\nnewline stay; é, ß, 王伟 and — stay", "tab\tand\nnewline stay; é, ß, 王伟 and — stay"),
    ("Acme\x1b(B\x1b7 Ltd", "Acme Ltd"),  # charset and save-cursor escapes
    ("Acme\x1b]0;never ended", "Acme0;never ended"),  # no terminator: only the introducer goes
    ("Acme\x90q#0;2;0;0;0\x1b\\ Ltd", "Acme Ltd"),  # a DCS (sixel) string in its C1 form
    (None, ""),
    (42, "42"),
])
def test_terminal_safe_removes_sequences_whole_and_keeps_the_text(raw, shown):
    assert terminal_safe(raw) == shown
    assert terminal_safe(shown) == shown


def store_as_an_older_version(folder, url: str, field: str) -> None:
    """Research stored with escape sequences in it, as versions before D11 stored it."""
    today = date.today()
    prose = ("We are a small company, and we work with the people who run the warehouses of "
             "the north. It is our aim to make their work safer and to help them do more of it.")
    page = Page(url=url, kind="about", title=NAME, retrieved=datetime.now(UTC),
                text=f"{NAME}\n{SENTENCE}\n{DESCRIPTION}\n{prose}")
    profile = CompanyProfile(
        name=Fact(source=url, retrieved=today, value=NAME),
        description=Fact(source=url, retrieved=today, value=DESCRIPTION),
        people=[Person(source=url, retrieved=today, name=PERSON, role=ROLE)],
        news=[NewsItem(source=url, retrieved=today, title=NEWS, url=url + "news",
                       published=today)],
        products=[Product(source=url, retrieved=today, name=PRODUCT)],
        open_roles=[OpenRole(source=url, retrieved=today, title="Robot\x1b[5m Technician",
                             url=url + "jobs")])
    crawl = CrawlResult(start_url=url, pages=[page], requests=1, finished=datetime.now(UTC))
    settings = {"max_pages": 40, "max_depth": 4}  # what `infolib research` asks for
    from infolib.config import CrawlSettings

    defaults = CrawlSettings()
    settings.update({k: getattr(defaults, k) for k in RESULT_LIMITS if k not in settings})
    book = Workbook(folder)
    book.research.save(field, crawl, profile, [SummarySentence(SENTENCE, url, "about")],
                       settings)
    book.close()


@pytest.fixture
def old_workbook(tmp_path):
    url = check_start_url("https://acme-robotics.example/")
    folder = tmp_path / "book"
    store_as_an_older_version(folder, url, "Robotics")
    return url, str(folder)


def test_show_and_research_print_stored_escapes_as_plain_text(old_workbook):
    url, folder = old_workbook
    shown = infolib("show", "--field", "Robotics", "--workbook", folder)
    # the same address again: `research` reuses today's stored crawl and prints it
    again = infolib("research", url, "--field", "Robotics", "--quiet", "--workbook", folder)
    for done in (shown, again):
        assert done.returncode == 0, done.err
        assert_safe(done.out)
        for text in READABLE + ["Robot Technician"]:
            assert text in done.out
    assert "reused" in again.out  # no request was made: the stored text was printed


def test_json_output_keeps_the_data_and_no_raw_control_reaches_the_terminal(old_workbook):
    _url, folder = old_workbook
    done = infolib("show", "--field", "Robotics", "--json", "--workbook", folder)
    assert done.returncode == 0, done.err
    assert_safe_json = CONTROL.findall(done.out)
    assert not assert_safe_json, assert_safe_json
    data = json.loads(done.out)  # still valid JSON, and the data is kept as stored
    assert data["company"]["name"] == NAME
    assert data["company"]["people"][0]["role"] == ROLE


def test_planning_commands_print_no_stored_escapes(old_workbook):
    _url, folder = old_workbook
    questions = infolib("questions", "--field", "Robotics", "--workbook", folder)
    assert questions.returncode == 0, questions.err
    assert "at Acme Robotics" in questions.out  # the organisation's name is in the questions
    check = infolib("check", "What does Acme do?", "--field", "Robotics", "--workbook", folder)
    assert check.returncode == 1 and "already answers" in check.out
    assert "Acme Robotics builds warehouse robots for retailers." in check.out
    gaps = infolib("gaps", "--field", "Robotics", "--json", "--workbook", folder)
    assert gaps.returncode == 0, gaps.err
    evidence = [e["text"] for row in json.loads(gaps.out) for e in row["evidence"]]
    assert "Our engineers use Python, ROS and SQL tools to test the robots." in evidence
    for done in (questions, check, gaps):
        assert_safe(done.out)
        assert_safe(done.err)


def test_the_brief_carries_no_raw_control_characters(old_workbook, tmp_path):
    _url, folder = old_workbook
    out = tmp_path / "brief.html"
    done = infolib("brief", "--field", "Robotics", "--out", str(out), "--workbook", folder)
    assert done.returncode == 0, done.err
    page = out.read_text(encoding="utf-8")
    assert_safe(page)
    assert "<title>Research brief: Acme Robotics</title>" in page
    for text in READABLE:
        assert text in page


def test_a_fresh_crawl_of_a_hostile_page_prints_no_escapes(server, tmp_path):
    server.page("/", f"<!doctype html><html><head><title>{NAME}</title></head><body><main>"
                f"<h1>{NAME}</h1><p>{SENTENCE}</p><p>{DESCRIPTION}</p>"
                f"<h2>Our team</h2><p>{PERSON}, {ROLE}</p></main></body></html>")
    folder = str(tmp_path / "book")
    research = infolib("research", server.url + "/", "--field", "Robotics", "--delay", "0",
                       "--quiet", "--workbook", folder)
    shown = infolib("show", "--field", "Robotics", "--workbook", folder)
    for done in (research, shown):
        assert done.returncode == 0, done.err
        # extraction strips control characters as it reads (D14), so what is left of a
        # sequence there is its text; here only that nothing a terminal obeys gets through
        assert_safe(done.out, whole=False)
        assert "Acme" in done.out and "Robotics" in done.out
