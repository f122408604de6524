"""Defaults in one place: paths, crawl politeness and limits.

Paths are anchored at the project root (the folder holding ``pyproject.toml``) when infolib
runs from a checkout, so notebooks and the CLI find the same workbook wherever they start.
"""

from __future__ import annotations

import math
import numbers
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from infolib._version import __version__
from infolib.errors import ConfigError

PROJECT_URL = "https://github.com/infolib/infolib"
PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent
DEMO_SITE = PROJECT_ROOT / "data" / "demo" / "site"

#: Environment variable that points every infolib command at another workbook folder.
WORKBOOK_ENV = "INFOLIB_WORKBOOK"
DATABASE_FILE = "infolib.sqlite"
CACHE_FILE = "http-cache.sqlite"


def default_workbook_dir() -> Path:
    """The workbook folder: ``$INFOLIB_WORKBOOK`` if set, else the project's ``data/``.

    Raises ConfigError if ``$INFOLIB_WORKBOOK`` is set but empty (a slip that would otherwise
    put the workbook somewhere the user did not choose)."""
    env = os.environ.get(WORKBOOK_ENV)
    if env is None:
        return PROJECT_ROOT / "data"
    if not env.strip():
        from infolib.errors import ConfigError

        raise ConfigError(f"${WORKBOOK_ENV} is set but empty: set it to your workbook folder "
                          f"(export {WORKBOOK_ENV}=~/job-search), or unset it (unset "
                          f"{WORKBOOK_ENV}) to use the project's data/ folder.")
    return Path(env).expanduser().resolve()


def user_agent(contact: str | None = None) -> str:
    """The honest User-Agent: names infolib, its version and where to read about it."""
    extra = f"; {contact}" if contact else ""
    return f"infolib/{__version__} (+{PROJECT_URL}{extra})"


#: (lowest, highest, unit) of every number in CrawlSettings: finite, and sane, so a typo such as
#: ``--delay 1e9`` is refused at once instead of hanging a crawl for 30 years.
_NUMBER_RANGES = {
    "max_pages": (1, 1_000_000, "pages"),
    "max_depth": (0, 1_000, "link hops"),
    "delay": (0, 60, "seconds"),
    "crawl_delay_cap": (0, 60, "seconds"),
    "retries": (0, 10, "retries"),
    "retry_after_cap": (0, 600, "seconds"),
    "connect_timeout": (0, 300, "seconds"),
    "read_timeout": (0, 300, "seconds"),
    "total_timeout": (0, 3_600, "seconds"),
    "max_bytes": (1, 1_000_000_000, "bytes"),
    "max_redirects": (0, 50, "redirects"),
    "cache_expiry": (0, 10 * 365 * 24 * 3600, "seconds"),
}
_WHOLE_NUMBERS = {"max_pages", "max_depth", "retries", "max_bytes", "max_redirects"}
_ABOVE_ZERO = {"connect_timeout", "read_timeout", "total_timeout"}


@dataclass(frozen=True)
class CrawlSettings:
    """How a crawl behaves. The defaults are polite; change them with ``replace``.

    Args:
        max_pages: most pages (HTML or PDF) fetched and extracted per crawl, and most
            requests to the site besides robots.txt, one sitemap and one feed (redirects,
            failed fetches, further sitemaps and feeds come out of the same budget).
        max_depth: most link hops from the start page.
        delay: seconds between two requests to one host; each wait is ``delay`` times a
            jitter factor in ``jitter`` so the minimum is always honoured. The wait counts
            from the end of the previous response, so reading a page overlaps it.
        crawl_delay_cap: a robots.txt ``Crawl-delay`` is honoured up to this many seconds.
        retries: extra attempts after a 429 or 5xx answer (with back-off and Retry-After).
        retry_after_cap: the longest Retry-After or back-off wait accepted, in seconds.
        connect_timeout, read_timeout: per-socket timeouts, in seconds.
        total_timeout: the longest one response may take to arrive in full, in seconds.
        max_bytes: responses larger than this are skipped as "too large".
        max_redirects: redirect hops followed for one URL.
        cache_expiry: seconds a cached response is used without asking the site again.
        respect_robots: honour robots.txt (leave on: it is the site's stated wish).
        contact: an e-mail or URL added to the User-Agent so a site owner can reach you.

    Every number must be finite and in a sane range (``delay`` from 0 to 60 seconds, say);
    anything else raises ConfigError saying the range.
    """

    max_pages: int = 40
    max_depth: int = 4
    delay: float = 1.0
    jitter: tuple[float, float] = (1.0, 1.1)
    crawl_delay_cap: float = 10.0
    retries: int = 2
    retry_after_cap: float = 30.0
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    cache_expiry: float = 24 * 3600.0
    respect_robots: bool = True
    contact: str | None = None
    extra_headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, (low, high, unit) in _NUMBER_RANGES.items():
            value = getattr(self, name)
            span = (f"above 0 and at most {high:,g}" if name in _ABOVE_ZERO
                    else f"from {low:,g} to {high:,g}")
            use = f"use a{' whole' if name in _WHOLE_NUMBERS else ''} number of {unit} {span}."
            if isinstance(value, bool) or not isinstance(value, numbers.Real) \
                    or math.isnan(value):
                raise ConfigError(f"{name}={value!r} is not a number: {use}")
            if name in _WHOLE_NUMBERS and not float(value).is_integer():
                raise ConfigError(f"{name}={value!r} is not a whole number: {use}")
            if not ((value > low if name in _ABOVE_ZERO else value >= low) and value <= high):
                raise ConfigError(f"{name}={value!r} is out of range: {use}")
        try:
            low, high = (float(v) for v in self.jitter)
        except (TypeError, ValueError):
            low = high = math.nan
        if not (0 < low <= high <= 10):  # NaN fails every comparison
            raise ConfigError(f"jitter={self.jitter!r} must be (low, high) with "
                              "0 < low <= high <= 10.")

    @property
    def user_agent(self) -> str:
        return user_agent(self.contact)

    def replace(self, **changes) -> CrawlSettings:
        return replace(self, **changes)


def private_file(path: Path) -> Path:
    """Make ``path``'s folder (0700) and the file itself (0600) readable by this user only,
    creating an empty file if there is none: the workbook and its cache hold a job search."""
    import os

    path = Path(path)
    new_folder = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    if new_folder:
        os.chmod(path.parent, 0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    elif path.stat().st_uid == os.getuid():
        os.chmod(path, 0o600)
    return path

