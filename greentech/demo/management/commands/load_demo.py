from django.core.management.base import BaseCommand

from greentech.demo.loader import load_demo

from ..guard import add_allow_option, refuse_without_debug


class Command(BaseCommand):
    help = (
        "Load demo data drawn from public facts about the network. Safe to run again: it adds "
        "only what is missing. Refuses to run with DEBUG off unless --allow-without-debug."
    )

    def add_arguments(self, parser):
        add_allow_option(parser)

    def handle(self, *args, allow_without_debug=False, **options):
        refuse_without_debug(allowed=allow_without_debug)
        created = load_demo()
        self.stdout.write(f"Demo data loaded: {created} objects created.")
