"""Schema 5: the ``tasks`` table is dropped.

No version of infolib wrote a task or showed one (reminders are worked out from the log each
time, never stored), so the table was empty unless another program filled it; rows found are
counted in a warning, then dropped with the table.

Revision ID: 0005
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"

log = logging.getLogger("infolib.store.migrations")


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT count(*) FROM tasks")).scalar()
    if rows:
        log.warning("Dropped the unused tasks table and its %s rows, which no version of "
                    "infolib wrote or showed.", rows)
    op.drop_table("tasks")  # with its index


def downgrade() -> None:
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"),
                  index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("done", sa.Date),
        sa.Column("note", sa.Text, nullable=False),
    )
