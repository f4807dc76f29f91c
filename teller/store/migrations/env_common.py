"""What both stores' Alembic env.py files run: migrate on the connection handed in."""
from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData, create_engine


def run(metadata: MetaData) -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:  # the alembic command line: URL from alembic.ini / -x url=...
        url = context.get_x_argument(as_dictionary=True).get("url") or context.config.get_main_option("sqlalchemy.url")
        with create_engine(url).begin() as connection:
            _configure_and_run(connection, metadata)
        return
    _configure_and_run(connection, metadata)


def _configure_and_run(connection, metadata: MetaData) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
