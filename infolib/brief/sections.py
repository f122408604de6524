"""The parts of the research brief, each as escaped HTML (and plain text) built from the workbook.

Everything that came from the web (titles, sentences, names, addresses) is data: it goes
through ``html.escape`` on its way into the HTML, and an address becomes a link only when it
is an ``http(s)`` URL. Every source that a part cites is numbered by ``Sources``, so the printed
brief can say "[3]" and list the full address and its retrieval date in the appendix.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from html import escape, unescape
from urllib.parse import urlsplit

from infolib.models import safe_href, scraped_date
from infolib.planning.checklist import topic_label
from infolib.terminal import terminal_safe

__all__ = ["DENSITIES", "MAX_PAGES", "WRITE_LINES", "Density", "Part", "Sources", "appendix",
           "coverage_chart", "gaps_part", "is_contact", "news_part", "others_part",
           "outreach_part", "people_part", "profile_part", "questions_part", "safe_href",
           "title_page"]

MODES = {"in_person": "in person", "phone": "by phone", "video": "by video call"}


def e(value) -> str:
    """Any value as escaped HTML text (None as empty), without control characters: scraped
    text stored before D11 may hold terminal escapes, which HTML escaping lets through."""
    return escape(terminal_safe(value), quote=True)


def link(url, text=None) -> str:
    """An escaped link to ``url`` when it is http(s); otherwise its text alone."""
    label = e(url if text is None else text)
    href = safe_href(url)
    return f"<a href=\"{e(href)}\">{label}</a>" if href else label


def day(value) -> str:
    """A date (or datetime) as YYYY-MM-DD; empty when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
        return pd.Timestamp(value).date().isoformat()
    except (TypeError, ValueError):
        return str(value)


@dataclass
class Part:
    """One part of the brief as a notebook output: escaped HTML and its plain-text twin."""

    html: str
    text: str

    def __post_init__(self):
        self.text = terminal_safe(self.text)  # the plain-text twin is shown in terminals

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text

    def bundle(self) -> dict:
        return {"text/html": self.html, "text/plain": self.text}


@dataclass
class Source:
    number: int
    url: str
    title: str = ""
    retrieved: date | None = None
    published: date | None = None


@dataclass
class Sources:
    """Numbers every source the brief cites, in order of first use, with its retrieval date."""

    pages: dict = dataclass_field(default_factory=dict)  # url -> Page of the research
    entries: dict = dataclass_field(default_factory=dict)  # url -> Source

    @classmethod
    def of(cls, research) -> Sources:
        return cls(pages={p.url: p for p in research.crawl.pages})

    def add(self, url, retrieved=None, published=None, title: str = "") -> Source:
        url = str(url or "").strip()
        found = self.entries.get(url)
        page = self.pages.get(url)
        if found is None:
            found = Source(number=len(self.entries) + 1, url=url)
            self.entries[url] = found
        if page is not None:
            found.title = found.title or page.title
            found.retrieved = found.retrieved or page.retrieved.date()
            found.published = found.published or page.published
        found.title = found.title or title
        found.retrieved = found.retrieved or scraped_date(retrieved)
        found.published = found.published or scraped_date(published)
        return found

    def cite(self, url, retrieved=None, published=None, title: str = "") -> str:
        """The citation mark ``[n]`` (a link when the address is http(s))."""
        if not url:
            return ""
        source = self.add(url, retrieved, published, title)
        href = safe_href(source.url)
        mark = f"[{source.number}]"
        if href:
            return f"<a class=\"cite\" href=\"{e(href)}\" title=\"{e(source.url)}\">{mark}</a>"
        return f"<span class=\"cite\">{mark}</span>"

    def mark(self, url) -> str:
        """``[n]`` for plain text."""
        return f"[{self.add(url).number}]" if url else ""


def _when(value, prefix: str = "") -> str:
    text = day(value)
    return f' <span class="when">{e(prefix + text)}</span>' if text else ""


def _facts_table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th scope=\"row\">{label}</th><td>{value}</td></tr>" for label, value in rows)
    return f"<table class=\"facts\"><tbody>{body}</tbody></table>" if body else ""


