from django.db import migrations

from greentech.core.search import CREATE_CJK_GRAMS_SQL, DROP_CJK_GRAMS_SQL, run_on_postgresql


class Migration(migrations.Migration):
    """The SQL function that cuts Chinese text into the unigrams and bigrams the search
    vectors hold (PostgreSQL only)."""

    dependencies = [("core", "0002_seed_green_areas")]

    operations = [
        migrations.RunPython(
            run_on_postgresql([CREATE_CJK_GRAMS_SQL]),
            run_on_postgresql([DROP_CJK_GRAMS_SQL]),
            elidable=False,
        ),
    ]
