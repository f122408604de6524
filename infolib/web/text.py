"""A page's main text: trafilatura on the parsed tree, in clean paragraphs, never silently empty.

When trafilatura finds nothing on a page that has text, the text comes from the next reader
that finds some (trafilatura on the HTML string, its baseline, its html2txt, then the main or
body element's text); :func:`main_text` says which one it was, so a user can see why a page's
text looks the way it does (``page.metadata["text_from"]``).
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

#: Where a page's text came from, best first (the values of ``page.metadata["text_from"]``).
TEXT_SOURCES = ("trafilatura", "trafilatura-html", "baseline", "html2txt", "body", "none")
#: A page whose visible text has fewer words than this has nothing a fallback could add.
_MIN_WORDS = 5
#: A line longer than this many words is split into paragraphs at sentence ends.
LONG_LINE_WORDS = 300
#: Sentences per paragraph when a long line is split (and words, when it has no sentences).
_PARAGRAPH_SENTENCES = (3, 6)
_PARAGRAPH_WORDS = 120
_SPACE = re.compile(r"[^\S\n]+")
# a sentence ends at . ! or ? (and closing quotes or brackets), before a capital or digit
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9À-Ý£$€])")
# a word before a full stop that does not end a sentence: an initial, or a common abbreviation
_NOT_AN_END = re.compile(r"(^|[\s(])([A-Z]|Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Inc|Ltd|Co|Corp|No|"
                         r"vs|approx|Fig|e\.g|i\.e|[A-Za-z](\.[A-Za-z])+)\.$")


def main_text(tree, url: str, html: str = "") -> tuple[str, str]:
    """The main text of a parsed HTML page (boilerplate, navigation and comments left out),
    in clean paragraphs, and where it came from (one of TEXT_SOURCES).

    trafilatura reads the parsed tree first. If it returns nothing, or a word or two such as
    a menu's "Home", although the page has more text, the HTML string ``html`` is tried with
    trafilatura, then with trafilatura's baseline and html2txt readers, then the text of the
    page's main (or body) element without navigation, header and footer.
    "none" means the page has no text to read. Never raises on odd HTML.
    """
    import trafilatura

    options = {"url": url, "include_comments": False, "include_tables": True,
               "deduplicate": False}
    text = _try(lambda: trafilatura.extract(tree, **options), url, "trafilatura")
    found = len(text.split())
    if found >= _MIN_WORDS:
        return clean_paragraphs(text), "trafilatura"
    visible = _visible_text(tree)
    if len(visible.split()) <= max(found, _MIN_WORDS - 1):  # it has no more text than that
        if found:
            return clean_paragraphs(text), "trafilatura"
        return clean_paragraphs(visible), "body" if visible.strip() else "none"
    fallbacks = []
    if html:
        fallbacks = [("trafilatura-html", lambda: trafilatura.extract(html, **options)),
                     ("baseline", lambda: trafilatura.baseline(html)[1]),
                     ("html2txt", lambda: trafilatura.html2txt(html))]
    for source, read in fallbacks:
        text = _try(read, url, source)
        if len(text.split()) >= _MIN_WORDS:
            log.info("%s: main text from %s (trafilatura found almost none)", url, source)
            return clean_paragraphs(text), source
    log.info("%s: main text from the page's main or body element", url)
    return clean_paragraphs(visible), "body"


def _try(read, url: str, source: str) -> str:
    try:
        return read() or ""
    except Exception as exc:  # a reader failing on odd HTML must not cost the page
        log.info("%s: %s could not read the page (%s)", url, source, exc)
        return ""


def _visible_text(tree) -> str:
    """The text of the page's main element (or body), one line per block, without scripts,
    styles, navigation, header, footer, asides and forms; the tree is not changed."""
    try:
        roots = tree.xpath("//main | //*[@role='main']") or tree.xpath("//body") or [tree]
        root = roots[0]
        skip = {"script", "style", "noscript", "template", "svg", "head", "nav", "header",
                "footer", "aside", "form", "button", "select", "iframe"}
        blocks = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section",
                  "article", "blockquote", "pre", "dd", "dt", "figcaption", "td", "th",
                  "table", "ul", "ol", "dl", "figure", "address"}
        parts: list[str] = []

        def walk(node) -> None:
            tag = node.tag if isinstance(node.tag, str) else ""
            if tag in skip:
                if node.tail:
                    parts.append(node.tail)
                return
            if tag in blocks:
                parts.append("\n")
            if node.text and tag:
                parts.append(node.text)
            for child in node:
                walk(child)
            if tag in blocks:
                parts.append("\n")
            if node.tail and node is not root:
                parts.append(node.tail)

        walk(root)
        return "".join(parts)
    except (ValueError, TypeError, AttributeError, RecursionError):
        return ""


def clean_paragraphs(text: str) -> str:
    """``text`` as clean paragraphs, one a line: spaces collapsed, whitespace-only lines
    dropped, a line that repeats an earlier one (boilerplate such as "Read more" or a slide
    shown twice) dropped, and a line of more than LONG_LINE_WORDS words split into paragraphs
    of a few sentences. Table rows (``| a | b |``) may repeat."""
    lines: list[str] = []
    seen: set[str] = set()
    for raw in text.splitlines():
        line = _SPACE.sub(" ", raw).strip()
        if not line:
            continue
        key = line.casefold()
        if key in seen and not line.startswith("|"):
            continue
        seen.add(key)
        if len(line.split()) > LONG_LINE_WORDS:
            lines.extend(split_paragraphs(line))
        else:
            lines.append(line)
    return "\n".join(lines)


def split_sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences (initials and common abbreviations do not end one)."""
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        before = paragraph[start:match.start()].rstrip("\"”’)]")
        if _NOT_AN_END.search(before[-12:]):
            continue
        sentences.append(paragraph[start:match.start()].strip())
        start = match.end()
    tail = paragraph[start:].strip()
    return [s for s in [*sentences, tail] if s]


def split_paragraphs(line: str) -> list[str]:
    """One long line as paragraphs of three to six sentences (about _PARAGRAPH_WORDS words
    each); a line without sentence ends is cut between words at about that length."""
    least, most = _PARAGRAPH_SENTENCES
    sentences = split_sentences(line)
    if len(sentences) < 2:
        words = line.split()
        return [" ".join(words[i:i + _PARAGRAPH_WORDS])
                for i in range(0, len(words), _PARAGRAPH_WORDS)]
    paragraphs: list[str] = []
    current: list[str] = []
    words = 0
    for sentence in sentences:
        current.append(sentence)
        words += len(sentence.split())
        if len(current) >= most or (len(current) >= least and words >= _PARAGRAPH_WORDS):
            paragraphs.append(" ".join(current))
            current, words = [], 0
    if current:
        if paragraphs and len(current) < least and \
                len(paragraphs[-1].split()) + words <= 2 * _PARAGRAPH_WORDS:
            paragraphs[-1] += " " + " ".join(current)
        else:
            paragraphs.append(" ".join(current))
    return paragraphs
