"""Turn fetched documents into Pages: decoding, main text, metadata, dates, page kind, links,
and the sitemaps and feeds that lead to more pages."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date

import lxml.html
from lxml import etree

from infolib.errors import ExtractError
from infolib.models import FeedEntry, Page, scraped_date
from infolib.terminal import strip_escapes
from infolib.web.fetch import Fetched
from infolib.web.structure import BLOCK_KINDS, heading_blocks
from infolib.web.text import main_text

log = logging.getLogger(__name__)

# Ordered: the first pattern that matches a URL path decides its kind.
_KIND_PATTERNS = [
    ("job", r"/(careers?|jobs?|vacanc(y|ies)|join-us|work-with-us|openings)/[^/]+/.+"
            r"|/(jobs?|vacanc(y|ies)|openings|positions?)/[^/]+"),
    ("careers", r"/(careers?|jobs?|join(-us)?|work-with-us|vacanc(y|ies)|openings)(\.html?|/)?$"),
    ("team", r"/(team|our-team|leadership|people|management|board|founders|who-we-are/team)"),
    ("investors", r"/(investors?|investor-relations|ir|annual-reports?|reports?|financials?)(\b|/|\.)"),
    ("about", r"/(about|about-us|mission|company|who-we-are|history|our-story|story|values|purpose)"),
    ("product", r"/(products?|services?|solutions?|platform|pricing|features|offerings?|what-we-do)"),
    ("news", r"/(news|press|newsroom|media|announcements?|press-releases?)(\b|/|\.)"),
    ("blog", r"/(blog|insights|articles?|stories|journal|posts?)(\b|/|\.)"),
    ("contact", r"/(contact|contact-us|locations?|offices?|find-us)"),
    ("legal", r"/(privacy|terms|legal|cookies?|imprint|impressum|gdpr|accessibility|disclaimer)"),
]
_KIND_RE = [(kind, re.compile(pattern, re.I)) for kind, pattern in _KIND_PATTERNS]
_SCHEMA_KINDS = {
    "JobPosting": "job", "NewsArticle": "news", "PressRelease": "news", "BlogPosting": "blog",
    "AboutPage": "about", "ContactPage": "contact", "Product": "product", "Service": "product",
}
_TEXT_KINDS = [("team", r"\b(team|leadership|our people|management)\b"),
               ("about", r"\b(about|mission|who we are|our story)\b"),
               ("careers", r"\b(careers?|jobs|join us|vacancies)\b"),
               ("product", r"\b(products?|services|solutions)\b"),
               ("news", r"\b(news|press)\b"), ("investors", r"\b(investors?|annual report)\b"),
               ("contact", r"\bcontact\b"), ("blog", r"\bblog\b"),
               ("legal", r"\b(privacy|terms|cookies?)\b")]
_TEXT_KINDS_RE = [(kind, re.compile(p, re.I)) for kind, p in _TEXT_KINDS]
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
# C0 and C1 control characters and DEL, but tab, newline and carriage return: one of them drops
# a page's whole text in lxml and trafilatura, and none may reach the profile or a display
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def guess_kind(url: str, anchor: str = "", schema_types: tuple[str, ...] = ()) -> str:
    """The kind of page a URL (and optionally its link text and schema.org types) points to."""
    for schema_type in schema_types:
        if schema_type in _SCHEMA_KINDS:
            return _SCHEMA_KINDS[schema_type]
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I).split("?")[0]
    if path in ("", "/", "/index.html", "/index.htm", "/home"):
        return "home"
    if path.lower().endswith(".pdf"):
        return "investors" if re.search(r"report|investor|financ|results", path, re.I) else "other"
    for kind, pattern in _KIND_RE:
        if pattern.search(path):
            return kind
    for kind, pattern in _TEXT_KINDS_RE:
        if anchor and pattern.search(anchor):
            return kind
    return "other"


@dataclass
class Extracted:
    """A page plus what it leads to."""

    page: Page
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, anchor text)
    feeds: list[str] = field(default_factory=list)


# control characters -------------------------------------------------------------------------
def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences (removed whole) and C0/C1 control characters
    (tab, newline and carriage return kept)."""
    if not text or not _CONTROL.search(text):
        return text

    return _CONTROL.sub("", strip_escapes(text, short=False))


