"""The people a site names, with their roles and the group the page puts them in.

Read from schema.org (``Person`` items; an organisation's ``founder``, ``employee`` and
``member``) and from the structures team pages use, kept in ``Page.blocks``: repeated cards
holding a name and a role line, a heading followed by a role, "Name — Role" and "Name, Role"
lines, figure captions, definition lists, and lists of names without roles. Only text shaped
like a person's name counts: nameparser splits titles, suffixes and nicknames off, and a list
of first names (gender-guesser's, which covers many countries) tells a name from a phrase.
The same person named on several pages (with or without "Dr") is one person with every
source and the fuller role.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from infolib.models import Page, Person
from infolib.research.schemaorg import ORG_TYPES, as_list, items_of, text_of, types_of

#: Words of job titles and board roles (nameparser's list of titles adds many more).
_ROLE_NOUNS = {
    "adviser", "advisor", "advisors", "advisers", "alumni", "alumnus", "analyst", "architect",
    "assistant", "associate", "board", "ceo", "cfo", "chair", "chairman", "chairperson",
    "chairwoman", "chief", "cio", "cmo", "coach", "coo", "coordinator", "council", "counsel",
    "cto", "designer", "developer", "director", "directors", "editor", "emeritus", "engineer",
    "executive", "fellow", "founder", "founders", "head", "intern", "lead", "leader", "maintainer",
    "manager", "member", "members", "officer", "owner", "partner", "president", "principal",
    "producer", "professor", "programmer", "researcher", "scientist", "secretary", "specialist",
    "staff", "strategist", "student", "trainer", "treasurer", "trustee", "trustees", "vp",
    "instructor", "consultant", "administrator", "recruiter", "volunteer", "organiser",
    "organizer", "observer", "contributor", "contributors", "committee", "team", "collaborator",
}
#: Capitalised words that appear in headings, menus and organisation names, never in a
#: person's name.
_NOT_NAME = {
    "about", "all", "and", "blog", "careers", "center", "centre", "college", "community",
    "company", "contact", "corporation", "council", "current", "data", "department", "events",
    "for", "former", "foundation", "from", "group", "home", "inc", "institute", "international",
    "jobs", "labs", "learn", "llc", "ltd", "meet", "more", "network", "news", "of", "office",
    "our", "past", "people", "podcast", "products", "program", "programme", "project",
    "projects", "read", "research", "school", "science", "services", "society", "solutions",
    "the", "to", "university", "us", "view", "website", "with", "your", "association",
    "leadership", "overview", "partners", "sponsors", "supporters", "privacy", "terms",
    "we", "i", "you", "they", "it", "is", "are", "my", "its", "this", "that", "why", "how",
    "what", "who", "join", "get", "see", "in", "on", "at", "by", "a", "an", "welcome", "hello",
}
_BAD_CHARS = re.compile(r"[0-9@/\\|:;!?()\[\]{}<>=+#*%$&©®™_~]")
_DASH = re.compile(r"\s+[—–-]\s+|\s*[—–|]\s*")
_SEPARATORS = re.compile(r"\s+[—–-]\s+|\s*[—–|;]\s*|,\s+")
_GENERIC_HEAD = re.compile(
    r"^(meet |about |our |the |meet the |meet our )*(team|people|staff|who we are|about( us)?|"
    r"leadership|overview|us|members?|key contacts|contacts?)$", re.I)
_PEOPLE_HEAD = re.compile(
    r"\b(teams?|people|staff|leadership|leaders|boards?|councils?|advis[oe]rs?|advisory|"
    r"alumni|founders?|members|directors|trustees|committees?|emerit(us|i)|fellows|faculty|"
    r"management|executives?|contacts|governance|who we are)\b", re.I)
_ROLE_CLASS = re.compile(r"role|title|position|job|designation", re.I)
_STRUCTURAL_KINDS = ("team", "about", "careers")
_MAX_ROLE = 90
_CREDITS = 10  # names without roles run together in text past this count are credits, not staff


@cache
def _first_names() -> frozenset[str]:
    """The first names of gender-guesser's list (about 61,000 from many countries), lowercased,
    as its Detector reads them ("Yao+Ming" also as "yaoming", "yao ming", "yao-ming"), read
    straight from its data file: a sixth of the time the Detector takes to load, which every
    research run pays once."""
    from importlib.resources import files

    names: set[str] = set()
    data = files("gender_guesser").joinpath("data", "nam_dict.txt")
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            if line[:1] in "#=" or not line.strip():
                continue
            parts = line.split()
            if len(parts) < 2:
                continue
            name = parts[1].lower()
            names.update({name.replace("+", r) for r in ("", " ", "-")} if "+" in name
                         else {name})
    return frozenset(names)


@cache
def _prefixes() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    return frozenset(CONSTANTS.prefixes)


@cache
def _titles() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    return frozenset(CONSTANTS.titles)


_NAME_PREFIX = re.compile(r"^(Mc|Mac|Fitz|De|Di|Da|Du|Del|La|Le|Van|Von|O['’]|D['’])(?=[A-Z])")


def _cased(token: str) -> bool:
    """True for a name's casing: "Smith", "McGovern", "DeVries", "Thiessen-Bock", "J."; not
    a product's ("PyTorch", "JupyterLab")."""
    for piece in token.split("-"):
        piece = _NAME_PREFIX.sub("", piece)
        if piece and any(ch.isupper() for ch in piece[1:]):
            return False
    return True


