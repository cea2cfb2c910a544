"""`manage.py backup [--output FILE]`: the database and every stored file in one tar archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from greentech.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the database and every stored file (attachments, certificates, reports) to a tar."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Archive to write (default: greentech-backup-<date>-<time>.tar here).",
        )

    def handle(self, *args, output=None, **options):
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        target = Path(output or f"greentech-backup-{stamp}.tar")
        try:
            manifest = create_backup(target)
        except BackupError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        files = ", ".join(f"{alias}: {n}" for alias, n in manifest["files"].items())
        timings = ", ".join(f"{step} {s:.2f}s" for step, s in manifest["timings"].items())
        self.stdout.write(
            f"Backup written to {target} ({target.stat().st_size} bytes): "
            f"{manifest['database']} database, files {files or 'none'}; {timings}."
        )
