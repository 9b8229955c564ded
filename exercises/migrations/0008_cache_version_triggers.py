"""Writes to the catalogue move the ``catalogue`` cache version (backcare.caching.triggers);
the one-row CatalogueVersion table they replace goes."""

from django.db import migrations

from backcare.caching.triggers import VersionTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("caching", "0001_initial"),
        ("exercises", "0007_figure_review"),
    ]

    operations = [
        VersionTriggers("exercises_exercise", "'catalogue'"),
        VersionTriggers("exercises_condition", "'catalogue'"),
        migrations.DeleteModel(name="CatalogueVersion"),
    ]
