"""The one set of rules for what the workbook accepts: names (and the Unicode key they are
compared by), organisation keys, one-line text, dates (one window for every date), meeting
times with their zone, meeting lengths, ids, choices from a list, field names and importance.

Each check returns the clean value or raises ``DataError`` saying what was wrong and how to
write it instead.
"""


from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from infolib.errors import DataError, PlanError

LEGAL_SUFFIXES = frozenset(
    "ltd limited inc incorporated llc llp plc gmbh ag sa sas sarl bv nv oy ab as aps spa srl "
    "co corp corporation company group holdings holding pty pte kk kg ug the".split()
)
MAX_NAME = 200
MAX_ID = 2**63 - 1  # the largest id SQLite and PostgreSQL (bigint) can hold
EARLIEST_DATE = date(1990, 1, 1)
YEARS_AHEAD = 10

MAX_GOAL_CHARS = 300
MAX_FIELD_NAME = 200
MEETING_MINUTES = (5, 240)  # the shortest and longest meeting, in minutes


def name_key(name) -> str:
    """The form names are compared in: Unicode-normalised (NFKC), case-folded for every script
    (É, Ø, Ł, Cyrillic, ß) and with whitespace collapsed, so "ÉMILE  Øster" and "émile øster"
    are one name. SQL's ``lower()`` folds ASCII only, so the key is stored beside the name."""
    text = unicodedata.normalize("NFKC", str(name or ""))
    return " ".join(unicodedata.normalize("NFKC", text.casefold()).split())


def organisation_key(name: str) -> str:
    """A name to match organisations by: case, accents, punctuation and legal suffixes dropped
    ("Larkspur Grid Systems Ltd." and "larkspur grid systems" are the same); other scripts are
    transliterated ("Газпром" is "gazprom"), so no organisation's key is empty."""
    from anyascii import anyascii

    text = anyascii(name_key(name))
    words = re.findall(r"[a-z0-9]+", text.lower().replace("&", " and "))
    while words and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def clean_text(value, what: str, *, limit: int = 2000, where: str = "") -> str:
    """One line of text: control characters refused, spaces collapsed."""
    if value is None:
        return ""
    text = str(value)
    if what in ("name", "email", "organisation", "role", "phone") and any(
            unicodedata.category(c) == "Cc" and c not in "\t" for c in text):
        raise DataError(f"{where}The {what} {text[:40]!r} contains a line break or control "
                        "character; write it on one line.")
    text = " ".join(text.split())
    if len(text) > limit:
        raise DataError(f"{where}The {what} is {len(text)} characters long; keep it under "
                        f"{limit}.")
    return text


def date_window(today: date | None = None) -> tuple[date, date]:
    """The dates infolib accepts anywhere: from 1990-01-01 to ten years after today."""
    today = today or date.today()
    try:
        latest = today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + YEARS_AHEAD, day=28)
    return EARLIEST_DATE, latest


def _in_window(day: date, given, what: str, where: str) -> date:
    first, last = date_window()
    if not first <= day <= last:
        shown = given.isoformat() if isinstance(given, date) else str(given).strip()
        raise DataError(f"{where}The {what} {shown} is outside the dates infolib accepts "
                        f"({first} to {last}, ten years from today); check the year.")
    return day


def as_date(value, what: str, *, where: str = "", required: bool = False) -> date | None:
    """A date from a date, a datetime or an ISO 8601 string ('2026-03-12'), inside
    ``date_window()``: the one rule for every date a user or a file gives."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise DataError(f"{where}The {what} is missing; give a date like 2026-03-12.")
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise DataError(f"{where}The {what} {value!r} is not a date; write it as "
                            "YYYY-MM-DD, e.g. 2026-03-12.") from None
    return _in_window(day, value, what, where)


def local_zone() -> tzinfo:
    """This computer's time zone, by its name (Europe/London) where it can be found ($TZ,
    /etc/localtime), else as today's fixed offset."""
    import os
    from zoneinfo import ZoneInfo

    names = []
    if os.environ.get("TZ"):
        names.append(os.environ["TZ"].lstrip(":"))
    else:
        link = os.path.realpath("/etc/localtime")  # a link into /usr/share/zoneinfo/
        if "zoneinfo/" in link:
            names.append(link.split("zoneinfo/", 1)[1])
    for name in names:
        try:
            return ZoneInfo(name)
        except (ValueError, KeyError, OSError):  # not a zone name (TZ=UTC0), or no such zone
            continue
    return datetime.now().astimezone().tzinfo


def zone_name(moment: datetime) -> str:
    """How a moment's zone is stored: its IANA name (Europe/London), else its offset (+14:00)."""
    key = getattr(moment.tzinfo, "key", None)
    if key:
        return key
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def zone_from_name(name: str) -> tzinfo:
    """The zone ``zone_name`` stored; "" (a meeting stored before zones were kept) is this
    computer's zone."""
    from zoneinfo import ZoneInfo

    match = re.fullmatch(r"([+-])(\d\d):(\d\d)", name or "")
    if match:
        offset = timedelta(hours=int(match[2]), minutes=int(match[3]))
        return timezone(-offset if match[1] == "-" else offset)
    try:
        return ZoneInfo(name) if name else local_zone()
    except (ValueError, KeyError, OSError):
        return local_zone()


