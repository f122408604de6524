"""The research checklist: topics to know before the meeting, read from editable TOML files.

The packaged ``checklist.toml`` holds the defaults; ``checklists/<field>.toml`` in the workbook
folder extends or changes them for one field (see the comments at the top of the packaged file).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cache
from importlib import resources
from pathlib import Path

from infolib.errors import PlanError
from infolib.files import write_file
from infolib.store.validate import name_key
from infolib.store.workbook import open_workbook

TIARA = ("trends", "insights", "advice", "resources", "assignments")
VOICES = ("own", "any", "outside")
_KEYS = {"id", "title", "tiara", "importance", "minutes", "researchable", "opt_in", "facts",
         "kinds", "terms", "patterns", "voice", "requires", "enough", "skip_kinds", "questions",
         "cite", "enabled"}


@dataclass
class Topic:
    id: str
    title: str
    tiara: str = "insights"
    importance: int = 3
    minutes: float = 2.5
    researchable: bool = True
    opt_in: bool = False
    facts: list[str] = dataclass_field(default_factory=list)
    kinds: list[str] = dataclass_field(default_factory=list)
    terms: str = ""
    patterns: list[str] = dataclass_field(default_factory=list)
    voice: str = "any"  # own | any | outside: whose sentences count for the topic
    requires: list[str] = dataclass_field(default_factory=list)
    enough: list[str] = dataclass_field(default_factory=list)
    skip_kinds: list[str] = dataclass_field(default_factory=list)
    questions: list[str] = dataclass_field(default_factory=list)
    cite: str = ""


@dataclass
class Checklist:
    topics: list[Topic]
    closing: list[str]
    closing_minutes: float
    sources: list[str]  # the files read, packaged first

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        known = ", ".join(t.id for t in self.topics)
        raise PlanError(f"No topic {topic_id!r} in the checklist (topics: {known}).")


MAX_SLUG = 120  # two slugs and a prefix still fit the 255 bytes of a file name


def slug(name: str) -> str:
    """The file-name-safe form of a name (a field's, a contact's), one per ``name_key``.

    ASCII names keep the form they always had: 'Energy storage (demo)' -> 'energy-storage-demo'.
    Other names are transliterated (anyascii) and get a short stable hash of their key, so
    names that read alike never share a file ('王伟' -> 'wangwei-…', '汪伟' another); a name
    with nothing left ('???') is its hash alone, and a very long one is cut and hashed.
    """
    import hashlib

    from anyascii import anyascii


    key = name_key(name)
    text = re.sub(r"[^a-z0-9]+", "-", anyascii(key).lower()).strip("-")
    if key.isascii() and text and len(text) <= MAX_SLUG:
        return text
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    text = text[:MAX_SLUG - len(digest) - 1].rstrip("-")
    return f"{text}-{digest}" if text else digest


def field_checklist_path(folder: Path, field: str) -> Path:
    return Path(folder) / "checklists" / f"{slug(field)}.toml"


def _read(text: str, where: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(f"The checklist {where} is not valid TOML: {exc}. Fix that line, or "
                        "delete the file to use the packaged checklist.") from exc


def _topic(raw: dict, where: str, base: Topic | None = None) -> Topic:
    unknown = set(raw) - _KEYS
    if unknown:
        raise PlanError(f"The checklist {where} has unknown key(s) {sorted(unknown)} in topic "
                        f"{raw.get('id')!r}; the keys are: {', '.join(sorted(_KEYS))}.")
    values = dict(base.__dict__) if base else {}
    values.update({k: v for k, v in raw.items() if k != "enabled"})
    if not values.get("title"):
        raise PlanError(f"The checklist {where}: topic {raw.get('id')!r} needs a title.")
    try:
        topic = Topic(**values)
    except TypeError as exc:
        raise PlanError(f"The checklist {where}: topic {raw.get('id')!r}: {exc}.") from exc
    if topic.tiara not in TIARA:
        raise PlanError(f"The checklist {where}: topic {topic.id!r} has tiara = {topic.tiara!r}; "
                        f"use one of {', '.join(TIARA)}.")
    if not 1 <= int(topic.importance) <= 5:
        raise PlanError(f"The checklist {where}: topic {topic.id!r} has importance "
                        f"{topic.importance}; use 1 (nice to know) to 5 (must know).")
    if topic.voice not in VOICES:
        raise PlanError(f"The checklist {where}: topic {topic.id!r} has voice = {topic.voice!r}; "
                        f"use one of {', '.join(VOICES)}.")
    for pattern in topic.patterns:
        try:
            re.compile(pattern.replace("{org}", "org"), re.I)
        except (re.error, TypeError, AttributeError) as exc:
            raise PlanError(f"The checklist {where}: topic {topic.id!r} has a pattern that is "
                            f"not a valid regular expression ({pattern!r}: {exc}).") from exc
    if not re.fullmatch(r"[a-z][a-z0-9_]*", topic.id):
        raise PlanError(f"The checklist {where}: topic id {topic.id!r} must be lower-case "
                        "letters, digits and underscores.")
    return topic


def load_checklist(field: str | None = None, folder: str | Path | None = None,
                   compensation: bool = False) -> Checklist:
    """The packaged checklist, extended by ``<folder>/checklists/<field>.toml`` if it exists.

    Topics marked ``opt_in`` (pay) are left out unless ``compensation`` is true.
    """
    packaged = resources.files("infolib.planning").joinpath("checklist.toml")
    data = _read(packaged.read_text(encoding="utf-8"), "packaged with infolib")
    topics = {raw["id"]: _topic(raw, "packaged with infolib") for raw in data["topic"]}
    closing = data["closing"]
    sources = [str(packaged)]
    if field and folder is not None:
        path = field_checklist_path(Path(folder), field)
        if path.exists():
            where = str(path)
            extra = _read(path.read_text(encoding="utf-8"), where)
            for raw in extra.get("topic", []):
                if "id" not in raw:
                    raise PlanError(f"The checklist {where} has a topic without an id.")
                if raw.get("enabled", True) is False:
                    topics.pop(raw["id"], None)
                    continue
                topics[raw["id"]] = _topic(raw, where, topics.get(raw["id"]))
            closing = {**closing, **extra.get("closing", {})}
            sources.append(where)
    chosen = [t for t in topics.values() if compensation or not t.opt_in]
    return Checklist(topics=chosen, closing=list(closing["questions"]),
                     closing_minutes=float(closing.get("minutes", 0.7)), sources=sources)


FIELD_TEMPLATE = """\
# Research checklist for the field {field!r}.
# Topics here extend or change the packaged checklist (infolib/planning/checklist.toml, whose
# header explains every key). Uncomment and edit; run the gap list again to see the effect.

