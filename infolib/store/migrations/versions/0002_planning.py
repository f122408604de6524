"""Schema 2 (the planning stage): goals, topic choices, gap lists, question plans.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def _field_id(**kw) -> sa.Column:
    return sa.Column("field_id", sa.Integer, sa.ForeignKey("fields.id", ondelete="CASCADE"), **kw)


def upgrade() -> None:
    op.create_table("goals", sa.Column("id", sa.Integer, primary_key=True),
                    _field_id(nullable=False, index=True),
                    sa.Column("kind", sa.String(10), nullable=False),
                    sa.Column("text", sa.Text, nullable=False),
                    sa.Column("importance", sa.Integer, nullable=False),
                    sa.Column("created", sa.DateTime(timezone=True), nullable=False))
    op.create_table("topic_choices", _field_id(primary_key=True),
                    sa.Column("topic", sa.String(60), primary_key=True),
                    sa.Column("importance", sa.Integer), sa.Column("marked", sa.Boolean))
    op.create_table(
        "gaps", sa.Column("id", sa.Integer, primary_key=True), _field_id(nullable=False, index=True),
        sa.Column("topic", sa.String(60), nullable=False), sa.Column("title", sa.Text, nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("coverage", sa.Float, nullable=False), sa.Column("is_gap", sa.Boolean, nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("importance", sa.Integer, nullable=False), sa.Column("marked", sa.Boolean),
        sa.Column("tiara", sa.String(12), nullable=False),
        sa.Column("researchable", sa.Boolean, nullable=False), sa.Column("why", sa.Text, nullable=False),
        sa.Column("facts", sa.JSON, nullable=False), sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("computed", sa.DateTime(timezone=True), nullable=False),
        sa.Column("threshold", sa.Float, nullable=False),
        sa.Column("organisation", sa.Text, nullable=False),
        sa.Column("pages_used", sa.Integer, nullable=False),
    )
    op.create_table(
        "question_plans", sa.Column("id", sa.Integer, primary_key=True),
        _field_id(nullable=False, index=True), sa.Column("contact", sa.String(200), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("organisation", sa.Text, nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("ordering", sa.String(10), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("field_id", "contact"),
    )
    op.create_table(
        "planned_questions", sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("question_plans.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("rank", sa.Integer, nullable=False), sa.Column("text", sa.Text, nullable=False),
        sa.Column("topic", sa.String(60), nullable=False), sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("minutes", sa.Float, nullable=False), sa.Column("tiara", sa.String(12), nullable=False),
        sa.Column("edited", sa.Boolean, nullable=False), sa.Column("cites", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    for name in ("planned_questions", "question_plans", "gaps", "topic_choices", "goals"):
        op.drop_table(name)
