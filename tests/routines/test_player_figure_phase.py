"""The player names the phase its figure is in: each embedded figure carries its keyframes'
names and the exercise's mode for static/js/player-figure.js (tests/js/figure.test.js checks
which name shows when)."""

import html as html_lib
import json

import pytest
from django.urls import reverse

from exercises.models import Exercise
from tests.factories import RoutineFactory, RoutineItemFactory

pytestmark = pytest.mark.django_db


def test_each_figure_carries_its_phase_names_and_mode(client_logged_in, user):
    cat_cow = Exercise.objects.get(slug="cat-cow")
    routine = RoutineFactory(owner=user)
    RoutineItemFactory(routine=routine, exercise=cat_cow, position=0)
    url = reverse("routines:play", args=[routine.pk])
    client_logged_in.post(
        url, {"unwell": "no", "new_pain": "no", "weak": "no", "nerves": "no", "pain_before": 4}
    )

    page = client_logged_in.get(url).content.decode()

    assert 'id="player-figure-phase"' in page
    start = page.index('data-slug="cat-cow"')
    tag = page[start : page.index(">", start)]
    assert 'data-mode="reps"' in tag
    phases = tag.split('data-phases="', 1)[1].split('"', 1)[0]
    labels = [k["label"] for k in cat_cow.figure["keyframes"]]
    assert json.loads(html_lib.unescape(phases)) == labels
