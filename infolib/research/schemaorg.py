"""Reading schema.org items (JSON-LD and microdata) that the extract step kept on each page."""

from __future__ import annotations

from collections.abc import Iterable

from infolib.models import Page

ORG_TYPES = {"Organization", "Corporation", "LocalBusiness", "NGO", "EducationalOrganization",
             "GovernmentOrganization", "NewsMediaOrganization", "OnlineBusiness", "Company"}


def types_of(item: dict) -> set[str]:
    """An item's @type names without their vocabulary prefix."""
    t = item.get("@type") or []
    return {str(x).rsplit("/", 1)[-1] for x in (t if isinstance(t, list) else [t])}


def items_of(pages: Iterable[Page]):
    """(page, item) for every schema.org item on the pages."""
    for page in pages:
        for item in page.metadata.get("jsonld", []) + page.metadata.get("microdata", []):
            if isinstance(item, dict):
                yield page, item


def text_of(value) -> str:
    """A property's text: the first of a list, an item's name, whitespace collapsed."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return " ".join(str(value or "").split())


def locality(value) -> str:
    """'City, Country' of a Place or PostalAddress (or its name)."""
    if isinstance(value, dict) and "address" in value:
        value = value["address"]
    if isinstance(value, dict):
        parts = [text_of(value.get("addressLocality")), text_of(value.get("addressCountry"))]
        named = ", ".join(p for p in parts if p)
        return named or text_of(value.get("name"))
    return text_of(value)


def as_list(value) -> list:
    return value if isinstance(value, list) else [value] if value else []
