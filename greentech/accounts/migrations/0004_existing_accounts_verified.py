from django.db import migrations
from django.db.models import F


def mark_existing_accounts_verified(apps, schema_editor):
    # Accounts made before sign-up existed were made by staff (admin, demo data), who vouched for
    # the address; only people who sign up themselves need to prove it.
    User = apps.get_model("accounts", "User")
    User.objects.filter(email_verified_at__isnull=True).update(email_verified_at=F("date_joined"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_email_verification_memberships_invitations")]

    operations = [
        migrations.RunPython(mark_existing_accounts_verified, migrations.RunPython.noop),
    ]