@dataclass(frozen=True)
class Density:
    """How much the printed brief holds: how much of the organisation, its people and news
    page one lists, and how many ruled lines to write on each question gets.
    ``make_brief(to="pdf")`` starts from the roomiest and takes page one's content down a step
    (``DENSITIES``) while it spills onto page two, and the writing room (``WRITE_LINES``) while
    the brief runs past ``MAX_PAGES`` A4 pages or ends on a nearly empty one; the HTML brief
    uses the roomiest."""

    people: int = 40  # people listed by name (the contact always is)
    news: int = 6
    roles: int = 6
    products: int = 10
    summary: int = 3  # sentences of the summary beyond "what it does"
    write_lines: int = 4  # ruled lines to write on under each question
    questions_on_new_page: bool = True


#: Page one's content, from the most to the least.
DENSITIES = (Density(),
             Density(people=30, news=5, summary=2),
             Density(people=20, news=4, roles=4, products=8, summary=0),
             Density(people=14, news=3, roles=3, products=6, summary=0,
                     questions_on_new_page=False))
#: Room to write under each question, from the most to the least (lines of 6.5 mm).
WRITE_LINES = (4, 3, 2, 1)
ROOMY = DENSITIES[0]
MAX_PAGES = 4


def _cites(sources: Sources, items) -> str:
    """One citation mark per distinct source of ``items``, in order."""
    seen: list[str] = []
    for item in items:
        if item.source and item.source not in seen:
            seen.append(item.source)
    return "".join(sources.cite(url) for url in seen)


def _more(shown: int, total: int, what: str) -> str:
    return f" <span class=\"muted\">and {total - shown} more {what}</span>" if total > shown else ""


# -- title page ---------------------------------------------------------------------------------

def meeting_details(meeting) -> dict | None:
    """When, how and where of a meetings-table row (or None)."""
    if meeting is None:
        return None
    import pandas as pd

    starts = meeting.get("starts")
    when = ""
    if starts is not None and not pd.isna(starts):
        moment = pd.Timestamp(starts).to_pydatetime()
        # in the zone it was entered in (Workbook.meetings), as the confirmation email says it
        zone = f" ({moment.tzname()})" if moment.tzinfo is not None and moment.tzname() else ""
        when = moment.strftime("%A %d %B %Y, %H:%M") + zone
    minutes = meeting.get("minutes")
    return {"when": when, "mode": MODES.get(str(meeting.get("mode") or ""),
                                           str(meeting.get("mode") or "")),
            "place": str(meeting.get("place") or ""),
            "minutes": int(minutes) if minutes is not None and not pd.isna(minutes) else None}


def title_page(*, field: str, organisation: str, contact: str = "", role: str = "",
               meeting: dict | None = None, seeker: str = "", minutes: int | None = None,
               today: date | None = None) -> Part:
    """The brief's head: the organisation, then the field, the contact and the meeting in a
    few lines (the brief is four pages at most: no cover page)."""
    today = today or date.today()
    contact_text = contact + (f", {role}" if role else "") if contact else ""
    rows = [("Field", e(field)),
            ("Meeting with", f"<b>{e(contact_text)}</b>" if contact else "<i>no contact named</i>")]
    if meeting:
        length = meeting.get("minutes") or minutes
        how = meeting["mode"] + (f" · {length} minutes" if length else "")
        rows.append(("When", (e(meeting["when"]) or "<i>not set</i>") + " · " + e(how)))
        rows.append(("Where", e(meeting["place"]) or "<i>not given: ask for the call details</i>"))
    else:
        rows.append(("When", (e(f"{minutes} minutes planned") + " · " if minutes else "")
                     + "<i>no meeting logged yet: <code>infolib meeting CONTACT --when …</code>"
                       "</i>"))
    made = f"Printed {today.isoformat()}" + (f" for {seeker}" if seeker else "")
    strip = "".join(f"<div><span class=\"label\">{label}</span> {value}</div>"
                    for label, value in rows)
    html = (f"<section class=\"title-page\"><p class=\"kicker\">Research brief · informational "
            f"interview · {e(made)}</p><h1 class=\"brief-title\">{e(organisation or field)}</h1>"
            f"<div class=\"meeting\">{strip}</div></section>")
    lines = [f"Research brief: {organisation or field}", f"Field: {field}",
             f"Contact: {contact_text or '-'}"]
    if meeting:
        lines.append(f"Meeting: {meeting['when']} {meeting['mode']} {meeting['place']}".rstrip())
    return Part(html, "\n".join(lines))


# -- company profile and summary ----------------------------------------------------------------

