"""Turn fetched documents into Pages: decoding, main text, metadata, dates, page kind, links,
and the sitemaps and feeds that lead to more pages."""

from __future__ import annotations

import io
import itertools
import logging
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from infolib.errors import ExtractError
from infolib.models import FeedEntry, Page, scraped_date
from infolib.terminal import strip_escapes
from infolib.web.fetch import Fetched
from infolib.web.structure import address_lines, page_blocks
from infolib.web.text import main_text
from infolib.web.urls import site_path

log = logging.getLogger(__name__)

# Ordered: the first pattern that matches a URL path decides its kind.
_KIND_PATTERNS = [
    ("job", r"/(careers?|jobs?|vacanc(y|ies)|join-us|work-with-us|openings|positions?)"
            r"/(?!index\.html?$)[^/?#]+"),
    ("careers", r"/(careers?|jobs?|join(-us)?|work-with-us|vacanc(y|ies)|openings)(\.html?|/)?$"),
    # a whole path segment ("/leadership/", "/our-team.html"), not a word inside a slug
    # ("/podcast/leadership-through-chaos/", "/board-nominations/")
    ("team", r"/((our|the|meet-the|meet-our)-)?(team|leadership|people|management|board|"
             r"founders|staff|directors|trustees|governance)(-team|-members)?(/|\.html?$|$)"),
    ("investors", r"/(investors?|investor-relations|ir|annual-reports?|reports?|financials?)(\b|/|\.)"),
    ("about", r"/(about|about-us|mission|company|who-we-are|history|our-story|story|values|purpose)"),
    ("product", r"/(products?|services?|solutions?|platform|pricing|features|offerings?|what-we-do)"),
    ("news", r"/(news|press|newsroom|media|announcements?|press-releases?)(\b|/|\.)"),
    ("blog", r"/(blog|insights|articles?|stories|journal|posts?)(\b|/|\.)"),
    ("contact", r"/(contact|contact-us|locations?|offices?|find-us)"),
    ("legal", r"/(privacy|terms|legal|cookies?|imprint|impressum|gdpr|accessibility|disclaimer)"),
]
_KIND_RE = [(kind, re.compile(pattern, re.I)) for kind, pattern in _KIND_PATTERNS]
# pages under /careers/ that describe working there, or list postings, rather than one posting
_NOT_A_POSTING = re.compile(
    r"/(careers?|jobs?|vacanc(y|ies)|join-us|work-with-us|openings|positions?)/"
    r"(faqs?|benefits|perks|culture|life(-at-[^/]+)?|values|students?|graduates?|internships?"
    r"|early-careers?|(hiring-|recruit(ment|ing)-|application-)?process|how-we-hire|locations?"
    r"|teams?|departments?|search|apply|why-[^/]+|diversity|events?|stories|testimonials?"
    r"|page|tags?|categor(y|ies)|all|open-positions|openings|vacancies|positions|archive)"
    r"(/|\.html?$|$)", re.I)
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
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+))")


def guess_kind(url: str, anchor: str = "", schema_types: tuple[str, ...] = ()) -> str:
    """The kind of page a URL (and optionally its link text and schema.org types) points to."""
    for schema_type in schema_types:
        if schema_type in _SCHEMA_KINDS:
            return _SCHEMA_KINDS[schema_type]
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I).split("?")[0].split("#")[0]
    path = re.sub(r"/index\.html?$", "/", path, flags=re.I)
    if path in ("", "/", "/home"):
        return "home"
    if path.lower().endswith(".pdf"):
        return "investors" if re.search(r"report|investor|financ|results", path, re.I) else "other"
    section = re.match(r"(/[^/]+)?/(news|press|newsroom|blog|blogs|posts?|articles?)"
                       r"(/|\.html?$|$)", path, re.I)
    if section:  # a post under /blog/ (or /org/blog/) is a post, whatever its slug says
        return "blog" if section.group(2).lower()[0] in "bpa" and \
            section.group(2).lower() != "press" else "news"
    for kind, pattern in _KIND_RE:
        if pattern.search(path):
            if kind == "job" and _NOT_A_POSTING.search(path):
                return "careers"
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


