"""Build a sourced company profile from crawled pages.

Structured metadata (schema.org JSON-LD or microdata) is trusted first; the pages' own headings
and sentences fill what it leaves out. Every fact keeps the URL it came from and the date that
page was retrieved.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from infolib.models import CompanyProfile, Document, Fact, FeedEntry, Item, Page, Skip
from infolib.research.news import find_news, find_roles
from infolib.research.people import find_people
from infolib.research.places import (
    Place,
    address_in_lines,
    addresses_in,
    country_code,
    country_name,
    parse_address,
    places_in_text,
    region_name,
)
from infolib.research.products import find_products
from infolib.research.schemaorg import ORG_TYPES, as_list, items_of, text_of, types_of

SOCIAL_HOSTS = {"linkedin.com": "LinkedIn", "twitter.com": "X (Twitter)", "x.com": "X (Twitter)",
                "github.com": "GitHub", "gitlab.com": "GitLab", "youtube.com": "YouTube",
                "facebook.com": "Facebook", "instagram.com": "Instagram",
                "mastodon.social": "Mastodon", "bsky.app": "Bluesky", "medium.com": "Medium",
                "crunchbase.com": "Crunchbase", "glassdoor.com": "Glassdoor",
                "wikipedia.org": "Wikipedia", "tiktok.com": "TikTok", "threads.net": "Threads"}
#: Path parts of share, intent, redirect and content addresses on a network: never a profile.
_NOT_PROFILE = {"share", "sharer", "sharer.php", "sharearticle", "intent", "sharing", "submit",
                "dialog", "home", "search", "hashtag", "explore", "login", "signup", "status",
                "statuses", "watch", "playlist", "embed", "shorts", "posts", "post", "p", "pin",
                "l.php", "redir", "redirect", "feed", "in", "settings", "help", "legal",
                "privacy", "terms", "about", "events", "jobs", "topics", "tag", "tags", "i"}
#: A first path part after which the second is the profile's handle (/company/acme).
_PROFILE_PREFIXES = {"company", "school", "showcase", "organization", "c", "channel", "user",
                     "pages", "profile", "orgs", "wiki"}
#: Query keys that carry another address (a share link) or track the visit.
_SHARED_KEYS = {"u", "url", "text", "status", "shareurl", "href", "mini", "title"}
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|si|ref|"
                       r"ref_src|ref_url|trk|trkinfo|originalsubdomain)$", re.I)


def _profile_handle(url: str) -> str:
    """The handle of a profile address on a social network ("acme" of
    ``linkedin.com/company/acme``, ``x.com/acme``, ``youtube.com/@acme``), or "" when the
    address is a share, intent or tracking link, a post, a repository or a person's page."""
    parts = urlsplit(url)
    keys = {k.lower() for k, _v in parse_qsl(parts.query, keep_blank_values=True)}
    if keys & _SHARED_KEYS or (parts.hostname or "").startswith(("l.", "lm.", "m.")) and keys:
        return ""
    segments = [s for s in parts.path.split("/") if s]
    host = (parts.hostname or "").lower().removeprefix("www.")
    network = next((h for h in SOCIAL_HOSTS if host == h or host.endswith("." + h)), "")
    sub = host[: -len(network) - 1] if network and host != network else ""
    if sub and sub not in ("m", "mobile", "en", "de", "fr", "es", "it", "nl") and not segments:
        return sub  # acme.medium.com
    if any(s.lower() in _NOT_PROFILE for s in segments):
        return ""
    if len(segments) == 1:
        return segments[0].lstrip("@")
    if len(segments) == 2 and segments[0].lower() in _PROFILE_PREFIXES:
        return segments[1].lstrip("@")
    return ""


