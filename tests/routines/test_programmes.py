"""Built-in programmes: loaded from source, shown to anyone, copied with one click."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from exercises.loader import CatalogueError
from routines.loader import load_programmes, read_programmes
from routines.models import Routine

pytestmark = pytest.mark.django_db


def test_at_least_eight_programmes_are_loaded_after_migrate():
    programmes = Routine.objects.programmes()

    assert programmes.count() >= 8
    assert programmes.count() == len(read_programmes())
    for programme in programmes:
        items = list(programme.items.select_related("exercise"))
        assert items, programme.slug
        assert programme.notes and programme.level
        assert items[0].exercise.category in ("warm-up", "mobility"), programme.slug
        assert items[-1].exercise.category in ("relaxation", "breathing", "stretch", "mobility"), (
            programme.slug
        )


def test_loading_twice_changes_nothing():
    assert load_programmes().updated == []


def test_unknown_exercise_in_source_stops_with_a_message(tmp_path):
    source = tmp_path / "programmes.toml"
    source.write_text(
        '[[programme]]\nslug = "x"\nname = "X"\ndescription = "d"\nlevel = 1\n'
        '[[programme.item]]\nexercise = "no-such-exercise"\n'
    )

    with pytest.raises(CatalogueError, match=r"programme 'x': item 1: unknown exercise"):
        read_programmes(source, {})


def test_programmes_are_public_with_level_and_total_time(client):
    response = client.get(reverse("routines:programmes"))

    assert response.status_code == 200
    programme = Routine.objects.programmes().first()
    assert programme.name in response.content.decode()
    detail = client.get(programme.get_absolute_url())
    assert detail.status_code == 200
    assert "Total time" in detail.content.decode()


def test_visitors_can_try_every_programme_from_the_list(client):
    html = client.get(reverse("routines:programmes")).content.decode()

    for programme in Routine.objects.programmes():
        url = reverse("routines:try", args=[programme.slug])
        assert f'href="{url}">Try it now<span class="visually-hidden">: {programme.name}<' in html


def test_signed_in_people_copy_from_the_list_instead_of_trying(client_logged_in):
    html = client_logged_in.get(reverse("routines:programmes")).content.decode()

    assert "Try it now" not in html
    assert "Copy to my routines" in html


def test_copy_a_programme_into_my_routines(client_logged_in, user):
    programme = Routine.objects.programmes().first()

    response = client_logged_in.post(reverse("routines:programme_copy", args=[programme.slug]))

    copy = Routine.objects.get(owner=user)
    assert response["Location"] == copy.get_absolute_url()
    assert copy.copied_from == programme
    assert [i.exercise_id for i in copy.items.all()] == [
        i.exercise_id for i in programme.items.all()
    ]
    # Editing the copy leaves the programme alone.
    copy.items.first().delete()
    assert programme.items.count() == copy.items.count() + 1


def test_programmes_are_not_editable_as_routines(client_logged_in):
    programme = Routine.objects.programmes().first()

    assert client_logged_in.get(reverse("routines:detail", args=[programme.pk])).status_code == 404


PROGRAMME = (
    '[[programme]]\nslug = "x"\nname = "X"\ndescription = "d"\nlevel = 1\n'
    '[[programme.item]]\nexercise = "glute-bridge"\n'
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[programme]\nslug =", "programmes.toml: not valid TOML"),
        ('programme = "x"', "programmes must be [[programme]] tables"),
        (PROGRAMME.replace("level = 1", "level = 7"), "programme 'x': level: Value 7"),
        (PROGRAMME.replace('name = "X"\n', ""), "programme 'x': missing field(s): name"),
        (
            PROGRAMME + "seconds = 601\n",
            "programme 'x': item 1: seconds: Must be between 1 and 600",
        ),
        (PROGRAMME + 'sets = "many"\n', "programme 'x': item 1: sets:"),
        (PROGRAMME + "colour = 1\n", "programme 'x': item 1: unknown field(s): colour"),
    ],
)
def test_malformed_programmes_file_stops_with_a_message(tmp_path, text, message):
    source = tmp_path / "programmes.toml"
    source.write_text(text)

    with pytest.raises(CatalogueError) as error:
        read_programmes(source)

    assert message in str(error.value)


def test_malformed_programmes_file_is_a_message_from_the_command_not_a_traceback(
    tmp_path, monkeypatch
):
    source = tmp_path / "programmes.toml"
    source.write_text(PROGRAMME + "seconds = 601\n")
    monkeypatch.setattr("routines.loader.PROGRAMMES_FILE", source)
    before = list(Routine.objects.programmes().values_list("slug", "name"))

    with pytest.raises(CommandError, match=r"Programmes not loaded: programmes.toml: programme"):
        call_command("load_programmes")

    assert list(Routine.objects.programmes().values_list("slug", "name")) == before


def test_programme_list_shows_counts_and_totals_in_few_queries(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("routines:programmes"))

    programme = Routine.objects.programmes().order_by("level", "name").first()
    shown = response.context["programmes"][0]
    assert shown == programme
    assert len(shown.item_list) == programme.items.count()
    assert shown.total == programme.total_seconds_for(None, list(programme.items.all()))
