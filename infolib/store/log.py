"""⑤ The interview log of a workbook (``Workbook.log``): outreach sent and replies, meetings
with their notes, thank-yous and follow-ups, referrals and outcomes.

Every write validates first and runs in one transaction: a bad row (a date that is not a date,
an unknown channel, a referral to an unknown contact) raises ``DataError`` saying what was
wrong, and nothing is written.
"""


from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from infolib.errors import DataError
from infolib.store.part import StorePart
from infolib.store.schema import (
    CHANNELS,
    MEETING_MODES,
    NOTE_KINDS,
    OUTCOME_KINDS,
    OUTREACH_KINDS,
    contacts,
    interview_notes,
    meetings,
    outcomes,
    outreach,
    referrals,
)
from infolib.store.validate import (
    _utc,
    as_date,
    as_datetime,
    choice,
    clean_text,
    date_window,
    field_name,
    meeting_minutes,
    row_id,
    zone_from_name,
    zone_name,
)

log = logging.getLogger(__name__)


def _note_link(link) -> tuple[str, str, str]:
    """(question, topic, question kind) of a note given as (kind, text, question, topic,
    question kind); empty for a (kind, text) pair."""
    question, topic, question_kind = (list(link) + ["", "", ""])[:3]
    return (clean_text(question, "question", limit=1000), clean_text(topic, "topic", limit=60),
            clean_text(question_kind, "kind of question", limit=10))