def as_datetime(value, what: str, *, where: str = "") -> datetime:
    """A moment with its time zone, from a datetime, a date or text 'YYYY-MM-DD HH:MM' with an
    offset ('2026-03-12 10:00+14:00') or a zone name after it ('2026-03-12 10:00
    Europe/London'); without either, in this computer's zone. Its day is inside
    ``date_window()``."""
    from zoneinfo import ZoneInfo

    zone = None
    if isinstance(value, datetime):
        found = value
    elif isinstance(value, date):
        found = datetime(value.year, value.month, value.day)
    else:
        text = " ".join(str(value if value is not None else "").split())
        head, _, last = text.rpartition(" ")
        if head and re.fullmatch(r"[A-Za-z][A-Za-z_]*(?:/[A-Za-z0-9_+-]+)*", last):
            try:
                zone = ZoneInfo(last)
                text = head
            except (ValueError, KeyError, OSError):  # not a zone: said below if need be
                pass
        try:
            found = datetime.fromisoformat(text)
        except ValueError:
            if zone is None and head and _parses(head):
                raise DataError(f"{where}The {what} {text!r} names the time zone {last!r}, "
                                "which infolib does not know; use a zone such as "
                                "Europe/London or an offset such as +01:00.") from None
            raise DataError(f"{where}The {what} {value!r} is not a date and time; write it as "
                            "YYYY-MM-DD HH:MM, e.g. 2026-03-12 14:30 (optionally with an "
                            "offset, +01:00, or a zone, Europe/London).") from None
        if zone is not None and found.tzinfo is not None:
            raise DataError(f"{where}The {what} {value!r} gives both an offset and a zone; "
                            "give one of them.")
    _in_window(found.date(), value, what, where)
    if zone is not None:
        return found.replace(tzinfo=zone)
    return found if found.tzinfo else found.replace(tzinfo=local_zone())


def meeting_minutes(value, *, where: str = "") -> int:
    """A meeting's length: a whole number of minutes (an int, or ASCII digits) from
    ``MEETING_MINUTES[0]`` to ``MEETING_MINUTES[1]``."""
    import numbers

    number = None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"[0-9]{1,4}", value.strip()):
        number = int(value.strip())
    low, high = MEETING_MINUTES
    if number is None or not low <= number <= high:
        raise DataError(f"{where}A meeting of {value!r} minutes? Give a whole number from "
                        f"{low} to {high}; informational interviews run 15–30 minutes, 20 is "
                        "the usual ask.")
    return number


def _parses(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def row_id(value, what: str, *, where: str = "") -> int:
    """A row's id from an int or a string of ASCII digits ("²" is not one); an id no database
    can hold is an id that does not exist."""
    text = str(value).strip() if not isinstance(value, int) or isinstance(value, bool) else ""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif re.fullmatch(r"[0-9]+", text):
        number = int(text)
    else:
        raise DataError(f"{where}{text[:40]!r} is not a {what} id; give the number, e.g. 3.")
    if not 1 <= number <= MAX_ID:
        shown = str(number) if len(str(number)) <= 40 else f"{str(number)[:40]}…"
        raise DataError(f"{where}There is no {what} with id {shown}.")
    return number


def choice(value, allowed: tuple[str, ...], what: str, *, where: str = "") -> str:
    text = str(value or "").strip().lower().replace(" ", "_").replace("-", "_")
    aliases = {"in_person": "in_person", "inperson": "in_person", "face_to_face": "in_person",
               "linkedin_connection": "linkedin", "cold_email": "cold", "e_mail": "email",
               "call": "phone", "thank_you_note": "thank_you", "followup": "follow_up"}
    text = aliases.get(text, text)
    if text not in allowed:
        raise DataError(f"{where}Unknown {what} {value!r}; use one of: {', '.join(allowed)}.")
    return text


def _utc(moment) -> datetime:
    """A stored moment as an aware UTC datetime (pandas may hand back a Timestamp)."""
    if hasattr(moment, "to_pydatetime"):
        moment = moment.to_pydatetime()
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def check_importance(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if str(value).strip() != str(number) or not 1 <= number <= 5:
        raise PlanError(f"Importance must be a whole number from 1 (nice to know) to 5 (must "
                        f"know), not {value!r}.")
    return number


def field_name(value) -> str:
    """A field's name as it is stored and looked up: trimmed, at most 200 characters."""
    name = str(value or "").strip()
    if len(name) > MAX_FIELD_NAME:
        raise DataError(f"The field name {name[:40]!r}… is {len(name)} characters long; keep "
                        f"it under {MAX_FIELD_NAME}, e.g. 'Energy storage'.")
    return name
