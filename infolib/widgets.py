"""ipywidgets forms over the planning calls: every button calls one infolib function.

``edit_gaps(gap_list)`` marks topics and changes their importance, and adds goals;
``edit_questions(plan)`` reorders, edits, adds, drops and saves questions;
``contact_form``, ``outreach_form`` and ``meeting_form`` write the interview log.
"""

from __future__ import annotations

import html

from infolib.errors import DataError, InfolibError


def _message(widget, text: str, ok: bool = True) -> None:
    colour = "#27ae60" if ok else "#c0392b"
    widget.value = f"<span style='color:{colour}'>{html.escape(text)}</span>"


class _Panel:
    """A form: one widget tree, a message line, and buttons that each run one infolib call."""

    widget = None
    message = None

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _run(self, action) -> None:
        try:
            text = action()
        except InfolibError as exc:
            _message(self.message, str(exc), ok=False)
            return
        self.refresh()
        _message(self.message, text)

    def refresh(self) -> None:
        """Redraw what depends on the workbook after a change."""


def question_citation(question) -> str:
    """The page a grounded question builds on, as a small link under its number in the editor
    ("[source, 2026-09-15]", the page's title on hover); empty for one that cites nothing."""
    from infolib.models import safe_href

    cites = question.cites or {}
    if not cites.get("url"):
        return ""
    href = safe_href(cites["url"])
    when = cites.get("published") or cites.get("retrieved") or ""
    label = "source" + (f", {when}" if when else "")
    if not href:
        return f"<br><small>{html.escape(label)}</small>"
    title = cites.get("title") or cites["url"]
    return (f"<br><small><a href='{html.escape(href)}' title='{html.escape(title)}'>"
            f"[{html.escape(label)}]</a></small>")


class QuestionEditor(_Panel):
    """Reorder, edit, add and drop the questions of a plan, then save it."""

    def __init__(self, plan):
        import ipywidgets as w

        self.plan = plan
        self.header = w.HTML()
        self.rows = w.VBox()
        self.new_text = w.Text(placeholder="Write a question of your own…",
                               layout=w.Layout(width="60%"))
        self.add_button = w.Button(description="Add", icon="plus")
        self.save_button = w.Button(description="Save", button_style="primary", icon="save")
        self.message = w.HTML()
        self.add_button.on_click(lambda _b: self._run(self._add))
        self.save_button.on_click(lambda _b: self._run(self._save))
        self.widget = w.VBox([self.header, self.rows,
                              w.HBox([self.new_text, self.add_button]),
                              w.HBox([self.save_button, self.message])])
        self.refresh()

    def _add(self) -> str:
        question = self.plan.add(self.new_text.value)
        self.new_text.value = ""
        return f"Added as question {question.rank}; save to keep it."

    def _save(self) -> str:
        self.plan.save()
        return f"Saved {len(self.plan.questions)} questions."

    def _row(self, question, start: float):
        import ipywidgets as w

        text = w.Textarea(value=question.text, layout=w.Layout(width="60%", height="3.2em"))
        minutes = w.BoundedFloatText(value=question.minutes, min=0.5, max=15, step=0.5,
                                     layout=w.Layout(width="5em"))
        buttons = {name: w.Button(icon=icon, tooltip=tip, layout=w.Layout(width="2.6em"))
                   for name, icon, tip in (("up", "arrow-up", "move up"),
                                           ("down", "arrow-down", "move down"),
                                           ("apply", "check", "keep the edited wording"),
                                           ("drop", "trash", "drop"))}
        rank = question.rank
        buttons["up"].on_click(lambda _b: self._run(lambda: self._move(rank, rank - 1)))
        buttons["down"].on_click(lambda _b: self._run(lambda: self._move(rank, rank + 1)))
        buttons["drop"].on_click(lambda _b: self._run(
            lambda: f"Dropped: {self.plan.drop(rank).text}"))
        buttons["apply"].on_click(lambda _b: self._run(
            lambda: self._edit(rank, text.value, minutes.value)))
        if question.kind == "closing":
            for name in ("up", "down", "drop"):
                buttons[name].disabled = True
        label = w.HTML(f"<b>{rank}.</b> <small>{start:g}′ · {html.escape(question.kind)}</small>"
                       f"{question_citation(question)}", layout=w.Layout(width="9em"))
        return w.HBox([label, text, minutes, *buttons.values()])

    def _move(self, rank: int, to: int) -> str:
        self.plan.move(rank, to)
        return f"Moved question {rank} to {to}."

    def _edit(self, rank: int, text: str, minutes: float) -> str:
        if text != self.plan.questions[rank - 1].text:
            self.plan.edit(rank, text)
        self.plan.set_minutes(rank, minutes)
        return f"Question {rank} updated; save to keep it."

    def refresh(self) -> None:
        self.header.value = f"<p>{html.escape(self.plan.headline())}</p>"
        self.rows.children = [self._row(q, start) for q, start in self.plan.timeline()]


