"""Received sessions: one row per sealed session, unique by session id and by (session id, final hash).

Revision ID: r0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "r0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "received_sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(100), nullable=False),
        sa.Column("final_hash", sa.String(64), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("room_label", sa.Text, nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("candidates", sa.Integer, nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("journal", sa.Text, nullable=False),
        sa.UniqueConstraint("session_id", name="uq_received_sessions_session_id"),
        sa.UniqueConstraint("session_id", "final_hash", name="uq_received_sessions_session_final"),
    )


def downgrade() -> None:
    op.drop_table("received_sessions")
