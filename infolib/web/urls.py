"""URL checks and normalisation used by the crawler."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from infolib.errors import InvalidURLError

# Query parameters that only track visitors; dropping them merges duplicate spellings.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|sessionid|phpsessid|sid)$", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Parts of a URL that mark a crawler trap: calendars, endless pagination, faceted filters.
_DATE_PATH = re.compile(r"/(19|20)\d{2}[/-](0?[1-9]|1[0-2])([/-]\d{1,2})?/?$")
_CALENDAR = re.compile(r"(calendar|/events?/\d{4})", re.I)
_PAGE_PARAM = re.compile(r"^(page|p|pg|offset|start)$", re.I)
_PAGE_PATH = re.compile(r"/page/(\d+)/?$", re.I)


def check_start_url(url: str) -> str:
    """Return ``url`` normalised, or raise InvalidURLError saying what is wrong with it."""
    if not isinstance(url, str) or not url.strip():
        raise InvalidURLError(str(url), "the address is empty")
    url = url.strip()
    if "://" not in url and not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
        raise InvalidURLError(url, "it has no scheme (add https:// in front)")
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed or invalid [IPv6] host
        raise InvalidURLError(url, "its host is not a valid name or address") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidURLError(url, f"the {parts.scheme}: scheme is not a web page")
    if not parts.hostname:
        raise InvalidURLError(url, "it has no host name")
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise InvalidURLError(url, "its port is not a number between 0 and 65535") from None
    return normalise(url)


def normalise(url: str) -> str:
    """One spelling per page: lower-case scheme and host, no default port, no fragment,
    no tracking parameters, sorted query, ``/`` for an empty path. An IPv6 host keeps its
    brackets (``http://[::1]:8000/``)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # hostname drops the brackets an IPv6 address needs in a URL
        host = f"[{host}]"
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    return urlunsplit((scheme, netloc, path, query, ""))


def resolve(base: str, href: str) -> tuple[str | None, str | None]:
    """Resolve a link found on ``base``. Returns ``(url, None)`` or ``(None, reason)`` where
    reason is ``"non-http"`` for mailto:, javascript:, tel:, data: and similar links."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None, None
    try:
        absolute = urljoin(base, href)
        scheme = urlsplit(absolute).scheme.lower()
        if scheme not in ("http", "https"):
            return None, "non-http"
        return normalise(absolute), None
    except ValueError:  # a bad port, an unclosed or invalid [IPv6] host
        return None, "invalid url"


def site_key(url: str) -> str:
    """The host a crawl stays on, ignoring a leading ``www.``."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def same_site(url: str, start: str) -> bool:
    a, b = urlsplit(url), urlsplit(start)
    return site_key(url) == site_key(start) and (a.port or 0) == (b.port or 0)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def trap_reason(url: str, max_page_number: int = 20) -> str | None:
    """Say why ``url`` looks like a crawler trap (endless pagination, calendars), or None."""
    parts = urlsplit(url)
    if len(url) > 500 or parts.path.count("/") > 12:
        return "trap: url too long"
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) != len(set(segments)) and len(segments) - len(set(segments)) >= 3:
        return "trap: repeating path"
    if _CALENDAR.search(parts.path) and _DATE_PATH.search(parts.path):
        return "trap: calendar"
    for key, value in parse_qsl(parts.query):
        if _PAGE_PARAM.match(key) and value.isdigit() and int(value) > max_page_number:
            return "trap: pagination"
        if key.lower() in ("date", "month", "year", "day") and "calendar" in url.lower():
            return "trap: calendar"
    match = _PAGE_PATH.search(parts.path)
    if match and int(match.group(1)) > max_page_number:
        return "trap: pagination"
    return None


def site_path(url: str, base: str) -> str:
    """``url`` as if its site lived at the host's root: ``http://host/org/about/`` with base
    ``/org/`` is ``http://host/about/`` (the base itself is ``http://host/``)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if base != "/" and (path.startswith(base) or path + "/" == base):
        path = "/" + path[len(base):]
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