def _untracked(url: str) -> str:
    """``url`` without tracking parameters (utm_…, fbclid…) or a fragment."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not _TRACKING.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _network_of(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return next((label for h, label in SOCIAL_HOSTS.items()
                 if host == h or host.endswith("." + h)), None)
_EMPLOYEES = re.compile(r"\b(?:around|about|over|more than|nearly|some|approximately)?\s*"
                        r"(\d{1,3}(?:,\d{3})*|\d+)\s+(?:employees|people|staff|colleagues|"
                        r"team members)\b", re.I)
#: Separators between a title's parts ("About us | Acme", "Acme – Batteries that last").
_TITLE_SEP = re.compile(r"\s+[|·•–—»/~│-]{1,2}\s+|\s*[|·•»│]\s*")
#: Title parts that name a kind of page, never the organisation.
_PAGE_WORDS = {"home", "homepage", "welcome", "blog", "news", "about", "about us", "contact",
               "contact us", "index", "main", "start"}
_LEGAL = re.compile(r",?\s+(?:inc|ltd|llc|plc|gmbh|sarl|sa|bv|ag|corp|co)\.?$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(])|\n+")
# headings of a mission or values section; the whole heading must say it ("Join the mission"
# is a call to action, not the mission)
_MISSION_HEAD = re.compile(r"^(?:our |the |why )?(?:mission(?: statement)?|purpose|"
                           r"why we exist|reason for being|mission (?:and|&) (?:vision|values))"
                           r"$", re.I)
_MISSION_HEAD_STRICT = re.compile(r"^(?:our |the )?(?:mission(?: statement)?|why we exist|"
                                  r"our purpose)$", re.I)
_VISION_HEAD = re.compile(r"^(?:our |the )?vision(?: (?:and|&) mission)?$", re.I)
_VALUES_HEAD = re.compile(r"\b(?:values|principles|ethos|beliefs|what we believe|"
                          r"what we stand for|how we work|guiding)\b", re.I)
_PAGE_SLUGS = re.compile(r"(?:^|[/_-])(?:mission|vision|purpose|values|about|who-we-are|"
                         r"our-story|history|manifesto)(?:[/._-]|$)", re.I)
_POST_KINDS = ("blog", "news", "job")
#: Verbs with which an organisation says what it does ("Acme builds…").
_DOES = (r"(?:builds|makes|helps|provides|develops|offers|creates|supports|enables|exists|"
         r"designs|delivers|empowers|brings|connects|gives|works|weaves|produces|manufactures|"
         r"sells|runs|operates|serves|funds|promotes|publishes|prints|trains|teaches|measures|"
         r"protects|advocates|represents|unites|advances|speciali[sz]es|focuses|partners|"
         r"invests|combines|turns|transforms|hosts|maintains|sustains|grows|brews|repairs)")
#: A paragraph that opens by saying what a named organisation is or does ("Acme builds…",
#: "Acme Labs (AL) is a…").
_SAYS = re.compile(r"^(?:The )?(?P<name>[A-Z][\w&'’.-]*(?: (?:of |for |and |& )?[A-Z][\w&'’.-]*)"
                   r"{0,4})(?: \([A-Z][A-Za-z]{1,7}\))?(?:,? (?:is|are) (?:a|an|the|one)\b| "
                   rf"{_DOES}\b)")
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WHEN = rf"(?:in |on |since )?(?:(?:early |mid-?|late )?{_MONTHS} )?(?:\d{{1,2}}(?:st|nd|rd|th)?,? )?"
_FOUNDED_VERB = (r"(?:co-?)?found(?:ed)?|established|incorporated|formed|created|launched|"
                 r"started|born|set up|began")


def _address(value) -> Place | None:
    """A schema.org address (PostalAddress, Place, or plain text) as a Place."""
    if isinstance(value, list):
        value = value[0] if value else {}
    if isinstance(value, dict) and "address" in value:
        return _address(value["address"])
    if isinstance(value, str):
        return parse_address(value) or (Place(city=value.strip()) if value.strip() else None)
    if not isinstance(value, dict):
        return None
    street = text_of(value.get("streetAddress"))
    city = text_of(value.get("addressLocality"))
    region = text_of(value.get("addressRegion"))
    code = text_of(value.get("addressCountry"))
    country = country_name(code, codes=True) or code
    if not (city or country):
        name = text_of(value.get("name"))
        return Place(city=name) if name else None
    if len(region) <= 3 and country:
        region = region_name(country_code(country), region.upper()) or region
    parts = [street, " ".join(p for p in (text_of(value.get("postalCode")), city) if p),
             country]
    return Place(city=city, region=region, country=country,
                 address=", ".join(p for p in parts if p))


def _employees(value) -> str:
    if isinstance(value, dict):
        if value.get("value") is not None:
            return str(value["value"])
        low, high = value.get("minValue"), value.get("maxValue")
        if low is not None and high is not None:
            return f"{low}–{high}"
    return text_of(value)


def _founded(value) -> str:
    text = text_of(value)
    match = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not match:
        return text
    return "-".join(p for p in match.groups() if p)


def _fold(text: str) -> str:
    """A name's key: lower case, letters and digits only, without a leading "the" or a legal
    suffix (Inc, Ltd…)."""
    text = _LEGAL.sub("", " ".join(str(text or "").split()))
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    return re.sub(r"[\W_]+", "", text.lower())


def _acronym(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", name)
             if w.lower() not in ("the", "of", "and", "for", "&")]
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else ""


def sentences(text: str) -> list[str]:
    """A page text's sentences (split at sentence ends and line breaks)."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]


