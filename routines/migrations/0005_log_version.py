# The log's cache version moves from accounts.User.log_version to routines.LogVersion.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_versions(apps, schema_editor):
    """Keep each user's number: statistics cached under an old number must never be read
    again for a newer log."""
    User = apps.get_model("accounts", "User")
    LogVersion = apps.get_model("routines", "LogVersion")
    LogVersion.objects.bulk_create(
        LogVersion(user_id=pk, number=number)
        for pk, number in User.objects.filter(log_version__gt=0).values_list("pk", "log_version")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_user_log_version'),
        ('routines', '0004_routineitem_seconds_bounds_by_mode'),
    ]

    operations = [
        migrations.CreateModel(
            name='LogVersion',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to=settings.AUTH_USER_MODEL)),
                ('number', models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(copy_versions, migrations.RunPython.noop),
    ]
