"""The parts of the research brief, each as escaped HTML (and plain text) built from the workbook.

Everything that came from the web (titles, sentences, names, addresses) is data: it goes
through ``html.escape`` on its way into the HTML, and an address becomes a link only when it
is an ``http(s)`` URL. Every source that a part cites is numbered by ``Sources``, so the printed
brief can say "[3]" and list the full address and its retrieval date in the appendix.
"""

from __future__ import annotations

import base64
import io
import math
import warnings
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from html import escape

from infolib.models import safe_href, scraped_date
from infolib.terminal import terminal_safe

__all__ = ["Part", "Sources", "appendix", "coverage_chart", "gaps_part", "news_part",
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
    """The cover: the field, the organisation, the contact and the meeting."""
    today = today or date.today()
    rows = [("Field", e(field)), ("Organisation", e(organisation or "not found in the research"))]
    contact_text = contact + (f", {role}" if role else "") if contact else ""
    rows.append(("Contact", e(contact_text) if contact else "<i>no contact named</i>"))
    if meeting:
        rows.append(("When", e(meeting["when"]) or "<i>not set</i>"))
        length = f" · {meeting['minutes']} minutes" if meeting.get("minutes") else ""
        rows.append(("How", e(meeting["mode"] + length)))
        rows.append(("Where", e(meeting["place"]) or "<i>not given (ask for the call details)</i>"))
    else:
        rows.append(("Meeting", "<i>none logged yet: log it with "
                                "<code>infolib meeting CONTACT --when …</code></i>"))
    if minutes:
        rows.append(("Planned for", e(f"{minutes} minutes")))
    if seeker:
        rows.append(("Prepared by", e(seeker)))
    rows.append(("Printed", e(today.isoformat())))
    html = (f"<section class=\"title-page\"><p class=\"kicker\">Research brief · informational "
            f"interview</p><h1 class=\"brief-title\">{e(organisation or field)}</h1>"
            f"<p class=\"subtitle\">{e(field)}</p>{_facts_table(rows)}</section>")
    lines = [f"Research brief: {organisation or field}", f"Field: {field}",
             f"Contact: {contact_text or '-'}"]
    if meeting:
        lines.append(f"Meeting: {meeting['when']} {meeting['mode']} {meeting['place']}".rstrip())
    return Part(html, "\n".join(lines))


# -- company profile and summary ----------------------------------------------------------------

LABELS = {"description": "What it does", "founded": "Founded", "headquarters": "Headquarters",
          "employees": "People employed", "mission": "Mission"}


def profile_part(research, sources: Sources) -> Part:
    """The company profile (each fact with its source and date) and the summary."""
    p = research.profile
    rows, text = [], []

    def sourced(item) -> str:
        return (f" {sources.cite(item.source, item.retrieved)}"
                f"<span class=\"when\">{e(day(item.retrieved))}</span>")

    name = p.value("name")
    if p.name is not None:
        rows.append(("Name", e(name) + sourced(p.name)))
    for key, label in LABELS.items():
        fact = getattr(p, key)
        if fact is not None:
            rows.append((label, e(fact.value) + sourced(fact)))
            text.append(f"{label}: {fact.value} {sources.mark(fact.source)}")
    if p.locations:
        rows.append(("Locations", "; ".join(e(i.text) + sourced(i) for i in p.locations)))
    if p.products:
        rows.append(("Products and services", "<ul>" + "".join(
            f"<li><b>{e(i.name)}</b>{': ' + e(i.description) if i.description else ''}"
            f"{sourced(i)}</li>" for i in p.products) + "</ul>"))
    if p.values:
        rows.append(("Values", "<ul>" + "".join(f"<li>{e(i.text)}{sourced(i)}</li>"
                                                for i in p.values) + "</ul>"))
    if p.open_roles:
        rows.append(("Open roles", "<ul>" + "".join(
            f"<li>{e(r.title)}{' (' + e(r.location) + ')' if r.location else ''}"
            f"{' · posted ' + e(day(r.posted)) if r.posted else ''}"
            f" {sources.cite(r.url or r.source, r.retrieved)}</li>" for r in p.open_roles) + "</ul>"))
    elif p.hiring is not None and not p.hiring.value:
        rows.append(("Open roles", "None open: the site is not hiring" + sourced(p.hiring)))
    if p.documents:
        rows.append(("Documents", "<ul>" + "".join(
            f"<li>{e(d.title)}{f' ({d.pages} pages)' if d.pages else ''}"
            f" {sources.cite(d.url or d.source, d.retrieved)}</li>" for d in p.documents) + "</ul>"))
    if p.links:
        rows.append(("Profiles elsewhere", "<ul>" + "".join(
            f"<li>{link(i.text)} <span class=\"muted\">(found on</span>"
            f"{sourced(i)}<span class=\"muted\">; not visited)</span></li>"
            for i in p.links) + "</ul>"))
    summary = "".join(f"<li>{e(s.text)} {sources.cite(s.source)}</li>" for s in research.summary)
    crawl = research.crawl
    read = (f"{len(crawl.pages)} pages read from {link(crawl.start_url)} on "
            f"{e(day(crawl.started))}")
    html = (f"<div class=\"profile\"><p class=\"muted\">{read}.</p>{_facts_table(rows)}"
            + (f"<h3>In its own words: a summary</h3><ol class=\"summary\">{summary}</ol>"
               if summary else f"<p><i>{e(_no_summary(research))}</i></p>")
            + "</div>")
    text = [f"{name or 'Unknown organisation'}"] + text
    text += [f"- {s.text} {sources.mark(s.source)}" for s in research.summary]
    return Part(html, "\n".join(text))


def _no_summary(research) -> str:
    """Why there is no summary: the pages held no sentences (a JavaScript-only site), or none
    stood out."""
    from infolib.planning.coverage import ResearchIndex

    return (ResearchIndex(research.crawl.pages, {}).unreadable
            or "No summary could be made from the pages read.")


# -- news -------------------------------------------------------------------------------------------

def news_part(research, sources: Sources, limit: int = 8) -> Part:
    """The organisation's recent news and posts, newest first, each dated."""
    items = sorted(research.profile.news, key=lambda n: (n.published is not None, n.published),
                   reverse=True)[:limit]
    if not items:
        return Part("<p><i>The pages read carry no dated news. Search the press for the "
                    "organisation's name before the meeting.</i></p>", "No news found.")
    rows = "".join(
        f"<tr><td class=\"date\">{e(day(n.published)) or '<i>undated</i>'}</td>"
        f"<td>{e(n.title)} {sources.cite(n.url or n.source, n.retrieved, n.published)}</td></tr>"
        for n in items)
    html = (f"<table class=\"news\"><thead><tr><th>published</th><th>item</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")
    return Part(html, "\n".join(f"{day(n.published) or 'undated'}  {n.title}" for n in items))


# -- people -----------------------------------------------------------------------------------------

def people_part(research, sources: Sources, contact: str = "", contact_row: dict | None = None
                ) -> Part:
    """The contact (from the workbook) and the people the organisation's pages name."""
    parts, text = [], []
    if contact:
        row = contact_row or {}
        details = [("Name", e(contact))]
        for key, label in (("role", "Role"), ("organisation", "Organisation"),
                           ("how_found", "How you found them"), ("referred_by", "Referred by"),
                           ("notes", "Why them")):
            value = row.get(key)
            if value is not None and str(value).strip() and str(value) != "nan":
                details.append((label, e(value)))
        if row.get("profile_url") and safe_href(row.get("profile_url")):
            details.append(("Profile", link(row["profile_url"])))
        if not contact_row:
            details.append(("", "<i>Not in the workbook's contacts yet: add them with "
                                "<code>infolib contact NAME --org …</code>.</i>"))
        parts.append(f"<h3>Your contact</h3>{_facts_table(details)}")
        text.append(f"Contact: {contact}")
    people = research.profile.people
    wanted = " ".join(contact.lower().split())
    if people:
        mine = ' class="is-contact"'
        rows = "".join(
            f"<tr{mine if ' '.join(person.name.lower().split()) == wanted else ''}>"
            f"<td>{e(person.name)}</td><td>{e(person.role)}</td>"
            f"<td>{sources.cite(person.source, person.retrieved)} <span class=\"when\">"
            f"{e(day(person.retrieved))}</span></td></tr>" for person in people)
        parts.append("<h3>Named on the organisation's pages</h3><table class=\"people\"><thead>"
                     "<tr><th>name</th><th>role</th><th>source</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
        text += [f"{person.name} — {person.role}" if person.role else person.name
                 for person in people]
    else:
        parts.append("<p><i>The pages read name nobody.</i></p>")
    return Part("".join(parts), "\n".join(text) or "No people found.")


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


def gaps_part(gap_list, sources: Sources, chart: bytes | None = None) -> Part:
    """The gap list: chart, then every topic with its status, why, and its best evidence."""
    png = base64.b64encode(chart).decode("ascii") if chart else ""
    figure = (f"<figure class=\"chart\"><img class=\"coverage-chart\" "
              f"alt=\"Coverage of each topic by the research; red bars are gaps\" "
              f"src=\"data:image/png;base64,{png}\"><figcaption>Coverage of each checklist topic "
              f"by the research ({gap_list.pages_used} pages); below the dashed line it is a gap."
              f"</figcaption></figure>") if png else ""
    rows = []
    for r in gap_list.rows:
        evidence = "".join(
            f"<li>{e(_short(ev.text, 220))} {sources.cite(ev.url, ev.retrieved, ev.published)}"
            f"{_when(ev.published)}</li>" for ev in r.evidence[:2 if r.is_gap else 1])
        evidence = f'<ul class="evidence">{evidence}</ul>' if evidence else ""
        status = "gap" if r.is_gap else "covered"
        rows.append(
            f"<tr class=\"{status}\"><td>{int(r.priority)}</td><td><b>{e(r.title)}</b><br>"
            f"<span class=\"why\">{e(r.why)}</span>"
            f"{evidence}</td>"
            f"<td class=\"status\">{status}</td><td>{float(r.coverage):.2f}</td>"
            f"<td>{int(r.importance)}</td></tr>")
    notes = "".join(f"<p class=\"muted\"><i>{e(n)}</i></p>" for n in gap_list.notes)
    html = (f"<p>{len(gap_list.gaps)} gaps and {len(gap_list.covered)} covered topics "
            f"(coverage threshold {gap_list.threshold:g}).</p>{figure}{notes}"
            f"<table class=\"gaps\"><thead><tr><th>#</th><th>topic</th><th>status</th>"
            f"<th>coverage</th><th>importance</th></tr></thead><tbody>{''.join(rows)}</tbody>"
            f"</table>")
    text = [f"{r.priority:>2}. {'GAP ' if r.is_gap else 'ok  '} {r.coverage:4.2f}  {r.title}"
            for r in gap_list.rows]
    return Part(html, "\n".join(text))


# -- questions ----------------------------------------------------------------------------------------

def questions_part(plan, sources: Sources) -> Part:
    """The ranked questions with their start minute and length, the wrap-up, the closing ones."""
    core, closing = [], []
    for question, start in plan.timeline():
        cite = ""
        if question.cites.get("url"):
            cite = " " + sources.cite(question.cites["url"], None, question.cites.get("published"))
        item = (f"<li value=\"{int(question.rank)}\"><span class=\"question\">{e(question.text)}</span>"
                f"{cite}<span class=\"clock\">minute {start:g} · about {question.minutes:g} min"
                f"{' · ' + e(question.topic) if question.topic and question.kind != 'closing' else ''}"
                f"</span></li>")
        (closing if question.kind == "closing" else core).append(item)
    html = (f"<p>{len(plan.questions)} questions for a {int(plan.minutes)}-minute conversation, "
            f"most important first; {plan.planned_minutes:g} minutes planned.</p>"
            f"<ol class=\"questions\">{''.join(core)}</ol>"
            f"<div class=\"wrap-up\">Minute {plan.wrap_up_at:g}: start wrapping up.</div>"
            f"<h3>Closing questions</h3><ol class=\"questions closing\">{''.join(closing)}</ol>")
    notes = "".join(f"<p class=\"muted\"><i>{e(n)}</i></p>" for n in plan.notes)
    text = [f"{q.rank:>2}. [{start:g}′] {q.text}" for q, start in plan.timeline()]
    return Part(html + notes, "\n".join(text))


# -- outreach -----------------------------------------------------------------------------------------

KIND_WORDS = {"second_person": "write to a second person", "follow_up_request": "follow up once",
              "thank_you": "thank-you note", "follow_up": "follow-up with news",
              "tell_hired": "tell them about the new job"}


def outreach_part(outreach, reminders, contact: str = "") -> Part:
    """The contact's messages (or all, without a contact) and what is due."""
    parts, text = [], []
    if outreach is not None and len(outreach):
        rows = "".join(
            f"<tr><td class=\"date\">{e(day(r.get('sent')))}</td><td>{e(r.get('contact'))}</td>"
            f"<td>{e(str(r.get('channel') or '').replace('_', ' '))}</td>"
            f"<td>{e(str(r.get('kind') or '').replace('_', ' '))}</td>"
            f"<td>{e(day(r.get('replied'))) or '<i>no reply yet</i>'}</td></tr>"
            for r in outreach.to_dict("records"))
        parts.append("<table class=\"outreach\"><thead><tr><th>sent</th><th>to</th><th>channel</th>"
                     f"<th>message</th><th>replied</th></tr></thead><tbody>{rows}</tbody></table>")
        text += [f"{day(r['sent'])} {r['contact']} {r['channel']} {r['kind']}"
                 for r in outreach.to_dict("records")]
    else:
        who = f"to {contact} " if contact else ""
        parts.append(f"<p><i>No message {e(who)}is logged yet. Log it with "
                     "<code>infolib outreach CONTACT --channel email</code>.</i></p>")
    if reminders is not None and len(reminders):
        rows = "".join(
            f"<tr class=\"{e(r.get('status'))}\"><td class=\"date\">{e(day(r.get('due')))}</td>"
            f"<td>{e(r.get('status'))}</td><td>{e(KIND_WORDS.get(r.get('kind'), r.get('kind')))}</td>"
            f"<td>{e(r.get('text'))}{_when(r.get('latest'), 'at the latest ')}</td></tr>"
            for r in reminders.to_dict("records"))
        parts.append("<h3>Reminders</h3><table class=\"reminders\"><thead><tr><th>due</th>"
                     "<th>status</th><th>what</th><th>detail</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
        text += [f"{day(r['due'])} {r['status']}: {r['text']}" for r in reminders.to_dict("records")]
    else:
        parts.append("<h3>Reminders</h3><p><i>Nothing is due.</i></p>")
    return Part("".join(parts), "\n".join(text) or "No outreach logged.")


# -- sources appendix --------------------------------------------------------------------------------

def appendix(sources: Sources) -> Part:
    """Every address the brief cites, numbered, with its title and retrieval date."""
    rows = []
    for s in sorted(sources.entries.values(), key=lambda s: s.number):
        href = safe_href(s.url)
        address = (f"<a href=\"{e(href)}\">{e(s.url)}</a>" if href
                   else f"{e(s.url)} <i>(not a web address: link removed)</i>")
        rows.append(f"<tr id=\"source-{s.number}\"><td>[{s.number}]</td><td>"
                    f"{'<b>' + e(s.title) + '</b><br>' if s.title else ''}"
                    f"<span class=\"url\">{address}</span></td>"
                    f"<td class=\"date\">{e(day(s.retrieved)) or '—'}</td>"
                    f"<td class=\"date\">{e(day(s.published))}</td></tr>")
    html = ("<table class=\"sources\"><thead><tr><th>#</th><th>source</th><th>retrieved</th>"
            f"<th>published</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    text = [f"[{s.number}] {s.url} (retrieved {day(s.retrieved)})"
            for s in sorted(sources.entries.values(), key=lambda s: s.number)]
    return Part(html, "\n".join(text))
