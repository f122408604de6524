"""Which of a field's researched organisations a name or an address means.

An organisation here is a row of ``Workbook.research.organisations`` (its ``name`` and
``start_url``). The gap lists, the plan, the brief and the meeting notes all ask the same
question — is this the organisation the user, a contact's entry or a note names? — and answer
it here, the same way everywhere.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from infolib.store.validate import organisation_key


def host(url: str) -> str:
    """The host of ``url`` (with its port), lower case, without a leading ``www.``."""
    found = urlsplit(url if "//" in url else f"//{url}").netloc.lower()
    return found[4:] if found.startswith("www.") else found


def matches(org: dict, wanted: str) -> bool:
    """True when ``wanted`` (a name or an address) names ``org``: the same address or host, or
    the same name without case, accents, punctuation and legal suffix."""
    wanted = (wanted or "").strip()
    if wanted.rstrip("/") == org["start_url"].rstrip("/"):
        return True
    if ("/" in wanted or (("." in wanted or ":" in wanted) and " " not in wanted)) and \
            host(wanted) and host(wanted) == host(org["start_url"]):
        return True
    key = organisation_key(wanted)
    return bool(key) and key == organisation_key(org["name"])


def names_part(org: dict, wanted: str) -> bool:
    """True when ``wanted`` is the start of the organisation's name, word by word, or its
    letters are in its host ("tidewater" for tidewater-heat.example)."""
    key = organisation_key(wanted or "").split()
    squeezed = "".join(key)
    letters = re.sub(r"[^a-z0-9]", "", host(org["start_url"]))
    return bool(key) and (organisation_key(org["name"]).split()[:len(key)] == key or
                          (len(squeezed) > 3 and squeezed in letters))


def works_at(org: dict, organisation: str) -> bool:
    """True when a contact whose organisation is written ``organisation`` works at ``org``:
    its name or address, or a shorter form of its name ("Tidewater")."""
    return bool((organisation or "").strip()) and (matches(org, organisation) or
                                                   names_part(org, organisation))
