"""A doctor's clearance records what it covers, and covers nothing else."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from exercises.models import Condition
from tests.factories import screening_of, take_check

pytestmark = pytest.mark.django_db
CHECK = reverse("safety:check")
RESULT = reverse("safety:result")
CLEARANCE = reverse("safety:clearance")


def test_clearance_records_the_stop_conditions_it_covers(client_logged_in, user):
    take_check(client_logged_in, "spinal-surgery-recent", "herniated-disc")

    client_logged_in.post(CLEARANCE, {"confirm": "on", "note": "Dr Reyes, 3 May"})

    screening = user.screenings.get()
    assert screening.cleared_at is not None
    assert screening.cleared_conditions == ["spinal-surgery-recent"]
    assert not client_logged_in.get(RESULT).wsgi_request.safety.blocks_playing
    # The person's own data export says what the clearance covers.
    export = client_logged_in.get(reverse("routines:export_account")).json()
    assert export["screenings"][0]["cleared_conditions"] == ["spinal-surgery-recent"]


def test_a_condition_that_becomes_stop_after_the_clearance_blocks_again(client_logged_in, user):
    take_check(client_logged_in, "spinal-surgery-recent", "herniated-disc")
    client_logged_in.post(CLEARANCE, {"confirm": "on"})
    assert not client_logged_in.get(RESULT).wsgi_request.safety.blocks_playing

    # A corrected rule makes another of the person's answers a "see a doctor first", written
    # as a data migration would: the database moves the catalogue's version by itself.
    Condition.objects.filter(slug="herniated-disc").update(outcome="stop")

    response = client_logged_in.get(RESULT)
    profile = response.wsgi_request.safety
    assert profile.blocks_playing
    assert [rule.slug for rule in profile.not_cleared] == ["herniated-disc"]
    html = response.content.decode()
    assert "Playing routines is paused" in html
    assert "does not cover: <strong>Herniated disc" in html


def test_clearances_recorded_before_the_field_cover_their_stored_conditions(user):
    cleared = screening_of(user, "recent-surgery", outcome="stop", cleared_at=timezone.now())
    not_cleared = screening_of(user, outcome="clear")
    name = "0004_screening_cleared_conditions"
    migration = importlib.import_module(f"accounts.migrations.{name}")
    # The models as they stood then (Screening was in accounts; its table has not moved).
    then = MigrationExecutor(connection).loader.project_state(("accounts", name)).apps

    migration.clearances_cover_what_they_were_given_for(then, None)

    cleared.refresh_from_db()
    not_cleared.refresh_from_db()
    assert cleared.cleared_conditions == ["recent-surgery"]
    assert not_cleared.cleared_conditions == []
