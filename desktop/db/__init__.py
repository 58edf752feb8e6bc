"""The data layer: SQLAlchemy models, engine, unit of work, queries and migrations.

The only package that imports SQLAlchemy and Alembic."""