def _control_refs(text: str) -> bool:
    """True when ``text`` holds a numeric character reference to a control character (or
    one out of Unicode's range): only those put control characters into the parsed tree."""
    for match in _CHAR_REF.finditer(text):
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if code > 0x10FFFF or _CONTROL.match(chr(code)):
            return True
    return False


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
    """The content of the first ``<meta name=…>`` (else ``property=…``) of the first of
    ``names`` the page fills in."""
    metas = [(m.get("name"), m.get("property"), m.get("content"))
             for m in tree.getroottree().iter("meta") if m.get("content") is not None]
    for name in names:
        for attr in (0, 1):
            found = next((meta[2] for meta in metas if meta[attr] == name), None)
            if found and found.strip():
                return found.strip()
    return ""


def _first_text(tree, xpath: str) -> str:
    for node in tree.xpath(xpath):
        text = " ".join(node.text_content().split()) if hasattr(node, "text_content") else str(node)
        if text:
            return text
    return ""


# titles ---------------------------------------------------------------------------------------
_TITLE_SEP = re.compile(r"(\s+[|·•–—»:/~-]{1,2}\s+|\s*[|·•»]\s*)")
_ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "PressRelease", "Report",
                  "ScholarlyArticle", "TechArticle", "JobPosting", "Event", "WebPage",
                  "AboutPage", "ContactPage", "CollectionPage", "ItemPage", "Product",
                  "SoftwareApplication", "Service", "Course", "PodcastEpisode", "VideoObject"}
_SITE_TYPES = {"WebSite", "Organization", "Corporation", "NGO", "LocalBusiness", "Company",
               "EducationalOrganization", "GovernmentOrganization"}
# headings that belong to widgets, not to the page's content
_WIDGET_MARKS = re.compile(r"\b(search|cookie|consent|gdpr|modal|popup|newsletter|subscribe"
                           r"|menu|navbar|nav|navigation|breadcrumbs?|masthead|banner|skip)\b",
                           re.I)


def fold(text: str) -> str:
    """``text`` lower-cased with everything but letters and digits removed (for matching)."""
    return re.sub(r"[\W_]+", "", (text or "").lower())


def _types(item: dict) -> set[str]:
    t = item.get("@type") or []
    return {str(x).rsplit("/", 1)[-1] for x in (t if isinstance(t, list) else [t])}