def _short(text: str, limit: int = 2) -> str:
    """The first ``limit`` sentences of ``text`` (one when they run long)."""
    parts = sentences(" ".join(text.split()))
    if not parts:
        return ""
    kept = " ".join(parts[:limit])
    return parts[0] if len(kept.split()) > 70 else kept


class _Builder:
    def __init__(self, pages: list[Page]):
        self.pages = pages
        self.profile = CompanyProfile()
        order = ["home", "about", "contact", "team", "investors"]
        self.ranked = sorted(pages, key=lambda p: (order.index(p.kind) if p.kind in order else 9,
                                                   p.depth))
        self.home = next((p for p in self.ranked if p.kind == "home"), None)
        self.aliases: tuple[str, ...] = ()

    def fact(self, key: str, value, page: Page) -> None:
        if value in (None, "") or getattr(self.profile, key) is not None:
            return
        setattr(self.profile, key, Fact(source=page.url, retrieved=page.retrieved.date(),
                                        value=value))

    # the name ------------------------------------------------------------------------------
    def name(self) -> None:
        """The organisation's name, by agreement of what the site says it is called: schema.org
        Organization and WebSite names, og:site_name, the part that repeats across page titles,
        the home page's title parts; when no two agree, the name most pages mention. An acronym
        counts for the name it abbreviates; the name the pages mention most gets one vote
        more (a tagline is rarely repeated)."""
        votes: Counter = Counter()
        spelling: dict[str, Counter] = {}
        sources: dict[str, Page] = {}

        def vote(text: str, weight: int, page: Page) -> None:
            text = " ".join(str(text or "").split()).strip(" .,:;")
            key = _fold(text)
            if (not key or len(text) > 80 or len(text.split()) > 8
                    or text.lower() in _PAGE_WORDS):
                return
            votes[key] += weight
            spelling.setdefault(key, Counter())[text] += weight
            sources.setdefault(key, page)

        html = [p for p in self.ranked if p.media_type == "text/html"]
        for page, item in items_of(self.ranked):
            types = types_of(item)
            if types & ORG_TYPES and page.kind != "job":
                vote(text_of(item.get("name") or item.get("legalName")), 3, page)
            elif "WebSite" in types:
                vote(text_of(item.get("name")), 2, page)
        site_names = Counter(p.metadata.get("opengraph", {}).get("og:site_name", "")
                             for p in html)
        site_names.pop("", None)
        if site_names:
            top = site_names.most_common(1)[0][0]
            vote(top, 3, next(p for p in html if
                              p.metadata.get("opengraph", {}).get("og:site_name") == top))
        affixes: Counter = Counter()
        for page in html:
            parts = [p for p in _TITLE_SEP.split(page.title or "") if p.strip()]
            if len(parts) >= 2:
                affixes.update({parts[0].strip(), parts[-1].strip()})
        for part, count in affixes.items():
            if count >= 3 and count >= 0.3 * len(html):
                vote(part, 2, next(p for p in html if part in (p.title or "")))
        if self.home is not None:
            parts = [p.strip() for p in _TITLE_SEP.split(self.home.title or "") if p.strip()]
            for part in dict.fromkeys(parts):
                vote(part, 1, self.home)
        if max(votes.values(), default=0) <= 1 and self.home is not None:
            # no two sources agree (a home title that is only a tagline): the name most pages
            # mention, if the home page says it too
            frequent = _frequent_name(html)
            if frequent and frequent in f"{self.home.text} {self.home.description}":
                vote(frequent, 1, self.home)
            # and the name the home page's opening sentences say what it is or does
            for para in [p for p in self.home.text.split("\n") if p.strip()][:6]:
                said = _SAYS.match(para.strip())
                if said and said["name"].split()[0].lower() not in _FUNCTION_WORDS:
                    vote(said["name"], 1, self.home)
        if not votes:
            return
        for short in list(votes):  # "OHI" counts for "Ocean Health Index"
            longer = [k for k in votes if k != short and _acronym(
                spelling[k].most_common(1)[0][0]) == short]
            if longer:
                votes[longer[0]] += votes.pop(short)
        # the name the pages' text uses most (a tagline is rarely repeated) gets one vote more
        text = " ".join(p.text for p in self.ranked[:15]).lower()
        mentions = {key: text.count(spelling[key].most_common(1)[0][0].lower()) for key in votes}
        most = max(mentions.values())
        for key, count in mentions.items():
            if count == most and count >= 2:
                votes[key] += 1
        hosts = " ".join(p.metadata.get("opengraph", {}).get("og:url", "") for p in html[:5])

        def strength(key: str):
            return (votes[key], key in _fold(hosts), mentions[key], -len(key))

        best = max(votes, key=strength)
        name = spelling[best].most_common(1)[0][0]
        self.fact("name", name, sources[best])
        self.set_aliases()

    def set_aliases(self) -> None:
        """The names sentences may use for the organisation: its name with and without
        "The" and a legal suffix, and the acronym the site gives it ("Acme Grid (AG)")."""
        name = self.profile.value("name") or ""
        if not name:
            return
        bare = _LEGAL.sub("", re.sub(r"^the\s+", "", name, flags=re.I)).strip()
        aliases = {name, bare, f"The {bare}"}
        for page in self.ranked[:8]:
            found = re.search(rf"{re.escape(bare)}\s+\(([A-Z][A-Za-z]{{1,7}})\)", page.text)
            if found:
                aliases.add(found.group(1))
        if _acronym(bare) and len(_acronym(bare)) >= 2:
            short = _acronym(bare).upper()
            if any(re.search(rf"\b{short}\b", p.text) for p in self.ranked[:8]):
                aliases.add(short)
        self.aliases = tuple(a for a in aliases if a)

    # schema.org ----------------------------------------------------------------------------
    def organisation(self) -> None:
        orgs = [(page, item) for page, item in items_of(self.ranked)
                if types_of(item) & ORG_TYPES and page.kind != "job"]
        for page, org in orgs:
            self.fact("description", text_of(org.get("description")), page)
            self.fact("founded", _founded(org.get("foundingDate")), page)
            place = _address(org.get("address"))
            if place is not None:
                self.place(place, page, head=True)
            self.fact("employees", _employees(org.get("numberOfEmployees")), page)
            for value in as_list(org.get("location")):
                place = _address(value)
                if place is not None:
                    self.place(place, page)
            for link in as_list(org.get("sameAs")):
                self.link(str(link), page.url, page)

    # places --------------------------------------------------------------------------------
    def place(self, place: Place, page: Page, head: bool = False) -> None:
        """Record a place: the headquarters when ``head`` and none is known yet (or only its
        country is), else one of the organisation's locations (the headquarters' city is not
        listed twice)."""
        if not (place.city or place.country):
            return
        hq = self.profile.value("headquarters")
        if head and hq is not None and place.city and place.country and hq == place.country:
            self.profile.headquarters = None  # "based in the UK", then its address in Leeds
            hq = None
        if head and hq is None:
            self.fact("headquarters", place.label() or place.address, page)
            self.profile.locations = [loc for loc in self.profile.locations
                                      if not _same_city(loc.text, place)]
            return
        if hq is not None and _same_city(hq, place):
            return
        text = place.describe()
        if text and not any(_same_city(i.text, place) for i in self.profile.locations):
            self.profile.locations.append(Item(source=page.url,
                                               retrieved=page.retrieved.date(), text=text))

    def places(self) -> None:
        """Headquarters and offices from the site's own words: sentences such as "we are
        headquartered in Leeds" or "offices in Leeds and Rotterdam" on the organisation's own
        pages, and postal addresses on contact, about and home pages and in page footers."""
        own = [p for p in self.ranked if p.kind in ("home", "about", "contact", "careers",
                                                    "legal", "team")]
        for page in own:
            head, offices = places_in_text(page.text, self.aliases)
            for place in head:
                self.place(place, page, head=True)
            for place in offices:
                self.place(place, page)
        found: list[tuple[Place, Page, bool]] = []
        for page in own:
            if page.kind in ("careers", "team"):
                continue
            lines = page.text.split("\n")
            for place in address_in_lines(lines):
                found.append((place, page, _says_head(page.text, place)))
        footer: Counter = Counter()
        first: dict[str, tuple[Place, Page]] = {}
        for page in self.pages:  # addresses the extract step kept from footers and <address>
            texts = addresses_in(page.metadata.get("address_lines") or []) \
                + list(page.metadata.get("addresses") or [])
            for text in texts:
                place = parse_address(str(text))
                if place is not None and place.city:
                    footer[place.label()] += 1
                    first.setdefault(place.label(), (place, page))
        for label, _count in footer.most_common():
            place, page = first[label]
            found.append((place, page, _says_head(place.address, place)))
        found.sort(key=lambda f: (not f[2], f[1].kind != "contact"))
        for place, page, _head in found:
            self.place(place, page, head=True)

    # description, founded -------------------------------------------------------------------
    def description(self) -> None:
        """What the organisation does: the home page's meta description when it is a sentence,
        else the sentence where the organisation says what it is or does ("Acme builds…",
        "Acme is a…") on the home page or its about, mission or vision pages, else the first
        substantive paragraph of the home or main about page; never a blog post."""
        abouts = sorted((p for p in self.ranked if p.kind == "about"),
                        key=lambda p: (p.depth, len(urlsplit(p.url).path)))
        pages = [p for p in (self.home, abouts[0] if abouts else None) if p is not None]
        subject = self._subject()
        says = (re.compile(rf"^(?:the )?{subject}\s*(?:\([^)]*\)\s*)?,?\s*(?:(?:is|are) "
                           rf"(?:a|an|the|one)\b|{_DOES}\b|(?:build|make|help|provide|develop|"
                           r"offer|create|support|enable|exist|design|deliver)\b)", re.I)
                if subject else None)
        own = [p for rank, p in self._mission_pages() if rank <= 1 and p not in pages]
        for page in pages + own:
            if len(page.description.split()) >= 8 and page in pages:
                self.fact("description", page.description, page)
            for para in page.text.split("\n"):
                if len(para.split()) >= 8 and says is not None and says.match(para):
                    self.fact("description", _short(para), page)
        for page in pages:
            first = next((para for para in page.text.split("\n") if _substantive(para)), "")
            self.fact("description", _short(first), page)
        for page in pages:
            self.fact("description", page.description, page)

    def _subject(self) -> str | None:
        if not self.aliases:
            return None
        names = "|".join(re.escape(a) for a in sorted(self.aliases, key=len, reverse=True))
        return rf"(?:{names})"

    def founded(self) -> None:
        """The founding year, only where the organisation (or "we") is said to have been
        founded, established, started… in it: "Acme was founded in 2019", "Founded in 2008,
        Acme…", a timeline's "2019 Acme founded", "Established 2008"; else the year the home or
        about page says the organisation was announced or launched. Never a copyright year or
        a post's date, and never another organisation's founding."""
        subject = self._subject()
        own = rf"(?:{subject}|we|our (?:company|organi[sz]ation|firm|foundation))" if subject \
            else r"(?:we|our (?:company|organi[sz]ation|firm|foundation))"
        year = r"(?P<year>(?:1[89]|20)\d{2})\b"
        patterns = [
            re.compile(rf"^(?:in {year}, )?(?:the )?{own}\b(?!['’])(?:(?!,? (?:which|who|whose|"
                       rf"where)\b)[^.!?]){{0,80}}?\b(?:{_FOUNDED_VERB})"
                       rf"\b(?: (?:as|by) [^.!?]{{0,60}}?)? {_WHEN}{year}".replace(
                           "(?P<year>", "(?P<y1>", 1), re.I),
            re.compile(rf"^(?:{_FOUNDED_VERB}) {_WHEN}{year}[^.!?]{{0,40}}?,\s+(?:the )?{own}\b",
                       re.I),
            re.compile(rf"^{year}\s*[:–—-]?\s*(?:(?:the )?{own}\s+(?:is |was )?)?"
                       rf"(?:{_FOUNDED_VERB})\b", re.I),
            re.compile(rf"^(?:founded|established|est\.|since)\s*:?\s*(?:in )?{year}$", re.I),
        ]
        order = {"about": 0, "home": 1}
        pages = sorted((p for p in self.pages if p.kind not in ("legal", "job")),
                       key=lambda p: (order.get(p.kind, 3 if p.kind in _POST_KINDS else 2),
                                      p.depth))
        for page in pages:
            latest = page.retrieved.year
            for sentence in sentences(page.text):
                if len(sentence) > 400 or not re.search(r"(?:1[89]|20)\d{2}", sentence):
                    continue
                for i, pattern in enumerate(patterns):
                    if i >= 2 and page.kind not in ("about", "home"):
                        continue
                    match = pattern.search(sentence)
                    if match:
                        found = match.groupdict().get("year") or match.groupdict().get("y1")
                        if found and 1800 <= int(found) <= latest:
                            self.fact("founded", found, page)
                            return
        name = self.profile.value("name")
        if not name:
            return
        # the organisation's launch as the home or about page tells it: "… announced the
        # formation of the Acme Foundation … in 2020" (the full name, not a board or a product
        # that carries it: "the Acme Foundation Board", "Acme's new app")
        bare = re.escape(re.sub(r"^the\s+", "", name, flags=re.I))
        launch = re.compile(rf"\b(?:announce[sd]?|announcing|unveil(?:ed|s|ing)?|"
                            rf"launch(?:ed|es|ing)?)\s+(?:the (?:formation|founding|creation|"
                            rf"launch) of )?(?:the )?{bare}\b(?!['’])(?!\s+(?-i:[A-Z0-9]))"
                            rf"[^.!?]{{0,80}}?\b{year}", re.I)
        for page in pages:
            if page.kind not in ("home", "about"):
                continue
            for sentence in sentences(page.text):
                match = launch.search(sentence) if len(sentence) <= 400 else None
                if match and 1800 <= int(match["year"]) <= page.retrieved.year:
                    self.fact("founded", match["year"], page)
                    return

    # the words of the pages ------------------------------------------------------------------
    def from_text(self) -> None:
        """The head count, only from a sentence whose subject is the organisation or "we"
        ("We are around 140 people", "Acme employs 140 staff"), on its home, about, contact,
        careers and investor pages: a biography's "managing a team of 20 people" is not it."""
        subject = self._subject()
        own = re.compile(rf"^(?:the )?(?:{subject + '|' if subject else ''}we|our (?:team|"
                         r"company|organi[sz]ation|firm|staff|people))\b(?!['’])", re.I)
        for page in self.ranked:
            if page.kind not in ("home", "about", "contact", "investors", "careers"):
                continue
            for sentence in sentences(page.text):
                if len(sentence) > 400 or not own.match(sentence):
                    continue
                match = _EMPLOYEES.search(sentence)
                if match:
                    self.fact("employees", match.group(1).replace(",", ""), page)
                    return

    def mission(self) -> None:
        """The mission as the site states it, in one or two sentences: a section headed
        Mission, Our purpose or Why we exist (a heading or a label line), a sentence such as
        "Our mission is to…", "Acme exists to…" or "Acme is a non-profit dedicated to…",
        then a section headed Vision, then the opening of a mission or vision page. The
        organisation's own pages (mission, about, home) are read before the others."""
        ranked = self._mission_pages()
        own = [p for rank, p in ranked if rank <= 2]
        rest = [p for rank, p in ranked if rank > 2]
        for pages, head in ((own, _MISSION_HEAD), (rest, _MISSION_HEAD_STRICT)):
            for page in pages:
                found = self._headed(page, head) or self._mission_sentence(page, pages is own)
                if found:
                    self.fact("mission", _short(found), page)
                    return
        for page in own + [p for rank, p in ranked if rank == 3]:
            found = self._headed(page, _VISION_HEAD)
            if found:
                self.fact("mission", _short(found), page)
                return
        for page in own:
            title = f"{page.title} {page.metadata.get('headline', '')}"
            if re.search(r"\b(mission|vision|purpose)\b", title, re.I):
                first = next((para for para in page.text.split("\n")
                              if len(para.split()) >= 10), "")
                if first:
                    self.fact("mission", _short(first), page)
                    return

    def _mission_pages(self) -> list[tuple[int, Page]]:
        """(rank, page) in the order a mission is looked for: 0 mission, vision and purpose
        pages, 1 about pages, 2 the home page, 3 the site's other pages, 4 posts."""
        def rank(page: Page) -> int:
            if page.kind in _POST_KINDS:  # a post about "our history" is still a post
                return 4
            path = urlsplit(page.url).path
            title = f"{page.title} {page.metadata.get('headline', '')}"
            if (re.search(r"\b(mission|vision|purpose|why we exist)\b", title, re.I)
                    or re.search(r"(?:^|[/_-])(?:mission|vision|purpose)(?:[/._-]|$)", path, re.I)):
                return 0
            if page.kind == "about" or _PAGE_SLUGS.search(path):
                return 1
            return 2 if page.kind == "home" else 3
        ranked = [(rank(p), p) for p in self.pages if p.media_type == "text/html"
                  and p.kind not in ("legal", "job")]
        return sorted(ranked, key=lambda rp: (rp[0], rp[1].depth))

    @staticmethod
    def _headed(page: Page, head: re.Pattern) -> str:
        """The statement under a heading or label line that ``head`` matches."""
        for block in page.blocks:
            if block.get("kind", "heading") not in ("heading", "cards"):
                continue
            heading = re.sub(r"[\s#:¶]+$", "", block.get("heading", "")).strip()
            texts = [t.get("text", "") for t in block.get("text", []) if isinstance(t, dict)]
            texts = [t for t in texts if len(t.split()) >= 6]
            if head.match(heading) and texts and not texts[0].rstrip().endswith(":"):
                return texts[0]
        lines = [line.strip() for line in page.text.split("\n")]
        for i, line in enumerate(lines[:-1]):
            label = re.sub(r"[\s#:¶]+$", "", line)
            if len(label.split()) <= 4 and head.match(label):
                following = lines[i + 1]
                if len(following.split()) >= 6 and not following.endswith(":"):
                    return following
        return ""

    def _mission_sentence(self, page: Page, own: bool = True) -> str:
        """A sentence of the page that states the organisation's mission in running text.
        On pages other than the organisation's own (``own`` False: project pages, posts) only
        a sentence naming the organisation counts: there "our mission" may be a project's."""
        subject = self._subject()
        who = rf"(?:{subject}|we)" if subject else r"(?:we)"
        named = [rf"\b{subject}(?:'s|’s) mission (?:is|:) ",
                 rf"\bthe mission of (?:the )?{subject} is ",
                 rf"^(?:the )?{subject}\s+(?:\([^)]*\)\s+)?exists? (?:to|so that) "] \
            if subject else []
        patterns = named + [
            r"\bour mission (?:is|:) ",
            rf"^(?:the )?{who}\s+(?:\([^)]*\)\s+)?exists? (?:to|so that) ",
            rf"^(?:the )?{who}\s+(?:\([^)]*\)\s+)?(?:is|are) (?:an?|the) [^.]{{0,80}}?"
            r"(?:organi[sz]ation|foundation|non-?profit|charity|company|enterprise|community|"
            r"initiative|programme|program|institute|association|collective|society)"
            r" (?:dedicated|committed) to ",
        ] if own else named
        compiled = [re.compile(pattern, re.I) for pattern in patterns]  # once per page
        for text in page.text.split("\n"):
            parts = sentences(text)
            for i, sentence in enumerate(parts):
                if len(sentence.split()) < 8:
                    continue
                if any(pattern.search(sentence) for pattern in compiled):
                    previous = parts[i - 1] if i else ""
                    if re.match(r"^(?:we|it|this)\b", sentence, re.I) and previous:
                        return f"{previous} {sentence}"
                    return sentence
        return ""

    def values(self) -> None:
        """The values as the site lists them: the items under a heading such as Our values,
        Principles or What we stand for, or the sub-headings of that section, each named by
        its label ("Openness: we share…" → "Openness")."""
        for rank, page in self._mission_pages():
            if rank > 3:
                continue
            blocks = [b for b in page.blocks if b.get("kind", "heading") in ("heading", "cards")]
            for i, block in enumerate(blocks):
                heading = re.sub(r"[\s#:¶]+$", "", block.get("heading", ""))
                if not _VALUES_HEAD.search(heading) or len(heading.split()) > 6:
                    continue
                found = [item for item in block.get("items", []) if item]
                if not found:
                    level = block.get("level", 2)
                    for below in blocks[i + 1:]:
                        if below.get("kind", "heading") != "heading":
                            continue
                        if below.get("level", 2) <= level:
                            break
                        found.append(below.get("heading", ""))
                if len(found) < 2:
                    continue
                for value in found:
                    self.value(value, page)
                return

    def value(self, text: str, page: Page) -> None:
        label = re.split(r"\s*(?::|\s[–—-]\s)\s*", text, maxsplit=1)[0].strip(" .")
        if not label or len(label.split()) > 10:
            label = _short(text, 1)
        if label and label.lower() not in {v.text.lower() for v in self.profile.values}:
            self.profile.values.append(Item(source=page.url, retrieved=page.retrieved.date(),
                                            text=label))

    # links and documents ---------------------------------------------------------------------
    def link(self, url: str, source: str, page: Page) -> None:
        """Keep ``url`` when it is the organisation's own profile on a social network: one per
        network, never a share, intent or tracking address (``…/sharer.php?u=…``,
        ``…/intent/tweet?…``, ``/share?url=``), a post, a repository or a person's page, and
        without tracking parameters. It counts as the organisation's when its schema.org
        Organization names it (sameAs), when its handle is the organisation's name or web
        address, or when the home page links to it; of two, the one with the better reason."""
        url = _untracked(url)
        network = _network_of(url)
        handle = _profile_handle(url) if network else ""
        if not handle:
            return
        same_as = {str(v).strip() for item in page.metadata.get("jsonld", [])
                   if isinstance(item, dict) and types_of(item) & ORG_TYPES
                   for v in as_list(item.get("sameAs"))}
        fold = re.compile(r"[^a-z0-9]")
        mine = fold.sub("", handle.lower())
        names = {fold.sub("", n.lower()) for n in (self.profile.value("name") or "",
                                                   *self.aliases)}
        home_host = (urlsplit(self.home.url if self.home else page.url).hostname or "").lower()
        label = home_host.removeprefix("www.").split(".")[0]
        if not label.isdigit():
            names.add(fold.sub("", label))
        names = {n for n in names if len(n) >= 4}
        if url in same_as or _untracked(url) in {_untracked(v) for v in same_as}:
            rank = 0
        elif mine and any(mine == n or (len(mine) >= 4 and (mine in n or n in mine))
                          for n in names):
            rank = 1
        elif (page is self.home or page.kind == "home") and network != "Wikipedia":
            rank = 2
        else:
            return
        ranks = self.__dict__.setdefault("_link_ranks", {})
        held = next((i for i, item in enumerate(self.profile.links)
                     if _network_of(item.text) == network), None)
        if held is not None and ranks.get(network, 9) <= rank:
            return
        found = Item(source=source, retrieved=page.retrieved.date(), text=url)
        if held is None:
            self.profile.links.append(found)
        else:
            self.profile.links[held] = found
        ranks[network] = rank

    def documents(self) -> None:
        for page in self.pages:
            if page.media_type == "application/pdf":
                self.profile.documents.append(Document(
                    source=page.url, retrieved=page.retrieved.date(), title=page.title,
                    url=page.url, pages=page.page_count, words=page.words))

    def social_links(self, skipped: list[Skip]) -> None:
        by_url = {p.url: p for p in self.pages}
        for skip in skipped:
            if skip.reason == "off-site" and skip.found_on in by_url:
                self.link(skip.url, skip.found_on, by_url[skip.found_on])


