"""A person's account, preferences and safety checks move their ``person:<id>`` cache version
(backcare.caching.triggers). An anonymous visitor's check (no user) moves nothing."""

from django.db import migrations

from backcare.caching.triggers import VersionTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("caching", "0001_initial"),
        ("accounts", "0006_soon_level_and_dated_answers"),
    ]

    operations = [
        VersionTriggers("accounts_user", "'person:' || {row}.id"),
        VersionTriggers("accounts_screening", "'person:' || {row}.user_id"),
    ]
