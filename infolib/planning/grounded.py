"""Grounded questions: each builds on one finding of the research and says so.

A finding is one thing the organisation's own pages say that a person can be asked about: a
news item (read by kind: funding, acquisition, contract or customer, launch, partnership,
growth or hiring, award, report), a product or service, an open role, the mission, a stated
value, a figure the site gives, or the contact's own entry on the site. Each question quotes the
finding (titles in quotation marks, as the site words them), names where and when it was read,
and asks what only a person inside knows ("I read your news post of March 2026, “…”; how has
that changed …?"). Its ``cites`` give the page (url, title), the date the finding carries or
the day it was read, and the quoted text. A finding is used only when the quoted text is on
the page cited, so a question never puts words in the site's mouth.

The wording needs neither the organisation's name, nor the contact's, nor the role: it speaks
to the contact ("your site", "your team"), so it reads the same whether or not they are known.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date

from infolib.models import CompanyProfile, Page

# kinds of news, tried in this order on the title (then the first sentence of the item's page)
NEWS_KINDS: list[tuple[str, re.Pattern]] = [(kind, re.compile(pattern, re.I)) for kind, pattern in [
    ("acquisition", r"\b(acquir(e|es|ed|ing)|acquisition|merg(e|es|ed|er|ing)|takes? over|"
                    r"buys)\b"),
    ("funding", r"\b(rais(e|es|ed|ing)|funding|funded|series [a-f]\b|seed round|investment|"
                r"invest(s|ed|ors?)|grants?|granted|backed by|endowment|donation)\b"),
    ("contract", r"\b(contracts?|tender|selected by|chooses|chose|signs?|signed|customers?|"
                 r"clients?|deal|agreement|deploy(s|ed|ment)|rolls? out|adopt(s|ed|ion))\b"),
    ("partnership", r"\b(partner(s|ed|ing|ship|ships)?|collaborat(e|es|ed|ion|ing)|teams? up|"
                    r"alliance|joins forces|memorandum|consortium)\b"),
    ("launch", r"\b(launch(es|ed|ing)?|introduc(e|es|ed|ing)|unveil(s|ed)?|releas(e|es|ed)|"
               r"announc(e|es|ed|ing)|now available|available now|v?\d+\.\d+(\.\d+)?|"
               r"new (version|feature|product|service|tool|platform))\b"),
    ("award", r"\b(awards?|awarded|wins?|won|prize|recogni[sz](ed|es|ion)|finalist|honou?r(ed)?|"
              r"named (as )?(a |one of )?(the )?(best|top|leader))\b"),
    ("growth", r"\b(hir(e|es|ed|ing)|appoint(s|ed|ment)|welcom(e|es|ed|ing)|joins|joined|"
               r"new (office|ceo|cto|coo|cfo|director|head|chair|member)|expan(d|ds|ded|sion)|"
               r"grow(s|th|ing)?|open(s|ed|ing)|fellows?|call for applications)\b"),
    ("report", r"\b(report|study|survey|white ?paper|findings|index|review|analysis|research "
               r"(shows|finds)|results|scores|publish(es|ed)?|paper)\b"),
]]

# what only a person inside knows, by kind of news (one question each)
_NEWS_ASKS = {
    "funding": "what will it let your team do that it could not do before?",
    "acquisition": "how has that changed the work of your team?",
    "contract": "what does work like that ask of your team that outsiders would not expect?",
    "partnership": "how does a partnership like that work day to day for the people in it?",
    "launch": "what did the team learn while building it that users never see?",
    "growth": "what does that growth mean for someone joining the team now?",
    "award": "which part of the work behind it do you think deserved it most?",
    "report": "which of its findings matters most for your own work?",
    "news": "what did the work behind it involve that the post does not say?",
}
# the checklist topic a finding speaks to; one question a topic
NEWS_TOPICS = {"funding": "strategy_news", "acquisition": "strategy_news",
               "contract": "products_customers", "partnership": "strategy_news",
               "launch": "products_customers", "growth": "career_paths", "award": "culture",
               "report": "sector_trends", "news": "challenges"}
# a post of no particular kind (a write-up of the work) can open any of these topics, each with
# its own question; the first topic still free is taken
_POST_ASKS = [
    ("challenges", "what did the work behind it involve that the post does not say?"),
    ("day_to_day", "how much of your own week goes on work like that?"),
    ("tools", "which tools or methods did the work behind it depend on most?"),
    ("sector_trends", "where do you see work like that heading over the next few years?"),
    ("skills", "what would someone new need to learn to take part in work like that?"),
    ("assignments", "which part of work like that could someone new take on as a first "
                    "project?"),
]

# news that changes the organisation is the best material; a write-up of the work the least
_NEWS_WEIGHT = {"funding": 1.5, "acquisition": 1.5, "contract": 1.5, "partnership": 1.2,
                "launch": 1.2, "news": 0.0}
DIVERSITY = 1.5  # how much each question on a kind of finding lowers the next of that kind
QUOTE_MAX_WORDS = 14  # a longer title is not quoted whole in a question said aloud
NEWS_MAX_AGE_YEARS = 10  # older news is history, not something to build a question on
# a count of something: "40,000 passengers", "12 countries", "3 million users", "140 schools"
_COUNTED = re.compile(
    r"(?<![\w.£$€])(?!(?:19|20)\d\d\b)(\d{1,3}(?:,\d{3})+|\d{2,}|\d+(?:\.\d+)?\s*(?:million|billion|thousand|m|k)\b)"
    r"\+?\s+(?:[a-z-]+\s+){0,2}?(?!(?:seconds|minutes|hours|days|weeks|months|times|pages|"
    r"percent|words|steps|things|ways)\b)([a-z]{3,}s|people|staff)\b", re.I)
_SELF = re.compile(r"\b(we|our|us)\b", re.I)  # the organisation speaking of itself
_NAVIGATION = re.compile(r"^(read|see|view|find|learn|discover|explore|contact|visit|browse|"
                         r"download|join|meet|get|check|follow|email|call|sign|subscribe|click|"
                         r"apply|donate|search|more)\b", re.I)


@dataclass
class Finding:
    """One thing the research found that a question can build on."""

    kind: str  # news | product | role | mission | value | figure | contact
    detail: str  # the kind of news, or the kind again
    quote: str  # the words quoted from the page
    url: str  # the page cited (one that was read and holds the quote)
    title: str  # that page's title
    published: date | None  # the date the finding carries (news, posting)
    retrieved: date | None  # the day the page was read
    topic: str  # the checklist topic it speaks to
    weight: float  # higher first
    extra: dict = dataclass_field(default_factory=dict)

    def cites(self) -> dict:
        """The citation a question carries: page, title, date or day read, quoted text."""
        return {"text": self.quote, "url": self.url, "title": self.title,
                "published": self.published.isoformat() if self.published else None,
                "retrieved": self.retrieved.isoformat() if self.retrieved else None,
                "finding": self.kind if self.kind == self.detail else
                f"{self.kind}: {self.detail}"}


@dataclass
class Grounded:
    """A question built on a finding (questions.py turns it into a PlannedQuestion)."""

    text: str
    topic: str
    minutes: float
    tiara: str
    finding: Finding


def normalise(text: str) -> str:
    """Text as compared when looking for a quote on a page: NFKC, straight quotes and dashes,
    lower case, single spaces."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-",
                                         "—": "-", "\xa0": " "}))
    return " ".join(text.lower().split())


