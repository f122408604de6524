"""The people a site names, with their roles: schema.org ``Person`` items and founders, and
the team pages' own structure (a heading followed by a role line)."""

from __future__ import annotations

import re

from infolib.models import Page, Person
from infolib.research.schemaorg import ORG_TYPES, as_list, items_of, text_of, types_of

_NAME = re.compile(r"^[A-Z][\w'’.-]+(?:[ -][A-Z][\w'’.-]+){1,3}$")
_ROLE_WORDS = re.compile(r"\b(chief|ceo|cto|cfo|coo|officer|founder|co-founder|director|head|"
                         r"president|vp|vice|manager|lead|partner|chair|chairman|chairwoman|"
                         r"board|engineer|principal|secretary|treasurer)\b", re.I)


class _People:
    def __init__(self) -> None:
        self.people: list[Person] = []

    def add(self, name: str, role: str, page: Page) -> None:
        name, role = name.strip(), role.strip()
        if not name or not _NAME.match(name):
            return
        for known in self.people:
            if known.name.lower() == name.lower():
                if role and (not known.role or known.role == "Founder"):
                    known.role = role if known.role != "Founder" else f"{role} (founder)"
                return
        self.people.append(Person(source=page.url, retrieved=page.retrieved.date(),
                                  name=name, role=role))


def find_people(pages: list[Page]) -> list[Person]:
    """Everyone the pages name with a role, each with the page that names them."""
    found = _People()
    for page, item in items_of(pages):
        types = types_of(item)
        if "Person" in types:
            found.add(text_of(item.get("name")), text_of(item.get("jobTitle")), page)
        if types & ORG_TYPES and page.kind != "job":
            for founder in as_list(item.get("founder")):
                role = text_of(founder.get("jobTitle")) if isinstance(founder, dict) else ""
                found.add(text_of(founder), role or "Founder", page)
    for page in pages:
        if page.kind not in ("team", "about"):
            continue
        for block in page.blocks:
            texts = block["text"]
            if block["level"] >= 2 and texts:
                role = texts[0]["text"]
                tagged = re.search(r"role|title|position|job", texts[0]["class"], re.I)
                if len(role) <= 90 and (tagged or _ROLE_WORDS.search(role)):
                    found.add(block["heading"], role, page)
    return found.people
