"""Screening leaves accounts for exercises (exercises/migrations/0009), in the state only:
its table, accounts_screening, and the triggers 0007 installed on it stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_cache_version_triggers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Screening")],
        ),
    ]
