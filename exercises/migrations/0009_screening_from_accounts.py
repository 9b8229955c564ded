"""Screening moves from accounts to exercises (exercises/safety/models.py), in the state
only: the table keeps its name (accounts_screening), so no row moves, and the cache triggers
accounts/migrations/0007 installed on it stay. Its content type follows it, so the admin's
permissions and history on checks stay with them."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accounts", model="screening").update(
        app_label="exercises"
    )


def content_type_goes_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="exercises", model="screening").update(
        app_label="accounts"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("exercises", "0008_cache_version_triggers"),
        ("accounts", "0008_screening_to_exercises"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Screening",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="taken")),
                        ("version", models.PositiveSmallIntegerField(verbose_name="questionnaire version")),
                        ("answers", models.JSONField(verbose_name="answers")),
                        ("age", models.PositiveSmallIntegerField(verbose_name="age")),
                        ("outcome", models.CharField(choices=[("urgent", "Seek medical care now"), ("soon", "See a doctor today"), ("stop", "See a doctor first"), ("restricted", "Some exercises are not for you"), ("clear", "No restrictions")], max_length=10, verbose_name="outcome")),
                        ("conditions", models.JSONField(default=list, verbose_name="conditions")),
                        ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="health changed")),
                        ("cleared_at", models.DateTimeField(blank=True, null=True, verbose_name="cleared by a doctor")),
                        ("clearance_note", models.CharField(blank=True, max_length=300, verbose_name="clearance note")),
                        ("cleared_conditions", models.JSONField(blank=True, default=list, verbose_name="conditions the clearance covers")),
                        ("details", models.JSONField(blank=True, default=dict, verbose_name="dated answers")),
                        ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="screenings", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "accounts_screening",
                        "ordering": ["-created_at"],
                        "indexes": [models.Index(fields=["user", "-created_at"], name="accounts_sc_user_id_da69ff_idx")],
                        "constraints": [models.CheckConstraint(condition=models.Q(("age__lte", 120)), name="screening_age_range")],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_type_follows, content_type_goes_back),
    ]
