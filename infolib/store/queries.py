"""Read-only questions across the workbook's tables that belong to no single stage store:
the referral analysis's per-contact aggregates and each field's progress through its series.

The one place outside the stage stores where infolib writes SQL (the store is the only
package that speaks it); some of it is dialect-specific, for speed, and says so.
"""

from __future__ import annotations

import sqlalchemy as sa

from infolib.store import schema as t


def referral_tables(book):
    """What the referral analysis needs, aggregated in the database: one row per contact, not
    one per message (a log of a million events stays quick). Returns the frames people,
    first message, first request, answered, meetings, referrals and outcomes."""
    import pandas as pd

    def frame(query):
        with book.engine.connect() as conn:
            return pd.read_sql(query, conn)

    people = frame(sa.select(t.contacts.c.id, t.contacts.c.name,
                             t.organisations.c.name.label("organisation"), t.contacts.c.how_found,
                             t.fields.c.name.label("field"))
                   .select_from(t.contacts.outerjoin(t.organisations).outerjoin(
                       t.fields, t.contacts.c.field_id == t.fields.c.id))
                   .order_by(t.contacts.c.id))
    # the first message to each contact, and the first request with its reply: SQLite takes
    # the other columns from the row holding MIN(); PostgreSQL says so with DISTINCT ON. Plain
    # SQL, so that a hundred thousand rows come back as text for pandas to parse in one go.
    if book.engine.dialect.name == "sqlite":
        # NOT INDEXED: one pass over the table beats a lookup per row through the index
        first_sql = ("SELECT contact_id, channel, MIN(sent) AS sent FROM outreach NOT INDEXED "
                     "GROUP BY contact_id")
        request_sql = ("SELECT contact_id, MIN(sent) AS sent, replied FROM outreach NOT INDEXED "
                       "WHERE kind = 'request' GROUP BY contact_id")
    else:
        first_sql = ("SELECT DISTINCT ON (contact_id) contact_id, channel, sent FROM outreach "
                     "ORDER BY contact_id, sent, id")
        request_sql = ("SELECT DISTINCT ON (contact_id) contact_id, sent, replied FROM outreach "
                       "WHERE kind = 'request' ORDER BY contact_id, sent, id")
    first = frame(sa.text(first_sql))
    requests = frame(sa.text(request_sql))
    hint = " NOT INDEXED" if book.engine.dialect.name == "sqlite" else ""
    answered = frame(sa.text(f"SELECT DISTINCT contact_id FROM outreach{hint} "
                             "WHERE replied IS NOT NULL"))
    met = frame(sa.select(t.meetings.c.contact_id, sa.func.count().label("meetings"))
                .group_by(t.meetings.c.contact_id))
    refs = frame(sa.select(t.referrals.c.from_contact_id, t.referrals.c.from_name,
                           t.referrals.c.to_contact_id, t.referrals.c.dated))
    outcomes = frame(sa.select(t.outcomes.c.contact_id, t.outcomes.c.kind))
    return people, first, requests, answered, met, refs, outcomes


def progress_by_field(book) -> list[dict]:
    """Each field with its counts: pages researched, gaps, questions planned, contacts
    contacted, meetings held, thanked and followed up (0 means not yet)."""
    f = t.fields

    def per_field(query) -> dict:
        with book.engine.connect() as conn:
            return dict(conn.execute(query).all())

    pages = per_field(sa.select(t.crawls.c.field_id, sa.func.count(t.pages.c.id))
                      .select_from(t.crawls.join(t.pages)).group_by(t.crawls.c.field_id))
    gaps = per_field(sa.select(t.gaps.c.field_id, sa.func.count()).where(t.gaps.c.is_gap)
                     .group_by(t.gaps.c.field_id))
    plans = per_field(sa.select(t.question_plans.c.field_id,
                                sa.func.count(t.planned_questions.c.id))
                      .select_from(t.question_plans.join(t.planned_questions))
                      .group_by(t.question_plans.c.field_id))
    contacted = per_field(sa.select(t.contacts.c.field_id,
                                    sa.func.count(sa.distinct(t.outreach.c.contact_id)))
                          .select_from(t.contacts.join(t.outreach))
                          .group_by(t.contacts.c.field_id))
    m = t.meetings
    met = per_field(sa.select(m.c.field_id, sa.func.count()).group_by(m.c.field_id))
    thanked = per_field(sa.select(m.c.field_id, sa.func.count()).where(m.c.thanked.is_not(None))
                        .group_by(m.c.field_id))
    followed = per_field(sa.select(m.c.field_id, sa.func.count())
                         .where(m.c.followed_up.is_not(None)).group_by(m.c.field_id))
    with book.engine.connect() as conn:
        rows = conn.execute(sa.select(f.c.id, f.c.name).order_by(f.c.name)).all()
    table = [{"field": name, "researched": pages.get(i, 0), "gaps": gaps.get(i, 0),
              "questions planned": plans.get(i, 0), "contacted": contacted.get(i, 0),
              "met": met.get(i, 0), "thanked": thanked.get(i, 0),
              "followed up": followed.get(i, 0)} for i, name in rows]
    return table


def has_contacts_from(book, source: str) -> bool:
    """True if any contact in the workbook came from ``source`` (e.g. the demo log)."""
    with book.engine.connect() as conn:
        return conn.execute(sa.select(t.contacts.c.id).where(
            t.contacts.c.source == source).limit(1)).first() is not None
