"""Routines, their items, the weekly plan and the log move their owner's ``person:<id>``
cache version; a built-in programme (no owner) and its items move ``catalogue``
(backcare.caching.triggers). The LogVersion table they replace goes."""

from django.db import migrations

from backcare.caching.triggers import VersionTriggers

OWNER = "CASE WHEN {owner} IS NULL THEN 'catalogue' ELSE 'person:' || {owner} END"


class Migration(migrations.Migration):
    dependencies = [
        ("caching", "0001_initial"),
        ("routines", "0009_trialsession_client_id_unique"),
    ]

    operations = [
        VersionTriggers("routines_routine", OWNER.format(owner="{row}.owner_id")),
        VersionTriggers(
            "routines_routineitem",
            "(SELECT " + OWNER.format(owner="r.owner_id") + " FROM routines_routine r "
            "WHERE r.id = {row}.routine_id)",
        ),
        VersionTriggers("routines_session", "'person:' || {row}.user_id"),
        VersionTriggers(
            "routines_sessionitem",
            "(SELECT 'person:' || s.user_id FROM routines_session s WHERE s.id = {row}.session_id)",
        ),
        VersionTriggers("routines_plannedsession", "'person:' || {row}.user_id"),
        migrations.DeleteModel(name="LogVersion"),
    ]
