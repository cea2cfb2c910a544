"""One archive holding the database and every stored file, and its way back.

The archive is a tar file:

    manifest.json              what is inside: format, date, database vendor, file counts
    database.pgdump            PostgreSQL: `pg_dump --format=custom` (or database.sqlite3)
    storage/<alias>/<name>     each file of each storage (settings.STORAGES, static files aside)

The database is dumped first, then the files are copied through the storage API (the file
system or the object store alike): every file the dumped rows name was there before the copy
began. A restore goes into an empty database and fills the configured storages.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - runs pg_dump/pg_restore with argument lists, no shell
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
STORAGE_PREFIX = "storage/"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(ValidationError):
    """The backup or restore cannot go on; the message says why."""


@dataclass
class Timings:
    steps: dict[str, float] = field(default_factory=dict)

    def measure(self, name: str, action: Callable):
        started = time.perf_counter()
        result = action()
        self.steps[name] = round(time.perf_counter() - started, 2)
        return result


def file_storage_aliases() -> list[str]:
    """The storages holding files of the portal: every entry of STORAGES but static files."""
    return [alias for alias in settings.STORAGES if alias != "staticfiles"]


def walk(storage, folder: str = "") -> Iterator[str]:
    """Every file name in a storage, folder by folder, through the storage API."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)


def _vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _pg_arguments() -> tuple[list[str], dict]:
    """Connection arguments of pg_dump/pg_restore, and the environment with the password."""
    db = connection.settings_dict
    arguments = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        arguments += ["--host", db["HOST"]]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return arguments, env


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).")
    # The command is pg_dump/pg_restore with arguments built from settings, never a shell line.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def dump_database(target: Path) -> None:
    if _vendor() == "postgresql":
        arguments, env = _pg_arguments()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *arguments], env)
    else:
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)


def create_backup(output: Path) -> dict:
    """Write the archive to `output`; returns the manifest, with the timings of each step."""
    vendor = _vendor()
    timings = Timings()
    manifest = {
        "format": FORMAT_VERSION,
        "created": timezone.now().isoformat(),
        "database": vendor,
        "files": {},
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="greentech-backup-") as scratch:
        dump = Path(scratch) / DUMP_NAMES[vendor]
        timings.measure("database", lambda: dump_database(dump))
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=DUMP_NAMES[vendor])
            for alias in file_storage_aliases():
                count = timings.measure(f"files:{alias}", lambda a=alias: _add_files(archive, a))
                manifest["files"][alias] = count
            manifest["timings"] = timings.steps
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
    partial.replace(output)  # a half-written archive never carries the final name
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(content))


def _add_files(archive: tarfile.TarFile, alias: str) -> int:
    storage = storages[alias]
    count = 0
    for name in walk(storage):
        with storage.open(name, "rb") as handle:
            info = tarfile.TarInfo(f"{STORAGE_PREFIX}{alias}/{name}")
            info.size = storage.size(name)
            info.mtime = int(time.time())
            archive.addfile(info, handle)
        count += 1
    return count


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError("This file is not a portal backup: it has no manifest.") from None
    manifest = json.load(archive.extractfile(member))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore_database(dump: Path) -> None:
    if _vendor() == "postgresql":
        arguments, env = _pg_arguments()
        command = [
            "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
            "--single-transaction", *arguments, str(dump),
        ]  # fmt: skip
        _run(command, env)
    else:
        connection.ensure_connection()
        with sqlite3.connect(dump) as source:
            source.backup(connection.connection)


def restore_files(archive: tarfile.TarFile) -> dict[str, int]:
    counts: dict[str, int] = {}
    for member in archive:
        if not member.isfile() or not member.name.startswith(STORAGE_PREFIX):
            continue
        alias, _slash, name = member.name[len(STORAGE_PREFIX) :].partition("/")
        storage = storages[alias if alias in settings.STORAGES else "default"]
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, File(archive.extractfile(member), name=name))
        if saved != name:
            raise BackupError(f"The storage stored {name!r} as {saved!r}.")
        counts[alias] = counts.get(alias, 0) + 1
    return counts


def restore_backup(source: Path) -> dict:
    """Fill the (empty) database and the storages from an archive; returns what was restored,
    with the timings of each step."""
    vendor = _vendor()
    timings = Timings()
    with tarfile.open(source, "r") as archive:
        manifest = read_manifest(archive)
        if manifest["database"] != vendor:
            raise BackupError(
                f"This backup holds a {manifest['database']} database; the portal uses {vendor}."
            )
        if not database_is_empty():
            raise BackupError(
                "The database already has tables. Restore into a new, empty database "
                "(e.g. createdb), then point DATABASE_URL at it."
            )
        with tempfile.TemporaryDirectory(prefix="greentech-restore-") as scratch:
            name = DUMP_NAMES[vendor]
            archive.extract(archive.getmember(name), scratch, filter="data")
            timings.measure("database", lambda: restore_database(Path(scratch) / name))
        counts = timings.measure("files", lambda: restore_files(archive))
    return {"created": manifest["created"], "files": counts, "timings": timings.steps}
