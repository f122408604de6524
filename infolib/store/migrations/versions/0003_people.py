"""Schema 3 (the people stage): the seeker, organisations, contacts, outreach, meetings, the
interview log, referrals, outcomes and tasks.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "seeker",
        sa.Column("id", sa.Integer, primary_key=True),  # one row: the workbook's owner
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("phone", sa.String(60), nullable=False),
        sa.Column("profile_url", sa.Text, nullable=False),
        sa.Column("background", sa.Text, nullable=False),
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False, unique=True),  # name without legal suffix
        sa.Column("website", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id", ondelete="SET NULL"),
                  index=True),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("phone", sa.String(60), nullable=False),
        sa.Column("profile_url", sa.Text, nullable=False),
        sa.Column("how_found", sa.String(12), nullable=False),
        sa.Column("referred_by", sa.Integer, sa.ForeignKey("contacts.id", ondelete="SET NULL")),
        sa.Column("field_id", sa.Integer, sa.ForeignKey("fields.id", ondelete="SET NULL"), index=True),
        sa.Column("source", sa.String(12), nullable=False),  # manual | linkedin | csv
        sa.Column("connected_on", sa.Date),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "outreach",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("channel", sa.String(12), nullable=False),
        sa.Column("kind", sa.String(14), nullable=False),
        sa.Column("sent", sa.Date, nullable=False),
        sa.Column("replied", sa.Date),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("field_id", sa.Integer, sa.ForeignKey("fields.id", ondelete="SET NULL")),
        sa.Column("starts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("thanked", sa.Date),
        sa.Column("followed_up", sa.Date),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_table(
        "interview_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("from_contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="SET NULL"), index=True),
        sa.Column("from_name", sa.String(200), nullable=False),  # kept if the referrer is deleted
        sa.Column("to_contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("dated", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="SET NULL"), index=True),
        sa.Column("field_id", sa.Integer, sa.ForeignKey("fields.id", ondelete="SET NULL")),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("dated", sa.Date, nullable=False),
        sa.Column("why", sa.Text, nullable=False),
    )
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"), index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("done", sa.Date),
        sa.Column("note", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for name in ('tasks', 'outcomes', 'referrals', 'interview_notes', 'meetings', 'outreach', 'contacts', 'organisations', 'seeker'):
        op.drop_table(name)
