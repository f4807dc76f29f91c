"""SQLAlchemy 2.0 models and repositories of the workstation and branch stores, Alembic migrations."""