_COMMON = {"what", "that", "this", "there", "here", "with", "will", "have", "from", "they",
           "them", "your", "their", "which", "would", "could", "about", "into", "were", "been",
           "when", "where", "also", "more", "some", "than", "then", "only", "just", "like",
           "over", "such", "very", "these", "those", "each", "every", "other", "being"}


def _substantive(paragraph: str) -> bool:
    """A paragraph that says something: more than twelve words, four or more of them content
    words (not fragments, menus or strings of common words)."""
    words = paragraph.split()
    content = {w.lower() for w in re.findall(r"[^\W\d_]{4,}", paragraph)} - _COMMON
    return len(words) > 12 and len(content) >= 4


_FUNCTION_WORDS = {"the", "we", "this", "in", "a", "an", "it", "for", "if", "our", "you", "your",
                   "and", "but", "on", "at", "as", "to", "of", "with", "by", "from", "is", "are",
                   "all", "how", "what", "when", "why", "who", "they", "these", "there", "i",
                   "read", "more", "new", "see", "learn", "home", "about", "contact", "news",
                   "blog", "photo", "image", "click", "here", "yes", "no", "not", "my", "us"}


_NAME_WORD = re.compile(r"[\w'’&-]+")


def _frequent_name(pages: list[Page]) -> str:
    """The capitalised name (one to four words) that the most pages' text mentions, when two
    in five of them do: an organisation names itself on many of its pages. Of a name and a
    longer one nearly as frequent ("Acme" and "Acme Labs"), the longer."""
    if len(pages) < 3:
        return ""
    counts: Counter = Counter()
    for page in pages[:60]:
        grams: set[str] = set()
        for line in page.text.split("\n"):
            words = _NAME_WORD.findall(line)
            for i, word in enumerate(words):
                if not word[:1].isupper() or word.lower() in _FUNCTION_WORDS:
                    continue
                for n in range(1, 5):
                    gram = words[i:i + n]
                    if len(gram) < n or not gram[-1][:1].isupper():
                        break
                    grams.add(" ".join(gram))
        counts.update(grams)
    if not counts:
        return ""
    best, top = counts.most_common(1)[0]
    if top < max(3, 0.4 * len(pages[:60])):
        return ""
    longer = [g for g, c in counts.items() if c >= 0.8 * top
              and len(g.split()) > len(best.split()) and f" {best} " in f" {g} "]
    return max(longer, key=lambda g: (len(g.split()), counts[g])) if longer else best