def _network(url: str) -> str:
    from infolib.research.profile import SOCIAL_HOSTS

    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return next((label for h, label in SOCIAL_HOSTS.items()
                 if host == h or host.endswith("." + h)), host)


def _bare(url: str) -> str:
    """An address as printed: without the scheme, ``www.`` and a final slash."""
    parts = urlsplit(url)
    text = (parts.netloc.lower().removeprefix("www.") + parts.path).rstrip("/")
    return text + (f"?{parts.query}" if parts.query else "")


def profile_part(research, sources: Sources, density: Density = ROOMY) -> Part:
    """The organisation on a few lines: what it does, where, how big, founded, mission, its
    offers, values, documents and public profiles, each with its source mark; then a few
    sentences of the summary."""
    p = research.profile
    rows, text = [], []

    def fact(label: str, value: str, *items) -> None:
        rows.append((label, value + " " + _cites(sources, items)))
        text.append(f"{label}: {unescape(re.sub(r'<[^>]+>', '', value))}")

    if p.description is not None:
        fact("What it does", e(_short(p.description.value, 600)), p.description)
    places = ([(f"{p.headquarters.value} (headquarters)", p.headquarters)]
              if p.headquarters is not None else []) + [(i.text, i) for i in p.locations]
    if places:
        shown = places[:5]
        fact("Where", "; ".join(e(t) for t, _i in shown)
             + _more(len(shown), len(places), "places"), *[i for _t, i in shown])
    if p.employees is not None:
        fact("How big", e(f"{p.employees.value} people"), p.employees)
    if p.founded is not None:
        fact("Founded", e(p.founded.value), p.founded)
    if p.mission is not None and not _same_text(p.mission.value, p.value("description")):
        fact("Mission", e(_short(p.mission.value, 500)), p.mission)
    if p.products:
        shown = p.products[:density.products]
        fact("Offers", " · ".join(f"<b>{e(i.name)}</b>" for i in shown)
             + _more(len(shown), len(p.products), "offers"), *shown)
    if p.values:
        fact("Values", " · ".join(e(_short(i.text, 80)) for i in p.values[:8]), *p.values[:8])
    if p.documents:
        rows.append(("Documents", "; ".join(
            f"{e(d.title)}{f' ({d.pages} pages)' if d.pages else ''} "
            f"{sources.cite(d.url or d.source, d.retrieved)}" for d in p.documents[:4])))
    if p.links:
        rows.append(("Profiles", " · ".join(
            f"{e(_network(i.text))}: {link(i.text, _bare(i.text))}" for i in p.links)))
    said = [" ".join(str(p.value(key) or "").lower().split()) for key in ("description", "mission")]
    summary = [s for s in research.summary if len(s.text.split()) >= 8  # says something
               and not any(" ".join(s.text.lower().split()) in known for known in said if known)]
    summary = summary[:density.summary]
    crawl = research.crawl
    read = (f"{len(crawl.pages)} pages read from {link(crawl.start_url)} on "
            f"{e(day(crawl.started))}; a mark [n] points to the sources at the end.")
    html = (f"<div class=\"profile\">{_facts_table(rows)}"
            + ("<ul class=\"summary\">" + "".join(
                f"<li>{e(_short(s.text, 300))} {sources.cite(s.source)}</li>" for s in summary)
               + "</ul>" if summary else "")
            + (f"<p><i>{e(_no_summary(research))}</i></p>" if not research.summary else "")
            + f"<p class=\"muted read\">{read}</p></div>")
    name = p.value("name")
    lines = [f"{name or 'Unknown organisation'}"] + text
    lines += [f"- {s.text} {sources.mark(s.source)}" for s in summary]
    return Part(html, "\n".join(lines))


def _same_text(a, b) -> bool:
    return " ".join(str(a or "").lower().split()) == " ".join(str(b or "").lower().split())


def _no_summary(research) -> str:
    """Why there is no summary: the pages held no sentences (a JavaScript-only site), or none
    stood out."""
    from infolib.planning.coverage import ResearchIndex

    return (ResearchIndex(research.crawl.pages, {}).unreadable
            or "No summary could be made from the pages read.")


# -- what's new ---------------------------------------------------------------------------------