def _suffix(part: str) -> bool:
    from nameparser.config import CONSTANTS

    words = [w.strip(".").lower() for w in part.split()]
    return bool(words) and all(w in CONSTANTS.suffix_acronyms or w in CONSTANTS.suffix_not_acronyms
                               for w in words)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", _fold(text))


@cache
def person_name(text: str) -> tuple[str, str, bool] | None:
    """``(name, match key, first name known)`` when the text is shaped like a person's name
    ("Dr. Jane Q. Doe", "Ana de la Cruz", 'Wu "Will" Li'), else None. The key drops titles,
    middle names and accents, so "Dr Jane Doe" and "Jane Doe" are one person."""
    from nameparser import HumanName

    text = " ".join(text.split()).strip(" ,.;:–—-")
    if not 4 <= len(text) <= 60 or _BAD_CHARS.search(text):
        return None
    if not 2 <= len(text.split()) <= 6:
        return None
    human = HumanName(text)
    first, last = human.first, human.last
    if not first or not last:
        return None
    if "," in text and not all(_suffix(part) for part in text.split(",")[1:]):
        return None  # "Doe, Jane" is rare on web pages; "Jane Doe, John Roe" is two people
    core = " ".join(part for part in (human.first, human.middle, human.last) if part).split()
    if not 2 <= len(core) <= 5:
        return None
    for token in core:
        bare = token.strip("'’\"“”.-")
        if not bare:
            return None
        lowered = bare.lower()
        if lowered in _prefixes():
            continue
        if re.match(r"[a-z]{1,3}['’][A-Z]", bare):
            continue  # d'Agostino, O'Hara
        if not bare[0].isupper() or (len(bare) > 2 and bare.isupper()) or not _cased(bare):
            return None
        if lowered in _NOT_NAME or lowered in _ROLE_NOUNS:
            return None
    given = first if len(first.strip(".")) > 1 else (human.middle.split() or [first])[0]
    known = given.strip("'’\"“”.").lower() in _first_names()
    if not known and core[-1].strip(".").lower() in _titles():
        return None  # "Scrum Master": a title word where a surname should be
    key_last = _words(last)
    key_first = _words(given)
    if not key_last or not key_first:
        return None
    return text, f"{key_first[0]} {key_last[-1]}", known


def role_like(text: str) -> bool:
    """True for a short line that reads as a job title or board role ("Chief Scientist",
    "Vice Treasurer", "2025 Fellow"), not a sentence."""
    text = text.strip()
    if not text or len(text) > _MAX_ROLE or len(text.split()) > 12 or text.endswith("."):
        return False
    if text[0].islower():
        return False  # the rest of a sentence, not a title
    words = set(_words(text.replace("co-", "")))
    words |= {w[:-1] for w in words if len(w) > 3 and w.endswith("s")}
    return bool(words & _ROLE_NOUNS or words & (_titles() - {"mr", "mrs", "ms", "dr", "miss"}))


def _singular(label: str) -> str:
    """A group's label as one member's role: "Coordinators" -> "Coordinator"."""
    words = label.split()
    last = words[-1] if words else ""
    if len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is", "ics")):
        words[-1] = last[:-1]
    return " ".join(words)


class _Entry:
    __slots__ = ("name", "key", "known", "role", "roll", "inline")

    def __init__(self, found: tuple[str, str, bool], role: str = "", roll: bool = False):
        self.name, self.key, self.known = found
        self.role, self.roll = role, roll
        self.inline = False  # the role was on the name's own line ("Name — Role")


