"""`manage.py restore FILE`: a backup archive into an empty database and the configured
storages (the file system or the object store)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from greentech.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database and the storages."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive written by `manage.py backup`.")

    def handle(self, *args, archive, **options):
        source = Path(archive)
        if not source.is_file():
            raise CommandError(f"No such archive: {source}")
        try:
            result = restore_backup(source)
        except BackupError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        files = ", ".join(f"{alias}: {n}" for alias, n in result["files"].items())
        timings = ", ".join(f"{step} {s:.2f}s" for step, s in result["timings"].items())
        self.stdout.write(
            f"Restored the backup of {result['created']}: database, files {files or 'none'}; "
            f"{timings}."
        )
