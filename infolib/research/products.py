"""The organisation's products, services and programmes, each with the page that names it.

Read from schema.org (``Product``, ``Service``, ``SoftwareApplication`` items), the site
navigation's Products / Services / Solutions / Programmes menu, and the structure of the pages
that offer them (kept in ``Page.blocks``): the item headings and cards of a products or
services page, and the cards of a home-page section headed so. Never a page's own heading
("Products"), a blog post, or a category, tag or archive page.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from infolib.models import Page, Product
from infolib.research.people import person_name, role_like
from infolib.research.schemaorg import items_of, text_of, types_of

#: Headings and menu labels that say "here is what we offer".
_OFFER = re.compile(r"\b(products?|services?|solutions?|platforms?|offerings?|what we (do|offer)|"
                    r"programs?|programmes?|projects?|initiatives?|tools|apps?)\b", re.I)
#: A heading that opens a list of offers: "Our services", "Products", "Projects we support".
_SECTION = re.compile(r"^(our |the |all |other |more |featured |current |past )?(products?|"
                      r"services?|solutions?|programs?|programmes?|projects?|initiatives?|"
                      r"offerings?|platforms?|tools)\b", re.I)
_PROJECTS = re.compile(r"\b(projects?|initiatives?)\b", re.I)
#: Headings that structure a page without naming an offer.
_NOT_OFFER = re.compile(
    r"^(why|how|what|who|when|where|which|contact|about|faqs?|frequently|testimonials?|"
    r"our (approach|story|team|clients|customers|partners|mission|values|history|people)|"
    r"get (started|in touch)|learn more|read more|related|latest|recent|news|blog|clients|"
    r"customers|partners|quick links|links|social|follow|subscribe|newsletter|mission|vision|"
    r"values|overview|introduction|summary|resources|home|volunteer(ing)?|careers|jobs|"
    r"pricing|support|help|log ?in|sign (in|up)|search|more|all|see all|view all|categor(y|ies)|"
    r"tags?|archives?|menu|navigation|footer|copyright|contents|table of contents|share|"
    r"comments?|references|sponsors?|supporters?|donate|donations?|events?|"
    r"case stud(y|ies)|success stories|awards?|press|media|leadership|"
    r"previous|next|back|top|skip|cookie|privacy|terms)\b", re.I)
_LISTING_PATH = re.compile(r"/(tags?|categor(y|ies)|archives?|authors?|page/\d+|feed|search)"
                           r"(/|$)|/(blog|posts?|news|press|articles?|stories)/.", re.I)
_MAX_NAME = 70


def _name_ok(name: str, page_titles: set[str]) -> bool:
    """Shaped like a product's name: short, not a sentence, not a structuring heading, not the
    page's own heading, not a person."""
    name = name.strip(" #¶§")
    if not 2 <= len(name) <= _MAX_NAME or len(name.split()) > 8:
        return False
    if name.endswith((".", "?", "!", ":", "…")) or name.lower() in page_titles:
        return False
    if _NOT_OFFER.match(name) or re.fullmatch(r"(our |the |all )?" + _OFFER.pattern + r"s?",
                                              name, re.I):
        return False
    if re.fullmatch(r"[\d\W]+", name):
        return False
    found = person_name(name)
    return not (found and found[2] and len(name.split()) == 2)  # "Ada Byrne", not "Ada Suite"


class _Products:
    def __init__(self) -> None:
        self.products: list[Product] = []
        self.seen: set[str] = set()

    def add(self, name: str, description: str, page: Page) -> None:
        name = " ".join(name.split()).strip(" -–—|:#¶§")
        key = re.sub(r"\W+", " ", name.lower()).strip()
        if name and key and key not in self.seen:
            self.seen.add(key)
            self.products.append(Product(source=page.url, retrieved=page.retrieved.date(),
                                         name=name, description=" ".join(description.split())))


def _path(url: str) -> str:
    path = urlsplit(url).path
    path = re.sub(r"(index\.html?)$", "", path)
    return path.rstrip("/") or "/"


def _own_titles(page: Page) -> set[str]:
    titles = {page.title.lower(), str(page.metadata.get("headline") or "").lower()}
    titles |= {re.split(r"\s[|–—-]\s", page.title)[0].strip().lower()}
    titles |= {b["heading"].lower() for b in page.blocks
               if b.get("kind", "heading") == "heading" and b.get("level") == 1}
    return {t for t in titles if t}


def _offer_menus(pages: list[Page]) -> tuple[list[tuple[str, str, Page]], set[str]]:
    """Items of the navigation's offer menus (name, link, page) and the paths of the pages the
    menus' own labels link to."""
    items, paths = [], set()
    for page in pages:
        if page.kind != "home":
            continue
        for block in page.blocks:
            if block.get("kind") != "nav":
                continue
            for menu in block.get("menus") or []:
                label = menu.get("label", "").strip(" #¶")
                if not re.fullmatch(r"(our |the )?" + _OFFER.pattern, label, re.I):
                    continue
                href = menu.get("href") or ""
                if href and "#" not in href:
                    paths.add(_path(urljoin(page.url, href)))
                for text, link in menu.get("items") or []:
                    items.append((text, urljoin(page.url, link or ""), page))
    return items, paths