def _parse_line(line: str) -> list[_Entry]:
    """People in one line: "Name", "Name — Role", "Name, Role, Name, Role" or a list of names."""
    whole = person_name(line)
    if whole:
        return [_Entry(whole)]
    dashed = _DASH.split(line, maxsplit=1)
    if len(dashed) == 2:  # "Name — Role": what follows a dash is the role, never a name
        found = person_name(dashed[0])
        if found and dashed[1].strip():
            entry = _Entry(found, role=dashed[1].strip())
            entry.inline = True
            return [entry]
    parts = [p for p in _SEPARATORS.split(line) if p.strip()]
    if len(parts) < 2 or not person_name(parts[0]):
        return []
    entries: list[_Entry] = []
    roles: list[str] = []
    for part in parts:
        found = person_name(part)
        if found:
            if entries:
                entries[-1].role = ", ".join(roles)
            entries.append(_Entry(found))
            roles = []
        else:
            roles.append(part.strip())
    entries[-1].role = ", ".join(roles)
    if len(entries) > 1 and sum(bool(e.role) for e in entries) * 2 < len(entries):
        for entry in entries:
            entry.roll = True
    for entry in entries:
        entry.inline = bool(entry.role)
    return entries


def _parse_card(lines: list[str]) -> tuple[str, list[_Entry]]:
    """A card's label (a first line that names no one) and the people in it, each with the
    line that follows its name as a candidate role."""
    label, entries, waiting = "", [], None
    for index, line in enumerate(lines):
        if len(line) < 2:
            continue  # an avatar's initial
        found = _parse_line(line) if len(line) <= 400 else []
        if found:
            if waiting is not None:  # two names in a row, no role between: a list of names
                waiting.roll = found[0].roll = True
            entries += found
            waiting = found[-1] if not found[-1].role and len(found) == 1 else None
        elif waiting is not None:
            waiting.role = line if len(line) <= _MAX_ROLE and not line.endswith(".") else ""
            waiting = None
        elif index == 0 and len(line) <= 60:
            label = line
    return label, entries


def _entries(block: dict) -> list[tuple[str, _Entry]]:
    cards = [_parse_card(lines) for lines in block.get("cards") or []]
    return [(label, entry) for label, found in cards for entry in found]


def _page_known(blocks: list[dict]) -> float:
    """The share of a page's name-shaped card lines whose first name is a known one."""
    entries = [entry for block in blocks if block.get("kind") in ("cards", "labelled")
               for _, entry in _entries(block)]
    return sum(e.known for e in entries) / len(entries) if entries else 0.0


_EMAIL = re.compile(r"\S+@\S+\.\w+")


def clean_role(role: str) -> str:
    """A role as a person reads it: no e-mail address or phone number run into it, no
    dangling colon or dash ("Co-Director of Acme Labs:" -> "Co-Director of Acme Labs")."""
    role = _EMAIL.sub("", role)
    role = re.sub(r"\+?\d[\d ().-]{7,}\d", "", role)
    return " ".join(role.split()).strip(" :;,–—-|")