def _same_city(text: str, place: Place) -> bool:
    first = _fold(text.split(",")[0].split(":")[0])
    return bool(place.city) and first == _fold(place.city)


def _says_head(text: str, place: Place) -> bool:
    """Whether the words just before an address call it the headquarters."""
    at = text.find(place.address.split(",")[0]) if place.address else -1
    before = text[max(0, at - 80):at] if at >= 0 else ""
    return bool(re.search(r"head ?quarters|head office|registered office|main office|\bHQ\b",
                          before, re.I))


def build_profile(pages: list[Page], feed_entries: list[FeedEntry] | None = None,
                  skipped: list[Skip] | None = None) -> CompanyProfile:
    """The company profile the pages support, every fact with its source URL and date."""
    builder = _Builder(pages)
    builder.name()
    builder.organisation()
    builder.places()
    builder.description()
    builder.founded()
    builder.mission()
    builder.values()
    builder.from_text()
    builder.documents()
    builder.social_links(skipped or [])
    profile = builder.profile
    profile.people = find_people(pages)
    profile.products = find_products(pages)
    founded = re.match(r"\d{4}", str(profile.value("founded") or ""))
    profile.news = find_news(pages, feed_entries or [],
                             founded=int(founded.group()) if founded else None)
    profile.open_roles, profile.closed_roles, profile.hiring = find_roles(pages)
    return profile
