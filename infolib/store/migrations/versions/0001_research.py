"""Schema 1 (infolib 0.1, the research stage): fields, crawls, pages, skipped, facts, summaries.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def _crawl_child(name: str, *columns) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("crawl_id", sa.Integer, sa.ForeignKey("crawls.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        *columns,
    )


def upgrade() -> None:
    op.create_table("meta", sa.Column("key", sa.String(64), primary_key=True),
                    sa.Column("value", sa.Text, nullable=False))
    op.create_table("fields", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("name", sa.String(200), nullable=False, unique=True),
                    sa.Column("created", sa.DateTime(timezone=True), nullable=False))
    op.create_table(
        "crawls",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("field_id", sa.Integer, sa.ForeignKey("fields.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("start_url", sa.Text, nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True)),
        sa.Column("robots", sa.Text, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("requests", sa.Integer, nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
    )
    _crawl_child(
        "pages",
        sa.Column("url", sa.Text, nullable=False), sa.Column("final_url", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False), sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False), sa.Column("published", sa.Date),
        sa.Column("retrieved", sa.DateTime(timezone=True), nullable=False),
        sa.Column("words", sa.Integer, nullable=False), sa.Column("depth", sa.Integer, nullable=False),
        sa.Column("media_type", sa.String(80), nullable=False),
        sa.Column("page_count", sa.Integer, nullable=False),
        sa.Column("from_cache", sa.Boolean, nullable=False), sa.Column("text", sa.Text, nullable=False),
        sa.Column("metadata", sa.JSON, nullable=False), sa.Column("blocks", sa.JSON, nullable=False),
    )
    _crawl_child("skipped", sa.Column("url", sa.Text, nullable=False),
                 sa.Column("reason", sa.String(40), nullable=False),
                 sa.Column("detail", sa.Text, nullable=False),
                 sa.Column("found_on", sa.Text, nullable=False))
    _crawl_child("facts", sa.Column("topic", sa.String(40), nullable=False),
                 sa.Column("value", sa.Text, nullable=False),
                 sa.Column("detail", sa.JSON, nullable=False),
                 sa.Column("source", sa.Text, nullable=False),
                 sa.Column("retrieved", sa.Date, nullable=False))
    _crawl_child("summaries", sa.Column("rank", sa.Integer, nullable=False),
                 sa.Column("sentence", sa.Text, nullable=False),
                 sa.Column("source", sa.Text, nullable=False),
                 sa.Column("kind", sa.String(20), nullable=False))


def downgrade() -> None:
    for name in ("summaries", "facts", "skipped", "pages", "crawls", "fields", "meta"):
        op.drop_table(name)