def _name(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return " ".join(str(value or "").split())


def site_names(tree, meta: dict, url: str) -> set[str]:
    """The names the site goes by, folded: og:site_name, application-name, schema.org
    WebSite/Organization names and publishers, and the main label of its host names."""
    names = {meta.get("opengraph", {}).get("og:site_name", ""),
             _meta_content(tree, "application-name"),
             _meta_content(tree, "apple-mobile-web-app-title")}
    for item in meta.get("jsonld", []) + meta.get("microdata", []):
        if not isinstance(item, dict):
            continue
        if _types(item) & _SITE_TYPES:
            names |= {_name(item.get("name")), _name(item.get("alternateName"))}
        names.add(_name(item.get("publisher")))
    hosts = [url, meta.get("opengraph", {}).get("og:url", "")]
    hosts += tree.xpath('//link[@rel="canonical"]/@href')[:1]
    for address in hosts:
        try:
            labels = (urlsplit(str(address)).hostname or "").split(".")
        except ValueError:
            continue
        labels = [x for x in labels if x not in ("www", "com", "org", "net", "io", "co", "uk")
                  and not x.isdigit()]
        names.update(labels[-1:])
    return {fold(n) for n in names if fold(n)}


def main_heading(tree) -> str:
    """The main content's first heading (an ``h1``, else an ``h2``), never one inside the
    navigation, a header's search form, a cookie banner or another widget."""
    for level in ("h1", "h2"):
        for node in tree.iter(level):
            if _in_other_part(node) or any(
                    (p.tag in ("header",) and p.xpath(".//form | .//input"))
                    or _WIDGET_MARKS.search(f"{p.get('class', '')} {p.get('id', '')}")
                    for p in itertools.chain([node], node.iterancestors())
                    if isinstance(p.tag, str) and p.tag not in ("html", "body")):
                continue
            text = " ".join(node.text_content().split())
            if text and len(text) <= 200:
                return text
    return ""


_SITE_SUFFIX = re.compile(r"(inc|ltd|llc|plc|gmbh|sa|sarl|bv|ag|corp|co|group|labs?|blog|news"
                          r"|team|home|homepage|website|officialsite|online|hq)?")


def _names_site(part: str, name: str) -> bool:
    """True when a folded title part is the site's name ("acme", "acmeinc", "acmeblog")."""
    return part == name or (len(name) > 3 and part.startswith(name)
                            and bool(_SITE_SUFFIX.fullmatch(part[len(name):])))


def strip_site_name(title: str, names: set[str], heading: str = "") -> str:
    """``title`` without the site's name ("Our approach | Acme" -> "Our approach"); the part
    that is the page's heading when the name cannot be told; "" when the title is only the
    site's name."""
    title = " ".join((title or "").split())
    pieces = _TITLE_SEP.split(title)
    parts, seps = pieces[::2], pieces[1::2]
    if len(parts) < 2:
        return "" if fold(title) in names else title
    kept = [i for i, part in enumerate(parts)
            if fold(part) and not any(_names_site(fold(part), n) for n in names)]
    if len(kept) == len(parts) and heading:
        same = [part for part in parts if fold(part) == fold(heading)]
        if same:
            return same[0]
    if not kept:
        return ""
    first, last = kept[0], kept[-1]
    text = parts[first]
    for i in range(first + 1, last + 1):
        text += seps[i - 1] + parts[i]
    return text.strip()


def page_title(tree, meta: dict, url: str, home: bool | None = None) -> str:
    """The page's own title: its schema.org headline or name, og:title, ``<title>`` without
    the site's name, then the main content's first heading. The home page (``home``; by
    default the server root) keeps its whole title."""
    heading = main_heading(tree)
    names = site_names(tree, meta, url)
    if home is None:
        home = bool(urlsplit(url).path in ("", "/")
                    or re.search(r"^/index\.html?$", urlsplit(url).path))
    for item in meta.get("jsonld", []):
        if isinstance(item, dict) and _types(item) & _ARTICLE_TYPES:
            found = _name(item.get("headline") or item.get("title") or item.get("name"))
            if found and (home or fold(found) not in names):
                return found
    candidates = [meta.get("opengraph", {}).get("og:title", ""), _first_text(tree, "//title")]
    if home:  # the home page's title is the site's own: its name and what it says of itself
        return next((" ".join(c.split()) for c in candidates[::-1] if c.strip()), heading)
    for candidate in candidates:
        found = strip_site_name(candidate, names, heading)
        if found:
            return found
    return heading or _first_text(tree, "//title")


# dates ----------------------------------------------------------------------------------------
#: Dates that generators and feeds write when they know none: never a real publication date.
PLACEHOLDER_DATES = {date(1970, 1, 1), date(2000, 1, 1), date(2001, 1, 1), date(1900, 1, 1),
                     date(1000, 1, 1)}
EARLIEST_YEAR = 1990
#: How far past the day a page was read a date may lie (time zones, scheduled posts).
FUTURE_DAYS = 3
_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE_TEXT = re.compile(
    r"\b(?:(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})"
    rf"|(?P<am>{_MONTH})\.?\s+(?P<ad>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<ay>\d{{4}})"
    rf"|(?P<bd>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<bm>{_MONTH})\.?,?\s+(?P<by>\d{{4}}))\b",
    re.I)
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                       "sep", "oct", "nov", "dec"), start=1)}
# elements that carry a page's own date, and the ones whose dates are someone else's
_DATE_NODES = ("//time | //*[@itemprop='datePublished'] | //*[contains(@class, 'date') or "
               "contains(@class, 'publish') or contains(@class, 'posted') or "
               "contains(@class, 'meta') or contains(@class, 'byline') or "
               "contains(@id, 'date') or contains(@class, 'time')]")
_NOT_OWN_DATE = re.compile(r"updat|modif|revis|edited|comment|related|recent|sidebar|widget|timeline"
                           r"|footer|copyright|event-|deadline|due", re.I)
