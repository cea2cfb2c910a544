from django.core.management.base import BaseCommand

from greentech.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load demo data drawn from public facts about the network. Safe to run again: it adds "
        "only what is missing."
    )

    def handle(self, *args, **options):
        created = load_demo()
        self.stdout.write(f"Demo data loaded: {created} objects created.")