def news_part(research, sources: Sources, density: Density = ROOMY) -> Part:
    """What's new: the latest news and posts (newest first, each dated), then the open roles,
    or that the site says it is not hiring, with its source."""
    p = research.profile
    items = sorted(p.news, key=lambda n: (n.published is not None, n.published),
                   reverse=True)[:density.news]
    parts, text = [], []
    if items:
        parts.append("<ul class=\"news\">" + "".join(
            f"<li><span class=\"date\">{e(day(n.published)) or 'undated'}</span> {e(n.title)} "
            f"{sources.cite(n.url or n.source, n.retrieved, n.published)}</li>" for n in items)
            + "</ul>")
        text += [f"{day(n.published) or 'undated'}  {n.title}" for n in items]
    else:
        parts.append("<p class=\"line\"><b>News:</b> <i>none dated on the pages read; search the "
                     "press for the name before the meeting.</i></p>")
        text.append("No news found.")
    if p.open_roles:
        shown = p.open_roles[:density.roles]
        roles = "; ".join(
            f"{e(r.title)}{' (' + e(r.location) + ')' if r.location else ''}"
            f"{' posted ' + e(day(r.posted)) if r.posted else ''} "
            f"{sources.cite(r.url or r.source, r.retrieved)}" for r in shown)
        parts.append(f"<p class=\"line roles\"><b>Open roles:</b> {roles}"
                     f"{_more(len(shown), len(p.open_roles), 'roles')}</p>")
        text.append("Open roles: " + "; ".join(r.title for r in shown))
    elif p.hiring is not None and not p.hiring.value:
        parts.append(f"<p class=\"line roles\"><b>Open roles:</b> none: the site says it is not "
                     f"hiring {sources.cite(p.hiring.source, p.hiring.retrieved)}</p>")
        text.append("Open roles: none, the site says it is not hiring")
    else:
        parts.append("<p class=\"line roles\"><b>Open roles:</b> <i>none found on the pages "
                     "read.</i></p>")
        text.append("Open roles: none found")
    return Part("".join(parts), "\n".join(text))


def changes_part(org, sources: Sources, density: Density = ROOMY) -> Part | None:
    """New since you last looked: what changed between the organisation's two latest crawls
    (``research.changes.OrganisationChanges``), one short line each (facts, roles, people,
    news; pages counted in one line), at most ``density.news`` lines; None when nothing did."""
    if org is None or not org.changes:
        return None
    lines, text = [], []
    pages = {kind: sum(c.kind == kind for c in org.changes)
             for kind in ("page_new", "page_gone", "page_changed")}
    for change in org.changes:
        if change.kind.startswith("page_"):
            continue
        side = change.after or change.before
        cite = sources.cite(side.source, side.retrieved) if side and side.source else ""
        if change.kind == "fact_changed":
            old = change.before
            was = (f" (was {e(old.value)} {sources.cite(old.source, old.retrieved)})"
                   if old else "")
            lines.append(f"<li><b>{e(change.topic.capitalize())}:</b> {e(change.after.value)} "
                         f"{cite}{was}</li>")
            text.append(f"{change.topic}: {change.after.value}"
                        + (f" (was {change.before.value})" if change.before else ""))
        else:
            label = change.label()
            lines.append(f"<li><b>{e(label.capitalize())}:</b> {e(change.what)} {cite}</li>")
            text.append(f"{label}: {change.what}")
    counted = [f"{n} {word}" for n, word in ((pages["page_new"], "new"),
                                             (pages["page_gone"], "gone"),
                                             (pages["page_changed"], "changed")) if n]
    shown, text = lines[:density.news], text[:density.news]
    if counted:
        shown.append(f"<li><b>Pages:</b> {e(', '.join(counted))}</li>")
        text.append("Pages: " + ", ".join(counted))
    more = _more(len(lines[:density.news]), len(lines), "changes: `infolib changes`")
    return Part(f"<p class=\"line\"><b>New since you last looked</b> "
                f"({e(day(org.before))} → {e(day(org.after))}):{more}</p>"
                f"<ul class=\"news changes\">{''.join(shown)}</ul>",
                f"New since you last looked ({day(org.before)} -> {day(org.after)}):\n"
                + "\n".join(text))


# -- the field's other organisations -------------------------------------------------------------

OTHERS_MAX = 6  # rows of the others' table