def on_page(quote: str, page: Page | None) -> bool:
    """True when ``quote`` (an ellipsis-clipped quote by its start) is on ``page``."""
    if page is None or not quote:
        return False
    wanted = normalise(quote.rstrip("…").rstrip())
    body = normalise(" ".join((page.title or "", page.description or "", page.text or "")))
    return bool(wanted) and wanted in body


def news_kind(title: str, lead: str = "") -> str:
    """The kind of a news item from its title, else from its first sentence: funding,
    acquisition, contract, partnership, launch, award, growth, report, or news."""
    for text in (title, lead):
        for kind, pattern in NEWS_KINDS:
            if text and pattern.search(text):
                return kind
    return "news"


def _month(day: date | None) -> str:
    return f"{day:%B %Y}" if day else ""


def _clip(text: str, words: int) -> str:
    parts = " ".join(str(text).split()).split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]).rstrip(",;:") + "…"


def _first_sentence(text: str) -> str:
    for line in (text or "").split("\n"):
        line = line.strip()
        if len(line.split()) >= 6:
            return re.split(r"(?<=[.!?])\s+", line)[0]
    return ""


def _place(kind: str) -> str:
    """Where on the site: "your news page", "your blog", "your careers page", "your site"."""
    return {"news": "your news page", "blog": "your blog", "careers": "your careers page",
            "job": "your careers page", "team": "your team page", "about": "your about page",
            "product": "your product pages"}.get(kind, "your site")


