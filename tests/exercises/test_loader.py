"""The catalogue source files: validation with clear messages, and upserts by slug."""

import pytest
from django.core.management import CommandError, call_command

from exercises.loader import CatalogueError, load_catalogue, read_catalogue
from exercises.models import Exercise
from tests.factories import GOOD_EXERCISE, write_catalogue

pytestmark = pytest.mark.django_db


def load_with(tmp_path, replace_from, replace_to):
    return read_catalogue(
        write_catalogue(tmp_path, GOOD_EXERCISE.replace(replace_from, replace_to))
    )


def test_good_file_reads_into_rows(tmp_path):
    (row,) = read_catalogue(write_catalogue(tmp_path, GOOD_EXERCISE))

    assert row["slug"] == "test-knee-hug"
    assert (row["seconds"], row["seconds_min"], row["seconds_max"]) == (30, 20, 40)
    assert row["sets"] == 2 and row["rest_seconds"] == 10


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'summary = "Hug both knees to your chest to ease the lower back."\n',
            "",
            "missing field(s): summary",
        ),
        (
            'category = "stretch"',
            'category = "yoga"',
            "category: Value 'yoga' is not a valid choice",
        ),
        (
            'tags = ["flexion", "supine"]',
            'tags = ["flexion", "wobble"]',
            "tags: Unknown value(s): wobble",
        ),
        (
            'regions = ["lower-back", "hips-pelvis"]',
            "regions = []",
            "regions: This field cannot be blank",
        ),
        (
            "default_seconds = 30",
            "default_seconds = 50",
            "dosage.seconds: The default must lie inside the range 20–40",
        ),
        (
            "seconds = [20, 40]",
            "seconds = [40, 20]",
            "dosage.seconds: The lowest value is above the highest",
        ),
        (
            "seconds = [20, 40]",
            "seconds = [20, 4000]",
            "dosage.seconds: The range must stay between 1 and 600",
        ),
        ("sets = 2", "sets = 0", "dosage.sets: Ensure this value is greater than or equal to 1"),
        ("default_seconds = 30\n", "", "default_seconds is required"),
        (
            'steps = ["Lie on your back.", "Draw both knees in.", "Hold, then lower slowly."]',
            'steps = ["Lie down.", "Get up."]',
            "steps: Give at least 3 lines",
        ),
        ('mode = "hold"', 'mode = "forever"', "dosage.mode: Value 'forever' is not a valid choice"),
        ('mode = "hold"', 'mode = "reps"', "dosage.seconds_per_rep: Must be between 1 and 30"),
        ('mode = "hold"', 'mode = "timed"\nreps = 5', "dosage.reps: Does not apply to timed"),
        (
            'slug = "test-knee-hug"',
            'slug = "Test Knee Hug"',
            "Use lowercase words joined by hyphens",
        ),
        ("difficulty = 1", "difficulty = 4", "difficulty: Value 4 is not a valid choice"),
        (
            'breathing = "Breathe slowly."',
            'breathing = "x"\nmood = "calm"',
            "unknown field(s): mood",
        ),
    ],
)
def test_bad_data_stops_with_a_message_naming_file_and_exercise(tmp_path, old, new, message):
    assert old in GOOD_EXERCISE

    with pytest.raises(CatalogueError) as error:
        load_with(tmp_path, old, new)

    text = str(error.value)
    assert text.startswith("a.toml: exercise ")
    assert "test-knee-hug" in text.lower().replace(" ", "-") or "entry #1" in text
    assert message in text


def test_duplicate_slug_across_files_names_both_files(tmp_path):
    write_catalogue(tmp_path, GOOD_EXERCISE, "a.toml")
    write_catalogue(
        tmp_path, GOOD_EXERCISE.replace('name = "Test knee hug"', 'name = "Other"'), "b.toml"
    )

    with pytest.raises(
        CatalogueError, match=r"b.toml: exercise 'test-knee-hug': duplicate slug \(also in a.toml\)"
    ):
        read_catalogue(tmp_path)


def test_duplicate_name_is_refused(tmp_path):
    write_catalogue(tmp_path, GOOD_EXERCISE, "a.toml")
    write_catalogue(
        tmp_path, GOOD_EXERCISE.replace('slug = "test-knee-hug"', 'slug = "other"'), "b.toml"
    )

    with pytest.raises(CatalogueError, match=r"duplicate name"):
        read_catalogue(tmp_path)


def test_bad_data_changes_nothing_in_the_database(tmp_path):
    before = list(Exercise.objects.values_list("slug", "summary"))
    write_catalogue(tmp_path, GOOD_EXERCISE, "a.toml")
    write_catalogue(tmp_path, GOOD_EXERCISE.replace("sets = 2", "sets = 99"), "b.toml")

    with pytest.raises(CommandError, match=r"Catalogue not loaded: b\.toml"):
        call_command("load_catalogue", directory=tmp_path)

    assert list(Exercise.objects.values_list("slug", "summary")) == before


def test_loading_twice_changes_nothing(tmp_path):
    write_catalogue(tmp_path, GOOD_EXERCISE)
    first = load_catalogue(tmp_path)
    row_before = Exercise.objects.filter(slug="test-knee-hug").values().get()

    second = load_catalogue(tmp_path)

    assert first.created == ["test-knee-hug"]
    assert second.created == [] and second.updated == [] and second.unchanged == 1
    assert Exercise.objects.filter(slug="test-knee-hug").values().get() == row_before


def test_changed_text_updates_the_same_row_in_place(tmp_path):
    write_catalogue(tmp_path, GOOD_EXERCISE)
    load_catalogue(tmp_path)
    original = Exercise.objects.get(slug="test-knee-hug")

    write_catalogue(tmp_path, GOOD_EXERCISE.replace("Hug both knees", "Gently hug both knees"))
    report = load_catalogue(tmp_path)

    updated = Exercise.objects.get(slug="test-knee-hug")
    assert report.updated == ["test-knee-hug"]
    assert updated.pk == original.pk
    assert updated.summary.startswith("Gently hug both knees")
    assert "gently" in updated.search_text


def test_the_built_in_catalogue_is_in_a_fresh_database():
    # pytest-django migrated this database; the post_migrate handler loaded the catalogue.
    assert Exercise.objects.count() == len(read_catalogue())
    assert load_catalogue().updated == []