# A topic of your own:
# [[topic]]
# id = "regulation"
# title = "Regulation and standards"
# tiara = "trends"
# importance = 4
# terms = "regulation, regulator, standards, compliance, grid code, certification, safety rules"
# questions = ["Which rules or standards shape the work most in {{field}}, and how are they changing?"]

# Make a packaged topic more important:
# [[topic]]
# id = "tools"
# importance = 5

# Leave a packaged topic out:
# [[topic]]
# id = "hiring"
# enabled = false
"""


def write_field_checklist(folder: str | Path, field: str) -> Path:
    """Create ``checklists/<field>.toml`` with commented examples (kept if it already exists)."""

    path = field_checklist_path(Path(folder), field)
    if not path.exists():
        write_file(path, FIELD_TEMPLATE.format(field=field))
    return path


def create_field_checklist(field: str, *, workbook=None) -> Path:
    """Create the editable checklist of a field of the workbook, ``checklists/<field>.toml`` in
    its folder (kept if it already exists); returns its path.

    Raises:
        DataError: the workbook has no such field.
    """

    book = open_workbook(workbook)
    book.planning.goals(field)  # the field must exist
    return write_field_checklist(book.folder, field)


def topic_label(topic: str) -> str:
    """A question's topic as a reader names it: the checklist's title ("Their path into the
    role"), "your goal" for one of your outcomes or things to learn, nothing for your own and
    the closing questions; never an internal key such as ``outcome_2``."""
    if not topic or topic in ("own", "closing"):
        return ""
    if re.fullmatch(r"(outcome|learn)_\d+", topic):
        return "your goal"
    return _topic_titles().get(topic, topic.replace("_", " "))


@cache
def _topic_titles() -> dict[str, str]:
    return {t.id: t.title for t in load_checklist(compensation=True).topics}
