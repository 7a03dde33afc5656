"""The reference receiver: where finalised sessions arrive upstream (``python -m sync.receiver``).

``cli`` (serve, list, import, prepare), ``app`` (the Flask WSGI app, served by gunicorn with
several workers), ``db`` (SQLAlchemy Core: SQLite or PostgreSQL, one code path), ``migrations``
(Alembic, run by the receiver itself at start), ``ingest`` (verify and store exactly once).
See docs/receiver.md.
"""