_OTHER_PARTS = {"nav", "footer", "aside", "form"}
_MODIFIED_META = ("article:modified_time", "og:updated_time", "last-modified", "dc.date.modified",
                  "dcterms.modified", "revised")


def sane_date(value, retrieved: date | None = None, founded: int | None = None) -> date | None:
    """``value`` as a date when it can be a real publication date: not a placeholder
    (1970-01-01, 2001-01-01…), not before 1990 nor before the founding year, not later than a
    few days after the page was read. Anything else is None: undated stays undated."""
    day = scraped_date(value)
    if day is None or day in PLACEHOLDER_DATES:
        return None
    if day.year < max(EARLIEST_YEAR, founded or 0):
        return None
    latest = (retrieved or date.today()) + timedelta(days=FUTURE_DAYS)
    return None if day > latest else day


def date_in_text(text: str) -> date | None:
    """The first calendar date written in ``text`` ("November 7, 2019", "Fri, Sep 05, 2025",
    "7 March 2024", "2024-03-07"), or None."""
    for match in _DATE_TEXT.finditer(text or ""):
        g = match.groupdict()
        try:
            if g["iy"]:
                return date(int(g["iy"]), int(g["im"]), int(g["id"]))
            if g["am"]:
                return date(int(g["ay"]), _MONTHS[g["am"][:3].lower()], int(g["ad"]))
            return date(int(g["by"]), _MONTHS[g["bm"][:3].lower()], int(g["bd"]))
        except (ValueError, KeyError):
            continue
    return None


def _lenient_date(value) -> date | None:
    return scraped_date(value) or date_in_text(str(value or ""))


def _in_other_part(node) -> bool:
    """True when ``node`` sits in navigation, a footer, a sidebar, a form or a widget."""
    for parent in node.iterancestors():
        tag = parent.tag if isinstance(parent.tag, str) else ""
        if tag in _OTHER_PARTS or parent.get("role") in ("navigation", "search",
                                                         "complementary", "contentinfo"):
            return True
        marks = f"{parent.get('class', '')} {parent.get('id', '')}"
        if marks.strip() and re.search(r"\b(sidebar|widget|related|recent|comments?|cookie"
                                       r"|consent|search|menu|navbar|nav)\b", marks, re.I):
            return True
    return False


def visible_date(tree) -> date | None:
    """The date a page shows for itself: a ``<time>``, a ``datePublished`` property, or a
    short element marked as a date or byline ("By Ana Lima on March 3, 2024"), outside
    navigation, sidebars, footers and update notes."""
    try:
        nodes = tree.xpath(_DATE_NODES)
    except etree.XPathError:
        return None
    for node in nodes[:200]:
        if not isinstance(node.tag, str) or node.tag in ("html", "body", "head", "meta"):
            continue
        marks = f"{node.get('class', '')} {node.get('id', '')}"
        if _NOT_OWN_DATE.search(marks) or _in_other_part(node):
            continue
        text = spaced_text(node, 400)
        if len(text) > 160:
            continue
        parent = node.getparent()
        around = " ".join(parent.text_content().split())[:200] if parent is not None else ""
        if re.search(r"\b(updated|modified|revised|last update|edited)\b", around, re.I):
            continue
        found = _lenient_date(node.get("datetime") or node.get("content") or "") \
            or date_in_text(text)
        if found:
            return found
    return None


def _jsonld_dates(meta: dict, *keys: str):
    for item in meta.get("jsonld", []) + meta.get("microdata", []):
        for key in keys:
            found = _lenient_date(item.get(key)) if isinstance(item, dict) else None
            if found:
                yield found


def published_date(tree, meta: dict, url: str, kind: str,
                   retrieved: date | None = None) -> date | None:
    """The publication date: schema.org and article meta first, then the date the page shows
    for itself, then htmldate. A page's modification date is never taken for its publication
    date; a section's index page has none; placeholder and impossible dates are dropped."""
    date_source = _published_date(tree, meta, url, kind)
    found, source = date_source if date_source else (None, "")
    found = sane_date(found, retrieved)
    meta["date_source"] = source if found else ""
    return found