def _day(value) -> date | None:
    if isinstance(value, date):
        return value
    from infolib.models import scraped_date

    return scraped_date(value)


def findings(profile: CompanyProfile, pages: list[Page], *, contact: str = "",
             today: date | None = None) -> list[Finding]:
    """Every finding a grounded question could build on, best first; each quote is on the
    page it cites."""
    by_url = {p.url: p for p in pages}
    for page in pages:
        if page.final_url:
            by_url.setdefault(page.final_url, page)
    today = today or max((p.retrieved.date() for p in pages if p.retrieved), default=None) \
        or date.today()
    out: list[Finding] = []

    def add(kind, detail, quote, page, published, topic, weight, **extra):
        if page is None or not on_page(quote, page):
            return
        out.append(Finding(kind=kind, detail=detail, quote=quote, url=page.url,
                           title=page.title or "", published=published,
                           retrieved=page.retrieved.date() if page.retrieved else None,
                           topic=topic, weight=weight, extra=extra))

    # the contact's own entry on the site
    wanted = _name_key(contact)
    if wanted:
        for person in profile.people:
            if _name_key(person.name) != wanted:
                continue
            own = [by_url[u] for u in dict.fromkeys([person.source, *person.sources])
                   if u in by_url]
            bio = _bio_sentence(person.name, own)
            if bio is not None:
                add("contact", "bio", bio[0], bio[1], None, "contact_journey", 10.5,
                    name=person.name)
            elif person.role:
                page = next((p for p in own if on_page(person.role, p)), None)
                add("contact", "contact", person.role, page, None, "contact_journey", 10.0,
                    name=person.name)
            break
    # news, newest first
    seen_titles = set()
    for rank, item in enumerate(sorted(profile.news, key=lambda n: n.published or date.min,
                                       reverse=True)):
        title = " ".join((item.title or "").split())
        key = normalise(title)
        if len(title.split()) < 3 or len(title.split()) > QUOTE_MAX_WORDS or key in seen_titles \
                or (len(title.split()) <= 4 and _NAVIGATION.match(title)):
            continue
        published = _day(item.published)
        if published is not None and (today - published).days > 365 * NEWS_MAX_AGE_YEARS:
            continue
        seen_titles.add(key)
        page = by_url.get(item.url)
        if not on_page(title, page):
            page = by_url.get(item.source)
        lead = _first_sentence(by_url[item.url].text) if item.url in by_url else ""
        kind = news_kind(title, lead)
        age = (today - published).days / 365 if published else 3.0
        weight = 6.0 - min(age, 5.0) - 0.2 * rank + _NEWS_WEIGHT.get(kind, 0.8)
        add("news", kind, title, page, published, NEWS_TOPICS[kind], weight)
    # open roles
    for rank, role in enumerate(profile.open_roles):
        title = " ".join((role.title or "").split())
        if not 1 <= len(title.split()) <= 10:
            continue
        posting = by_url.get(role.url)
        asks = requirement(posting) if on_page(title, posting) else ""
        if asks:  # what the posting asks for: a question about the skills it takes
            add("role", "requirements", asks, posting, _day(role.posted), "skills",
                5.2 - 0.3 * rank, role=title)
            continue
        page = posting if on_page(title, posting) else by_url.get(role.source)
        add("role", "role", title, page, _day(role.posted), "hiring", 5.0 - 0.3 * rank)
    # products and services
    own_name = normalise(profile.value("name") or "")
    for rank, product in enumerate(profile.products):
        name = " ".join((product.name or "").split())
        if not 1 <= len(name.split()) <= 6 or name.endswith((".", "?", "!")) or \
                _NAVIGATION.match(name) or normalise(name) == own_name:
            continue
        add("product", "product", name, by_url.get(product.source), None, "products_customers",
            4.5 - 0.3 * rank)
    # the mission and stated values
    mission = str(profile.value("mission") or "").strip()
    if mission and len(mission.split()) >= 5:
        quote = _clip(re.split(r"(?<=[.!?])\s+", mission)[0], 25).rstrip(".!")
        # "Our mission is to …" is quoted from "to …": the same words, without the echo
        aim = re.sub(r"^(?:our|the|its)\s+mission(?:\s+of\s+[^,;]{1,60}?)?\s+is\s+(?=to\s)",
                     "", quote, flags=re.I)
        add("mission", "mission", aim, by_url.get(profile.mission.source), None,
            "organisation", 4.0, aim=aim != quote)
    for rank, value in enumerate(profile.values):
        text = " ".join(value.text.split())
        short = re.split(r"[:.\u2014]\s|\s[-\u2013]\s", text)[0].strip()
        if not 1 <= len(short.split()) <= 12 or _NAVIGATION.match(short):
            continue
        add("value", "value", short, by_url.get(value.source), None, "culture", 3.5 - 0.3 * rank)
    # a figure the site gives about itself (home and about pages first)
    figure = _figure_sentence(pages, own_name)
    if figure is not None:
        sentence, page = figure
        add("figure", "figure", sentence, page, None, "challenges", 3.0)
    out.sort(key=lambda f: f.weight, reverse=True)
    return out


