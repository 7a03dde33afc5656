"""Alembic migrations of the receiver's database, shipped inside the package (run by ``migrate``)."""
