"""Prepared sessions for the pull; how each received session came (http or bundle); list index.

Revision ID: r0002
Revises: r0001
"""

import sqlalchemy as sa
from alembic import op

revision = "r0002"
down_revision = "r0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("received_sessions") as batch:
        # rows received before this revision came over HTTP: version 1 had no bundle import
        batch.add_column(sa.Column("via", sa.String(10), nullable=False, server_default="http"))
    op.create_index("ix_received_sessions_received_at", "received_sessions", ["received_at"])
    op.create_table(
        "prepared_sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("upstream_id", sa.String(100), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("acked_at", sa.Float, nullable=True),
        sa.Column("session_number", sa.Integer, nullable=True),
        sa.UniqueConstraint("upstream_id", name="uq_prepared_sessions_upstream_id"),
    )
    op.create_index("ix_prepared_sessions_key_id", "prepared_sessions", ["key_id"])


def downgrade() -> None:
    op.drop_index("ix_prepared_sessions_key_id", "prepared_sessions")
    op.drop_table("prepared_sessions")
    op.drop_index("ix_received_sessions_received_at", "received_sessions")
    with op.batch_alter_table("received_sessions") as batch:
        batch.drop_column("via")