# how a job posting introduces what it asks of a candidate
_ASKS = re.compile(
    r"^(?:requirements|essential|essentials|qualifications|what you(?:'ll| will)? need|you(?:'ll|"
    r" will)? need|you have|you bring|what you bring|we(?:'re| are) looking for|must have|"
    r"skills(?: and experience)?|about you)\b\s*(?:[:\-\u2013\u2014]\s*)?(.*)$", re.I)


def requirement(page: Page | None) -> str:
    """What a job posting asks of a candidate, in its own words (at most 14 words): the first
    item under a "Requirements" / "What you'll need" / "About you" heading, else the text after
    "Requirements:" or "You will need" in a sentence; "" when the posting says nothing of the
    kind. ("We are looking for a …" introduces the role, not what it asks.)"""
    if page is None:
        return ""
    lines = [line.strip().lstrip("-*\u2022 ").strip() for line in page.text.split("\n")]
    lines = [line for line in lines if line]
    found = ""
    for i, line in enumerate(lines):
        heading = _ASKS.match(line.rstrip(":"))
        if heading is not None and not heading.group(1).strip() and i + 1 < len(lines):
            found = re.split(r"(?<=[.!?])\s+", lines[i + 1])[0]  # the first item under it
            break
    if not found:
        for line in lines:
            for sentence in re.split(r"(?<=[.!?])\s+", line):
                match = _ASKS.match(sentence)
                if match is not None and not re.match(r"(what )?we", sentence, re.I):
                    found = match.group(1)
                    break
            if found:
                break
    # a list that runs on ("… techniques like: A, B, C/D") is quoted up to its lead
    rest = re.sub(r"\s+(like|such as|including|in|with|of|and|or|e\.g)\s*$", "",
                  re.split(r"\s*[:;]\s*", found.strip().rstrip(".;:"))[0], flags=re.I)
    rest = rest.strip(" ,")
    return _clip(rest, 14) if len(rest.split()) >= 3 and "?" not in rest else ""


