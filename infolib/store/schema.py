"""Tables of the workbook database (SQLAlchemy Core; SQLite by default, PostgreSQL-ready).

Each target field owns its crawls; each crawl owns its pages, skipped URLs, facts and summary.
Later stages add their tables to the same ``metadata``. Every change also gets an Alembic
revision in ``store/migrations/versions`` (frozen copies of the tables as they were), so that a
workbook made by an earlier version is upgraded in place with its data kept.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from infolib.store.validate import name_key

SCHEMA_VERSION = 6
HEAD_REVISION = "0006"  # the newest Alembic revision in store/migrations/versions
#: tables a revision dropped, with the schema version that dropped them: an export made before
#: may still hold them (see store/backup.py)
RETIRED_TABLES = {"tasks": 5}
metadata = sa.MetaData()


class UTCDateTime(sa.types.TypeDecorator):
    """A moment kept in UTC on every backend and read back aware, in UTC.

    SQLite has no time zones: SQLAlchemy drops an offset there, so 10:00+14:00 would come back
    as 10:00. Converting to UTC before it is written keeps the instant right on both backends;
    the zone it was entered in is a column of its own (``meetings.zone``)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, str):  # a restored export gives ISO 8601 text
            value = datetime.fromisoformat(value)
        moment = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _name_key(context) -> str:
    """The default of ``contacts.name_key``: computed from the name, so that every insert
    (a restored export of an older version too) has it."""

    return name_key(context.get_current_parameters().get("name"))

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

fields = sa.Table(
    "fields", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
)