def others_part(others, sources: Sources) -> Part | None:
    """The field's other organisations in one short table: the name linked to its site, what
    it does in a line, where, how big, its open roles or that it is not hiring, and its latest
    news with the date, each with its source mark. ``others``: (organisation, CompanyProfile or
    None) pairs, as ``Workbook.research.organisations`` and ``profile`` give them. None when the
    field has no other organisation."""
    if not others:
        return None
    rows, lines = [], []
    for org, p in others[:OTHERS_MAX]:
        name = link(org["start_url"], org["name"])
        if p is None:
            why = _short(org.get("error") or "its site could not be read", 120)
            rows.append([name, f"<i>{e(why)}</i>"])
            lines.append(f"{org['name']} <{org['start_url']}>: {why}")
            continue
        what = where = size = roles = news = ""
        said = []
        if p.description is not None:
            what = (f"{e(_short(p.description.value, 110))} "
                    f"{sources.cite(p.description.source, p.description.retrieved)}")
            said.append(_short(p.description.value, 110))
        place = p.headquarters or (p.locations[0] if p.locations else None)
        if place is not None:
            text = str(getattr(place, "value", None) or getattr(place, "text", ""))
            where = f"{e(_short(text, 40))} {sources.cite(place.source, place.retrieved)}"
            said.append(text)
        if p.employees is not None:
            size = (f"{e(p.employees.value)} people "
                    f"{sources.cite(p.employees.source, p.employees.retrieved)}")
            said.append(f"{p.employees.value} people")
        if p.open_roles:
            first = p.open_roles[0]
            more = f" and {len(p.open_roles) - 1} more" if len(p.open_roles) > 1 else ""
            roles = (f"{e(_short(first.title, 50))}{more} "
                     f"{sources.cite(first.url or first.source, first.retrieved)}")
            said.append(f"open roles: {first.title}{more}")
        elif p.hiring is not None and not p.hiring.value:
            roles = f"not hiring {sources.cite(p.hiring.source, p.hiring.retrieved)}"
            said.append("not hiring")
        dated = [n for n in p.news if n.published]
        if dated:
            item = max(dated, key=lambda n: n.published)
            news = (f"<span class=\"date\">{e(day(item.published))}</span> "
                    f"{e(_short(item.title, 70))} "
                    f"{sources.cite(item.url or item.source, item.retrieved, item.published)}")
            said.append(f"{day(item.published)} {item.title}")
        rows.append([name, what, where, size, roles or "<i>none found</i>", news])
        lines.append(f"{org['name']} <{org['start_url']}>: " + "; ".join(said or ["-"]))
    more = _more(min(len(others), OTHERS_MAX), len(others), "organisations")
    heads = ["Organisation", "What it does", "Where", "Size", "Open roles", "Latest news"]
    # a column no organisation has anything for is left out; an unread site spans the rest
    keep = [i for i, _h in enumerate(heads)
            if i in (0, 4) or any(len(r) == len(heads) and r[i] for r in rows)]
    body = "".join(
        "<tr>" + ("".join(f"<td>{r[i]}</td>" for i in keep) if len(r) == len(heads) else
                  f"<td>{r[0]}</td><td colspan=\"{len(keep) - 1}\">{r[1]}</td>") + "</tr>"
        for r in rows)
    html = ("<table class=\"others\"><thead><tr>" + "".join(f"<th>{heads[i]}</th>" for i in keep)
            + f"</tr></thead><tbody>{body}</tbody></table>{more}")
    return Part(html, "\n".join(["The others in the field:"] + lines))


# -- people -----------------------------------------------------------------------------------------

_HONORIFICS = {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "sir", "dame", "phd", "jr",
               "sr"}


def _person_key(name: str) -> tuple[str, ...]:
    words = re.findall(r"[^\W\d_]+", str(name or "").lower())
    return tuple(w for w in words if w not in _HONORIFICS)


def is_contact(person_name: str, contact: str) -> bool:
    """Whether a name on the site is the contact's (titles such as Dr and case aside; a
    middle name on one side only still matches)."""
    mine, theirs = _person_key(contact), _person_key(person_name)
    if not mine or not theirs:
        return False
    if mine == theirs:
        return True
    return (len(mine) >= 2 and len(theirs) >= 2 and mine[0] == theirs[0]
            and mine[-1] == theirs[-1])


def _columns(members) -> str:
    """Two columns for a list of people, three when hardly any has a role beside the name."""
    if len(members) <= 3:
        return ""
    roles = sum(bool(m.role) for m in members)
    return " cols cols3" if len(members) > 6 and roles * 4 <= len(members) else " cols"