class InterviewLog(StorePart):
    """Outreach, meetings, notes, referrals and outcomes."""

    # the pipeline ------------------------------------------------------------------------------
    def add_outreach(self, contact, channel: str = "email", *, sent=None, kind: str = "request",
                     replied=None, note: str = "") -> int:
        """Log a message to a contact (channel: email, phone, linkedin, post, in_person);
        returns its id. The same kind of message to the same contact by the same channel on
        the same day is logged already, and refused: see ``ensure_outreach``."""
        return self._outreach(contact, channel, sent, kind, replied, note, keep=False)

    def ensure_outreach(self, contact, channel: str = "email", *, sent=None,
                        kind: str = "request", replied=None, note: str = "") -> int:
        """``add_outreach``, but a message logged already is left as it is and its id
        returned (notebooks run twice)."""
        return self._outreach(contact, channel, sent, kind, replied, note, keep=True)

    def _outreach(self, contact, channel, sent, kind, replied, note, *, keep: bool) -> int:
        row = {"channel": choice(channel, CHANNELS, "channel"),
               "kind": choice(kind, OUTREACH_KINDS, "kind of message"),
               "sent": as_date(sent, "date sent") or date.today(),
               "replied": as_date(replied, "reply date"),
               "note": clean_text(note, "note", limit=5000)}
        if row["replied"] and row["replied"] < row["sent"]:
            raise DataError(f"The reply ({row['replied']}) cannot come before the message "
                            f"({row['sent']}).")
        with self.writer.begin() as conn:
            row["contact_id"] = self.book.contacts.contact_id(conn, contact)
            earlier = conn.execute(sa.select(outreach.c.id).where(
                outreach.c.contact_id == row["contact_id"], outreach.c.kind == row["kind"],
                outreach.c.channel == row["channel"], outreach.c.sent == row["sent"])).scalar()
            if earlier is not None:
                if keep:
                    return earlier
                name = self._names(conn, [row["contact_id"]])[row["contact_id"]]
                raise DataError(
                    f"This message is already logged (outreach {earlier}: "
                    f"{row['kind'].replace('_', ' ')} by {row['channel'].replace('_', ' ')} to "
                    f"{name} on {row['sent']}); log their reply with `infolib replied`, or "
                    f"remove it (`infolib remove outreach {earlier}`) and log it again to "
                    "change it.")
            return conn.execute(outreach.insert().values(**row)).inserted_primary_key[0]

    def mark_replied(self, contact, on=None) -> int:
        """The contact replied: set the reply date of their latest unanswered message."""


        day = as_date(on, "reply date") or date.today()
        with self.writer.begin() as conn:
            contact_id = self.book.contacts.contact_id(conn, contact)
            found = conn.execute(sa.select(outreach.c.id, outreach.c.sent).where(
                outreach.c.contact_id == contact_id, outreach.c.replied.is_(None))
                .order_by(outreach.c.sent.desc(), outreach.c.id.desc())).first()
            if found is None:
                raise DataError("No unanswered message to this contact is logged; log the "
                                "outreach first.")
            if day < found.sent:
                raise DataError(f"The reply ({day}) cannot come before the message "
                                f"({found.sent}).")
            conn.execute(outreach.update().where(outreach.c.id == found.id).values(replied=day))
            return found.id

    def add_meeting(self, contact, starts, *, mode: str = "video", place: str = "",
                    minutes: int = 20, field: str | None = None, note: str = "",
                    notes: list[tuple[str, str]] = (), insights: list[str] = (),
                    advice: list[str] = (), leads: list[str] = (), referred_to: list = (),
                    outcome: str | None = None, why: str = "") -> int:
        """Log a meeting (mode: in_person, phone, video; ``place``: where, or the call
        details) with what it taught you (``notes`` as (kind, text) pairs, or (kind, text,
        question, topic, question kind) for a note on a planned question; or lists of
        ``insights``, ``advice`` and ``leads``), the people the contact referred you to, and an
        outcome, all in one transaction. Returns the meeting's id.

        A meeting with the same contact at the same time is logged already, and refused: see
        ``ensure_meeting``.
        """
        return self._meeting(contact, starts, mode, place, minutes, field, note, notes,
                             insights, advice, leads, referred_to, outcome, why, keep=False)

    def ensure_meeting(self, contact, starts, *, mode: str = "video", place: str = "",
                       minutes: int = 20, field: str | None = None, note: str = "",
                       notes: list[tuple[str, str]] = (), insights: list[str] = (),
                       advice: list[str] = (), leads: list[str] = (), referred_to: list = (),
                       outcome: str | None = None, why: str = "") -> int:
        """``add_meeting``, but a meeting logged already is left as it is (its notes,
        referrals and outcome too) and its id returned (notebooks run twice)."""
        return self._meeting(contact, starts, mode, place, minutes, field, note, notes,
                             insights, advice, leads, referred_to, outcome, why, keep=True)

    def _meeting(self, contact, starts, mode, place, minutes, field, note, notes, insights,
                 advice, leads, referred_to, outcome, why, *, keep: bool) -> int:

        length = meeting_minutes(minutes)
        moment = as_datetime(starts, "meeting time")
        row = {"starts": moment, "zone": zone_name(moment),
               "mode": choice(mode, MEETING_MODES, "meeting mode"),
               "place": clean_text(place, "place", limit=500), "minutes": length,
               "note": clean_text(note, "note", limit=5000)}
        notes = [*notes, *(("insight", t) for t in insights), *(("advice", t) for t in advice),
                 *(("lead", t) for t in leads)]
        cleaned = [(choice(kind, NOTE_KINDS, "kind of note"), " ".join(str(text).split()),
                    *_note_link(link)) for kind, text, *link in notes if str(text).strip()]
        if outcome:
            outcome = choice(outcome, OUTCOME_KINDS, "outcome")
            why = clean_text(why, "reason", limit=2000)
            if outcome == "decided_against" and not why:
                raise DataError("Say why you decided against the field.")

        with self.writer.begin() as conn:
            contact_id = self.book.contacts.contact_id(conn, contact)
            targets = [self.book.contacts.contact_id(conn, ref, "referred contact")
                       for ref in referred_to]
            earlier = conn.execute(sa.select(meetings.c.id).where(
                meetings.c.contact_id == contact_id, meetings.c.starts == row["starts"])).scalar()
            if earlier is not None:
                if keep:
                    return earlier
                raise DataError(f"This meeting is already logged (meeting {earlier}); add notes "
                                f"to it instead (`infolib note {earlier} TEXT`).")
            row.update(contact_id=contact_id, field_id=self.book.field_ref(conn, field))
            meeting_id = conn.execute(meetings.insert().values(**row)).inserted_primary_key[0]
            for kind, text, question, topic, question_kind in cleaned:
                conn.execute(interview_notes.insert().values(
                    meeting_id=meeting_id, kind=kind, question=question, text=text, topic=topic,
                    question_kind=question_kind))
            name = self._names(conn, [contact_id])[contact_id]
            for target in targets:
                conn.execute(referrals.insert().values(
                    from_contact_id=contact_id, from_name=name, to_contact_id=target,
                    dated=row["starts"].date(), note=""))
                self._found_through(conn, contact_id, target)
            if outcome:
                conn.execute(outcomes.insert().values(
                    contact_id=contact_id, field_id=row["field_id"], kind=outcome,
                    dated=row["starts"].date(), why=why))
        return meeting_id

    def _meeting_update(self, meeting_id: int, **values) -> None:
        meeting_id = row_id(meeting_id, "meeting")
        with self.writer.begin() as conn:
            if not conn.execute(sa.select(meetings.c.id).where(meetings.c.id == meeting_id)
                                ).first():
                raise DataError(f"There is no meeting {meeting_id}; see the meetings table.")
            conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(**values))

    def mark_thanked(self, meeting_id: int, on=None) -> None:
        self._meeting_update(meeting_id, thanked=as_date(on, "thank-you date") or date.today())

    def mark_followed_up(self, meeting_id: int, on=None) -> None:
        self._meeting_update(meeting_id,
                             followed_up=as_date(on, "follow-up date") or date.today())

    def add_note(self, meeting_id: int, text: str, *, kind: str = "insight",
                 question: str = "", topic: str = "", question_kind: str = "") -> int:
        """Write down what was learned: an answer to a question, an insight, advice or a lead.

        ``question`` is the question's text; ``topic`` and ``question_kind`` say which planned
        question it answers ("" for none: ``planning.meetings.take_note`` resolves them)."""


        meeting_id = row_id(meeting_id, "meeting")
        row = {"meeting_id": meeting_id, "kind": choice(kind, NOTE_KINDS, "kind of note"),
               "question": clean_text(question, "question", limit=1000),
               "topic": clean_text(topic, "topic", limit=60),
               "question_kind": clean_text(question_kind, "kind of question", limit=10),
               "text": " ".join(str(text or "").split())}
        if not row["text"]:
            raise DataError("The note is empty; write what you learned.")
        with self.writer.begin() as conn:
            if not conn.execute(sa.select(meetings.c.id).where(meetings.c.id == meeting_id)
                                ).first():
                raise DataError(f"There is no meeting {meeting_id}; log the meeting first.")
            return conn.execute(interview_notes.insert().values(**row)).inserted_primary_key[0]

    def add_referral(self, from_contact, to_contact, *, dated=None, note: str = "") -> int:
        """``from_contact`` suggested you talk to ``to_contact`` (both must be contacts)."""

        with self.writer.begin() as conn:
            source = self.book.contacts.contact_id(conn, from_contact, "referrer")
            target = self.book.contacts.contact_id(conn, to_contact, "referred contact")
            name = self._names(conn, [source])[source]
            referral_id = conn.execute(referrals.insert().values(
                from_contact_id=source, from_name=name, to_contact_id=target,
                dated=as_date(dated, "referral date") or date.today(),
                note=clean_text(note, "note", limit=2000))).inserted_primary_key[0]
            self._found_through(conn, source, target)
            return referral_id

    @staticmethod
    def _found_through(conn, source: int, target: int) -> None:
        """The referred contact was found through the referrer: their "how found" becomes
        referral and their referrer the one who suggested them, unless someone else is
        recorded as their referrer already (the first introduction stands)."""
        if source == target:
            return
        conn.execute(contacts.update().where(contacts.c.id == target,
                                             contacts.c.referred_by.is_(None))
                     .values(how_found="referral", referred_by=source))

    def _names(self, conn, ids) -> dict[int, str]:
        return dict(conn.execute(sa.select(contacts.c.id, contacts.c.name).where(
            contacts.c.id.in_(list(ids)))).all())

    def add_outcome(self, kind: str, *, contact=None, field: str | None = None, dated=None,
                    why: str = "") -> int:
        """Record what came of it: formal_interview, offer, decided_against (say why), other."""

        kind = choice(kind, OUTCOME_KINDS, "outcome")
        why = clean_text(why, "reason", limit=2000)
        if kind == "decided_against" and not why:
            raise DataError("Say why you decided against the field; it is what your follow-up "
                            "notes will tell your contacts.")
        with self.writer.begin() as conn:
            return conn.execute(outcomes.insert().values(
                contact_id=(self.book.contacts.contact_id(conn, contact)
                            if contact not in (None, "") else None),
                field_id=self.book.field_ref(conn, field), kind=kind,
                dated=as_date(dated, "outcome date") or date.today(), why=why)
            ).inserted_primary_key[0]

    # removing a row ------------------------------------------------------------------------------
    def remove(self, kind: str, ref) -> str:
        """Remove one row: a ``contact`` (by id or name, with their outreach, meetings and
        notes), or an ``outreach`` message, ``meeting`` (with its notes), ``note``,
        ``referral`` or ``outcome`` by id. Returns what was removed, e.g. "outreach 3"."""

        from infolib.store import schema

        tables = {"contact": schema.contacts, "outreach": schema.outreach,
                  "meeting": schema.meetings, "note": schema.interview_notes,
                  "referral": schema.referrals, "outcome": schema.outcomes}
        kind = str(kind or "").strip().lower()
        if kind not in tables:
            raise DataError(f"Cannot remove a {kind!r}; remove one of: {', '.join(tables)}.")
        table = tables[kind]
        with self.writer.begin() as conn:
            if kind == "contact":
                number = self.book.contacts.contact_id(conn, ref)
            else:
                number = row_id(ref, kind)
                if conn.execute(sa.select(table.c.id).where(table.c.id == number)).first() \
                        is None:
                    raise DataError(f"There is no {kind} {number} in the workbook.")
            conn.execute(table.delete().where(table.c.id == number))
        return f"{kind} {number}"

    def _dated_rows(self, table, kind: str, dates):
        """A condition keeping the rows of ``table`` whose ``dates`` are empty or inside
        ``date_window()``; each row left out (written before the window was enforced) is
        logged with the command that removes it, so a far-off date cannot break a listing."""

        first, last = date_window()
        checks = []
        for column in dates:
            if isinstance(column.type, sa.Date):
                low, high = first, last
            else:  # a moment in UTC: its day in any zone may be one off
                low = datetime.combine(first - timedelta(days=1), datetime.min.time(), UTC)
                high = datetime.combine(last + timedelta(days=2), datetime.min.time(), UTC)
            checks.append(sa.or_(column.is_(None), column.between(low, high)))
        keep = sa.and_(*checks)
        with self.engine.connect() as conn:
            for row in conn.execute(sa.select(table.c.id, *dates).where(sa.not_(keep))
                                    .order_by(table.c.id)):
                shown = ", ".join(f"{c.name} {row._mapping[c.name]}" for c in dates
                                  if row._mapping[c.name] is not None)
                log.warning("Left out %s %s: its date (%s) is outside the dates infolib works "
                            "with (%s to %s). Remove it with `infolib remove %s %s`, then log "
                            "it again with the right date.", kind, row.id, shown, first, last,
                            kind, row.id)
        return keep

    # tables out ----------------------------------------------------------------------------------
    def _named(self, table, *columns, order=None, kind: str = "", dates=()):
        query = (sa.select(table.c.id, *columns, contacts.c.name.label("contact"))
                 .select_from(table.outerjoin(contacts, table.c.contact_id == contacts.c.id))
                 .where(self._dated_rows(table, kind, dates))
                 .order_by(order if order is not None else table.c.id))
        return self._frame(query)

    def outreach(self):
        """Every message logged (dates outside ``date_window()`` are left out, with a warning)."""
        from infolib.store.schema import outreach as t

        return self._named(t, t.c.contact_id, t.c.channel, t.c.kind, t.c.sent, t.c.replied,
                           t.c.note, order=t.c.sent, kind="outreach",
                           dates=(t.c.sent, t.c.replied))

    def meetings(self):
        """Every meeting; ``starts`` in the zone it was entered in (``zone``: its name or
        offset), as a Timestamp each."""
        import pandas as pd

        from infolib.store.schema import meetings as t

        frame = self._named(t, t.c.contact_id, t.c.starts, t.c.zone, t.c.mode, t.c.place,
                            t.c.minutes, t.c.thanked, t.c.followed_up, t.c.note,
                            order=t.c.starts, kind="meeting",
                            dates=(t.c.starts, t.c.thanked, t.c.followed_up))
        moments = [pd.Timestamp(_utc(moment).astimezone(zone_from_name(zone)))
                   for moment, zone in zip(frame["starts"], frame["zone"], strict=True)]
        frame["starts"] = pd.Series(moments, index=frame.index, dtype=object)
        return frame

    def notes(self, meeting_id: int | None = None):
        from infolib.store.schema import interview_notes as t

        query = sa.select(t).order_by(t.c.id)
        if meeting_id is not None:
            query = query.where(t.c.meeting_id == row_id(meeting_id, "meeting"))
        return self._frame(query)

    def meeting(self, meeting_id: int) -> dict:
        """One meeting as a dict: its id, contact (name), contact_id, organisation, field (name
        or None) and ``day`` (the date in the zone it was entered in)."""
        found = self._meetings_in_context(sa.true()).where(
            meetings.c.id == row_id(meeting_id, "meeting"))
        with self.engine.connect() as conn:
            row = conn.execute(found).mappings().first()
        if row is None:
            raise DataError(f"There is no meeting {meeting_id}; see the meetings table "
                            "(notebook 05), or log the meeting first (`infolib meeting`).")
        return self._in_context(row)

    def meetings_in_context(self, field: str | None = None) -> list[dict]:
        """Every meeting (of ``field`` when given) as ``meeting()`` gives it, oldest first."""
        return [self._in_context(r) for r in self._context_rows(self._meetings_in_context(
            self._field_is(field)).order_by(meetings.c.starts, meetings.c.id))]

    def notes_in_context(self, field: str | None = None) -> list[dict]:
        """Every note (of meetings about ``field`` when given) with its meeting's contact,
        organisation, field and day: what says who answered a topic, and when. Oldest
        meeting first."""
        t = interview_notes
        query = (self._meetings_in_context(self._field_is(field))
                 .add_columns(t.c.id.label("note_id"), t.c.kind, t.c.question, t.c.topic,
                              t.c.question_kind, t.c.text)
                 .join_from(meetings, t, t.c.meeting_id == meetings.c.id)
                 .order_by(meetings.c.starts, t.c.id))
        return [self._in_context(r) for r in self._context_rows(query)]

    def _field_is(self, field: str | None):
        from infolib.store.schema import fields

        if field is None:
            return sa.true()
        return fields.c.name == field_name(field)

    def _context_rows(self, query) -> list:
        with self.engine.connect() as conn:
            return list(conn.execute(query).mappings())

    @staticmethod
    def _meetings_in_context(where):
        from infolib.store.schema import fields, organisations

        return (sa.select(meetings.c.id.label("meeting_id"), meetings.c.contact_id,
                          contacts.c.name.label("contact"),
                          sa.func.coalesce(organisations.c.name, "").label("organisation"),
                          fields.c.name.label("field"), meetings.c.starts, meetings.c.zone)
                .select_from(meetings.join(contacts, meetings.c.contact_id == contacts.c.id)
                             .outerjoin(organisations,
                                        contacts.c.organisation_id == organisations.c.id)
                             .outerjoin(fields, meetings.c.field_id == fields.c.id))
                .where(where))

    @staticmethod
    def _in_context(row) -> dict:
        out = dict(row)
        moment = _utc(out.pop("starts")).astimezone(zone_from_name(out.pop("zone")))
        out["day"] = moment.date()
        return out

    def referrals(self):
        from infolib.store.schema import referrals as t

        target = contacts.alias("target")
        query = (sa.select(t.c.id, t.c.from_contact_id, t.c.from_name, t.c.to_contact_id,
                           target.c.name.label("to_name"), t.c.dated, t.c.note)
                 .select_from(t.join(target, t.c.to_contact_id == target.c.id))
                 .where(self._dated_rows(t, "referral", (t.c.dated,)))
                 .order_by(t.c.dated, t.c.id))
        return self._frame(query)

    def outcomes(self):
        from infolib.store.schema import outcomes as t

        return self._named(t, t.c.contact_id, t.c.field_id, t.c.kind, t.c.dated, t.c.why,
                           order=t.c.dated, kind="outcome", dates=(t.c.dated,))