def _published_date(tree, meta: dict, url: str, kind: str):
    if kind in ("news", "blog") and is_listing(url):
        return None
    for found in _jsonld_dates(meta, "datePublished", "datePosted", "dateCreated",
                               "uploadDate"):
        if sane_date(found):
            return found, "schema.org"
    found = _lenient_date(_meta_content(tree, "article:published_time", "og:published_time",
                                        "dc.date.issued", "dcterms.issued", "dc.date",
                                        "publication_date", "citation_publication_date",
                                        "pubdate"))
    if found and sane_date(found):
        return found, "meta"
    if kind not in ("news", "blog", "job", "investors") or is_listing(url):
        return None
    found = visible_date(tree)
    if found and sane_date(found):
        return found, "page"
    modified = set(_jsonld_dates(meta, "dateModified"))
    modified |= {d for d in (_lenient_date(_meta_content(tree, name)) for name in _MODIFIED_META)
                 if d}
    found = _lenient_date(_meta_content(tree, "date"))
    if found and found not in modified and sane_date(found):
        return found, "meta"
    from htmldate import find_date

    try:
        value = find_date(tree, url=url, original_date=True, extensive_search=False,
                          outputformat="%Y-%m-%d")
    except Exception as exc:  # htmldate is defensive, but a page must never stop the crawl
        log.info("%s: htmldate failed (%s)", url, exc)
        return None
    found = scraped_date(value)
    if found is None or found in modified:  # its fallback is the modification date
        return None
    return found, "htmldate"


_LISTING_PARTS = re.compile(
    r"/(page|p|tags?|categor(y|ies)|topics?|archives?|authors?|labels?|series)/"
    r"|/(19|20)\d\d(/\d{1,2})?/?$", re.I)
_SECTION_WORDS = re.compile(
    r"^(news|blog|blogs|press|newsroom|media|posts?|articles?|stories|insights|journal|updates"
    r"|announcements?|press-releases?|events|archives?|all|latest|releases|publications)$", re.I)


def is_listing(url: str) -> bool:
    """True for a section's index page (``/news/``, ``/blog/index.html``, ``/blog/page/2/``,
    a tag, category, author or archive page): it lists items and has no publication date of
    its own. An article at ``/blog/some-post/`` is not one."""
    parts = urlsplit(url)
    path = re.sub(r"/index\.html?$", "/", parts.path or "/", flags=re.I)
    if re.search(r"(^|&)(page|p|tag|category|cat)=", parts.query or "", re.I):
        return True
    if _LISTING_PARTS.search(path if path.endswith("/") else path + "/"):
        return True
    last = path.rstrip("/").rsplit("/", 1)[-1]
    last = re.sub(r"\.html?$", "", last, flags=re.I)
    return not last or bool(_SECTION_WORDS.match(last)) or \
        bool(re.fullmatch(r"(index|page)[-_]?\d+", last, re.I))


# jobs and listings ----------------------------------------------------------------------------
_CLOSED_POSTING = re.compile(
    r"\bstatus\s*:?\s*(closed|filled|expired)\b"
    r"|\b(position|role|job|vacancy|posting|opening|search)\s+(has been|is now|is|was|has)\s+"
    r"(now\s+)?(closed|filled|expired)\b"
    r"|\bno longer (accepting applications|available|open|recruiting|accepting candidates)\b"
    r"|\bapplications? (are|is|have)?\s*(now\s+)?closed\b"
    r"|[\[(](closed|filled|expired)[\])]", re.I)
_OPEN_POSTING = re.compile(r"\bstatus\s*:?\s*open\b", re.I)
_NOT_HIRING = re.compile(
    r"\bnot (currently |actively |presently )?(hiring|recruiting)\b"
    r"|\bno (current(ly)? |open |available )(positions|vacancies|openings|opportunities|roles"
    r"|jobs|job openings)\b"
    r"|\bno (positions|vacancies|openings|roles|jobs) (are )?(currently )?(open|available"
    r"|at (the|this) (moment|time))\b"
    r"|\bthere are (currently )?no (open |current |available )?(positions|vacancies|openings"
    r"|roles|jobs)\b"
    r"|\b(do not|don't|don’t|does not|doesn't) (currently )?have any (open |current "
    r"|available )?(positions|vacancies|openings|roles|jobs)\b"
    r"|\bno vacancies\b", re.I)
