"""A database of its own for a test that runs the archive in other processes: on the
PostgreSQL pass of the suite a fresh PostgreSQL database (dropped afterwards), else SQLite in
the test's data folder."""

import contextlib
import os
import uuid

from django.db import connection


@contextlib.contextmanager
def scratch_database_url():
    """The DATABASE_URL for the other processes ("" for SQLite in ARCHIVE_DATA_DIR)."""
    if connection.vendor != "postgresql":
        yield ""
        return
    import psycopg

    options = connection.settings_dict
    name = f"archive_scratch_{uuid.uuid4().hex[:12]}"
    params = {
        "host": options.get("HOST") or None,
        "port": options.get("PORT") or None,
        "user": options.get("USER") or None,
        "password": options.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    params = {k: v for k, v in params.items() if v is not None}
    with psycopg.connect(**params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = options.get("USER") or ""
    password = f":{options['PASSWORD']}" if options.get("PASSWORD") else ""
    host = options.get("HOST") or "localhost"
    port = f":{options['PORT']}" if options.get("PORT") else ""
    try:
        yield f"postgres://{user}{password}@{host}{port}/{name}"
    finally:
        with psycopg.connect(**params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(data_dir, database_url, **extra):
    """The environment of a process of the archive under test."""
    return {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "SEARCH_URL": "",
        **extra,
    }
