# The log's cache version moved next to the log (routines.LogVersion), which copied it first.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_user_log_version'),
        ('routines', '0005_log_version'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='user',
            name='log_version',
        ),
    ]
