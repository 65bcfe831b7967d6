"""Backups that restore: the whole database copied exactly (SQLite's online backup API while
the site serves; ``pg_dump``/``pg_restore`` on PostgreSQL), in a tar file with a manifest.
A restore replaces the database, applies any newer migrations and rebuilds the search index,
then checks that it matches (no drift). ``dumpdata``/``loaddata`` are not used: they round
datetimes to the millisecond and take no consistent snapshot."""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from archive import indexing
from archive.models import Article, Mention, Person

FORMAT = 1
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    pass


def default_path():
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"archive-{stamp}.tar"


def manifest():
    return {
        "format": FORMAT,
        "vendor": connection.vendor,
        "created": timezone.now().isoformat(),
        "migrations": sorted(
            f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
        ),
        "counts": {
            "articles": Article.objects.count(),
            "people": Person.objects.count(),
            "mentions": Mention.objects.count(),
        },
    }


def backup(path=None):
    """Write a backup of the live database to ``path`` (a .tar); returns (path, manifest)."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    path = Path(path or default_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    info = manifest()
    with tempfile.TemporaryDirectory(prefix="archive-backup-") as work:
        dump = Path(work) / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            _sqlite_backup(dump)
        else:
            _pg_dump(dump)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(info, indent=1).encode()
            entry = tarfile.TarInfo("manifest.json")
            entry.size = len(data)
            tar.addfile(entry, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
        os.replace(partial, path)  # a backup file is whole, or not there
    return path, info


def read_manifest(path):
    try:
        with tarfile.open(path) as tar:
            return json.loads(tar.extractfile("manifest.json").read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{path} is not an archive backup ({exc})") from exc


def restore(path, progress=None):
    """Replace the database with a backup's, migrate, rebuild the index; returns a dict of
    what was done. The site and its worker should be stopped meanwhile."""
    info = read_manifest(path)
    vendor = connection.vendor
    if info.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {info.get('format')!r}.")
    if info["vendor"] != vendor:
        raise BackupError(
            f"The backup is of a {info['vendor']} database; this archive runs on {vendor}."
        )
    with tempfile.TemporaryDirectory(prefix="archive-restore-") as work, tarfile.open(path) as tar:
        name = DATABASE_FILES[vendor]
        member = tar.getmember(name)
        if not member.isfile():
            raise BackupError(f"{path}: {name} is not a file")
        tar.extract(member, work, filter="data")
        dump = Path(work) / name
        if vendor == "sqlite":
            _sqlite_restore(dump)
        else:
            _pg_restore(dump)
    call_command("migrate", verbosity=0, interactive=False)
    total, indexed = indexing.rebuild(progress=progress)
    drift = indexing.find_drift()
    return {"manifest": info, "articles": total, "indexed": indexed, "drift": drift}


def _raw_sqlite():
    connection.ensure_connection()
    return connection.connection


def _sqlite_backup(dump):
    target = sqlite3.connect(dump)
    try:
        _raw_sqlite().backup(target)
    finally:
        target.close()


def _sqlite_restore(dump):
    source = sqlite3.connect(dump)
    try:
        source.backup(_raw_sqlite())
    finally:
        source.close()


def _pg_environment():
    options = connection.settings_dict
    env = {**os.environ}
    if options.get("PASSWORD"):
        env["PGPASSWORD"] = str(options["PASSWORD"])
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if options.get(key):
            args += [flag, str(options[key])]
    return env, args, options["NAME"]


def _pg_tool(name):
    found = shutil.which(name) or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None
    )
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _pg_dump(dump):
    env, args, name = _pg_environment()
    _run([_pg_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(dump), *args, name], env)


def _pg_restore(dump):
    env, args, name = _pg_environment()
    for alias in connections:
        connections[alias].close()
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            "-d",
            name,
            str(dump),
        ],
        env,
    )


def _run(command, env):
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")
