"""Which contacts, channels and sources led to referrals, formal interviews and offers.

From the interview log: the referral graph (networkx; chains of any length), each contact's
direct and indirect referrals and what they led to; the funnel contacted → replied → met →
referred → formal interview → offer; conversion by channel (of the first message), by how the
contact was found, by field and by organisation; reply times and the booster / obligate /
curmudgeon split; the time from first contact to first referral. Self-referrals, cycles and
referrals from deleted contacts are reported, never followed forever.

Which questions worked: for the meetings whose contact had a stored question plan, each planned
question counts as asked once per meeting; the notes linked to it (answers, insights, advice,
leads) say what it drew, and a referral from the contact on or after the meeting day counts for
every question of that meeting. By topic and by kind of question (grounded, gap, yours,
follow-up, closing).
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from infolib.files import write_file
from infolib.models import to_jsonable
from infolib.store.queries import referral_tables
from infolib.store.workbook import open_workbook
from infolib.terminal import terminal_safe

STAGES = ("contacted", "replied", "met", "referred", "formal interview", "offer")
_INTERVIEW = ("formal_interview", "offer", "hired")
_OFFER = ("offer", "hired")


@dataclass
class ReferralAnalysis:
    """The analysis as DataFrames (for your own pandas work) and plots."""

    contacts: object  # DataFrame: one row per contact
    funnel: object
    by_channel: object
    by_source: object
    by_field: object
    by_organisation: object
    reply_labels: object
    graph: object = field(repr=False)  # networkx.DiGraph, contact id -> referred contact id
    issues: list[str] = field(default_factory=list)
    first_referral_days: float | None = None  # median days, first message -> first referral
    #: which questions worked: DataFrames by topic and by kind of question (see the module)
    questions_by_topic: object = None
    questions_by_kind: object = None

    @property
    def empty(self) -> bool:
        return self.contacts.empty

    def headline(self) -> str:
        if self.empty:
            return ("Nothing logged yet: add contacts and log your messages, meetings and "
                    "referrals (notebooks 04 and 05, or `infolib contact`, `infolib outreach`, "
                    "`infolib meeting`, `infolib referral`); the analysis appears here.")
        counts = dict(zip(self.funnel["stage"], self.funnel["count"], strict=True))
        days = (f"; median {self.first_referral_days:g} days from first message to first "
                "referral" if self.first_referral_days is not None else "")
        return (f"{counts['contacted']} contacted, {counts['replied']} replied, {counts['met']} "
                f"met, {counts['referred']} referred you on, {counts['formal interview']} led to "
                f"formal interviews, {counts['offer']} to offers{days}.")

    def __repr__(self) -> str:
        return "\n".join([self.headline(), *[f"note: {i}" for i in self.issues]])

    def to_text(self) -> str:
        """The analysis as the CLI prints it: the headline, the notes, who referred you on,
        and the referral rates by channel and by how you found people."""

        lines = [self.headline(), *[f"Note: {issue}" for issue in self.issues]]
        if not self.empty:
            top = self.contacts[self.contacts["direct_referrals"] > 0]
            if not top.empty:
                lines += ["", "Who referred you on:",
                          top[["name", "direct_referrals", "indirect_referrals",
                               "led_to_meetings", "led_to_interviews", "led_to_offers"]]
                          .to_string(index=False)]
            for title, frame in (("By channel of the first message", self.by_channel),
                                 ("By how you found them", self.by_source)):
                lines += ["", f"{title}:", frame.assign(rate=frame["rate"].map("{:.0%}".format))
                          .to_string(index=False)]
            if self.questions_by_kind is not None and len(self.questions_by_kind):
                percent = {c: self.questions_by_kind[c].map("{:.0%}".format)
                           for c in ("drew_rate", "referred_rate")}
                lines += ["", "Which questions worked, by kind of question:",
                          self.questions_by_kind.assign(**percent).to_string(index=False)]
        return terminal_safe("\n".join(lines))

    def to_dict(self) -> dict:
        """The documented JSON: contacts, funnel, by_channel, by_source (and more)."""

        def records(frame):
            return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]

        contacts = [{"name": r["name"], "direct_referrals": r["direct_referrals"],
                     "indirect_referrals": r["indirect_referrals"],
                     "led_to": {"meetings": r["led_to_meetings"],
                                "formal_interviews": r["led_to_interviews"],
                                "offers": r["led_to_offers"]},
                     "how_found": r["how_found"], "channel": r["channel"],
                     "organisation": r["organisation"], "field": r["field"],
                     "reply": r["reply"]} for r in records(self.contacts)]
        return to_jsonable({
            "contacts": contacts, "funnel": records(self.funnel),
            "by_channel": records(self.by_channel), "by_source": records(self.by_source),
            "by_field": records(self.by_field), "by_organisation": records(self.by_organisation),
            "reply_labels": records(self.reply_labels), "issues": self.issues,
            "first_referral_days": self.first_referral_days,
            "questions_by_topic": records(self.questions_by_topic)
            if self.questions_by_topic is not None else [],
            "questions_by_kind": records(self.questions_by_kind)
            if self.questions_by_kind is not None else [],
        })

    # plots ----------------------------------------------------------------------------------------
    def funnel_plot(self):
        """A horizontal funnel: how many contacts reached each stage."""
        fig, ax = _figure(6.5, 3.0)
        counts = list(self.funnel["count"])[::-1]
        ax.barh(list(self.funnel["stage"])[::-1], counts, color="#2e86ab")
        for y, value in enumerate(counts):
            ax.text(value, y, f" {value}", va="center", fontsize=9)
        ax.set_xlabel("contacts")
        ax.set_title("From first message to offer")
        _tidy(ax)
        return fig

    def conversion_plot(self):
        """Referral rate by channel and by how the contact was found."""
        fig, axes = _figure(8.0, 3.2, columns=2)
        for ax, frame, title in ((axes[0], self.by_channel, "by channel of first message"),
                                 (axes[1], self.by_source, "by how you found them")):
            ax.bar(frame["name"], frame["rate"] * 100, color="#f18f01")
            for x, (rate, n) in enumerate(zip(frame["rate"], frame["contacted"], strict=True)):
                ax.text(x, rate * 100, f"{rate:.0%}\nof {n}", ha="center", va="bottom",
                        fontsize=8)
            ax.set_title(f"Referred you on, {title}", fontsize=10)
            ax.set_ylabel("% of contacted")
            ax.set_ylim(0, max(100, (frame["rate"].max() * 100 + 25) if len(frame) else 100))
            ax.tick_params(axis="x", labelrotation=20, labelsize=8)
            _tidy(ax)
        fig.tight_layout()
        return fig

    def tree_plot(self, max_people: int = 60):
        """The referral trees with names: who referred you to whom, left to right."""
        positions, labels, edges = _tree_layout(self.graph, self.contacts, max_people)
        height = max(2.5, 0.32 * max((p[1] for p in positions.values()), default=1) + 1.2)
        fig, ax = _figure(9.0, min(height, 16))
        for a, b in edges:
            (x1, y1), (x2, y2) = positions[a], positions[b]
            ax.annotate("", xy=(x2, y2), xytext=(x1, y1),
                        arrowprops={"arrowstyle": "->", "color": "#888", "lw": 0.8})
        for node, (x, y) in positions.items():
            ax.text(x, y, labels[node], ha="center", va="center", fontsize=8,
                    bbox={"boxstyle": "round,pad=0.25", "fc": "#e8f1f8", "ec": "#2e86ab"})
        ax.set_title("Who referred you to whom")
        if positions:  # text and arrows do not set the limits themselves
            ax.set_xlim(-0.6, max(x for x, _ in positions.values()) + 0.6)
            ax.set_ylim(-0.8, max(y for _, y in positions.values()) + 0.8)
        ax.invert_yaxis()
        ax.axis("off")
        if not positions:
            ax.text(0.5, 0.5, "No referrals logged yet", ha="center", va="center",
                    transform=ax.transAxes)
        return fig

    def save_plots(self, folder: str | Path, prefix: str = "") -> list[Path]:
        """Write the funnel, conversion and tree charts as PNG files in ``folder`` (created),
        each all at once; returns their paths (``<prefix><name>.png``)."""
        import matplotlib.pyplot as plt


        paths = []
        for name in ("funnel", "conversion", "tree"):
            fig = getattr(self, f"{name}_plot")()
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", bbox_inches="tight")
            plt.close(fig)
            paths.append(write_file(Path(folder) / f"{prefix}{name}.png", buffer.getvalue()))
        return paths

    def _repr_html_(self) -> str:
        e = html.escape
        if self.empty:
            return f"<p><i>{e(self.headline())}</i></p>"
        notes = "".join(f"<li>{e(i)}</li>" for i in self.issues)
        images = "".join(f"<p>{_img(fig)}</p>" for fig in (self.funnel_plot(),
                                                           self.conversion_plot(),
                                                           self.tree_plot()))
        return (f"<p>{e(self.headline())}</p>" + (f"<ul>{notes}</ul>" if notes else "")
                + images)


def _plain(value):
    import pandas as pd

    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if value is None or (not isinstance(value, str | list | dict) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _figure(width: float, height: float, columns: int = 1):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    axes = fig.subplots(1, columns)
    return fig, axes


def _tidy(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _img(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode()
    return f"<img alt='chart' src='data:image/png;base64,{data}'>"


def _tree_layout(graph, contacts, max_people: int):
    """Depth to the right, one row per person, trees one under another (no Graphviz)."""
    import networkx as nx

    names = dict(zip(contacts["id"], contacts["name"], strict=True)) if len(contacts) else {}
    tree = nx.DiGraph((a, b) for a, b in graph.edges if a != b)
    positions, edges, row = {}, [], 0
    roots = sorted((n for n in tree.nodes if tree.in_degree(n) == 0),
                   key=lambda n: -len(nx.descendants(tree, n)))
    # members of a cycle have no root: start from their smallest id
    seen_all = set()
    for component in nx.weakly_connected_components(tree):
        if not any(n in component for n in roots):
            roots.append(min(component))
    for root in roots:
        stack = [(root, 0)]
        while stack and len(positions) < max_people:
            node, depth = stack.pop()
            if node in seen_all:
                continue
            seen_all.add(node)
            positions[node] = (depth, row)
            row += 1
            for child in sorted(tree.successors(node), reverse=True):
                if child not in seen_all:
                    edges.append((node, child))
                    stack.append((child, depth + 1))
    labels = {n: names.get(n, "(deleted)") for n in positions}
    return positions, labels, [(a, b) for a, b in edges if a in positions and b in positions]


def _rates(frame, key: str):
    import pandas as pd

    columns = ["name", "contacted", "replied", "met", "referred", "rate"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    grouped = frame.groupby(frame[key].fillna("(none)").replace("", "(none)"))
    out = pd.DataFrame({
        "contacted": grouped["contacted"].sum(), "replied": grouped["replied"].sum(),
        "met": grouped["met"].sum(), "referred": grouped["referred"].sum(),
    }).astype(int)
    out["rate"] = (out["referred"] / out["contacted"].where(out["contacted"] > 0)).fillna(0.0)
    out = out.rename_axis("name").reset_index()
    return out.sort_values(["rate", "contacted"], ascending=False)[columns].reset_index(drop=True)


def _chains(graph, meetings_per: dict, interviews: set, offers: set):
    """Per contact: direct and indirect referrals, and the meetings, interviews and offers
    down their chains. A forest (nobody referred twice, no cycle) is summed bottom-up in one
    pass; anything else is searched node by node (a cycle ends a search, never loops it)."""
    import networkx as nx

    children: dict[int, list[int]] = {}
    incoming: dict[int, int] = {}
    for a, b in graph.edges:
        if a != b:
            children.setdefault(a, []).append(b)
            incoming[b] = incoming.get(b, 0) + 1
    direct = {n: len(c) for n, c in children.items()}
    order = []
    if all(v == 1 for v in incoming.values()):  # Kahn's algorithm: a full order means no cycle
        queue = [n for n in children if n not in incoming]
        while queue:
            node = queue.pop()
            order.append(node)
            queue.extend(children.get(node, ()))
    below, meetings, chain_interviews, chain_offers = {}, {}, {}, {}
    if len(order) == len(set(children) | set(incoming)):
        for node in reversed(order):
            kids = children.get(node, ())
            below[node] = sum(1 + below.get(c, 0) for c in kids)
            meetings[node] = sum(meetings_per.get(c, 0) + meetings.get(c, 0) for c in kids)
            chain_interviews[node] = (node in interviews) + sum(chain_interviews.get(c, 0)
                                                                for c in kids)
            chain_offers[node] = (node in offers) + sum(chain_offers.get(c, 0) for c in kids)
    else:
        for node in children:
            found = nx.descendants(graph, node) - {node}
            below[node] = len(found)
            meetings[node] = int(sum(meetings_per.get(n, 0) for n in found))
            chain = found | {node}
            chain_interviews[node] = len(chain & interviews)
            chain_offers[node] = len(chain & offers)
    for node in interviews | offers:  # a contact's own outcome counts even without referrals
        chain_interviews.setdefault(node, int(node in interviews))
        chain_offers.setdefault(node, int(node in offers))
    indirect = {n: below[n] - direct.get(n, 0) for n in below}
    return direct, indirect, meetings, chain_interviews, chain_offers


def analyse_referrals(*, workbook=None, today: date | None = None,
                      country: str = "GB") -> ReferralAnalysis:
    """The referral analysis of everything logged in the workbook."""
    import networkx as nx
    import pandas as pd

    from infolib.outreach.reminders import public_holidays, reply_label_array

    book = open_workbook(workbook)
    today = today or date.today()
    people, first, requests, answered, met, refs, outcomes = referral_tables(book)
    issues: list[str] = []
    names = dict(zip(people["id"], people["name"], strict=True))

    graph = nx.DiGraph()
    graph.add_nodes_from(people["id"])
    for row in refs.itertuples():
        target = names.get(row.to_contact_id, "someone")
        if pd.isna(row.from_contact_id):
            issues.append(f"{row.from_name} (since deleted) referred you to {target}; the "
                          "referral counts for nobody's chain.")
            continue
        source = int(row.from_contact_id)
        if source == row.to_contact_id:
            issues.append(f"{target} is logged as referring you to themselves; check the "
                          "referral log.")
            continue
        graph.add_edge(source, int(row.to_contact_id))
    cyclic = [] if nx.is_directed_acyclic_graph(graph) else nx.strongly_connected_components(graph)
    for component in cyclic:
        if len(component) > 1:
            listed = ", ".join(sorted(names[n] for n in component))
            issues.append(f"A referral cycle: {listed} referred one another round in a circle; "
                          "each is counted once.")

    meetings_per = dict(zip(met["contact_id"], met["meetings"], strict=True))
    interviews = set(outcomes.loc[outcomes["kind"].isin(_INTERVIEW), "contact_id"].dropna()
                     .astype(int))
    offers = set(outcomes.loc[outcomes["kind"].isin(_OFFER), "contact_id"].dropna().astype(int))
    direct, indirect, led_meetings, led_interviews, led_offers = _chains(
        graph, meetings_per, interviews, offers)

    labels = pd.Series(dtype=object)
    if not requests.empty:
        sent_dates = pd.to_datetime(requests["sent"])
        years = range(min(sent_dates.min().year, today.year), today.year + 2)
        labels = pd.Series(reply_label_array(sent_dates, pd.to_datetime(requests["replied"]),
                                             today, public_holidays(country, years)),
                           index=requests["contact_id"])
    frame = people.copy()
    frame["channel"] = frame["id"].map(dict(zip(first["contact_id"], first["channel"],
                                                strict=True))).astype(object).fillna("")
    frame["contacted"] = frame["id"].isin(first["contact_id"])
    frame["met"] = frame["id"].isin(met["contact_id"])
    frame["replied"] = frame["id"].isin(answered["contact_id"]) | frame["met"]
    frame["direct_referrals"] = frame["id"].map(direct).fillna(0).astype(int)
    frame["indirect_referrals"] = frame["id"].map(indirect).fillna(0).astype(int)
    frame["referred"] = frame["direct_referrals"] > 0
    frame["led_to_meetings"] = frame["id"].map(led_meetings).fillna(0).astype(int)
    frame["led_to_interviews"] = frame["id"].map(led_interviews).fillna(0).astype(int)
    frame["led_to_offers"] = frame["id"].map(led_offers).fillna(0).astype(int)
    frame["reply"] = frame["id"].map(labels).astype(object).fillna("")
    # someone you met answered, whatever the log says of their reply: never a curmudgeon
    unlogged = frame["met"] & frame["reply"].isin(["curmudgeon", "waiting"])
    frame.loc[unlogged, "reply"] = "met (reply not logged)"
    frame = frame.sort_values(["direct_referrals", "indirect_referrals", "name"],
                              ascending=[False, False, True]).reset_index(drop=True)

    ids = set(frame["id"])
    funnel = pd.DataFrame({"stage": list(STAGES), "count": [
        int(frame["contacted"].sum()), int((frame["contacted"] & frame["replied"]).sum()),
        int(frame["met"].sum()), int(frame["referred"].sum()), len(interviews & ids),
        len(offers & ids)]})

    first_referral_days = None
    known = refs.dropna(subset=["from_contact_id"])
    if not known.empty and not first.empty:
        started = pd.Series(pd.to_datetime(first["sent"]).to_numpy(), index=first["contact_id"])
        earliest = pd.to_datetime(known["dated"]).groupby(known["from_contact_id"].astype(int)
                                                          ).min()
        common = earliest.index.intersection(started.index)
        if len(common):
            first_referral_days = float((earliest[common] - started[common]).dt.days.median())

    reply_split = (frame.loc[frame["reply"] != "", "reply"].value_counts()
                   .rename_axis("label").rename("contacts").reset_index())
    by_topic, by_kind = question_tables(book, refs)
    return ReferralAnalysis(
        contacts=frame, funnel=funnel, by_channel=_rates(frame, "channel"),
        by_source=_rates(frame, "how_found"), by_field=_rates(frame, "field"),
        by_organisation=_rates(frame, "organisation"), reply_labels=reply_split,
        graph=graph, issues=issues, first_referral_days=first_referral_days,
        questions_by_topic=by_topic, questions_by_kind=by_kind)


NOTE_KINDS = ("answer", "insight", "advice", "lead")
QUESTION_COLUMNS = ["asked", "drew", *NOTE_KINDS, "referred", "drew_rate", "referred_rate"]
KIND_NAMES = {"grounded": "grounded", "gap": "gap", "yours": "yours",
              "follow_up": "follow-up", "closing": "closing", "": "(not planned)"}


def question_tables(book, refs):
    """Which questions worked: (by topic, by kind of question) as DataFrames with the times
    asked, how many drew a note and of which kind, how many were asked in a meeting after
    which the contact referred you on, and both as rates. Only meetings whose contact had a
    stored plan (or whose notes name a question) count; none is queried when no plan exists."""
    import pandas as pd

    from infolib.planning.checklist import topic_label
    from infolib.planning.meetings import contact_plan
    from infolib.store.validate import name_key

    plans = book.planning.plans()
    planned = {(f, name_key(c)) for f, c in zip(plans["field"], plans["contact"], strict=True)}
    notes: dict[int, list[dict]] = {}
    for note in book.log.notes_in_context():
        notes.setdefault(note["meeting_id"], []).append(note)
    asks = []
    meetings = book.log.meetings_in_context() if planned or notes else []
    latest_referral: dict[int, pd.Timestamp] = {}  # per referrer, the day they last referred
    if meetings:
        given = refs.dropna(subset=["from_contact_id"])
        latest_referral = {int(k): pd.Timestamp(v) for k, v in pd.to_datetime(given["dated"])
                           .groupby(given["from_contact_id"]).max().items()}
    plan_of: dict[tuple, list[dict]] = {}  # one read per field and contact, not per meeting
    for meeting in meetings:
        said = notes.get(meeting["meeting_id"], [])
        questions = []
        key = (meeting["field"], name_key(meeting["contact"]))
        if meeting["field"] and (key in planned or (meeting["field"], "") in planned):
            if key not in plan_of:
                plan_of[key] = contact_plan(book, meeting["field"], meeting["contact"])
            questions = list(plan_of[key])
        texts = {q["text"] for q in questions}
        for note in said:  # a question noted on but since dropped from the plan was asked too
            if note["question"] and note["question"] not in texts:
                texts.add(note["question"])
                questions.append({"text": note["question"], "topic": note["topic"],
                                  "kind": note["question_kind"]})
        day = pd.Timestamp(meeting["day"])
        last = latest_referral.get(meeting["contact_id"])
        referred = last is not None and last >= day
        for question in questions:
            drawn = [n["kind"] for n in said if n["question"] == question["text"]]
            asks.append({"topic": _topic_name(question["topic"], topic_label),
                         "kind": KIND_NAMES.get(question["kind"], question["kind"]),
                         "asked": 1, "drew": int(bool(drawn)),
                         **{k: drawn.count(k) for k in NOTE_KINDS}, "referred": int(referred)})
    frame = pd.DataFrame(asks, columns=["topic", "kind", "asked", "drew", *NOTE_KINDS,
                                        "referred"])
    return _question_rates(frame, "topic"), _question_rates(frame, "kind")


def _topic_name(topic: str, topic_label) -> str:
    if topic == "closing":
        return "closing questions"
    if topic in ("", "own"):
        return "your own questions"
    return topic_label(topic) or topic


def _question_rates(frame, key: str):
    import pandas as pd

    if frame.empty:
        return pd.DataFrame(columns=[key, *QUESTION_COLUMNS])
    out = frame.groupby(key)[["asked", "drew", *NOTE_KINDS, "referred"]].sum().astype(int)
    out["drew_rate"] = out["drew"] / out["asked"]
    out["referred_rate"] = out["referred"] / out["asked"]
    out = out.reset_index().sort_values(["drew_rate", "asked", key],
                                        ascending=[False, False, True])
    return out[[key, *QUESTION_COLUMNS]].reset_index(drop=True)