_ROLES_HEADING = re.compile(
    r"\b(open|current|available)\s+(positions|roles|openings|vacancies|jobs|opportunities)\b"
    r"|\bjob (openings|opportunities|vacancies)\b|^(vacancies|openings|positions|jobs)$"
    r"|\bwe(['’]re| are) hiring\b", re.I)
_NOT_A_ROLE = re.compile(r"^((apply|learn|read|see|view|browse|explore|find|search|click|"
                         r"download|more|details|here|back|next|previous|show)\b.*|pdf"
                         r"|job description)$", re.I)


_OWN_TEXT = (".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::nav)"
             " and not(ancestor::footer) and not(ancestor::aside)]")


def spaced_text(node, limit: int = 50000) -> str:
    """The text of ``node`` with a space between elements ("Status:" "Closed" stay two
    words), scripts, styles, navigation, footers and sidebars left out, whitespace
    collapsed."""
    parts, size = [], 0
    for piece in node.xpath(_OWN_TEXT):
        piece = " ".join(str(piece).split())
        if piece:
            parts.append(piece)
            size += len(piece) + 1
            if size > limit:
                break
    return " ".join(parts)


def posting_status(tree, title: str = "") -> str:
    """"closed" when a job posting says it is closed or filled, "open" when it says so,
    "" when it does not say."""
    body = tree.find("body")
    text = spaced_text(body if body is not None else tree)
    if _CLOSED_POSTING.search(title or "") or _CLOSED_POSTING.search(text):
        return "closed"
    return "open" if _OPEN_POSTING.search(text) else ""


def says_not_hiring(text: str) -> str:
    """The sentence in which a careers page says the organisation is not hiring, or ""."""
    match = _NOT_HIRING.search(text or "")
    if not match:
        return ""
    start = max((text or "").rfind(".", 0, match.start()), (text or "").rfind("\n", 0,
                                                                             match.start()))
    end = min([i for i in ((text or "").find(".", match.end()), (text or "").find("\n",
                                                                             match.end()))
               if i >= 0] or [len(text)])
    return " ".join(text[start + 1:end + 1].split())[:300]


def _heading_level(node) -> int:
    tag = node.tag if isinstance(node.tag, str) else ""
    return int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else 0


def role_links(tree) -> list[dict]:
    """The postings a careers page lists under a heading such as "Open positions": each
    link's title and address (a job page, a PDF job description or a job board)."""
    roles: list[dict] = []
    for heading in tree.xpath("//h1|//h2|//h3|//h4|//h5|//h6"):
        if _in_other_part(heading) or not _ROLES_HEADING.search(
                " ".join(heading.text_content().split())):
            continue
        level, node = _heading_level(heading), heading
        for _ in range(3):  # the heading may sit alone in a wrapper
            found = _links_after(node, level)
            if found or node.getparent() is None:
                break
            node = node.getparent()
        for title, href in found:
            if href not in {r["url"] for r in roles}:
                roles.append({"title": title, "url": href})
    return roles[:100]


def _links_after(node, level: int) -> list[tuple[str, str]]:
    found = []
    for sibling in node.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        stop = [h for h in sibling.iter("h1", "h2", "h3", "h4", "h5", "h6")
                if _heading_level(h) <= level]
        if stop:
            break
        for a in sibling.iter("a"):
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            title = " ".join(a.text_content().split())
            if not title or _NOT_A_ROLE.match(title) or len(title.split()) > 12:
                card = next((p for p in a.iterancestors("li", "article", "div", "tr")), None)
                heads = card.xpath(".//h2|.//h3|.//h4|.//h5|.//strong") if card is not None \
                    else []
                title = " ".join(heads[0].text_content().split()) if heads else ""
            if title and not _NOT_A_ROLE.match(title):
                found.append((title, a.get("href") and _absolute(a, href)))
    return found


