from django.db import migrations, models


def keep_first_of_each_client_id(apps, schema_editor):
    """Rows that share a client_id (kept before the constraint) keep their oldest one."""
    TrialSession = apps.get_model("routines", "TrialSession")
    seen = set()
    for trial in TrialSession.objects.order_by("created_at", "pk").only("pk", "client_id"):
        if trial.client_id in seen:
            trial.delete()
        else:
            seen.add(trial.client_id)


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0008_logversion_routines"),
    ]

    operations = [
        migrations.RunPython(keep_first_of_each_client_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="trialsession",
            name="client_id",
            field=models.UUIDField(unique=True, verbose_name="client id"),
        ),
    ]
