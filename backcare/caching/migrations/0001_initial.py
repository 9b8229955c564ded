from django.db import migrations, models

from backcare.caching.triggers import InstallBumpFunction


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Version",
            fields=[
                ("name", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("number", models.BigIntegerField()),
            ],
            options={"db_table": "caching_version"},
        ),
        InstallBumpFunction(),
    ]