class _People:
    def __init__(self) -> None:
        self.people: list[Person] = []
        self.by_key: dict[str, Person] = {}

    def add(self, name: str, role: str, page: Page, group: str = "", key: str = "") -> None:
        if not key:
            found = person_name(name)
            if not found:
                return
            name, key, _known = found
        role = clean_role(role)
        group = group if _PEOPLE_HEAD.search(group or "") else ""  # not "Overview", "Contact us"
        known = self.by_key.get(key)
        if known is None:
            person = Person(source=page.url, retrieved=page.retrieved.date(), name=name,
                            role=role, group=group, sources=[page.url])
            self.people.append(person)
            self.by_key[key] = person
            return
        if role and not known.role:
            known.role = role
        elif role and _words(role) and not set(_words(role)) <= set(_words(known.role)):
            if set(_words(known.role)) < set(_words(role)):
                known.role = role  # the fuller role
            elif ";" not in known.role:
                known.role = f"{known.role}; {role}"  # two roles (now and before, two groups)
        if not known.group and group:
            known.group = group
        if page.url not in known.sources:
            known.sources.append(page.url)

    def block(self, block: dict, page: Page, page_known: float = 0.0) -> None:
        """People in one card, caption or labelled block, when the block as a whole reads as
        a list of people (mostly known first names, or names under a people heading on a page
        whose other names are mostly known first names)."""
        entries = _entries(block)
        if not entries:
            return
        heading = block.get("heading", "")
        context = page.kind == "team" or any(_PEOPLE_HEAD.search(h)
                                             for h in block.get("path") or [heading])
        # a heading that names a group of people ("Coordinators"), on a page whose other
        # names are mostly known first names, vouches for names the list does not know
        vouched = page_known >= 0.5 and bool(_PEOPLE_HEAD.search(heading)
                                             or role_like(heading))
        known = sum(e.known for _, e in entries) / len(entries)
        roled = sum(role_like(e.role) for _, e in entries) / len(entries)
        if known < (0.6 if context else 0.75) and roled < 0.5 and not vouched:
            return
        if (len(entries) == 1 and not entries[0][1].known and block["kind"] != "labelled"
                and not vouched):
            return  # one unknown name-like phrase on its own: a tagline as likely as a person
        if block["kind"] == "cards" and not context and roled < 0.5 and len(entries) < 3:
            return
        rolls = sum(e.roll for _, e in entries)
        use_lines = roled >= 0.5 or block["kind"] == "labelled"
        for label, entry in entries:
            if entry.roll and rolls > _CREDITS:
                continue  # a long roll of names in running text: credits, not the team
            role = entry.role if use_lines or entry.inline else ""
            if not role and label and not _GENERIC_HEAD.match(label):
                role = label
            elif not role and heading and not _GENERIC_HEAD.match(heading) and context:
                role = _singular(heading) if len(heading.split()) <= 5 else ""
            if not role and role_like(entry.role):
                role = entry.role
            if len(role) > _MAX_ROLE:
                role = ""
            group = heading if _GENERIC_HEAD.match(heading) is None else ""
            if label and label != heading:
                group = f"{group} – {label}" if group else label
            self.add(entry.name, role, page, group=group or heading, key=entry.key)

    def headed(self, block: dict, page: Page) -> None:
        """A heading that is a name, followed by a role line."""
        texts = block["text"]
        if block["level"] < 2 or not texts:
            return
        role = texts[0]["text"]
        tagged = _ROLE_CLASS.search(texts[0]["class"] or "")
        found = person_name(block["heading"])
        if found and len(role) <= _MAX_ROLE and (tagged or (found[2] and role_like(role))):
            self.add(found[0], role, page, key=found[1])

    def definitions(self, block: dict, page: Page) -> None:
        for term, detail in block.get("pairs") or []:
            found = person_name(term)
            if found and (role_like(detail) or found[2]):
                role = detail if len(detail) <= _MAX_ROLE else ""
                self.add(found[0], role, page, group=block.get("heading", ""), key=found[1])


_FOUNDED_BY = re.compile(r"\b(?:co-?)?found(?:ed|ing)\b[^.;:]{0,60}?\bby\s+([^.;:]+)", re.I)


def _founders_in_text(found: _People, page: Page) -> None:
    """Founders a sentence names: "… was founded in 2019 by Ana Ruiz and Li Wei, …"."""
    for match in _FOUNDED_BY.finditer(page.text):
        names = []
        for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", match.group(1)):
            person = person_name(part)
            if not person:
                break
            names.append(person)
        for name, key, _known in names:
            found.add(name, "Co-founder" if len(names) > 1 else "Founder", page, key=key)


def _schema_people(found: _People, pages: list[Page]) -> None:
    for page, item in items_of(pages):
        types = types_of(item)
        if "Person" in types:
            found.add(text_of(item.get("name")), text_of(item.get("jobTitle")), page)
        if types & ORG_TYPES and page.kind != "job":
            for key, default in (("founder", "Founder"), ("employee", ""), ("member", "")):
                for person in as_list(item.get(key)):
                    if isinstance(person, dict) and "properties" in person:  # raw microdata
                        kinds = as_list(person.get("type"))
                        person = {**person["properties"], "@type": kinds}
                    if isinstance(person, dict) and types_of(person) - {"Person"}:
                        continue  # a member organisation
                    role = text_of(person.get("jobTitle")) if isinstance(person, dict) else ""
                    found.add(text_of(person), role or default, page)


def find_people(pages: list[Page]) -> list[Person]:
    """Everyone the pages name as part of the organisation, with their role and group (the
    page's own heading for them: Board, Advisers, Alumni…), each with every page naming them."""
    found = _People()
    _schema_people(found, pages)
    for page in pages:
        if page.kind not in _STRUCTURAL_KINDS:
            continue
        if page.kind == "about":
            _founders_in_text(found, page)
        page_known = _page_known(page.blocks)
        for block in page.blocks:
            kind = block.get("kind", "heading")
            try:
                if kind in ("cards", "captions", "labelled"):
                    found.block(block, page, page_known)
                elif kind == "definitions":
                    found.definitions(block, page)
                elif kind == "heading":
                    found.headed(block, page)
            except (KeyError, TypeError, AttributeError, IndexError):
                continue  # a block stored by an older version: skip it, never stop research
    return found.people