class GapEditor(_Panel):
    """Mark topics as gaps or covered, change their importance, add goals."""

    STATUS = {"automatic": None, "gap": True, "covered": False}

    def __init__(self, gap_list, workbook=None):
        import ipywidgets as w

        self.gap_list = gap_list
        self.workbook = workbook if workbook is not None else gap_list.workbook
        self.rows = w.VBox()
        self.goal_text = w.Text(placeholder="Something you want to learn…",
                                layout=w.Layout(width="55%"))
        self.goal_kind = w.ToggleButtons(options=["learn", "outcome"], value="learn")
        self.goal_button = w.Button(description="Add goal", icon="plus")
        self.message = w.HTML()
        self.goal_button.on_click(lambda _b: self._run(self._add_goal))
        self.widget = w.VBox([self.rows,
                              w.HBox([self.goal_text, self.goal_kind, self.goal_button]),
                              self.message])
        self.refresh()

    def _add_goal(self) -> str:
        from infolib.planning.gaps import add_goal

        self.gap_list = add_goal(self.gap_list.field, self.goal_text.value,
                                 outcome=self.goal_kind.value == "outcome",
                                 workbook=self.workbook)
        self.goal_text.value = ""
        return "Goal added to the gap list."

    def change(self, topic: str, *, status: str | None = None, importance: int | None = None
               ) -> str:
        from infolib.planning.gaps import mark_topic

        changes = {}
        if status is not None:
            changes["gap"] = self.STATUS[status]
        if importance is not None:
            changes["importance"] = importance
        self.gap_list = mark_topic(self.gap_list.field, topic, workbook=self.workbook, **changes)
        row = self.gap_list[topic]
        return f"{row.title}: {'a gap' if row.is_gap else 'covered'}, priority {row.priority}."

    def _row(self, gap):
        import ipywidgets as w

        status = w.Dropdown(options=list(self.STATUS), layout=w.Layout(width="9em"),
                            value={None: "automatic", True: "gap", False: "covered"}[gap.marked])
        importance = w.IntSlider(value=gap.importance, min=1, max=5, description="importance",
                                 continuous_update=False, layout=w.Layout(width="16em"))
        status.observe(lambda ch: self._run(lambda: self.change(gap.topic, status=ch["new"])),
                       names="value")
        importance.observe(lambda ch: self._run(
            lambda: self.change(gap.topic, importance=ch["new"])), names="value")
        colour = "#c0392b" if gap.is_gap else "#27ae60"
        label = w.HTML(f"<b>{gap.priority}.</b> <span style='color:{colour}'>"
                       f"{'gap' if gap.is_gap else 'covered'} {gap.coverage:.2f}</span> "
                       f"{html.escape(gap.title)}", layout=w.Layout(width="45%"))
        return w.HBox([label, status, importance])

    def refresh(self) -> None:
        self.rows.children = [self._row(g) for g in self.gap_list.rows]


def edit_questions(plan) -> QuestionEditor:
    """A form to reorder, edit, add, drop and save the questions of ``plan``."""
    return QuestionEditor(plan)


def edit_gaps(gap_list, workbook=None) -> GapEditor:
    """A form to mark topics, change their importance and add goals (``workbook``: where the
    gap list is stored; default the project's workbook)."""
    return GapEditor(gap_list, workbook)


class _Form(_Panel):
    """A form over the workbook's interview log."""

    def __init__(self, workbook):
        import ipywidgets as w

        from infolib.store.workbook import open_workbook

        self.workbook = open_workbook(workbook)
        self.message = w.HTML()

    def _contact_names(self) -> list[str]:
        frame = self.workbook.contacts.table()
        return list(frame["name"]) if not frame.empty else []


class ContactForm(_Form):
    """Add a contact."""

    def __init__(self, workbook=None):
        import ipywidgets as w

        from infolib.store.schema import HOW_FOUND

        super().__init__(workbook)
        self.name = w.Text(description="name")
        self.organisation = w.Text(description="organisation")
        self.role = w.Text(description="role")
        self.email = w.Text(description="email")
        self.profile_url = w.Text(description="profile URL")
        self.how_found = w.Dropdown(options=HOW_FOUND, value="cold", description="found via")
        self.referred_by = w.Dropdown(options=[""], description="referred by")
        self.button = w.Button(description="Add contact", button_style="primary", icon="plus")
        self.button.on_click(lambda _b: self._run(self._add))
        self.widget = w.VBox([self.name, self.organisation, self.role, self.email,
                              self.profile_url, self.how_found, self.referred_by,
                              w.HBox([self.button, self.message])])
        self.refresh()

    def _add(self) -> str:
        contact_id = self.workbook.contacts.add(
            self.name.value, organisation=self.organisation.value, role=self.role.value,
            email=self.email.value, profile_url=self.profile_url.value,
            how_found=self.how_found.value, referred_by=self.referred_by.value or None)
        added = self.name.value
        for box in (self.name, self.organisation, self.role, self.email, self.profile_url):
            box.value = ""
        return f"Added {added} (contact {contact_id})."

    def refresh(self) -> None:
        self.referred_by.options = ["", *self._contact_names()]