def people_part(research, sources: Sources, contact: str = "", contact_row: dict | None = None,
                density: Density = ROOMY) -> Part:
    """The people the organisation's pages name, grouped as the site groups them (team, board,
    advisers…), each with their role; the contact highlighted, and what the workbook knows
    about them in one line."""
    people = list(research.profile.people)
    parts, text = [], []
    found = next((person for person in people if is_contact(person.name, contact)), None)
    if contact:
        row = contact_row or {}
        bits = [f"<b>{e(contact)}</b>"]
        role = str(row.get("role") or "").strip()
        if role and role != "nan":
            bits[0] += f", {e(role)}"
        for key, label in (("how_found", "found via"), ("referred_by", "referred by"),
                           ("notes", "why them")):
            value = row.get(key)
            if value is not None and str(value).strip() and str(value) != "nan":
                bits.append(f"{label}: {e(_short(value, 160))}")
        if row.get("profile_url") and safe_href(row.get("profile_url")):
            bits.append(link(row["profile_url"], _bare(row["profile_url"])))
        if found is not None:
            bits.append(f"on the site as {e(found.role or 'named')} "
                        f"{sources.cite(found.source, found.retrieved)}")
        else:
            bits.append("<i>not named on the pages read</i>")
        if not contact_row:
            bits.append("<i>not in your contacts yet: <code>infolib contact NAME --org …</code>"
                        "</i>")
        parts.append(f"<p class=\"line contact\"><span class=\"label\">Your contact</span> "
                     f"{' · '.join(bits)}</p>")
        text.append(f"Contact: {contact}")
    if not people:
        parts.append("<p class=\"line\"><i>The pages read name nobody.</i></p>")
        return Part("".join(parts), "\n".join(text) or "No people found.")
    shown = people[:density.people]
    if found is not None and found not in shown:
        shown[-1] = found
    groups: dict[str, list] = {}
    for person in people:  # the site's order of groups, the people shown in it
        if person in shown:
            groups.setdefault(person.group or "", []).append(person)
    mark = " class=\"is-contact\""
    for group, members in groups.items():
        # the group cites the page most of its people come from; anyone else cites their own
        usual = Counter(m.source for m in members).most_common(1)[0][0]
        items = "".join(
            f"<li{mark if m is found else ''}><b>{e(m.name)}</b>"
            f"{' — ' + e(_short(m.role, 90)) if m.role else ''}"
            f"{'' if m.source == usual else ' ' + sources.cite(m.source, m.retrieved)}</li>"
            for m in members)
        title = e(group[:1].upper() + group[1:]) if group else "Named on the site"
        cite = sources.cite(usual)
        parts.append(f"<div class=\"group\"><p class=\"group-name\">{title} {cite}</p>"
                     f"<ul class=\"people{_columns(members)}\">{items}</ul>"
                     f"</div>")
        text += [f"{m.name} — {m.role}" if m.role else m.name for m in members]
    rest = [person for person in people if person not in shown]
    if rest:
        counts: dict[str, int] = {}
        for person in rest:
            counts[person.group or ""] = counts.get(person.group or "", 0) + 1
        where = ", ".join(f"{n} {e(g) if g else 'other'}" for g, n in counts.items())
        parts.append(f"<p class=\"muted line\">and {len(rest)} more named on the pages "
                     f"({where}) {_cites(sources, rest)}</p>")
    return Part("".join(parts), "\n".join(text))


# -- gaps ---------------------------------------------------------------------------------------------

