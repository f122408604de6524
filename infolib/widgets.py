"""ipywidgets forms over the planning calls: every button calls one infolib function.

``edit_gaps(gap_list)`` marks topics and changes their importance, and adds goals;
``edit_questions(plan)`` reorders, edits, adds, drops and saves questions;
``contact_form``, ``outreach_form``, ``meeting_form`` and ``note_form`` write the interview
log (a note linked to the planned question it answers).
"""

from __future__ import annotations

import html
import weakref

from infolib.errors import DataError, InfolibError, PlanError


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
    """Reorder, edit, add and drop the questions of a plan, then save it. Save takes what is in
    every box (wording and minutes); a box a check refuses is named, nothing is saved, and every
    box keeps what was typed."""

    KEEP_LABEL = "keep my wording even if a check objects"

    def __init__(self, plan):
        import ipywidgets as w

        self.plan = plan
        self.boxes: list = []  # (question, wording box, minutes box), one per row shown
        self.header = w.HTML()
        self.rows = w.VBox()
        self.new_text = w.Text(placeholder="Write a question of your own, then Add or Enter…",
                               layout=w.Layout(width="60%"))
        self.add_button = w.Button(description="Add", icon="plus")
        self.keep_wording = w.Checkbox(value=False, description=self.KEEP_LABEL, indent=False,
                                       layout=w.Layout(width="auto"))
        self.save_button = w.Button(description="Save", button_style="primary", icon="save",
                                    tooltip="save every question as it stands in its boxes")
        self.message = w.HTML()
        self.add_button.on_click(lambda _b: self._run(self._add))
        self.new_text.continuous_update = False
        self.new_text.observe(self._entered, names="value")
        self.save_button.on_click(lambda _b: self._run(self._save))
        self.widget = w.VBox([self.header, self.rows,
                              w.HBox([self.new_text, self.add_button]),
                              w.HBox([self.save_button, self.keep_wording]), self.message])
        self.refresh()

    def _entered(self, change) -> None:
        """Enter in the add box adds the question (the box sends its value on Enter)."""
        if change["new"].strip() and not getattr(self, "_adding", False):
            self._run(self._add)

    @property
    def _hint(self) -> str:
        return f"(Tick '{self.KEEP_LABEL}' to keep it as written.)"

    def _add(self) -> str:
        if not self.new_text.value.strip() and getattr(self, "_just_added", ""):
            return self._just_added  # added on leaving the box, just before Add was clicked
        text = self.plan._checked(self.new_text.value, self.keep_wording.value, hint=self._hint)
        question = self.plan.add(text, force=True)
        self._adding = True
        try:
            self.new_text.value = ""
        finally:
            self._adding = False
        self._just_added = f"Added as question {question.rank}; save to keep it."
        return self._just_added

    def pending(self) -> list:
        """The rows whose boxes differ from the plan: (question, wording, minutes)."""
        return [(q, text.value, minutes.value) for q, text, minutes in self.boxes
                if q in self.plan.questions and
                (" ".join(text.value.split()) != q.text or minutes.value != q.minutes)]

    def _take_boxes(self) -> int:
        """Check every box that was changed, then put them all into the plan (or none)."""
        force, problems, checked = self.keep_wording.value, [], []
        for question, text, minutes in self.pending():
            wording = question.text
            try:
                if " ".join(text.split()) != question.text:
                    wording = self.plan._checked(text, force, refused="the new wording was "
                                                 "not kept", hint="")
                if not 0.5 <= float(minutes) <= 15:
                    raise PlanError(f"{minutes:g} minutes? Give 0.5 to 15.")
            except PlanError as exc:
                problems.append(f"Question {question.rank}: {exc}")
                continue
            checked.append((question, wording, minutes))
        if problems:
            raise PlanError("Nothing was changed; every box keeps what you typed. "
                            + " ".join(problems) + f" {self._hint}")
        for question, wording, minutes in checked:
            if wording != question.text:
                self.plan.edit(question.rank, wording, force=True)
            self.plan.set_minutes(question.rank, minutes)
        return len(checked)

    def _save(self) -> str:
        changed = self._take_boxes()
        self.plan.save()
        edits = f" ({changed} changed in their boxes)" if changed else ""
        sheets = ", ".join(p.name for p in self.plan.sheets)
        sheet = f" The sheet {sheets} is rewritten to match." if sheets else ""
        return f"Saved {len(self.plan.questions)} questions{edits}.{sheet}"

    def _row(self, question, start: float):
        import ipywidgets as w

        text = w.Textarea(value=question.text, layout=w.Layout(width="55%", height="4.6em"))
        minutes = w.BoundedFloatText(value=question.minutes, min=0.5, max=15, step=0.5,
                                     description="min", tooltip="minutes for this question",
                                     layout=w.Layout(width="7.5em"),
                                     style={"description_width": "2.2em"})
        buttons = {name: w.Button(icon=icon, tooltip=tip, layout=w.Layout(width="2.6em"))
                   for name, icon, tip in (("up", "arrow-up", "move up"),
                                           ("down", "arrow-down", "move down"),
                                           ("apply", "check", "apply the wording and minutes "
                                            "now (Save takes them too)"),
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
        self.boxes.append((question, text, minutes))
        return w.HBox([label, text, minutes, *buttons.values()])

    def _move(self, rank: int, to: int) -> str:
        self.plan.move(rank, to)
        return f"Moved question {rank} to {to}."

    def _edit(self, rank: int, text: str, minutes: float) -> str:
        question = self.plan._at(rank)
        if " ".join(text.split()) != question.text:
            wording = self.plan._checked(text, self.keep_wording.value,
                                         refused="The new wording was not kept", hint=self._hint)
            self.plan.set_minutes(rank, minutes)
            self.plan.edit(rank, wording, force=True)
        else:
            self.plan.set_minutes(rank, minutes)
        return f"Question {rank} updated; save to keep it."

    def refresh(self) -> None:
        typed = {id(q): (q, text, minutes) for q, text, minutes in self.pending()}
        over = not self.plan.fits
        colour = "#c0392b" if over else "inherit"
        weight = "bold" if over else "normal"
        self.header.value = (f"<p style='color:{colour};font-weight:{weight}'>"
                             f"{html.escape(self.plan.headline())}</p>")
        self.boxes = []
        self.rows.children = [self._row(q, start) for q, start in self.plan.timeline()]
        for question, text_box, minutes_box in self.boxes:  # unsaved typing survives a redraw
            if id(question) in typed:
                text_box.value, minutes_box.value = typed[id(question)][1:]


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
                                 workbook=self.workbook,
                                 organisation=self.gap_list.scope or None)
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
        self.gap_list = mark_topic(self.gap_list.field, topic, workbook=self.workbook,
                                   organisation=self.gap_list.scope or None, **changes)
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


_OPEN_FORMS: weakref.WeakSet = weakref.WeakSet()
_LABELS = {"description_width": "9em"}  # room for every label ("organisation", "referred by")
_HELP_STYLE = "color:#555;font-size:0.9em;margin:0 0 0 9.5em"


def _help(text: str):
    import ipywidgets as w

    return w.HTML(f"<div style='{_HELP_STYLE}'>{html.escape(text)}</div>")


class _Form(_Panel):
    """A form over the workbook's interview log, for the notebook's field (what it saves is
    stored with that field) and, where it picks a contact, starting from the notebook's."""

    def __init__(self, workbook, field: str | None = None, contact: str = ""):
        import ipywidgets as w

        from infolib.store.workbook import open_workbook

        self.workbook = open_workbook(workbook)
        field = (field or "").strip()
        self.field = field if field and self.workbook.has_field(field) else None
        self.wanted = (contact or "").strip()
        self.message = w.HTML()
        _OPEN_FORMS.add(self)

    def _contact_names(self) -> list[str]:
        frame = self.workbook.contacts.table()
        return list(frame["name"]) if not frame.empty else []

    def _pick(self, dropdown, names: list[str]) -> None:
        """Offer ``names``, keeping the contact picked, else the notebook's contact, else the
        contact added last, so the form never opens with nobody picked."""
        current = dropdown.value
        dropdown.options = names
        for choice in (current, self.wanted, names[-1] if names else None):
            if choice in names:
                dropdown.value = choice
                return

    def _refresh_all(self) -> None:
        """Every open form on the same workbook offers the contacts as they are now."""
        for form in list(_OPEN_FORMS):
            if form is not self and form.workbook.folder == self.workbook.folder:
                form.refresh()


class ContactForm(_Form):
    """Add a contact (stored with the notebook's field); the other forms offer them at once."""

    def __init__(self, workbook=None, field: str | None = None):
        import ipywidgets as w

        from infolib.store.schema import HOW_FOUND

        super().__init__(workbook, field)
        wide = w.Layout(width="32em")
        self.name = w.Text(description="name", style=_LABELS, layout=wide)
        self.organisation = w.Text(description="organisation", style=_LABELS, layout=wide,
                                   value=self._organisation())
        self.role = w.Text(description="role", style=_LABELS, layout=wide)
        self.email = w.Text(description="email", style=_LABELS, layout=wide)
        self.profile_url = w.Text(description="profile URL", style=_LABELS, layout=wide)
        self.how_found = w.Dropdown(options=HOW_FOUND, value="cold", description="found via",
                                    style=_LABELS)
        self.referred_by = w.Dropdown(options=[""], description="referred by", style=_LABELS)
        self.button = w.Button(description="Add contact", button_style="primary", icon="plus")
        self.button.on_click(lambda _b: self._run(self._add))
        self.widget = w.VBox([self.name, self.organisation, self.role, self.email,
                              self.profile_url, self.how_found, self.referred_by,
                              _help("referred by: the contact who suggested this person (pick "
                                    "'referral' above)."),
                              w.HBox([self.button, self.message])])
        self.refresh()

    def _organisation(self) -> str:
        if not self.field:
            return ""
        try:
            return self.workbook.research.organisation(self.field) or ""
        except InfolibError:
            return ""

    def _add(self) -> str:
        contact_id = self.workbook.contacts.add(
            self.name.value, organisation=self.organisation.value, role=self.role.value,
            email=self.email.value, profile_url=self.profile_url.value,
            how_found=self.how_found.value, referred_by=self.referred_by.value or None,
            field=self.field)
        added = self.name.value
        for box in (self.name, self.role, self.email, self.profile_url):
            box.value = ""
        self.organisation.value = self._organisation()
        self.how_found.value, self.referred_by.value = "cold", ""
        self._refresh_all()
        field = f" for {self.field}" if self.field else ""
        return f"Added {added} (contact {contact_id}){field}; the forms above offer them now."

    def refresh(self) -> None:
        self.referred_by.options = ["", *self._contact_names()]


class OutreachForm(_Form):
    """Log a message you sent, or a reply you received."""

    def __init__(self, workbook=None, field: str | None = None, contact: str = ""):
        from datetime import date

        import ipywidgets as w

        from infolib.store.schema import CHANNELS, OUTREACH_KINDS

        super().__init__(workbook, field, contact)
        self.contact = w.Dropdown(options=[], description="contact", style=_LABELS)
        self.channel = w.Dropdown(options=CHANNELS, value="email", description="channel",
                                  style=_LABELS)
        self.kind = w.Dropdown(options=OUTREACH_KINDS, value="request", description="message",
                               style=_LABELS)
        self.day = w.DatePicker(value=date.today(), description="date", style=_LABELS)
        self.sent_button = w.Button(description="Log message", button_style="primary")
        self.reply_button = w.Button(description="They replied")
        self.sent_button.on_click(lambda _b: self._run(self._sent))
        self.reply_button.on_click(lambda _b: self._run(self._replied))
        self.widget = w.VBox([self.contact, self.channel, self.kind, self.day,
                              w.HBox([self.sent_button, self.reply_button, self.message])])
        self.refresh()

    def _chosen(self) -> str:
        if not self.contact.value:
            raise DataError("Pick a contact first (add one with the contact form below).")
        return self.contact.value

    def _sent(self) -> str:
        contact = self._chosen()
        self.workbook.log.add_outreach(contact, self.channel.value, kind=self.kind.value,
                                       sent=self.day.value)
        return f"Logged a {self.kind.value} to {contact}."

    def _replied(self) -> str:
        contact = self._chosen()
        self.workbook.log.mark_replied(contact, on=self.day.value)
        return f"Logged the reply of {contact}."

    def refresh(self) -> None:
        self._pick(self.contact, self._contact_names())


class MeetingForm(_Form):
    """Log a meeting, what it taught you, who they referred you to and what came of it; the
    meeting and its outcome are stored with the notebook's field."""

    def __init__(self, workbook=None, field: str | None = None, contact: str = ""):
        from datetime import date

        import ipywidgets as w

        from infolib.store.schema import MEETING_MODES, OUTCOME_KINDS
        from infolib.store.validate import MEETING_MINUTES

        super().__init__(workbook, field, contact)
        wide = w.Layout(width="40em")
        notes = w.Layout(width="40em", height="5em")
        self.contact = w.Dropdown(options=[], description="contact", style=_LABELS)
        self.day = w.DatePicker(value=date.today(), description="date", style=_LABELS)
        self.time = w.Text(value="12:00", description="time", style={"description_width":
                                                                         "3em"},
                           layout=w.Layout(width="10em"))
        self.mode = w.Dropdown(options=MEETING_MODES, value="video", description="mode",
                               style=_LABELS)
        self.place = w.Text(description="place/call", style=_LABELS, layout=wide)
        low, high = MEETING_MINUTES
        self.minutes = w.BoundedIntText(value=20, min=low, max=high, description="minutes",
                                        style=_LABELS)
        self.insights = w.Textarea(description="insights", placeholder="one per line",
                                   style=_LABELS, layout=notes)
        self.advice = w.Textarea(description="advice", placeholder="one per line",
                                 style=_LABELS, layout=notes)
        self.leads = w.Textarea(description="leads", placeholder="one per line",
                                style=_LABELS, layout=notes)
        self.referred_to = w.SelectMultiple(options=[], description="referred to", rows=8,
                                            style=_LABELS, layout=wide)
        self.outcome = w.Dropdown(options=["", *OUTCOME_KINDS], description="outcome",
                                  style=_LABELS)
        self.why = w.Text(description="why", style=_LABELS, layout=wide,
                          placeholder="needed when the outcome is decided_against")
        self.button = w.Button(description="Save meeting", button_style="primary")
        self.button.on_click(lambda _b: self._run(self._save))
        self.widget = w.VBox([
            self.contact, w.HBox([self.day, self.time]), self.mode, self.place, self.minutes,
            self.insights, self.advice, self.leads, self.referred_to,
            _help("referred to: the people they suggested you talk to; Ctrl-click (⌘-click on "
                  "a Mac) picks several. Add someone new with the contact form in notebook 04 "
                  "first."),
            self.outcome, self.why,
            _help("why: what made you decide against the field (needed for decided_against); "
                  "it is what your follow-up tells them."),
            w.HBox([self.button, self.message])])
        self.refresh()

    def _save(self) -> str:
        if not self.contact.value:
            raise DataError("Pick the contact you met (add them in notebook 04 first).")
        if self.day.value is None:
            raise DataError("Pick the meeting's date.")
        lines = {name: [t for t in getattr(self, name).value.splitlines() if t.strip()]
                 for name in ("insights", "advice", "leads")}
        referred = list(self.referred_to.value)
        meeting_id = self.workbook.log.add_meeting(
            self.contact.value, f"{self.day.value.isoformat()} {self.time.value}",
            mode=self.mode.value, place=self.place.value, minutes=self.minutes.value,
            referred_to=referred, outcome=self.outcome.value or None,
            why=self.why.value, field=self.field, **lines)
        notes = [t for texts in lines.values() for t in texts]
        self._refresh_all()  # the note form offers the new meeting
        for box in (self.insights, self.advice, self.leads, self.why, self.place):
            box.value = ""
        self.referred_to.value, self.outcome.value = (), ""
        counted = ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in
                            ((len(notes), "note"), (len(referred), "referral")))
        return (f"Saved meeting {meeting_id} with {self.contact.value}: {counted}. Send your "
                "thank-you today.")

    def refresh(self) -> None:
        names = self._contact_names()
        self._pick(self.contact, names)
        picked = tuple(n for n in self.referred_to.value if n in names)
        self.referred_to.options = names
        self.referred_to.value = picked