crawls = sa.Table(
    "crawls", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("field_id", sa.ForeignKey("fields.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("start_url", sa.Text, nullable=False),
    sa.Column("started", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished", sa.DateTime(timezone=True)),
    sa.Column("robots", sa.Text, nullable=False, default=""),
    sa.Column("error", sa.Text, nullable=False, default=""),
    sa.Column("requests", sa.Integer, nullable=False, default=0),
    sa.Column("settings", sa.JSON, nullable=False, default=dict),
)

pages = sa.Table(
    "pages", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("crawl_id", sa.ForeignKey("crawls.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("final_url", sa.Text, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("published", sa.Date),
    sa.Column("retrieved", sa.DateTime(timezone=True), nullable=False),
    sa.Column("words", sa.Integer, nullable=False),
    sa.Column("depth", sa.Integer, nullable=False),
    sa.Column("media_type", sa.String(80), nullable=False),
    sa.Column("page_count", sa.Integer, nullable=False, default=0),
    sa.Column("from_cache", sa.Boolean, nullable=False, default=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("metadata", sa.JSON, nullable=False),
    sa.Column("blocks", sa.JSON, nullable=False),
)

skipped = sa.Table(
    "skipped", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("crawl_id", sa.ForeignKey("crawls.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("reason", sa.String(40), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("found_on", sa.Text, nullable=False),
)

facts = sa.Table(
    "facts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("crawl_id", sa.ForeignKey("crawls.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("topic", sa.String(40), nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("detail", sa.JSON, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("retrieved", sa.Date, nullable=False),
)

summaries = sa.Table(
    "summaries", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("crawl_id", sa.ForeignKey("crawls.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
)

# --- planning the meeting (schema 2) -----------------------------------------------------------

goals = sa.Table(
    "goals", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("field_id", sa.ForeignKey("fields.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("kind", sa.String(10), nullable=False),  # learn | outcome
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("importance", sa.Integer, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
)

topic_choices = sa.Table(
    "topic_choices", metadata,
    sa.Column("field_id", sa.ForeignKey("fields.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("topic", sa.String(60), primary_key=True),
    sa.Column("importance", sa.Integer),  # None: the checklist's
    sa.Column("marked", sa.Boolean),  # True gap, False covered, None automatic
)

gaps = sa.Table(
    "gaps", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("field_id", sa.ForeignKey("fields.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("topic", sa.String(60), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("source", sa.String(10), nullable=False),
    sa.Column("coverage", sa.Float, nullable=False),
    sa.Column("is_gap", sa.Boolean, nullable=False),
    sa.Column("priority", sa.Integer, nullable=False),
    sa.Column("importance", sa.Integer, nullable=False),
    sa.Column("marked", sa.Boolean),
    sa.Column("tiara", sa.String(12), nullable=False),
    sa.Column("researchable", sa.Boolean, nullable=False),
    sa.Column("why", sa.Text, nullable=False),
    sa.Column("facts", sa.JSON, nullable=False),
    sa.Column("evidence", sa.JSON, nullable=False),
    sa.Column("computed", sa.DateTime(timezone=True), nullable=False),
    sa.Column("threshold", sa.Float, nullable=False),
    sa.Column("organisation", sa.Text, nullable=False),
    sa.Column("pages_used", sa.Integer, nullable=False),
    # "" the field as a whole, else the start address of the organisation (schema 6)
    sa.Column("scope", sa.Text, nullable=False, server_default=""),
)

question_plans = sa.Table(
    "question_plans", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("field_id", sa.ForeignKey("fields.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("contact", sa.String(200), nullable=False),  # "" = not yet chosen
    sa.Column("role", sa.String(200), nullable=False),
    sa.Column("organisation", sa.Text, nullable=False),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("ordering", sa.String(10), nullable=False),  # priority | tiara
    sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("field_id", "contact"),
)

planned_questions = sa.Table(
    "planned_questions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("plan_id", sa.ForeignKey("question_plans.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("topic", sa.String(60), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),  # gap | user | closing
    sa.Column("minutes", sa.Float, nullable=False),
    sa.Column("tiara", sa.String(12), nullable=False),
    sa.Column("edited", sa.Boolean, nullable=False),
    sa.Column("cites", sa.JSON, nullable=False),  # {"text", "url", "published"} or {}
)

# --- people: contacts, outreach, meetings, the interview log (schema 3) --------------------------

CHANNELS = ("email", "phone", "linkedin", "post", "in_person")
HOW_FOUND = ("referral", "alumni", "linkedin", "event", "cold")
OUTREACH_KINDS = ("request", "follow_up", "confirmation", "thank_you", "update")
MEETING_MODES = ("in_person", "phone", "video")
NOTE_KINDS = ("answer", "insight", "advice", "lead")
OUTCOME_KINDS = ("formal_interview", "offer", "hired", "decided_against", "other")

seeker = sa.Table(
    "seeker", metadata,
    sa.Column("id", sa.Integer, primary_key=True),  # one row: the workbook's owner
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("phone", sa.String(60), nullable=False),
    sa.Column("profile_url", sa.Text, nullable=False),
    sa.Column("background", sa.Text, nullable=False),
)

organisations = sa.Table(
    "organisations", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("key", sa.String(200), nullable=False, unique=True),  # name without legal suffix
    sa.Column("website", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
)

contacts = sa.Table(
    "contacts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    # the name compared by lookups and duplicate checks (people.name_key): NFKC, case-folded
    sa.Column("name_key", sa.Text, nullable=False, index=True, default=_name_key,
              server_default=""),
    sa.Column("organisation_id", sa.ForeignKey("organisations.id", ondelete="SET NULL"),
              index=True),
    sa.Column("role", sa.String(200), nullable=False),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("phone", sa.String(60), nullable=False),
    sa.Column("profile_url", sa.Text, nullable=False),
    sa.Column("how_found", sa.String(12), nullable=False),
    sa.Column("referred_by", sa.ForeignKey("contacts.id", ondelete="SET NULL")),
    sa.Column("field_id", sa.ForeignKey("fields.id", ondelete="SET NULL"), index=True),
    sa.Column("source", sa.String(12), nullable=False),  # manual | linkedin | csv
    sa.Column("connected_on", sa.Date),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
)

outreach = sa.Table(
    "outreach", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("contact_id", sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("channel", sa.String(12), nullable=False),
    sa.Column("kind", sa.String(14), nullable=False),
    sa.Column("sent", sa.Date, nullable=False),
    sa.Column("replied", sa.Date),
    sa.Column("note", sa.Text, nullable=False),
)

meetings = sa.Table(
    "meetings", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("contact_id", sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("field_id", sa.ForeignKey("fields.id", ondelete="SET NULL")),
    sa.Column("starts", UTCDateTime, nullable=False),  # the moment, in UTC
    # the zone it was entered in: an IANA name (Europe/London) or an offset (+14:00)
    sa.Column("zone", sa.String(64), nullable=False, server_default=""),
    sa.Column("mode", sa.String(10), nullable=False),
    sa.Column("place", sa.Text, nullable=False),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("thanked", sa.Date),
    sa.Column("followed_up", sa.Date),
    sa.Column("note", sa.Text, nullable=False),
)

interview_notes = sa.Table(
    "interview_notes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("meeting_id", sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    # the planned question it answers: its topic and kind, "" when none (schema 6)
    sa.Column("topic", sa.String(60), nullable=False, server_default=""),
    sa.Column("question_kind", sa.String(10), nullable=False, server_default=""),
)

referrals = sa.Table(
    "referrals", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("from_contact_id", sa.ForeignKey("contacts.id", ondelete="SET NULL"), index=True),
    sa.Column("from_name", sa.String(200), nullable=False),  # kept if the referrer is deleted
    sa.Column("to_contact_id", sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("dated", sa.Date, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
)

outcomes = sa.Table(
    "outcomes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("contact_id", sa.ForeignKey("contacts.id", ondelete="SET NULL"), index=True),
    sa.Column("field_id", sa.ForeignKey("fields.id", ondelete="SET NULL")),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("dated", sa.Date, nullable=False),
    sa.Column("why", sa.Text, nullable=False),
)