def _absolute(node, href: str) -> str:
    from urllib.parse import urljoin

    base = node.getroottree().docinfo.URL or ""
    return urljoin(base, href) if base else href


def _is_date_text(text: str) -> bool:
    """True when ``text`` is little more than a date ("Fri, Sep 05, 2025", "Posted 2024-03-07")."""
    match = _DATE_TEXT.search(text or "")
    return bool(match) and len(text) - (match.end() - match.start()) <= 20


def _generic_link(text: str) -> bool:
    return not text or _is_date_text(text) or bool(_NOT_A_ROLE.match(text)) \
        or bool(re.fullmatch(r"[\W]*(read|continue|more|read more|continue reading|full story)"
                             r"[\W]*", text, re.I))


def _card_of(node):
    """The smallest ancestor of a date that holds a titled link: the post's card."""
    card, fallback = node, (None, None, None)
    for _ in range(6):
        card = card.getparent()
        if card is None or card.tag in ("body", "html", "main"):
            break
        heads = [h for h in card.xpath(".//h1|.//h2|.//h3|.//h4|.//h5")
                 if not _is_date_text(" ".join(h.text_content().split()))]
        links = [a for a in card.iter("a")
                 if (a.get("href") or "").strip() and not a.get("href").startswith(("#", "mailto:"))]
        if card.tag == "a" and card.get("href"):
            links.append(card)
        if not links:
            continue
        titled = [a for a in links if not _generic_link(" ".join(a.text_content().split()))]
        if heads:
            return card, heads, titled or links
        if titled and fallback[0] is None:
            fallback = (card, heads, titled)
    return fallback


def listed_posts(tree, retrieved: date | None = None) -> list[dict]:
    """The posts a news or blog index lists: repeated cards that each hold a dated link
    (title, address, date); nothing from navigation, sidebars or footers."""
    cards: dict[int, tuple] = {}
    try:
        nodes = tree.xpath(_DATE_NODES + " | //*[not(*) and string-length(normalize-space()) < 40]"
                           " | //*[count(*) = 1 and string-length(normalize-space()) < 40]")
    except etree.XPathError:
        return []
    for node in nodes[:5000]:
        if not isinstance(node.tag, str) or node.tag in ("html", "body", "head", "meta",
                                                         "script", "style", "title"):
            continue
        text = spaced_text(node, 400)
        attr = node.get("datetime") or node.get("content") or ""
        if not (attr or _is_date_text(text)) or len(text) > 160:
            continue
        marks = f"{node.get('class', '')} {node.get('id', '')}"
        if _NOT_OWN_DATE.search(marks) or _in_other_part(node):
            continue
        day = sane_date(_lenient_date(attr) or date_in_text(text), retrieved)
        if day is None:
            continue
        card, heads, links = _card_of(node)
        if card is None or id(card) in cards:
            continue
        link = title = None
        if heads:
            title = " ".join(heads[0].text_content().split())
            link = next(iter(heads[0].iter("a")), None)
            if link is None:
                link = next(heads[0].iterancestors("a"), None)
        if link is None:
            link = max(links, key=lambda a: len(a.text_content()))
            title = title or " ".join(link.text_content().split())
        if title and len(title) <= 300 and link is not None:
            cards[id(card)] = (card, title, _absolute(link, link.get("href").strip()), day)
    # cards repeat: keep those whose shape (tag and class) another card shares, each post once
    shapes = [(c.tag, c.get("class", "")) for c, *_ in cards.values()]
    posts, seen = [], set()
    for (_card, title, url, day), shape in zip(cards.values(), shapes, strict=True):
        if shapes.count(shape) >= 2 and url not in seen:
            seen.add(url)
            posts.append({"title": title, "url": url, "published": day.isoformat()})
    return posts[:100]