class NoteForm(_Form):
    """Write down what a meeting taught you, linked to the planned question it answers: an
    answer closes that question's topic in the gap list, and the next plan follows it up."""

    NO_QUESTION = "(no planned question)"

    def __init__(self, workbook=None, field: str | None = None, contact: str = ""):
        import ipywidgets as w

        from infolib.store.schema import NOTE_KINDS

        super().__init__(workbook, field, contact)
        wide = w.Layout(width="40em")
        self.meeting = w.Dropdown(options=[], description="meeting", style=_LABELS,
                                  layout=wide)
        self.question = w.Dropdown(options=[(self.NO_QUESTION, None)], value=None,
                                   description="question", style=_LABELS, layout=wide)
        self.kind = w.Dropdown(options=NOTE_KINDS, value="answer", description="kind",
                               style=_LABELS)
        self.text = w.Textarea(description="what you learned", style=_LABELS,
                               layout=w.Layout(width="40em", height="5em"))
        self.button = w.Button(description="Save note", button_style="primary")
        self.button.on_click(lambda _b: self._run(self._save))
        self.meeting.observe(lambda _change: self._offer_questions(), names="value")
        self.widget = w.VBox([
            self.meeting, self.question, self.kind, self.text,
            _help("question: the one of the contact's planned questions (notebook 03) this "
                  "answers. An answer, insight or advice closes its topic in the gap list; a "
                  "lead leaves it open for a follow-up."),
            w.HBox([self.button, self.message])])
        self.refresh()

    def _save(self) -> str:
        from infolib.planning.meetings import take_note

        if self.meeting.value is None:
            raise DataError("Pick the meeting (log it with the meeting form above first).")
        taken = take_note(self.meeting.value, self.text.value, kind=self.kind.value,
                          question=self.question.value, workbook=self.workbook)
        self.text.value = ""
        return taken.to_text()

    def _offer_questions(self) -> None:
        from infolib.planning.checklist import topic_label
        from infolib.planning.meetings import contact_plan

        chosen = next((m for m in self._meetings if m["meeting_id"] == self.meeting.value), None)
        planned = contact_plan(self.workbook, chosen["field"], chosen["contact"]) if chosen \
            else []
        current = self.question.value
        options = [(self.NO_QUESTION, None)] + [
            (f"{q['rank']} \u00b7 {q['text']}" + (f" ({topic_label(q['topic'])})"
                                                  if topic_label(q["topic"]) else ""),
             q["rank"]) for q in planned]
        self.question.options = options
        self.question.value = current if current in [v for _l, v in options] else None

    def refresh(self) -> None:
        from infolib.planning.meetings import long_date
        from infolib.store.validate import name_key

        self._meetings = self.workbook.log.meetings_in_context(self.field)
        current = self.meeting.value
        options = [(f"{m['meeting_id']} \u00b7 {m['contact']}, {long_date(m['day'])}",
                    m["meeting_id"]) for m in reversed(self._meetings)]
        self.meeting.options = options
        ids = [v for _l, v in options]
        wanted = next((m["meeting_id"] for m in reversed(self._meetings)
                       if name_key(m["contact"]) == name_key(self.wanted)), None)
        for choice in (current, wanted, ids[0] if ids else None):
            if choice in ids:
                self.meeting.value = choice
                break
        self._offer_questions()


def note_form(workbook=None, field: str | None = None, contact: str = "") -> NoteForm:
    """A form to write down what a meeting taught you, each note linked to the planned
    question it answers (or none), starting at the latest meeting with ``contact``."""
    return NoteForm(workbook, field, contact)


def contact_form(workbook=None, field: str | None = None) -> ContactForm:
    """A form to add contacts to the workbook, stored with ``field`` (the notebook's)."""
    return ContactForm(workbook, field)


def outreach_form(workbook=None, field: str | None = None, contact: str = "") -> OutreachForm:
    """A form to log messages sent and replies received, starting at ``contact``."""
    return OutreachForm(workbook, field, contact)


def meeting_form(workbook=None, field: str | None = None, contact: str = "") -> MeetingForm:
    """A form to log a meeting with its notes, referrals and outcome, stored with ``field``
    and starting at ``contact``."""
    return MeetingForm(workbook, field, contact)
