"""Store each session's week (the Monday of its local day) so weekly statistics group by a
column instead of a date function per row; index the few items stopped for pain."""

import datetime

from django.db import migrations, models


def fill_week_start(apps, schema_editor):
    Session = apps.get_model("routines", "Session")
    sessions = list(Session.objects.only("pk", "local_date"))
    for session in sessions:
        session.week_start = session.local_date - datetime.timedelta(
            days=session.local_date.weekday())
    Session.objects.bulk_update(sessions, ["week_start"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("routines", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="session", name="week_start",
            field=models.DateField(editable=False, null=True, verbose_name="week"),
        ),
        migrations.RunPython(fill_week_start, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="session", name="week_start",
            field=models.DateField(editable=False, verbose_name="week"),
        ),
        migrations.AddIndex(
            model_name="session",
            index=models.Index(fields=["user", "week_start"], name="routines_se_user_id_week_idx"),
        ),
        migrations.RemoveIndex(model_name="sessionitem", name="routines_se_exercis_6a2726_idx"),
        migrations.AddIndex(
            model_name="sessionitem",
            index=models.Index(condition=models.Q(status="stopped"), fields=["session"],
                               name="sessionitem_stopped"),
        ),
    ]