def _figure_sentence(pages: list[Page], own_name: str = "") -> tuple[str, Page] | None:
    """A short sentence from the home or about page in which the organisation gives a figure
    about itself ("We support 3,000 teams in 40 countries")."""
    order = {"home": 0, "about": 1}
    for page in sorted((p for p in pages if p.kind in order), key=lambda p: order[p.kind]):
        for line in page.text.split("\n"):
            for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
                words = sentence.split()
                if 6 <= len(words) <= 24 and _COUNTED.search(sentence) and \
                        sentence[:1].isupper() and "?" not in sentence and \
                        not _NAVIGATION.match(sentence) and \
                        (_SELF.search(sentence) or (own_name and own_name in normalise(sentence))):
                    return sentence.rstrip().rstrip(".!"), page
    return None


def _bio_sentence(name: str, pages: list[Page]) -> tuple[str, Page] | None:
    """A sentence about the person from the pages that name them (their own page first): it
    names them and says more than their name and role."""
    parts = [w for w in re.findall(r"[^\W\d_]+", name) if len(w) > 1 and w[0].isupper()]
    if not parts:
        return None
    named = re.compile(r"\b(" + "|".join(re.escape(w) for w in parts) + r")\b")
    for page in sorted(pages, key=lambda p: p.kind == "team"):  # a page of their own first
        for line in page.text.split("\n"):
            for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
                words = sentence.split()
                if 7 <= len(words) <= 25 and named.search(sentence) and "?" not in sentence \
                        and re.search(r"\b(is|was|has|have|had|joined|leads|led|works|worked|"
                                      r"spent|began|started|studied|holds|brings|joins|manages|"
                                      r"oversees|runs|founded|co-founded)\b", sentence):
                    return sentence.rstrip(".!"), page
    return None


def _name_key(name: str) -> str:
    words = re.findall(r"[^\W\d_]+", normalise(name))
    titles = {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "sir", "dame"}
    return " ".join(w for w in words if w not in titles)


def question_for(finding: Finding, page_kinds: dict[str, str]) -> Grounded:
    """The question that builds on ``finding``; it needs no names."""
    quote = f"\u201c{finding.quote}\u201d"
    when = _month(finding.published)
    place_kind = page_kinds.get(finding.url, "")
    if finding.kind == "news":
        post = {"blog": "blog post"}.get(place_kind, "news post")
        lead = f"I read your {post} of {when}, {quote}" if when else f"I read your {post} {quote}"
        ask = dict(_POST_ASKS).get(finding.topic) if finding.detail == "news" else None
        text = f"{lead}; {ask or _NEWS_ASKS[finding.detail]}"
        minutes, tiara = 2.5, "trends"
    elif finding.kind == "role" and finding.detail == "requirements":
        text = (f"Your posting for \u201c{finding.extra.get('role', '')}\u201d asks for {quote}; "
                "what does that look like in the first months of the job?")
        minutes, tiara = 2.5, "advice"
    elif finding.kind == "role":
        posted = f" (posted {when})" if when else ""
        text = (f"I saw your opening for {quote}{posted}; what does the team look for in that "
                "role beyond what the posting lists?")
        minutes, tiara = 2.0, "advice"
    elif finding.kind == "product":
        name = finding.quote if _plain_name(finding.quote) else quote
        text = (f"I read about {name} on {_place(place_kind)}; what do the people it serves "
                "ask for that is harder to deliver than it looks?")
        minutes, tiara = 2.5, "insights"
    elif finding.kind == "mission":
        text = (f"Your site says the mission is {quote}; where does that show most in the "
                "decisions your team makes?" if finding.extra.get("aim") else
                f"Your site gives the mission as {quote}; where does that show most in the "
                "decisions your team makes?")
        minutes, tiara = 2.5, "insights"
    elif finding.kind == "value":
        text = (f"Your site names {quote} among its values; what does that look like on an "
                "ordinary working day?")
        minutes, tiara = 2.0, "insights"
    elif finding.kind == "figure":
        text = (f"Your site says: {quote}; what has it taken behind the scenes to get "
                "there?")
        minutes, tiara = 2.0, "insights"
    elif finding.detail == "bio":  # the contact's own entry, in a sentence about them
        text = (f"I read on {_place(place_kind)}: {quote}; what first drew you to that work?")
        minutes, tiara = 3.0, "insights"
    else:  # the contact's own entry
        text = (f"I read on {_place(place_kind)} that your role is {quote}; how did you come "
                "to it?")
        minutes, tiara = 3.0, "insights"
    return Grounded(text=text, topic=finding.topic, minutes=minutes, tiara=tiara,
                    finding=finding)


