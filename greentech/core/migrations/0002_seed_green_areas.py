from django.db import migrations

from greentech.core.taxonomy import ensure_green_areas


def seed_green_areas(apps, schema_editor):
    ensure_green_areas(apps.get_model("core", "GreenArea"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed_green_areas, migrations.RunPython.noop)]
