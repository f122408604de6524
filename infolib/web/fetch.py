"""Polite fetching: robots.txt, one request at a time per host, delays, retries, size caps,
and an on-disk cache.

The politeness rules live in a transport adapter, below the cache: a response served from the
cache never waits, never counts against a host's delay and never touches the network.

Compressed responses (``Content-Encoding: gzip`` or ``deflate``, all that infolib asks for) are
decoded in the adapter as they stream in, so the size cap holds for the decoded body (a small
gzip body that inflates to gigabytes stops at the cap), and the cache keeps the decoded body
with headers that describe it.
"""

from __future__ import annotations

import email.utils
import logging
import random
import sqlite3
import threading
import time
import zlib
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter

from infolib.config import CrawlSettings
from infolib.errors import (
    FetchError,
    InfolibError,
    RedirectError,
    RobotsDisallowed,
    TooLargeError,
    UnsupportedContentError,
    WriteError,
)
from infolib.web.urls import normalise, origin, same_site

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml",
              "application/rss+xml", "application/atom+xml", "application/pdf")
_CHUNK = 64 * 1024
#: The content codings infolib decodes; Accept-Encoding offers these and nothing else.
ACCEPT_ENCODING = "gzip, deflate"
_CODINGS = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate"}
#: A gzip file (a ``sitemap.xml.gz``), as opposed to a gzip-encoded response.
GZIP_TYPES = ("application/gzip", "application/x-gzip")
_GZIP_MAGIC = b"\x1f\x8b"
_MARKUP = (b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<rss", b"<feed", b"<urlset")


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _retry_after_seconds(value: str | None) -> float | None:
    """Parse Retry-After as seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Inflater:
    """Decode one content coding (``gzip`` or ``deflate``) piece by piece, never producing
    more than the caller asks for, so a decompression bomb costs no more than the size cap.

    ``deflate`` is zlib-wrapped by the standard; the raw deflate some servers send instead is
    recognised by its first two bytes. A gzip body may hold several members; bytes after the
    end of the compressed data are ignored, as browsers do.
    """

    def __init__(self, coding: str):
        self.coding = _CODINGS[coding]
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16) if self.coding == "gzip" else None
        # deflate: the first byte, until the second tells the wrapping; gzip: a first byte of
        # the next member's two-byte magic, until the next piece says whether one follows
        self._held = b""
        self._fed = False
        self._ended = False  # the compressed data is complete
        self._members = 0

    def decode(self, data: bytes, limit: int) -> bytes:
        """Decode ``data``, returning at most ``limit`` (>= 1) bytes: when it returns exactly
        ``limit``, more was there. Raises zlib.error for data not in the coding."""
        self._fed = self._fed or bool(data)
        data, self._held = self._held + data, b""
        if self._zlib is None:
            if len(data) < 2:
                self._held = data
                return b""
            cmf, flg = data[0], data[1]
            wrapped = cmf & 0x0F == 8 and cmf >> 4 <= 7 and ((cmf << 8) | flg) % 31 == 0
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        out = b""
        while data and len(out) < limit:
            if self._ended:
                if self.coding == "gzip" and len(data) < len(_GZIP_MAGIC) \
                        and _GZIP_MAGIC.startswith(data):
                    self._held = data  # a piece may end inside the next member's magic
                    break
                if self.coding != "gzip" or not data.startswith(_GZIP_MAGIC):
                    break  # trailing bytes
                self._zlib, self._ended = zlib.decompressobj(zlib.MAX_WBITS | 16), False
            try:
                out += self._zlib.decompress(data, limit - len(out))
            except zlib.error:
                if self._members:  # a damaged member after a complete one: trailing bytes
                    self._ended = True
                    break
                raise
            if self._zlib.eof:
                self._ended, self._members = True, self._members + 1
                data = self._zlib.unused_data
            else:
                data = self._zlib.unconsumed_tail
        return out

    @property
    def complete(self) -> bool:
        """True when the compressed data ended properly (or none was sent at all)."""
        return not self._fed or self._ended


def inflate_capped(body: bytes, coding: str, cap: int, url: str) -> bytes:
    """Decode a whole compressed ``body`` (e.g. a ``.xml.gz`` file) under a size cap.

    Raises:
        TooLargeError past ``cap`` decoded bytes; FetchError (reason ``unreadable``) for
        damaged or truncated data.
    """
    inflater = Inflater(coding)
    try:
        out = inflater.decode(body, cap + 1)
    except zlib.error as exc:
        raise FetchError(url, f"{url}: its {coding} data is damaged ({exc})",
                         reason="unreadable") from exc
    if len(out) > cap:
        raise TooLargeError(url, f"{url} is larger than the {cap:,}-byte cap once decompressed "
                                 "(CrawlSettings.max_bytes)")
    if not inflater.complete:
        raise FetchError(url, f"{url}: its {coding} data ends early", reason="unreadable")
    return out


def _content_codings(header: str | None) -> list[str]:
    """The codings named by a Content-Encoding header, in the order they were applied."""
    names = [name.strip().lower() for name in (header or "").split(",")]
    return [name for name in names if name and name != "identity"]


class PoliteAdapter(HTTPAdapter):
    """An HTTPAdapter that waits between requests to a host, retries 429/5xx with back-off,
    and reads bodies as a stream under a size cap and a total deadline."""

    def __init__(self, settings: CrawlSettings, rng: random.Random | None = None):
        super().__init__(pool_connections=4, pool_maxsize=4, max_retries=0)
        self.settings = settings
        self.rng = rng or random.Random()
        self._host_locks: dict[str, threading.Lock] = {}
        self._next_allowed: dict[str, float] = {}
        self._host_delay: dict[str, float] = {}
        self._guard = threading.Lock()
        self.requests_sent = 0

    def set_crawl_delay(self, host: str, seconds: float | None) -> float:
        """Honour a robots.txt Crawl-delay for ``host`` up to the configured cap."""
        delay = self.settings.delay
        if seconds:
            delay = max(delay, min(float(seconds), self.settings.crawl_delay_cap))
        self._host_delay[host] = delay
        return delay

    def delay_for(self, host: str) -> float:
        return self._host_delay.get(host, self.settings.delay)

    def _lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._host_locks.setdefault(host, threading.Lock())

    def _wait_turn(self, host: str) -> None:
        wait = self._next_allowed.get(host, 0.0) - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _done(self, host: str, extra: float = 0.0) -> None:
        low, high = self.settings.jitter
        pause = self.delay_for(host) * self.rng.uniform(low, high)
        self._next_allowed[host] = time.monotonic() + max(pause, extra)

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        s = self.settings
        host = urlsplit(request.url).netloc
        with self._lock(host):
            for attempt in range(s.retries + 1):
                self._wait_turn(host)
                with self._guard:  # hosts may be fetched from several threads at once
                    self.requests_sent += 1
                try:
                    response = super().send(request, stream=True,
                                            timeout=(s.connect_timeout, s.read_timeout),
                                            verify=verify, cert=cert, proxies=proxies)
                except BaseException:
                    self._done(host)
                    raise
                if response.status_code in RETRY_STATUSES and attempt < s.retries:
                    backoff = max(s.delay, 0.5) * (2 ** attempt)
                    asked = _retry_after_seconds(response.headers.get("Retry-After"))
                    wait = min(asked if asked is not None else backoff, s.retry_after_cap)
                    log.info("%s answered %s; retrying in %.1f s", request.url,
                             response.status_code, wait)
                    response.close()
                    self._done(host, extra=wait)
                    continue
                try:
                    self._read_body(request.url, response)
                finally:
                    self._done(host)
                return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _read_body(self, url: str, response: requests.Response) -> None:
        """Read the body as a stream, decoding gzip or deflate as it comes, stopping at the
        size cap (of the decoded body) or the deadline."""
        s = self.settings
        media = _media_type(response.headers.get("Content-Type"))
        try:
            path = urlsplit(url).path.lower()
            as_octets = media == "application/octet-stream" and path.endswith((".pdf", ".gz"))
            gzip_file = media in GZIP_TYPES and path.endswith(".gz")
            if response.status_code < 300 and media and not media.startswith(TEXT_TYPES) \
                    and not as_octets and not gzip_file:
                raise UnsupportedContentError(url, f"{url} is {media}, not a page or a PDF")
            inflater = self._inflater(url, response)
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > s.max_bytes:
                raise TooLargeError(url, f"{url} is {int(length):,} bytes; the cap is "
                                         f"{s.max_bytes:,} (CrawlSettings.max_bytes)")
            started, wire, size, chunks = time.monotonic(), 0, 0, []
            raw = response.raw
            while True:
                chunk = raw.read1(_CHUNK, decode_content=False) if hasattr(raw, "read1") \
                    else raw.read(_CHUNK, decode_content=False)
                if not chunk:
                    break
                wire += len(chunk)
                if inflater is not None:
                    chunk = inflater.decode(chunk, s.max_bytes - size + 1)
                size += len(chunk)
                if size > s.max_bytes or wire > s.max_bytes:
                    raise TooLargeError(url, f"{url} is larger than the {s.max_bytes:,}-byte cap"
                                             f"{' once decompressed' if inflater else ''} "
                                             "(CrawlSettings.max_bytes)")
                chunks.append(chunk)
                if time.monotonic() - started > s.total_timeout:
                    raise FetchError(url, f"{url} did not finish within {s.total_timeout:g} s",
                                     reason="timeout")
            if inflater is not None and not inflater.complete:
                raise FetchError(url, f"{url}: its {inflater.coding}-compressed body ends early",
                                 reason="unreadable")
            response._content = b"".join(chunks)
            response._content_consumed = True
            if inflater is not None or response.status_code == 304:
                _describe_decoded(response)
        except zlib.error as exc:
            response.close()
            raise FetchError(url, f"{url}: its compressed body is damaged ({exc})",
                             reason="unreadable") from exc
        except FetchError:
            response.close()
            raise
        except Exception as exc:  # urllib3 read errors: timeouts, resets, bad chunking
            response.close()
            reason = "timeout" if "timed out" in str(exc).lower() else "connection error"
            raise FetchError(url, f"{url}: {reason} while reading ({exc})", reason=reason) from exc

    @staticmethod
    def _inflater(url: str, response: requests.Response) -> Inflater | None:
        """The decoder the response's Content-Encoding needs, or None for an unencoded body."""
        header = response.headers.get("Content-Encoding")
        codings = _content_codings(header)
        if not codings:
            return None
        if len(codings) > 1 or codings[0] not in _CODINGS:
            raise UnsupportedContentError(
                url, f"{url} is sent with Content-Encoding {header!r}, which infolib cannot "
                     f"decode (it asks for {ACCEPT_ENCODING} only)")
        return Inflater(codings[0])


def _describe_decoded(response: requests.Response) -> None:
    """Make the headers kept with a decoded body (and merged from a 304 into the cached one)
    describe it: no Content-Encoding, and its own Content-Length."""
    raw_headers = getattr(response.raw, "headers", None)
    for headers in (response.headers, raw_headers):
        if headers is None:
            continue
        headers.pop("Content-Encoding", None)
        if response.status_code == 304:
            headers.pop("Content-Length", None)
        elif "Content-Length" in headers:
            headers["Content-Length"] = str(len(response._content))


@dataclass
class Fetched:
    """One fetched document."""

    url: str
    final_url: str
    status: int
    media_type: str
    body: bytes
    headers: dict[str, str]
    retrieved: datetime
    from_cache: bool = False
    redirects: list[str] = field(default_factory=list)


@dataclass
class RobotsPolicy:
    """What a site's robots.txt says to infolib."""

    origin: str
    status: str  # "parsed", "missing (HTTP 404): all allowed", "error ...: all disallowed", "ignored"
    parser: object | None = None
    allow_all: bool = True
    crawl_delay: float | None = None
    sitemaps: list[str] = field(default_factory=list)

    def allows(self, url: str, agent: str = "infolib") -> bool:
        if self.parser is not None:
            return self.parser.can_fetch(url, agent)
        return self.allow_all


class Fetcher:
    """Fetch pages politely, through the cache when one is given.

    Args:
        settings: politeness and limits.
        cache_path: SQLite file for requests-cache; ``None`` fetches without a cache.
        revalidate: ask the site about every cached response, even one not yet expired (a
            conditional request: an unchanged page costs a 304 and no body), so that a
            refresh sees the site as it is now.
    """

    def __init__(self, settings: CrawlSettings | None = None, cache_path: Path | None = None,
                 revalidate: bool = False):
        self.settings = settings or CrawlSettings()
        self.adapter = PoliteAdapter(self.settings)
        if cache_path is not None:
            import requests_cache

            from infolib.config import private_file

            private_file(cache_path)
            check_cache_writable(Path(cache_path))
            self.session = requests_cache.CachedSession(
                str(cache_path), backend="sqlite", expire_after=self.settings.cache_expiry,
                stale_if_error=True, allowable_methods=("GET",), wal=True,
                always_revalidate=revalidate,
                allowable_codes=(200, 203, 300, 301, 302, 303, 307, 308, 404, 410))
        else:
            self.session = requests.Session()
        self.session.mount("http://", self.adapter)
        self.session.mount("https://", self.adapter)
        self.session.headers.update({
            "User-Agent": self.settings.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,"
                      "application/pdf;q=0.8,*/*;q=0.5",
            "Accept-Language": "en;q=1.0, *;q=0.5",
            "Accept-Encoding": ACCEPT_ENCODING,
            **self.settings.extra_headers,
        })
        self._robots: dict[str, RobotsPolicy] = {}

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # robots.txt -------------------------------------------------------------------------
    def robots(self, url: str) -> RobotsPolicy:
        """The robots.txt policy for ``url``'s origin (RFC 9309: 4xx allows, 5xx disallows)."""
        site = origin(url)
        if site in self._robots:
            return self._robots[site]
        if not self.settings.respect_robots:
            policy = RobotsPolicy(site, "ignored (respect_robots=False)")
        else:
            policy = self._load_robots(site)
        self.adapter.set_crawl_delay(urlsplit(site).netloc, policy.crawl_delay)
        self._robots[site] = policy
        return policy

    def _load_robots(self, site: str) -> RobotsPolicy:
        from protego import Protego

        robots_url = site + "/robots.txt"
        try:
            response = self._get(robots_url, allow_redirects=True)
        except FetchError as exc:
            if exc.reason in ("too large", "unsupported type"):
                return RobotsPolicy(site, f"unusable robots.txt ({exc.reason}): all allowed")
            raise
        if 400 <= response.status_code < 500:
            return RobotsPolicy(site, f"missing (HTTP {response.status_code}): all allowed")
        if response.status_code >= 500:
            return RobotsPolicy(site, f"error (HTTP {response.status_code}): all disallowed",
                                allow_all=False)
        text = response.content.decode("utf-8", errors="replace")
        parser = Protego.parse(text)
        delay = parser.crawl_delay("infolib")
        return RobotsPolicy(site, "parsed", parser=parser,
                            crawl_delay=float(delay) if delay is not None else None,
                            sitemaps=[normalise(urljoin(site + "/", u)) for u in parser.sitemaps])

    # fetching -----------------------------------------------------------------------------
    def _get(self, url: str, allow_redirects: bool = False) -> requests.Response:
        try:
            return self.session.get(url, allow_redirects=allow_redirects,
                                    timeout=(self.settings.connect_timeout,
                                             self.settings.read_timeout))
        except FetchError:
            raise
        except requests.TooManyRedirects as exc:
            raise RedirectError(url, f"{url} redirects too many times") from exc
        except requests.Timeout as exc:
            raise FetchError(url, f"{url} timed out ({exc.__class__.__name__})",
                             reason="timeout") from exc
        except requests.ConnectionError as exc:
            raise FetchError(url, f"could not connect to {urlsplit(url).netloc}",
                             reason="unreachable") from exc
        except requests.RequestException as exc:
            raise FetchError(url, f"{url}: {exc}", reason="request error") from exc
        except sqlite3.Error as exc:  # the cache's database: a full disk, not this page's fault
            raise _cache_error(exc, getattr(self.session, "cache", None)) from None

    def fetch(self, url: str, stay_on: str | None = None, gzip_file: bool = False,
              max_requests: int | None = None, read_already: Container[str] = ()) -> Fetched:
        """Fetch one URL, following redirects one hop at a time (each hop is checked against
        robots.txt and, if ``stay_on`` is given, must stay on that site).

        ``gzip_file=True`` accepts a gzip file (a ``sitemap.xml.gz``) and returns what it
        holds, decompressed under the size cap. ``max_requests``: the most requests the site
        may be sent for this URL (a redirect hop costs one; answers from the cache are free).
        ``read_already``: addresses the caller has read; a redirect to one of them is not
        followed (it would cost the site a request for a page the caller has).

        Raises:
            FetchError (or a subclass) naming the URL and the reason; reason ``page budget``
            when a redirect would need a request past ``max_requests``, ``duplicate`` when
            it leads to a page in ``read_already``.
        """
        current, seen = url, [url]
        before = self.adapter.requests_sent
        for _ in range(self.settings.max_redirects + 1):
            if not self.robots(current).allows(current):
                raise RobotsDisallowed(current, f"robots.txt of {origin(current)} disallows "
                                                f"{current}")
            if max_requests is not None and self.adapter.requests_sent - before >= max_requests:
                raise FetchError(url, f"{url} redirects to {current}, a request past the "
                                      "crawl's budget (CrawlSettings.max_pages)",
                                 reason="page budget")
            response = self._get(current)
            if response.is_redirect and "Location" in response.headers:
                target = normalise(urljoin(current, response.headers["Location"]))
                if target in seen:
                    raise RedirectError(url, f"{url} redirects in a loop via {target}")
                if target in read_already:
                    raise FetchError(url, f"{url} redirects to {target}, read already",
                                     reason="duplicate")
                if stay_on and not same_site(target, stay_on):
                    raise FetchError(url, f"{url} redirects off the site to {target}",
                                     reason="off-site")
                seen.append(target)
                current = target
                continue
            if response.status_code >= 400:
                raise FetchError(current, f"{current} answered HTTP {response.status_code}",
                                 reason=f"HTTP {response.status_code}")
            return self._fetched(url, current, response, seen[1:], gzip_file)
        raise RedirectError(url, f"{url} redirects more than {self.settings.max_redirects} times")

    def _fetched(self, url: str, final: str, response, redirects: list[str],
                 gzip_file: bool = False) -> Fetched:
        created = getattr(response, "created_at", None)
        from_cache = bool(getattr(response, "from_cache", False))
        # a stale copy the site has just confirmed (304 Not Modified) was read today
        confirmed = bool(getattr(response, "revalidated", False))
        retrieved = created if (from_cache and created and not confirmed) else datetime.now(UTC)
        if retrieved.tzinfo is None:
            retrieved = retrieved.replace(tzinfo=UTC)
        body = response.content or b""
        media = _media_type(response.headers.get("Content-Type")) or sniff_media_type(body)
        if body.startswith(_GZIP_MAGIC) and (gzip_file or media in GZIP_TYPES):
            if not gzip_file:
                raise UnsupportedContentError(final, f"{final} is a gzip file, not a page")
            body = inflate_capped(body, "gzip", self.settings.max_bytes, final)
            media = sniff_media_type(body)
        if media == "application/octet-stream":
            media = sniff_media_type(body)
        if media not in TEXT_TYPES:
            raise UnsupportedContentError(final, f"{final} is {media or 'of unknown type'}")
        if media != "application/pdf" and looks_binary(body):
            raise UnsupportedContentError(final, f"{final} claims {media} but holds binary data")
        return Fetched(url=url, final_url=final, status=response.status_code, media_type=media,
                       body=body, headers=dict(response.headers), retrieved=retrieved,
                       from_cache=from_cache, redirects=redirects)


def check_cache_writable(path: Path) -> None:
    """Write to the cache file once before crawling: on a full disk requests-cache waits for
    ever for its write lock, or fails later with a missing table, so say it plainly first.

    Raises:
        WriteError: the disk holding ``path`` is full (or the file cannot grow).
    """
    try:
        connection = sqlite3.connect(path, timeout=5)
    except sqlite3.Error as exc:
        raise _cache_error(exc, path) from None
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.isolation_level = None  # the transaction is ours: create and drop as one,
        connection.execute("BEGIN IMMEDIATE")  # so two crawls opening the cache at once queue
        try:
            connection.execute("CREATE TABLE IF NOT EXISTS infolib_probe (x)")
            connection.execute("DROP TABLE infolib_probe")
        finally:
            connection.execute("ROLLBACK")  # the probe leaves nothing behind
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc):
            raise _cache_error(exc, path) from None
        # another crawl is writing to it this moment: it can be written, requests-cache waits
    except sqlite3.Error as exc:
        raise _cache_error(exc, path) from None
    finally:
        connection.close()


def _cache_error(exc: Exception, where) -> InfolibError:
    """A plain message for an error of the cache's database."""
    where = getattr(where, "db_path", where) or "the HTTP cache"
    text = str(exc)
    if "full" in text or "disk I/O error" in text:
        return WriteError(f"The disk holding the HTTP cache {where} is full: nothing was "
                          "written. Free some space and try again.")
    return WriteError(f"The HTTP cache {where} cannot be used ({text}): delete that file "
                      "(it only holds copies of pages) and try again.")


def sniff_media_type(body: bytes) -> str:
    head = body[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head:
        return "text/html"
    if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<urlset")):
        return "application/xml"
    if looks_binary(body):
        return "application/octet-stream"
    return "text/plain"


def looks_binary(body: bytes) -> bool:
    """True when the first bytes hold NULs or many control bytes (images, archives); a
    document that starts as markup is text, whatever stray control characters it holds."""
    sample = body[:2048]
    if not sample or sample.lstrip()[:9].lower().startswith(_MARKUP):
        return False
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control / len(sample) > 0.05