def extract_html(fetched: Fetched, depth: int = 0, anchor: str = "", *, home: bool = False,
                 base: str = "/") -> Extracted:
    """Extract one HTML page: main text (trafilatura), metadata (extruct), date, kind, links.

    ``home`` marks the site's home page (the crawl's start page, wherever it lives); ``base``
    is the path the site lives under (``/org/``), so that kinds are judged from the path
    inside the site."""
    url = fetched.final_url
    text = strip_controls(decode_html(fetched.body, fetched.headers.get("Content-Type")))
    tree = parse_html(text, url)
    if "&#" in text and _control_refs(text):
        _clean_tree(tree)
    links = [(a.get("href", ""), " ".join(a.text_content().split())[:100])
             for a in tree.iter("a") if a.get("href")]
    feeds = [link.get("href") for link in tree.xpath('//link[@rel="alternate"][@href]')
             if (link.get("type") or "").lower() in FEED_TYPES]
    meta = _clean(extract_metadata(tree, text, url))  # JSON-LD strings may hold \u001b
    og = meta["opengraph"]
    title = page_title(tree, meta, url, home=home)
    description = _meta_content(tree, "description") or og.get("og:description", "")
    kind = "home" if home else guess_kind(site_path(url, base), anchor, schema_types(meta))
    published = published_date(tree, meta, url, kind, fetched.retrieved.date())
    blocks = page_blocks(tree, kind)
    # read from the whole tree before main text extraction prunes it
    meta["headline"] = main_heading(tree)
    meta["stamp"] = _meta_content(tree, "date", "last-modified", "dc.date.modified")[:40]
    canonical = tree.xpath('//link[@rel="canonical"]/@href')[:1] or [og.get("og:url", "")]
    meta["canonical"] = _absolute(tree, str(canonical[0]).strip())[:500] if canonical[0] else ""
    if kind in ("job", "careers"):
        meta["posting_status"] = posting_status(tree, title)
        full_text = spaced_text(tree)
    if kind in ("careers", "job"):
        meta["role_links"] = role_links(tree)
    if kind in ("news", "blog", "other") and is_listing(url):
        meta["listing"] = listed_posts(tree, fetched.retrieved.date())
    if kind in ("home", "about", "contact"):  # where an organisation shows its address
        meta["address_lines"] = address_lines(tree)
    body, meta["text_from"] = main_text(tree, url, text)
    if kind in ("job", "careers"):
        meta["not_hiring"] = says_not_hiring(body or full_text)
    page = Page(url=url, kind=kind, title=strip_controls(title), text=strip_controls(body),
                retrieved=fetched.retrieved, published=published,
                description=strip_controls(description), media_type=fetched.media_type,
                depth=depth, final_url=fetched.final_url, from_cache=fetched.from_cache,
                metadata=meta, blocks=blocks)
    return Extracted(page=page, links=links, feeds=[f for f in feeds if f])


def retitle_shared(pages: list[Page]) -> list[Page]:
    """Give pages that all carry the same ``<title>`` (a site that puts its own name and
    tagline on every page) their own main heading as title; the home page keeps it. Returns
    the pages changed. A title is site-wide when three or more HTML pages share it."""
    from collections import Counter

    html = [p for p in pages if p.media_type != "application/pdf"]
    counts = Counter(fold(p.title) for p in html)
    changed = []
    for page in html:
        heading = page.metadata.get("headline") or ""
        if counts[fold(page.title)] >= 3 and page.kind != "home" and heading \
                and fold(heading) != fold(page.title):
            page.title = heading
            changed.append(page)
    return changed


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


def parse_feed(body: bytes, base: str = "") -> list[FeedEntry]:
    """Entries of an RSS 2.0 or Atom feed (an entry's placeholder or future date dropped).
    Relative links are resolved against the entry's ``xml:base``, else ``base`` (the feed's
    own address), so ``/news/x`` and ``https://host/news/x`` are one address."""
    from email.utils import parsedate_to_datetime
    from urllib.parse import urljoin

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
            if name == "link" and child.get("rel", "alternate") == "alternate":
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
        link = fields.get("link", "")
        xml_base = next((b for b in (n.get("{http://www.w3.org/XML/1998/namespace}base")
                                     for n in itertools.chain([node], node.iterancestors()))
                         if b), "")
        if link and (xml_base or base):
            link = urljoin(urljoin(base, xml_base), link)
        if link:  # a defaulted or impossible date leaves the entry undated
            entries.append(FeedEntry(strip_controls(fields.get("title", "")), link,
                                     sane_date(published)))
    return entries