def _clean(value):
    """Strip control characters from every string in nested dicts and lists (metadata)."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_clean(v) for v in value)
    return value


def _clean_tree(tree) -> None:
    """Strip the control characters that numeric character references (``&#27;``) put into
    the parsed tree's text, tails and attributes."""
    for node in tree.iter():
        if node.text and _CONTROL.search(node.text):
            node.text = strip_controls(node.text)
        if node.tail and _CONTROL.search(node.tail):
            node.tail = strip_controls(node.tail)
        for key, value in node.attrib.items():
            if _CONTROL.search(value):
                node.set(key, strip_controls(value))


# decoding ---------------------------------------------------------------------------------
def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode HTML bytes: BOM, then a charset in the header, then ``<meta charset>``, then
    detection. A wrong header charset is overruled when the bytes do not fit it."""
    charset = None
    if content_type and "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=")[-1].split(";")[0].strip(" \"'")
    if charset in ("utf-8", "utf8", None):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    from bs4.dammit import UnicodeDammit

    dammit = UnicodeDammit(body, known_definite_encodings=[charset] if charset else [],
                           is_html=True)
    if dammit.unicode_markup is None:
        return body.decode("utf-8", errors="replace")
    return dammit.unicode_markup


def parse_html(text: str, url: str) -> lxml.html.HtmlElement:
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        tree = lxml.html.fromstring(text.encode("utf-8", errors="replace"), parser=parser,
                                    base_url=url)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"{url}: no HTML content to read ({exc})") from exc
    if tree is None:
        raise ExtractError(f"{url}: no HTML content to read")
    return tree


# metadata -----------------------------------------------------------------------------------
def _flatten_jsonld(items) -> list[dict]:
    out = []
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, dict):
            if "@graph" in item:
                out.extend(_flatten_jsonld(item["@graph"]))
            else:
                out.append(item)
        elif isinstance(item, list):
            out.extend(_flatten_jsonld(item))
    return out


def _microdata_to_dict(item: dict) -> dict:
    types = item.get("type") or []
    types = types if isinstance(types, list) else [types]
    out = {"@type": [t.rsplit("/", 1)[-1] for t in types]}
    for key, value in (item.get("properties") or {}).items():
        if isinstance(value, dict) and "properties" in value:
            value = _microdata_to_dict(value)
        out[key] = value
    return out


def extract_metadata(tree, html_text: str, url: str) -> dict:
    """JSON-LD, OpenGraph and microdata via extruct; only the syntaxes the page uses."""
    meta: dict = {"jsonld": [], "opengraph": {}, "microdata": []}
    if "application/ld+json" in html_text:
        from extruct.jsonld import JsonLdExtractor

        try:
            meta["jsonld"] = _flatten_jsonld(JsonLdExtractor().extract_items(tree, url))
        except Exception as exc:  # malformed JSON-LD must not cost the page
            log.info("%s: unreadable JSON-LD (%s)", url, exc)
    if "og:" in html_text:
        from extruct.opengraph import OpenGraphExtractor

        for item in OpenGraphExtractor().extract_items(tree, url):
            for key, value in item.get("properties", []):
                meta["opengraph"].setdefault(key, value)
    if "itemscope" in html_text:
        from extruct.w3cmicrodata import LxmlMicrodataExtractor

        try:
            items = LxmlMicrodataExtractor().extract_items(tree, url)
            meta["microdata"] = [_microdata_to_dict(i) for i in items]
        except Exception as exc:
            log.info("%s: unreadable microdata (%s)", url, exc)
    return meta


def schema_types(meta: dict) -> tuple[str, ...]:
    types: list[str] = []
    for item in meta.get("jsonld", []) + meta.get("microdata", []):
        t = item.get("@type")
        types.extend(t if isinstance(t, list) else [t] if t else [])
    return tuple(str(t) for t in types)


def _meta_content(tree, *names: str) -> str:
    for name in names:
        for attr in ("name", "property"):
            found = tree.xpath(f'//meta[@{attr}="{name}"]/@content')
            if found and found[0].strip():
                return found[0].strip()
    return ""


def _first_text(tree, xpath: str) -> str:
    for node in tree.xpath(xpath):
        text = " ".join(node.text_content().split()) if hasattr(node, "text_content") else str(node)
        if text:
            return text
    return ""


def published_date(tree, meta: dict, url: str, kind: str) -> date | None:
    """The publication date: schema.org and article meta first, then htmldate."""
    for item in meta.get("jsonld", []):
        for key in ("datePublished", "datePosted", "dateCreated", "uploadDate"):
            found = scraped_date(item.get(key))
            if found:
                return found
    found = scraped_date(_meta_content(tree, "article:published_time", "date", "dc.date",
                                      "publication_date"))
    if found:
        return found
    if kind not in ("news", "blog", "job", "investors") or is_listing(url):
        return None
    from htmldate import find_date

    try:
        value = find_date(tree, url=url, original_date=True, extensive_search=False,
                          outputformat="%Y-%m-%d")
    except Exception as exc:  # htmldate is defensive, but a page must never stop the crawl
        log.info("%s: htmldate failed (%s)", url, exc)
        return None
    return scraped_date(value)


def is_listing(url: str) -> bool:
    """True for a section's index page (``/news/``, ``/blog/index.html``): it lists items and
    has no publication date of its own."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I).split("?")[0]
    return path.endswith("/") or path.rsplit("/", 1)[-1].startswith("index.")


def extract_html(fetched: Fetched, depth: int = 0, anchor: str = "") -> Extracted:
    """Extract one HTML page: main text (trafilatura), metadata (extruct), date, kind, links."""
    url = fetched.final_url
    text = strip_controls(decode_html(fetched.body, fetched.headers.get("Content-Type")))
    tree = parse_html(text, url)
    if "&#" in text:
        _clean_tree(tree)
    links = [(a.get("href", ""), " ".join(a.text_content().split())[:100])
             for a in tree.iter("a") if a.get("href")]
    feeds = [link.get("href") for link in tree.xpath('//link[@rel="alternate"][@href]')
             if (link.get("type") or "").lower() in FEED_TYPES]
    meta = _clean(extract_metadata(tree, text, url))  # JSON-LD strings may hold \u001b
    og = meta["opengraph"]
    title = (_first_text(tree, "//title") or og.get("og:title", "") or _first_text(tree, "//h1"))
    description = _meta_content(tree, "description") or og.get("og:description", "")
    kind = guess_kind(url, anchor, schema_types(meta))
    published = published_date(tree, meta, url, kind)
    blocks = heading_blocks(tree) if kind in BLOCK_KINDS else []
    body = main_text(tree, url)
    meta["headline"] = _first_text(tree, "//h1")
    page = Page(url=url, kind=kind, title=strip_controls(title), text=strip_controls(body),
                retrieved=fetched.retrieved, published=published,
                description=strip_controls(description), media_type=fetched.media_type,
                depth=depth, final_url=fetched.final_url, from_cache=fetched.from_cache,
                metadata=meta, blocks=blocks)
    return Extracted(page=page, links=links, feeds=[f for f in feeds if f])


def extract_pdf(fetched: Fetched, depth: int = 0) -> Page:
    """Extract the text of a PDF (pypdf).

    A PDF locked only against changes (encrypted, with an empty user password) is read.
    Any PDF pypdf cannot read (damaged, locked with a password, encrypted in a way pypdf does
    not support, past pypdf's decompression limits) raises ExtractError.
    """
    from pypdf import PdfReader

    url = fetched.final_url
    try:
        reader = PdfReader(io.BytesIO(fetched.body))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractError(f"{url}: the PDF is password-protected")
        texts = [page.extract_text() or "" for page in reader.pages[:100]]
        page_count = len(reader.pages)
        info = reader.metadata or {}
        info_title, raw_date = str(info.get("/Title") or ""), str(info.get("/CreationDate") or "")
    except ExtractError:
        raise
    except Exception as exc:  # pypdf parses hostile input; whatever it raises, the PDF is unread
        why = strip_controls(f"{exc.__class__.__name__}: {exc}")  # may quote the file's bytes
        raise ExtractError(f"{url}: the PDF could not be read ({why})") from exc
    text = strip_controls("\n\n".join(t.strip() for t in texts if t.strip()))
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    title = strip_controls(info_title) or first_line or url.rsplit("/", 1)[-1]
    published = None
    match = re.match(r"D:(\d{4})(\d{2})(\d{2})", raw_date)
    if match:
        try:
            published = date(*map(int, match.groups()))
        except ValueError:
            published = None
    kind = guess_kind(url)
    if kind == "other" and re.search(r"annual report|investor", title + text[:2000], re.I):
        kind = "investors"
    return Page(url=url, kind=kind, title=title, text=text, retrieved=fetched.retrieved,
                published=published, media_type="application/pdf", depth=depth,
                final_url=fetched.final_url, from_cache=fetched.from_cache,
                page_count=page_count)


# sitemaps and feeds -------------------------------------------------------------------------
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                              huge_tree=False)


