"""Sessions signed in before ``accounts.backends.UserBackend`` name Django's ModelBackend,
which is no longer in AUTHENTICATION_BACKENDS: without this, everyone would be signed out
once at the deploy. Each live session naming it is rewritten to name UserBackend (the same
checks; only ``get_user`` reads the row more cheaply)."""

from django.db import migrations
from django.utils import timezone

# The session engine's own encoding (its salt is the engine's class name).
from accounts.sessions import SessionStore

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "accounts.backends.UserBackend"


def rename_backend(apps, schema_editor, old=OLD, new=NEW):
    store = SessionStore()
    sessions = apps.get_model("accounts", "UserSession")
    for row in sessions.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = store.decode(row.session_data)
        if data.get("_auth_user_backend") == old:
            data["_auth_user_backend"] = new
            row.session_data = store.encode(data)
            row.save(update_fields=["session_data"])


def rename_back(apps, schema_editor):
    rename_backend(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_merge_0008_screening_to_exercises_0008_user_language")]

    operations = [migrations.RunPython(rename_backend, rename_back)]
