"""A page's structure, kept beside its text for the research stage (``Page.blocks``).

Every block is a dict with ``kind``, ``level``, ``heading`` (the heading it sits under),
``text`` (list of ``{text, class}``) and ``items`` (list of str), plus what its kind needs:

- ``heading``: each h1–h4 with the short text and list items that follow it (values, mission);
- ``cards``: repeated sibling elements holding a few short lines each (team cards, service
  tiles, lists of names) — ``cards`` is a list of line lists, ``items`` their first lines,
  ``logos`` (when any card has an image) each card's first image's alt text, ``external``
  (when any card's first link leads off the site) whether each card's does;
- ``labelled``: a name and a role the markup's classes label as such;
- ``captions``: figure captions; ``definitions``: a ``<dl>`` as ``pairs`` of term and detail;
- ``nav``: the site navigation's menus and footer link columns, as ``menus`` of
  ``{label, href, items: [[text, href]]}`` (``footer: true`` for a footer column).

``path`` is the chain of headings above a block (outermost first), so a card under "Alumni"
under "Our people" keeps both. Blocks hold short lines only, never a page's full text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from urllib.parse import urljoin, urlsplit

#: Page kinds whose structure is kept ("other" holds programme and project pages that a site's
#: navigation offers; news, blog posts, jobs and legal pages are read as text only).
BLOCK_KINDS = ("home", "about", "team", "product", "contact", "careers", "other")

#: Kinds whose heading blocks keep only a paragraph's start (their whole text is stored apart).
_SHORT_TEXT_KINDS = ("careers", "other")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: Elements whose text never belongs to a page's content structure.
_SKIP = {"script", "style", "noscript", "template", "svg", "select", "option", "button",
         "iframe", "canvas", "head", "title", "meta", "link"}
#: Page furniture: navigation, footers and the like hold repeated links, not content.
_FURNITURE = {"nav", "footer", "header", "aside", "form"}
_NOT_CONTENT = frozenset(_SKIP | _FURNITURE)
#: Elements that start a new line of text (everything else is inline).
_BLOCK_TAGS = {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl",
               "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
               "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
               "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "img"}
#: Elements that can be cards (block elements that hold content; inline links are not cards).
_CARD_TAGS = _BLOCK_TAGS - {"br", "hr", "img", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tbody",
                            "thead", "tfoot", "main", "nav", "footer", "header", "aside", "form"}
_LINE = 160        # characters kept of one line
_CARD_LINES = 12   # lines kept of one card
_MAX_CARD = 12     # a sibling with more lines than this is a section, not a card
_SHORT = 100       # a card's first line is at most this long (prose paragraphs are longer)
_MAX_CARDS = 300   # cards kept of one group
_WALK = 600        # elements visited to read one card
_PAGE_LINES = 1500  # card lines kept of one page (a long directory is cut, never the crawl)


def _tag(el) -> str:
    tag = el.tag  # read once: lxml makes a new string each time
    return tag.lower() if isinstance(tag, str) else ""


def _clean(text: str) -> str:
    return " ".join(text.split())


def lines_of(el, limit: int = _MAX_CARD + 1) -> list[str]:
    """The lines of text an element shows (block elements and ``<br>`` break lines), at most
    ``limit`` of them; furniture and scripts are left out."""
    lines: list[str] = []
    buf: list[str] = []
    visited = 0

    def flush() -> None:
        if not buf:
            return
        text = _clean("".join(buf))
        buf.clear()
        if text:
            lines.append(text[:_LINE])

    def walk(node) -> None:
        nonlocal visited
        visited += 1
        if len(lines) > limit or visited > _WALK:
            return
        tag = node.tag  # each read of an lxml element's tag, text or tail makes a new string
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag and tag not in _SKIP:
            block = tag in _BLOCK_TAGS
            if block:
                flush()
            text = node.text
            if text:
                buf.append(text)
            for child in node:
                walk(child)
                tail = child.tail
                if tail:
                    buf.append(tail)
            if block:
                flush()

    walk(el)
    flush()
    return lines[:limit]


def _content_root(tree):
    main = tree.xpath("//main | //*[@role='main']")
    if main:
        return main[0]
    body = tree.find(".//body") if _tag(tree) != "body" else tree
    return body if body is not None else tree


class _Outline:
    """Where each heading of the root stands in document order, to find the headings above
    any element cheaply."""

    def __init__(self, root) -> None:
        self.order: dict = {}
        self.positions: list[int] = []
        self.headings: list[tuple[int, str]] = []
        self.hidden: set[int] = set()
        self._lines: dict = {}  # (element, limit): its lines, each read once per page
        for index, el in enumerate(root.iter()):
            self.order[el] = index
            tag = _tag(el)
            if tag in _HEADINGS:
                title = _clean(el.text_content())
                if title and len(title) <= 120:
                    self.positions.append(index)
                    self.headings.append((int(tag[1]), title))

    def lines_of(self, el, limit: int = _MAX_CARD + 1) -> list[str]:
        """``lines_of(el, limit)``, read once per element and limit."""
        key = (el, limit)
        if key not in self._lines:
            self._lines[key] = lines_of(el, limit)
        return self._lines[key]

    def hide(self, el) -> None:
        """Headings inside ``el`` (a card's own name heading) head nothing outside it."""
        for heading in el.iter(*_HEADINGS):
            if heading in self.order:
                self.hidden.add(self.order[heading])

    def path(self, el) -> list[tuple[int, str]]:
        """The headings above ``el``: the nearest one, and each earlier one of a higher rank."""
        index = self.order.get(el)
        if index is None:
            return []
        at = bisect_right(self.positions, index) - 1
        chain: list[tuple[int, str]] = []
        while at >= 0:
            level, title = self.headings[at]
            if self.positions[at] in self.hidden:
                at -= 1
                continue
            if not chain or level < chain[0][0]:
                chain.insert(0, (level, title))
                if level == 1:
                    break
            at -= 1
        return chain


def _block(kind: str, outline: _Outline, el, **extra) -> dict:
    chain = outline.path(el)
    level, heading = chain[-1] if chain else (0, "")
    block = {"kind": kind, "level": level, "heading": heading, "text": [], "items": [],
             "path": [title for _, title in chain]}
    block.update(extra)
    return block


def heading_blocks(tree) -> list[dict]:
    """Each h1–h4 with the short text and list items that follow it (for team and values)."""
    blocks = []
    main = tree.xpath("//main | //*[@role='main']")
    root = main[0] if main else tree
    for heading in root.iter("h1", "h2", "h3", "h4"):
        title = " ".join(heading.text_content().split())
        if not title or len(title) > 120:
            continue
        text, items, sibling = [], [], heading.getnext()
        while sibling is not None and sibling.tag not in ("h1", "h2", "h3", "h4", "section"):
            if sibling.tag in ("ul", "ol"):
                items += [" ".join(li.text_content().split()) for li in sibling.iter("li")]
            elif isinstance(sibling.tag, str):
                chunk = " ".join(sibling.text_content().split())
                if chunk:
                    text.append({"text": chunk, "class": sibling.get("class", "")})
            if len(text) >= 3:
                break
            sibling = sibling.getnext()
        blocks.append({"kind": "heading", "level": int(heading.tag[1]), "heading": title,
                       "text": text, "items": items})
    return blocks


def _signature(el) -> tuple[str, str]:
    return _tag(el), " ".join(sorted((el.get("class") or "").split()))


def _logo(el) -> str:
    """The alt text of a card's first image (a product's logo often stands for its name)."""
    img = next(el.iter("img"), None)
    alt = _clean(img.get("alt") or "") if img is not None else ""
    return alt if len(alt) <= 60 else ""


def _external(el) -> bool:
    """True when a card's first link leads to another site (a partner's or a project's)."""
    link = next((a for a in el.iter("a") if a.get("href")), None)
    if link is None:
        return False
    base = el.getroottree().getroot().base_url or ""
    href = urljoin(base, link.get("href", ""))
    return urlsplit(href).scheme in ("http", "https") and (
        urlsplit(href).hostname != urlsplit(base).hostname)


def _holds_cards(el, outline: _Outline) -> bool:
    """True when ``el`` wraps cards of its own: two or more repeated siblings inside it that
    each show two lines or more (a section holding a grid of team members)."""
    for inner in el.iter():
        sigs = [(child, _signature(child)) for child in inner if _tag(child) in _CARD_TAGS]
        if len(sigs) < 2:
            continue
        repeated = Counter(sig for _, sig in sigs)
        seen: dict[tuple[str, str], int] = {}
        for child, sig in sigs:
            # a signature only one child has cannot repeat: its lines are not read
            if repeated[sig] >= 2 and len(outline.lines_of(child, 2)) >= 2:
                seen[sig] = seen.get(sig, 0) + 1
                if seen[sig] >= 2:
                    return True
    return False


def _unfit(lines: list[str]) -> bool:
    """True for an element shown as more lines than a card, or led by a long line."""
    return bool(lines) and (len(lines) > _MAX_CARD or len(lines[0]) > _SHORT)


def _read_cards(members: list, outline: _Outline) -> list | None:
    """Each member with its lines, or None as soon as more than a fifth of the members are
    unfit to be cards (then fewer than four in five of those shown are: no card group)."""
    cards, unfit = [], 0
    for member in members:
        lines = outline.lines_of(member)
        unfit += _unfit(lines)
        if unfit > 0.2 * len(members):
            return None
        cards.append((member, lines))
    return cards


def card_blocks(root, outline: _Outline) -> list[dict]:
    """Groups of repeated sibling elements (same tag and class) that each show a few short
    lines: team members' cards, service tiles, lists of names. The outermost such group wins;
    its cards keep their lines in order, so a wrapper around several cards still reads as
    name, role, name, role. A heading between two cards of a group (Board, then Alumni)
    starts a new block, so each block sits under one heading."""
    groups = []
    page_lines = 0
    stack = [root]
    while stack and page_lines <= _PAGE_LINES:
        parent = stack.pop()
        siblings: dict[tuple[str, str], list] = {}
        for child in parent:
            tag = _tag(child)
            if tag in _CARD_TAGS:
                siblings.setdefault(_signature(child), []).append(child)
        taken = set()
        for members in siblings.values():
            if len(members) < 2:
                continue
            cards = _read_cards(members[:_MAX_CARDS], outline)
            if cards is None:
                continue  # too many of them are not cards for the group to be one
            shown = [(member, lines) for member, lines in cards if lines]
            if len(shown) < 2:
                continue
            fit = [(member, lines[:_CARD_LINES]) for member, lines in shown
                   if len(lines) <= _MAX_CARD and len(lines[0]) <= _SHORT]
            if len(fit) < 0.8 * len(shown):
                continue
            if sum(_holds_cards(member, outline) for member, _ in fit) * 2 > len(fit):
                continue  # sections side by side, each holding its own cards
            groups.append(fit)
            page_lines += sum(len(lines) for _, lines in fit)
            if page_lines > _PAGE_LINES:
                break
            taken.update(id(m) for m in members)
            for member, _ in fit:
                outline.hide(member)
        stack.extend(child for child in reversed(parent)
                     if id(child) not in taken and _tag(child) not in _NOT_CONTENT)
    blocks = []
    for fit in groups:
        run: list = []
        for member, lines in fit + [(None, None)]:
            if run and (member is None or outline.path(member) != outline.path(run[0][0])):
                kept = [lines for _, lines in run]
                extra = {"cards": kept}
                logos = [_logo(member) for member, _ in run]
                if any(logos):
                    extra["logos"] = logos
                external = [_external(member) for member, _ in run]
                if any(external):
                    extra["external"] = external
                blocks.append((outline.order.get(run[0][0], 0),
                               _block("cards", outline, run[0][0],
                                      items=[c[0] for c in kept], **extra)))
                run = []
            if member is not None:
                run.append((member, lines))
    return [block for _, block in sorted(blocks, key=lambda pair: pair[0])]


_NAME_CLASS = re.compile(r"(^|[-_])(full)?name$", re.I)
_ROLE_CLASS = re.compile(r"title|role|position|job|designation|occupation", re.I)


def labelled_blocks(root, outline: _Outline) -> list[dict]:
    """Pairs the markup labels itself: an element whose class says it holds a name, followed
    by one whose class says role, title or position (a featured leader outside any grid)."""
    blocks = []
    for el in root.xpath(".//*[contains(@class, 'name')]"):
        if not any(_NAME_CLASS.search(token) for token in el.get("class", "").split()):
            continue
        role_el = el.getnext()
        if role_el is None or not _ROLE_CLASS.search(role_el.get("class", "")):
            continue
        name, role = _clean(el.text_content())[:_LINE], _clean(role_el.text_content())[:_LINE]
        if name and len(name) <= _SHORT:
            blocks.append(_block("labelled", outline, el, items=[name], cards=[[name, role]]))
    return blocks


def caption_blocks(root, outline: _Outline) -> list[dict]:
    """Each figure caption (a photo's "Name, Role" line on many team pages)."""
    blocks = []
    for caption in root.iter("figcaption"):
        lines = lines_of(caption, _CARD_LINES)
        if lines and len(lines[0]) <= _SHORT:
            blocks.append(_block("captions", outline, caption, items=[lines[0]], cards=[lines]))
    return blocks


def definition_blocks(root, outline: _Outline) -> list[dict]:
    """Each definition list as pairs of term and detail (people and their roles, services)."""
    blocks = []
    for dl in root.iter("dl"):
        pairs, term = [], None
        for child in dl.iter("dt", "dd"):
            text = _clean(child.text_content())[:_LINE]
            if child.tag == "dt":
                term = text
            elif term:
                pairs.append([term, text])
                term = None
        if term:
            pairs.append([term, ""])
        if pairs:
            blocks.append(_block("definitions", outline, dl, items=[p[0] for p in pairs],
                                 pairs=pairs[:_MAX_CARDS]))
    return blocks


def nav_block(tree) -> dict | None:
    """The site navigation's menus: each top-level entry with the links under it, and each
    footer column (a heading over a list of links, marked ``footer``): a "Products" or
    "Services" menu or column names what the organisation offers."""
    navs = tree.xpath("//nav | //*[@role='navigation'] | //header")
    menus: list[dict] = []
    seen: set[str] = set()
    for nav in navs:
        for li in nav.iter("li"):
            if next(li.iterancestors("li"), None) is not None:
                continue  # a submenu entry, read with its menu
            links = list(li.iter("a"))
            label_el = next((el for el in li.iter() if _tag(el) in ("a", "span", "button")
                             and _clean(el.text_content())), None)
            if label_el is None:
                continue
            label = _clean(label_el.text_content())[:_LINE]
            items = [[_clean(a.text_content())[:_LINE], a.get("href", "")] for a in links
                     if a is not label_el and _clean(a.text_content())]
            key = label.lower()
            if key in seen:
                continue
            seen.add(key)
            menus.append({"label": label, "href": label_el.get("href", ""), "items": items})
    for footer in tree.xpath("//footer | //*[@role='contentinfo']"):
        for heading in footer.iter(*_HEADINGS, "strong", "b"):
            label = _clean(heading.text_content())[:_LINE]
            column = heading.getnext()
            if not label or column is None or _tag(column) not in ("ul", "ol"):
                continue
            items = [[_clean(a.text_content())[:_LINE], a.get("href", "")]
                     for a in column.iter("a") if _clean(a.text_content())]
            if items and "footer " + label.lower() not in seen:
                seen.add("footer " + label.lower())
                menus.append({"label": label, "href": "", "items": items, "footer": True})
    if not menus:
        return None
    return {"kind": "nav", "level": 0, "heading": "", "text": [], "path": [],
            "items": [m["label"] for m in menus], "menus": menus}


def page_blocks(tree, kind: str) -> list[dict]:
    """The structure kept for a page of this kind (``BLOCK_KINDS``): heading blocks, card
    groups, labelled pairs, captions and definition lists, plus the navigation's menus on the
    home page. Never raises on odd HTML: a page it cannot read has no blocks."""
    if kind not in BLOCK_KINDS:
        return []
    try:
        blocks = heading_blocks(tree)
        if kind in _SHORT_TEXT_KINDS:  # only the first words of each paragraph are read there
            for block in blocks:
                for chunk in block["text"]:
                    chunk["text"] = chunk["text"][:2 * _LINE]
        root = _content_root(tree)
        outline = _Outline(root)
        blocks += card_blocks(root, outline)
        blocks += labelled_blocks(root, outline)
        blocks += caption_blocks(root, outline)
        blocks += definition_blocks(root, outline)
        if kind == "home":
            nav = nav_block(tree)
            if nav:
                blocks.append(nav)
    except (ValueError, TypeError, AttributeError, RecursionError):
        return []
    return blocks


# addresses --------------------------------------------------------------------------------------
_BLOCK_TAGS = {"p", "div", "li", "br", "address", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
               "td", "th", "section", "footer", "header", "ul", "ol", "dl", "dd", "dt", "table",
               "article", "aside", "nav", "main", "form", "blockquote", "pre", "hr"}
_SKIP_TAGS = {"script", "style", "noscript", "svg", "template", "head", "select", "button"}


def text_lines(node) -> list[str]:
    """The visible text of an lxml element as the lines a browser shows: a break at each
    block element and ``<br>``, whitespace collapsed, empty lines dropped."""
    out = [""]

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag not in _SKIP_TAGS:
            if tag in _BLOCK_TAGS:
                out.append("")
            if element.text and tag:
                out[-1] += element.text
            for child in element:
                walk(child)
            if tag in _BLOCK_TAGS:
                out.append("")
        if element.tail:
            out[-1] += element.tail

    try:
        walk(node)
    except RecursionError:  # absurdly deep markup: no lines rather than no page
        return []
    return [line for line in (" ".join(part.split()) for part in out) if line]


def _last_lines(root, count: int) -> list[str]:
    """The last ``count`` lines of an element's text, read from its innermost blocks backwards
    (a long page costs no more than its end)."""
    tags = sorted(_BLOCK_TAGS - {"br"})
    lines: list[str] = []
    for element in reversed(list(root.iter(*tags))):
        if next(element.iterchildren(*tags), None) is not None:
            continue  # not innermost: its blocks are read on their own
        lines[:0] = text_lines(element)
        if len(lines) >= count:
            break
    return lines[-count:]


def address_lines(tree, tail_lines: int = 40) -> list[str]:
    """The lines where a page shows its postal address outside the main text, for the
    research stage to read: ``<address>`` elements, the page footer (``<footer>`` or
    role=contentinfo), and, on pages without a footer element, the page's last lines. An empty
    string separates one source from the next."""
    lines: list[str] = []
    for node in tree.iter("address"):
        lines += text_lines(node) + [""]
    footers = tree.xpath("//footer | //*[@role='contentinfo']")
    for node in footers[:2]:
        lines += text_lines(node) + [""]
    if not footers:
        body = tree.find(".//body")
        lines += _last_lines(body if body is not None else tree, tail_lines)
    return lines