def _card_name(lines: list[str], logo: str) -> tuple[str, str]:
    """A card's product name (its title line, else its logo's alt text) and description."""
    title = lines[0] if lines else ""
    rest = " ".join(lines[1:2])
    if title and len(title) <= _MAX_NAME and not title.endswith((".", "!", "?")):
        return title, rest
    if logo:
        return logo, title
    return "", ""


def _offer_section(headings: list[dict], titles: set[str]) -> list[dict]:
    """On an offer page, the headings one level below the heading that names the offer
    ("Our services", or the page's own "Products"), each followed by text: the items."""
    section_level, items = None, []
    for block in headings:
        level, heading = block["level"], block["heading"]
        if section_level is not None and level <= section_level:
            section_level = None
        if section_level is None:
            if _SECTION.search(heading) and len(heading.split()) <= 6:
                section_level, items_level = level, None
            continue
        if _SECTION.search(heading) and len(heading.split()) <= 6 and level <= (items_level or 9):
            section_level, items_level = level, None  # a sub-section: "Services we offer"
            continue
        if items_level is None:
            items_level = level
        first = block["text"][0]["text"] if block["text"] else ""
        if first and role_like(first):
            continue  # a person's name over their role
        if level == items_level and (block["text"] or block["items"]) and _name_ok(heading,
                                                                                   titles):
            items.append(block)
    return items


def _elsewhere(page: Page) -> set[str]:
    """Titles of project cards that lead to another site: projects the organisation works on
    or supports, not ones it offers."""
    away = set()
    for block in page.blocks:
        path = block.get("path") or []
        if block.get("kind") == "cards" and path and _PROJECTS.search(path[-1]):
            for lines, external in zip(block.get("cards") or [], block.get("external") or [],
                                       strict=False):
                if external and lines:
                    away.add(lines[0].lower())
    return away


def _from_blocks(found: _Products, page: Page, offer_page: bool) -> None:
    """Products named by a page's structure: on an offer page, its item headings (the heading
    level that repeats, each followed by text) and its cards; elsewhere only the cards and
    headings of a section headed as an offer ("Our services", "Products")."""
    titles = _own_titles(page)
    headings = [b for b in page.blocks if b.get("kind", "heading") == "heading"]
    away = _elsewhere(page)
    if offer_page:
        for block in _offer_section(headings, titles):
            if block["heading"].lower() not in away:
                text = block["text"][0]["text"] if block["text"] else ""
                found.add(block["heading"], text, page)
    for block in page.blocks:
        if block.get("kind") != "cards":
            continue
        path = block.get("path") or []
        under_offer = bool(path) and bool(_OFFER.search(path[-1])) and len(path[-1].split()) <= 6
        if not under_offer:
            continue
        cards = block.get("cards") or []
        logos = block.get("logos") or [""] * len(cards)
        external = block.get("external") or [False] * len(cards)
        if not _PROJECTS.search(path[-1]):
            external = [False] * len(cards)
        # a project card that leads to another site presents a project the organisation
        # works on or supports, not one it offers
        named = [_card_name(lines, logo)
                 for lines, logo, away in zip(cards, logos, external, strict=False)
                 if not away]
        if sum(len(lines) >= 2 for lines in cards) * 2 < len(cards):
            continue  # a bare list (skills, tags), not tiles that each present an offer
        for name, description in named:
            if name and _name_ok(name, titles):
                found.add(name, description, page)


def find_products(pages: list[Page]) -> list[Product]:
    """The products and services the pages name, each with the page that names it."""
    found = _Products()
    for page, item in items_of(pages):
        if types_of(item) & {"Product", "Service", "SoftwareApplication"}:
            name = text_of(item.get("name"))
            if name and len(name) <= _MAX_NAME:
                found.add(name, text_of(item.get("description")), page)
    items, offer_paths = _offer_menus(pages)
    for text, _link, page in items:
        if _name_ok(text, set()):
            found.add(text, "", page)
    sections = offer_paths | {_path(p.url) for p in pages if p.kind == "product"}
    sections.discard("/")
    for page in pages:
        if _LISTING_PATH.search(urlsplit(page.url).path):
            continue
        offer_page = page.kind == "product" or _path(page.url) in offer_paths
        if offer_page or page.kind == "home":
            _from_blocks(found, page, offer_page)
    for page in pages:  # a page inside a products or services section presents one offer
        path = _path(page.url)
        if page.kind in ("product", "other") and any(path.startswith(section + "/")
                                                     for section in sections):
            name = re.split(r"\s[|–—-]\s", page.title)[0] or str(
                page.metadata.get("headline") or "")
            if _name_ok(name, set()) and not _LISTING_PATH.search(urlsplit(page.url).path):
                found.add(name, page.description, page)
    if not found.products:  # no structure to read: each product page's title is a product
        for page in pages:
            if (page.kind == "product" and page.depth > 0 and page.title
                    and not _LISTING_PATH.search(urlsplit(page.url).path)):
                name = re.split(r"\s[|–—-]\s", page.title)[0].strip()
                if _name_ok(name, set()):
                    found.add(name, page.description, page)
    return found.products
