"""The exercise page tells a person an exercise is not for them before it shows them how."""

import pytest

from exercises.models import Exercise
from tests.factories import take_check

pytestmark = pytest.mark.django_db


def test_not_for_you_comes_before_the_figure_for_stenosis(client):
    take_check(client, "spinal-stenosis", age=66)
    cobra = Exercise.objects.get(slug="cobra")

    html = client.get(cobra.get_absolute_url()).content.decode()

    assert "Lumbar spinal stenosis" in html
    assert html.index("Not for you") < html.index("data-figure")