def _plain_name(name: str) -> bool:
    """A short capitalised name that reads well unquoted ("CommCare", "Grid Planner")."""
    words = name.split()
    return len(words) <= 3 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def grounded_questions(profile: CompanyProfile, pages: list[Page], *, contact: str = "",
                       today: date | None = None, gaps: list[str] = ()) -> list[Grounded]:
    """One question per finding, best first, at most one per finding and per topic.

    ``gaps`` are the gap list's open topics, most pressing first: a finding that speaks to one
    of them comes first, so that it is asked about with the homework shown rather than with a
    template."""
    page_kinds = {p.url: p.kind for p in pages}
    pressing = {topic: len(gaps) - i for i, topic in enumerate(gaps)}
    found = findings(profile, pages, contact=contact, today=today)
    for finding in found:
        if finding.kind == "news" and finding.detail == "news":
            # a write-up of the work: the most pressing gap it can open, else challenges
            finding.topic = max((topic for topic, _ask in _POST_ASKS),
                                key=lambda t: pressing.get(t, 0))
    out, topics, quotes = [], set(), set()
    used: dict[str, int] = {}  # findings of each kind taken so far: news, role, product, …

    def rank(finding: Finding) -> float:
        # a gap's topic lifts a finding; each finding of a kind already asked about lowers
        # the next, so that a plan builds on news, roles, products and the mission alike
        return (finding.weight + (1.0 if finding.topic in pressing else 0.0)
                - DIVERSITY * used.get(finding.kind, 0))

    while found:
        finding = max(found, key=rank)
        found.remove(finding)
        key = normalise(finding.quote)
        if finding.kind == "news" and finding.detail == "news":
            free = sorted((topic for topic, _ask in _POST_ASKS if topic not in topics),
                          key=lambda t: -pressing.get(t, 0))
            finding.topic = free[0] if free else finding.topic
        if finding.topic in topics or key in quotes:
            continue
        out.append(question_for(finding, page_kinds))
        topics.add(finding.topic)
        quotes.add(key)
        used[finding.kind] = used.get(finding.kind, 0) + 1
    return out


def why_none(profile: CompanyProfile, pages: list[Page]) -> str:
    """Why the plan holds no grounded question: what the research lacked."""
    if not pages:
        return ("No question builds on the research: no page was read for this field. Research "
                "the organisation's site first (infolib research URL --field NAME).")
    return ("No question builds on the research: the pages read give no recent news item, "
            "product or service, open role, mission, value or figure that could be quoted, so "
            "every question comes from the gap list. Add a question of your own about anything "
            "you read elsewhere.")


# --- questions that cite the field's other organisations -----------------------------------------

