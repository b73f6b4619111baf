"""The store: typed ORM models, Alembic migrations, reads and one-transaction writes."""