def coverage_chart(gap_list, dpi: int = 110) -> bytes:
    """A horizontal bar chart of each topic's coverage (red: gap) as PNG bytes (Agg)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = list(gap_list.rows)
    labels = [_short(r.title, 52) for r in rows]
    height = max(2.2, 0.28 * len(rows) + 1.0)
    fig = Figure(figsize=(7.0, height), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    positions = list(range(len(rows)))[::-1]
    colours = ["#c0392b" if r.is_gap else "#2e8b57" for r in rows]
    ax.barh(positions, [max(r.coverage, 0.01) for r in rows], color=colours, height=0.65)
    ax.set_yticks(positions, labels=labels, fontsize=8, parse_math=False)
    ax.axvline(gap_list.threshold, color="#333333", linestyle="--", linewidth=0.9)
    ax.text(gap_list.threshold, len(rows) - 0.4, f" threshold {gap_list.threshold:g}", fontsize=7,
            va="bottom", color="#333333", parse_math=False)
    ax.set_xlim(0, 1)
    ax.set_xlabel("coverage by the research (red: gap to ask about, green: covered)", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a missing glyph in a user's goal is not worth failing
        fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def gaps_part(gap_list, sources: Sources) -> Part:
    """The gap list in one compact table: each topic with its status and coverage, and for a
    gap why the research leaves it open. (The evidence is in the gap list itself; the brief
    only says where a covered topic is answered.)"""
    rows = []
    for r in gap_list.rows:
        status = "gap" if r.is_gap else "covered"
        detail = (f"<span class=\"why\"> — {e(_short(r.why, 110))}</span>" if r.is_gap and r.why
                  else (" " + sources.cite(r.evidence[0].url, r.evidence[0].retrieved,
                                           r.evidence[0].published)
                        if r.evidence and r.evidence[0].url else ""))
        rows.append(f"<tr class=\"{status}\"><td class=\"num\">{int(r.priority)}</td>"
                    f"<td>{e(r.title)}{detail}</td><td class=\"status\">{status}</td>"
                    f"<td class=\"num\">{float(r.coverage):.2f}</td></tr>")
    notes = "".join(f"<p class=\"muted line\"><i>{e(n)}</i></p>" for n in gap_list.notes)
    html = (f"<p class=\"line\">{len(gap_list.gaps)} gaps to ask about and "
            f"{len(gap_list.covered)} topics the research covers (coverage of "
            f"{gap_list.threshold:g} or more, over {gap_list.pages_used} pages).</p>{notes}"
            f"<table class=\"gaps\"><colgroup><col class=\"c-num\"><col><col class=\"c-status\">"
            f"<col class=\"c-cover\"></colgroup><thead><tr><th>#</th><th>topic</th>"
            f"<th>status</th><th>coverage</th></tr></thead><tbody>{''.join(rows)}</tbody>"
            f"</table>")
    text = [f"{r.priority:>2}. {'GAP ' if r.is_gap else 'ok  '} {r.coverage:4.2f}  {r.title}"
            for r in gap_list.rows]
    return Part(html, "\n".join(text))


# -- questions ----------------------------------------------------------------------------------------

QUESTION_KINDS = {"gap": "gap", "grounded": "grounded", "yours": "yours", "user": "yours",
                  "follow_up": "follow-up", "closing": "closing"}


def question_source(question, limit: int = 70) -> str:
    """What a grounded question builds on, in a few words: the page's title (cut to ``limit``
    characters) and its date ("“Acme raises £5m”, 2026-09-15"); empty for a question that
    cites nothing."""
    cites = question.cites or {}
    if not cites.get("url"):
        return ""
    title = _short(cites.get("title") or cites["url"], limit)
    when = cites.get("published") or (f"read {cites['retrieved']}" if cites.get("retrieved")
                                      else "")
    who = f"{cites['organisation']}: " if cites.get("organisation") else ""  # another org's
    return f"{who}\u201c{title}\u201d" + (f", {when}" if when else "")


def questions_part(plan, sources: Sources) -> Part:
    """The ranked questions with their start minute and length, their kind (gap, grounded,
    yours, closing) and, for one built on a finding, the page it cites; the wrap-up, the
    closing ones."""
    core, closing = [], []
    for question, start in plan.timeline():
        cite, source = "", question_source(question, 40)
        if question.cites.get("url"):
            cite = " " + sources.cite(question.cites["url"], None, question.cites.get("published"))
        kind = QUESTION_KINDS.get(question.kind, question.kind)
        item = (f"<li value=\"{int(question.rank)}\"><span class=\"question\">{e(question.text)}</span>"
                f"{cite}<span class=\"clock\">minute {start:g} · about {question.minutes:g} min"
                f" · <span class=\"kind\">{e(kind)}</span>"
                f"{' · ' + e(topic_label(question.topic)) if topic_label(question.topic) else ''}"
                f"{' · cites ' + e(source) if source else ''}</span></li>")
        (closing if question.kind == "closing" else core).append(item)
    html = (f"<p>{len(plan.questions)} questions for a {int(plan.minutes)}-minute conversation, "
            f"most important first; {plan.planned_minutes:g} minutes planned.</p>"
            f"<ol class=\"questions\">{''.join(core)}</ol>"
            f"<div class=\"wrap-up\">Minute {plan.wrap_up_at:g}: start wrapping up.</div>"
            f"<h3>Closing questions</h3><ol class=\"questions closing\">{''.join(closing)}</ol>")
    notes = "".join(f"<p class=\"muted\"><i>{e(n)}</i></p>" for n in plan.notes)
    text = [f"{q.rank:>2}. [{start:g}′] ({QUESTION_KINDS.get(q.kind, q.kind)}) {q.text}"
            + (f" (cites {question_source(q)}: {q.cites['url']})" if question_source(q) else "")
            for q, start in plan.timeline()]
    return Part(html + notes, "\n".join(text))


# -- outreach -----------------------------------------------------------------------------------------

KIND_WORDS = {"second_person": "write to a second person", "follow_up_request": "follow up once",
              "thank_you": "thank-you note", "follow_up": "follow-up with news",
              "tell_hired": "tell them about the new job"}


def outreach_part(outreach, reminders, contact: str = "") -> Part:
    """The contact's messages (or all, without a contact) and what is due, a line each; one
    line when there is nothing."""
    lines, text = [], []
    for r in (outreach.to_dict("records") if outreach is not None and len(outreach) else []):
        kind = str(r.get("kind") or "").replace("_", " ")
        channel = str(r.get("channel") or "").replace("_", " ")
        replied = day(r.get("replied"))
        lines.append(f"<li><span class=\"date\">{e(day(r.get('sent')))}</span> sent "
                     f"{e(kind or 'a message')} to {e(r.get('contact'))} by {e(channel)}: "
                     f"{'replied ' + e(replied) if replied else '<i>no reply yet</i>'}</li>")
        text.append(f"{day(r['sent'])} {r['contact']} {r['channel']} {r['kind']}")
    for r in (reminders.to_dict("records") if reminders is not None and len(reminders) else []):
        status = str(r.get("status") or "")
        lines.append(f"<li class=\"{e(status)}\"><span class=\"date\">{e(day(r.get('due')))}"
                     f"</span> <b>{e(status)}</b>: "
                     f"{e(KIND_WORDS.get(r.get('kind'), r.get('kind')))} — {e(r.get('text'))}"
                     f"{_when(r.get('latest'), 'at the latest ')}</li>")
        text.append(f"{day(r['due'])} {status}: {r['text']}")
    if not lines:
        who = f"to {contact} " if contact else ""
        return Part(f"<p class=\"line\"><i>No message {e(who)}logged and nothing due: log one "
                    "with <code>infolib outreach CONTACT --channel email</code>.</i></p>",
                    "No outreach logged; nothing is due.")
    return Part(f"<ul class=\"outreach\">{''.join(lines)}</ul>", "\n".join(text))


# -- sources appendix --------------------------------------------------------------------------------

def appendix(sources: Sources, start_url: str = "", read_on=None) -> Part:
    """Every address the brief cites, numbered, with its title; in print, an address on the
    researched site by its path (the site's address is given once), and a retrieval date only
    where it differs from the day the site was read."""
    site = urlsplit(start_url or "")
    read_on = day(read_on)
    rows, text = [], []
    for s in sorted(sources.entries.values(), key=lambda s: s.number):
        href = safe_href(s.url)
        parts = urlsplit(s.url) if href else None
        shown = s.url
        if parts is not None and site.netloc and parts.netloc == site.netloc:
            shown = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        address = (f"<a href=\"{e(href)}\">{e(shown)}</a>" if href
                   else f"{e(s.url)} <i>(not a web address: link removed)</i>")
        dates = []
        if s.published:
            dates.append(f"published {day(s.published)}")
        if day(s.retrieved) and day(s.retrieved) != read_on:
            dates.append(f"read {day(s.retrieved)}")
        when = f" <span class=\"date\">{e(', '.join(dates))}</span>" if dates else ""
        title = f"{e(_short(s.title, 90))} " if s.title else ""
        rows.append(f"<li id=\"source-{s.number}\"><span class=\"n\">[{s.number}]</span> {title}"
                    f"<span class=\"url\">{address}</span>{when}</li>")
        text.append(f"[{s.number}] {s.url} (retrieved {day(s.retrieved)})")
    head = (f"<p class=\"line muted\">Addresses below are on {link(start_url)}, read on "
            f"{e(read_on)} unless a date says otherwise.</p>" if site.netloc and read_on else "")
    return Part(f"{head}<ol class=\"sources\">{''.join(rows)}</ol>", "\n".join(text))
