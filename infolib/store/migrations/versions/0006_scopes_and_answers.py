"""Schema 6: a gap list per organisation, and meeting notes that answer a planned question.

- ``gaps.scope``: "" for the gap list of the field as a whole, else the start address of the
  organisation the list is about (a field researches several organisations).
- ``interview_notes.topic`` and ``interview_notes.question_kind``: the topic and kind (grounded,
  gap, yours, closing) of the planned question a note answers, so the gap list can show a topic
  as answered by the meeting; "" for a note that answers no planned question (as every note
  written before this version).

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    with op.batch_alter_table("gaps") as batch:
        batch.add_column(sa.Column("scope", sa.Text, nullable=False, server_default=""))
    with op.batch_alter_table("interview_notes") as batch:
        batch.add_column(sa.Column("topic", sa.String(60), nullable=False, server_default=""))
        batch.add_column(sa.Column("question_kind", sa.String(10), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("interview_notes") as batch:
        batch.drop_column("question_kind")
        batch.drop_column("topic")
    with op.batch_alter_table("gaps") as batch:
        batch.drop_column("scope")