class OutreachForm(_Form):
    """Log a message you sent, or a reply you received."""

    def __init__(self, workbook=None):
        from datetime import date

        import ipywidgets as w

        from infolib.store.schema import CHANNELS, OUTREACH_KINDS

        super().__init__(workbook)
        self.contact = w.Dropdown(options=[], description="contact")
        self.channel = w.Dropdown(options=CHANNELS, value="email", description="channel")
        self.kind = w.Dropdown(options=OUTREACH_KINDS, value="request", description="message")
        self.day = w.DatePicker(value=date.today(), description="date")
        self.sent_button = w.Button(description="Log message", button_style="primary")
        self.reply_button = w.Button(description="They replied")
        self.sent_button.on_click(lambda _b: self._run(self._sent))
        self.reply_button.on_click(lambda _b: self._run(self._replied))
        self.widget = w.VBox([self.contact, self.channel, self.kind, self.day,
                              w.HBox([self.sent_button, self.reply_button, self.message])])
        self.refresh()

    def _sent(self) -> str:
        self.workbook.log.add_outreach(self.contact.value, self.channel.value, kind=self.kind.value,
                                   sent=self.day.value)
        return f"Logged a {self.kind.value} to {self.contact.value}."

    def _replied(self) -> str:
        self.workbook.log.mark_replied(self.contact.value, on=self.day.value)
        return f"Logged the reply of {self.contact.value}."

    def refresh(self) -> None:
        names = self._contact_names()
        current = self.contact.value
        self.contact.options = names
        if current in names:
            self.contact.value = current


class MeetingForm(_Form):
    """Log a meeting, what it taught you, who they referred you to and what came of it."""

    def __init__(self, workbook=None):
        from datetime import date

        import ipywidgets as w

        from infolib.store.schema import MEETING_MODES, OUTCOME_KINDS
        from infolib.store.validate import MEETING_MINUTES

        super().__init__(workbook)
        self.contact = w.Dropdown(options=[], description="contact")
        self.day = w.DatePicker(value=date.today(), description="date")
        self.time = w.Text(value="12:00", description="time")
        self.mode = w.Dropdown(options=MEETING_MODES, value="video", description="mode")
        self.place = w.Text(description="place/call")
        low, high = MEETING_MINUTES
        self.minutes = w.BoundedIntText(value=20, min=low, max=high, description="minutes")
        self.insights = w.Textarea(description="insights", placeholder="one per line")
        self.advice = w.Textarea(description="advice", placeholder="one per line")
        self.leads = w.Textarea(description="leads", placeholder="one per line")
        self.referred_to = w.SelectMultiple(options=[], description="referred to")
        self.outcome = w.Dropdown(options=["", *OUTCOME_KINDS], description="outcome")
        self.why = w.Text(description="why")
        self.button = w.Button(description="Save meeting", button_style="primary")
        self.button.on_click(lambda _b: self._run(self._save))
        self.widget = w.VBox([self.contact, w.HBox([self.day, self.time]), self.mode,
                              self.place, self.minutes, self.insights, self.advice, self.leads,
                              self.referred_to, self.outcome, self.why,
                              w.HBox([self.button, self.message])])
        self.refresh()

    def _save(self) -> str:
        if self.day.value is None:
            raise DataError("Pick the meeting's date.")
        lines = {name: [t for t in getattr(self, name).value.splitlines() if t.strip()]
                 for name in ("insights", "advice", "leads")}
        meeting_id = self.workbook.log.add_meeting(
            self.contact.value, f"{self.day.value.isoformat()} {self.time.value}",
            mode=self.mode.value, place=self.place.value, minutes=self.minutes.value,
            referred_to=list(self.referred_to.value), outcome=self.outcome.value or None,
            why=self.why.value, **lines)
        notes = [t for texts in lines.values() for t in texts]
        for box in (self.insights, self.advice, self.leads, self.why):
            box.value = ""
        return (f"Saved meeting {meeting_id} with {self.contact.value}: {len(notes)} notes, "
                f"{len(self.referred_to.value)} referrals. Send your thank-you today.")

    def refresh(self) -> None:
        names = self._contact_names()
        current = self.contact.value
        self.contact.options = names
        if current in names:
            self.contact.value = current
        self.referred_to.options = names


def contact_form(workbook=None) -> ContactForm:
    """A form to add contacts to the workbook."""
    return ContactForm(workbook)


def outreach_form(workbook=None) -> OutreachForm:
    """A form to log messages sent and replies received."""
    return OutreachForm(workbook)


def meeting_form(workbook=None) -> MeetingForm:
    """A form to log a meeting with its notes, referrals and outcome."""
    return MeetingForm(workbook)
