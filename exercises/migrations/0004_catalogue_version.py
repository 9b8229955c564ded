from django.db import migrations, models


def create_the_row(apps, schema_editor):
    """The one row every version read and bump uses (exercises.caching)."""
    apps.get_model("exercises", "CatalogueVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0003_condition_outcome_one_vocabulary"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=1)),
            ],
            options={
                "verbose_name": "catalogue version",
            },
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
