from django.core.management.base import BaseCommand
from django.db import transaction

from greentech.demo.staff import ensure_demo_staff


class Command(BaseCommand):
    help = "Create (or reset the password of) the demo staff curator account."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="curator@greentech.example")
        parser.add_argument("--password", default="greentech-demo")

    @transaction.atomic
    def handle(self, *args, email, password, **options):
        user, created = ensure_demo_staff(email=email, password=password)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} demo staff curator {user.email}")