CROSS_MAX = 2  # at most this many questions cite the other organisations
CROSS_NEWS_MAX_AGE_DAYS = 730  # only recent news of the others is compared
_DID = {"funding": "raised money", "acquisition": "made an acquisition",
        "contract": "won new work", "partnership": "announced a partnership",
        "launch": "launched something new", "growth": "announced it is growing",
        "award": "won an award", "report": "published a report"}


def joined(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _cross(finding: Finding, organisation: str) -> dict:
    return {**finding.cites(), "organisation": organisation}


def cross_questions(others: list[tuple[str, CompanyProfile, list[Page]]], *, own: str = "",
                    open_topics: list[str] = (), today: date | None = None) -> list[Grounded]:
    """At most two questions for a meeting at one organisation that cite findings of the
    field's other organisations (``others``: name, profile and pages of each), each cited with
    its page and date: open roles elsewhere when hiring is a gap at ``own`` or at least two
    others list roles ("I read that B and C both list open roles …; how does hiring for roles
    like these look at A?"), and recent news of one kind when the sector's trends are a gap or
    at least two others agree. None when the findings are not there: never padded."""
    where = f"at {own}" if own else "where you work"
    roles, news = [], {}
    for name, profile, pages in others:
        found = findings(profile, pages, today=today)
        role = next((f for f in found if f.kind == "role"), None)
        if role is not None:
            roles.append((name, role))
        moment = today or max((p.retrieved.date() for p in pages if p.retrieved),
                              default=None) or date.today()
        for item in found:
            if item.kind == "news" and item.detail in _DID and item.published and \
                    (moment - item.published).days <= CROSS_NEWS_MAX_AGE_DAYS:
                news.setdefault(item.detail, []).append((name, item))
                break  # one news item of each organisation: its best
    out: list[Grounded] = []
    if roles and ("hiring" in open_topics or len(roles) >= 2):
        names = [n for n, _f in roles[:2]]
        titles = [f"\u201c{f.extra.get('role') or f.quote}\u201d" for _n, f in roles[:2]]
        if len(roles) >= 2:
            text = (f"I read that {joined(names)} both list open roles ({joined(titles)}); how does "
                    f"hiring for roles like these look {where}?")
        else:
            when = _month(roles[0][1].published)
            text = (f"I read that {names[0]} lists an opening for {titles[0]}"
                    + (f" (posted {when})" if when else "")
                    + f"; how does hiring for that kind of role look {where}?")
        cites = _cross(roles[0][1], names[0])
        if len(roles) >= 2:
            cites["also"] = [_cross(roles[1][1], names[1])]
        out.append(Grounded(text=text, topic="hiring", minutes=2.5, tiara="advice",
                            finding=_Cited(roles[0][1], cites)))
    agreed = max(news.values(), key=len, default=[])
    if agreed and ("sector_trends" in open_topics or len(agreed) >= 2):
        first = agreed[0][1]
        names = [n for n, _f in agreed[:2]]
        if len(agreed) >= 2:
            text = (f"I read that {joined(names)} both {_DID[first.detail]} recently "
                    f"(\u201c{first.quote}\u201d, {_month(first.published)}); how does that "
                    f"kind of move look to the people {where}?")
        else:
            text = (f"I read {names[0]}'s news of {_month(first.published)}, "
                    f"\u201c{first.quote}\u201d; what would a move like that mean for the work "
                    f"{where}?")
        cites = _cross(first, names[0])
        if len(agreed) >= 2:
            cites["also"] = [_cross(agreed[1][1], names[1])]
        out.append(Grounded(text=text, topic="sector_trends", minutes=2.5, tiara="trends",
                            finding=_Cited(first, cites)))
    return out[:CROSS_MAX]


class _Cited:
    """A finding of another organisation, whose citation names that organisation."""

    def __init__(self, finding: Finding, cites: dict):
        self.finding, self._cites = finding, cites
        self.kind, self.quote = finding.kind, finding.quote

    def cites(self) -> dict:
        return dict(self._cites)
