from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from greentech.demo.loader import demo_is_loaded
from greentech.demo.staff import ensure_demo_staff

from ..guard import add_allow_option, refuse_without_debug


class Command(BaseCommand):
    help = (
        "Create (or reset the password of) the demo staff curator account: an ordinary staff "
        "curator, not a superuser. Only where the demo is loaded; refuses to run with DEBUG off "
        "unless --allow-without-debug."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", default="curator@greentech.example")
        parser.add_argument("--password", default="greentech-demo")
        add_allow_option(parser)

    @transaction.atomic
    def handle(self, *args, email, password, allow_without_debug=False, **options):
        refuse_without_debug(allowed=allow_without_debug)
        if not demo_is_loaded():
            raise CommandError("The demo is not loaded here: run `manage.py load_demo` first.")
        user, created = ensure_demo_staff(email=email, password=password)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} demo staff curator {user.email}")