def _xml_root(body: bytes):
    try:
        return etree.fromstring(body, parser=_XML_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_sitemap(body: bytes) -> tuple[list[str], list[str]]:
    """Page URLs and nested sitemap URLs listed in a sitemap (or sitemap index)."""
    root = _xml_root(body)
    if root is None:
        return [], []
    pages, children = [], []
    for node in root.iter():
        if _local(node.tag) == "loc" and node.text:
            parent = _local(node.getparent().tag) if node.getparent() is not None else ""
            (children if parent == "sitemap" else pages).append(node.text.strip())
    return pages, children


def parse_feed(body: bytes) -> list[FeedEntry]:
    """Entries of an RSS 2.0 or Atom feed."""
    from email.utils import parsedate_to_datetime

    root = _xml_root(body)
    if root is None:
        return []
    entries = []
    for node in root.iter():
        if _local(node.tag) not in ("item", "entry"):
            continue
        fields: dict[str, str] = {}
        for child in node:
            name = _local(child.tag)
            if name == "link":
                fields.setdefault("link", (child.get("href") or child.text or "").strip())
            elif name in ("title", "pubdate", "published", "updated", "date"):
                fields.setdefault(name, (child.text or "").strip())
        raw = fields.get("pubdate") or fields.get("published") or fields.get("updated") \
            or fields.get("date") or ""
        published = scraped_date(raw)
        if published is None and raw:
            try:
                published = parsedate_to_datetime(raw).date()
            except (TypeError, ValueError):
                published = None
        if fields.get("link"):
            entries.append(FeedEntry(strip_controls(fields.get("title", "")), fields["link"],
                                     published))
    return entries
