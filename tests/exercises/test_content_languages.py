"""The catalogue in every language: the loader refuses an incomplete translation naming file,
entry and field; a changed Russian text updates its row; search finds Russian words by prefix,
whatever the page's language, on SQLite and PostgreSQL alike."""

import textwrap

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from backcare.caching.versions import CATALOGUE, read
from exercises.loader import CatalogueError, load_catalogue, load_conditions, read_catalogue
from exercises.models import Condition, Exercise
from exercises.translations import CONDITIONS
from tests.factories import GOOD_EXERCISE, ExerciseFactory, write_catalogue, write_translation

pytestmark = pytest.mark.django_db

RUSSIAN = """
[test-knee-hug]
name = "Тестовое подтягивание коленей"
aliases = ["Колени к груди"]
summary = "Подтяните колени к груди, чтобы разгрузить поясницу."
steps = ["Лягте на спину.", "Подтяните колени.", "Задержитесь и медленно опустите."]
breathing = "Дышите спокойно."
cautions = ["Голова остаётся на полу."]
"""


def with_russian(tmp_path, russian=RUSSIAN):
    write_catalogue(tmp_path, GOOD_EXERCISE)
    (tmp_path / "a.ru.toml").write_text(textwrap.dedent(russian))
    return tmp_path


def test_russian_words_fill_the_russian_columns(tmp_path):
    (row,) = read_catalogue(with_russian(tmp_path))

    assert row["name_en"] == row["name"] == "Test knee hug"
    assert row["name_ru"] == "Тестовое подтягивание коленей"
    assert row["steps_ru"][2] == "Задержитесь и медленно опустите."
    assert row["aliases_ru"] == ["Колени к груди"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda text: "", "a.ru.toml [test-knee-hug]: missing"),
        (lambda text: text.replace('breathing = "Дышите спокойно."\n', ""), "breathing is missing"),
        (
            lambda text: text.replace('"Дышите спокойно."', '"  "'),
            "breathing must be non-empty text",
        ),
        (
            lambda text: text.replace('"Голова остаётся на полу."', '"Голова.", "Шея."'),
            "cautions has 2 items, the English 1",
        ),
        (lambda text: text.replace('summary = "', 'mood = "'), "unknown field 'mood'"),
        (
            lambda text: text.replace('name = "Тестовое', 'name = "' + "о" * 130),
            "a.ru.toml [test-knee-hug]: name: Ensure this value has at most 120 characters",
        ),
    ],
    ids=["missing entry", "missing field", "empty field", "list length", "unknown", "too long"],
)
def test_an_incomplete_translation_refuses_the_load_naming_file_entry_and_field(
    tmp_path, change, message
):
    with_russian(tmp_path, change(RUSSIAN))

    with pytest.raises(CatalogueError) as error:
        read_catalogue(tmp_path)

    assert "a.ru.toml" in str(error.value)
    assert message in str(error.value)


def test_a_missing_translation_file_refuses_the_load(tmp_path):
    write_catalogue(tmp_path, GOOD_EXERCISE)
    (tmp_path / "a.ru.toml").unlink()

    with pytest.raises(CatalogueError, match=r"a\.ru\.toml: missing \(1 entries to translate\)"):
        read_catalogue(tmp_path)


def test_two_exercises_with_one_russian_name_are_refused(tmp_path):
    write_catalogue(tmp_path, GOOD_EXERCISE, "a.toml")
    other = GOOD_EXERCISE.replace('slug = "test-knee-hug"', 'slug = "other"').replace(
        "Test knee hug", "Other"
    )
    write_catalogue(tmp_path, other, "b.toml")
    (tmp_path / "b.ru.toml").write_text(
        (tmp_path / "b.ru.toml").read_text().replace("РУ Other", "РУ Test knee hug")
    )

    with pytest.raises(CatalogueError, match=r"b\.ru\.toml \[other\]: name: the same as"):
        read_catalogue(tmp_path)


def test_a_changed_russian_text_updates_that_row_and_moves_the_catalogue_version(tmp_path):
    load_catalogue(with_russian(tmp_path))
    original = Exercise.objects.get(slug="test-knee-hug")
    before = read(CATALOGUE)[CATALOGUE]
    assert load_catalogue(tmp_path).updated == []  # twice is a no-op

    with_russian(tmp_path, RUSSIAN.replace("Подтяните колени", "Мягко подтяните колени"))
    report = load_catalogue(tmp_path)

    updated = Exercise.objects.get(slug="test-knee-hug")
    assert report.updated == ["test-knee-hug"]
    assert updated.pk == original.pk
    assert updated.summary_ru.startswith("Мягко подтяните колени")
    assert updated.summary == updated.summary_en  # the English is read in English
    assert "мягко" in updated.search_text
    assert read(CATALOGUE)[CATALOGUE] != before


def test_conditions_refuse_a_missing_russian_field(tmp_path):
    english = tmp_path / "conditions.toml"
    english.write_text(
        textwrap.dedent("""
        [[condition]]
        slug = "test-fever"
        group = "general"
        label = "Fever"
        question = "Do you have a fever today?"
        outcome = "stop"
        avoid_categories = []
        avoid_tags = []
        caution_categories = []
        caution_tags = []
        advice = "Rest until it passes."
        sources = ["guidance"]
        """)
    )
    russian = write_translation(english, CONDITIONS)
    russian.write_text(russian.read_text().replace("advice", "advise"))

    with pytest.raises(CatalogueError, match=r"conditions\.ru\.toml \[test-fever\]: advice"):
        load_conditions(english)


def test_the_built_in_catalogue_has_every_word_in_russian():
    for exercise in Exercise.objects.all():
        assert exercise.name_ru and exercise.summary_ru, exercise.slug
        assert len(exercise.steps_ru) == len(exercise.steps_en), exercise.slug
        if exercise.figure:
            assert exercise.figure_words["ru"]["description"], exercise.slug
    assert not Condition.objects.filter(label_ru__in=["", None]).exists()
    assert not Condition.objects.filter(advice_ru__in=["", None]).exists()


def test_the_figure_speaks_the_active_language():
    exercise = Exercise.objects.get(slug="cat-cow")
    english = exercise.shown_figure

    with translation.override("ru"):
        russian = exercise.shown_figure
        label = exercise.figure_thumbnail

    assert russian["description"] == exercise.figure_words["ru"]["description"]
    assert russian["description"] in label
    assert english["description"] not in label
    # only the words change: the angles and timing are the English figure's
    strip = {"description", "label"}
    assert [{k: v for k, v in f.items() if k not in strip} for f in russian["keyframes"]] == [
        {k: v for k, v in f.items() if k not in strip} for f in english["keyframes"]
    ]


# Search: "кошк" finds "Кошка-корова", in either language's page, on either database.
CATALOGUE_URL = reverse("exercises:catalogue")


def found(client, query, language):
    response = client.get(CATALOGUE_URL, {"q": query}, HTTP_ACCEPT_LANGUAGE=language)
    return [exercise.slug for exercise in response.context["page"].object_list]


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("query", ["кошк", "КОШКА-корова", "Кошка корова", "cat and cow"])
def test_a_query_in_either_language_finds_the_exercise_on_any_page(client, query, language):
    assert "cat-cow" in found(client, query, language), connection.vendor


def test_a_russian_query_matches_by_prefix_and_ignores_case_and_yo(client):
    ExerciseFactory(name="Test lying twist", name_ru="Скручивание лёжа", summary_ru="Мягко.")

    for query in ("скруч", "СКРУЧИВАНИЕ ЛЕЖА", "лёж", "Лежа", "twist"):
        assert [
            e.name_en for e in Exercise.objects.search(query).filter(slug__startswith="test")
        ] == ["Test lying twist"], query


def test_a_russian_query_that_matches_nothing_finds_nothing(client):
    assert found(client, "жираф", "ru") == []
    assert found(client, "кошк жираф", "ru") == []


def test_slugs_are_the_same_in_every_language(client):
    english = client.get(reverse("exercises:detail", args=["cat-cow"]))
    russian = client.get(reverse("exercises:detail", args=["cat-cow"]), HTTP_ACCEPT_LANGUAGE="ru")

    assert english.status_code == russian.status_code == 200
    assert "Кошка-корова" in russian.content.decode()
    assert "Кошка-корова" not in english.content.decode()


# Pages in Russian show the Russian content (the interface's words are i18n-ui's).
def test_the_catalogue_in_russian_shows_russian_names_and_summaries_in_russian_order(client):
    response = client.get(CATALOGUE_URL, HTTP_ACCEPT_LANGUAGE="ru")
    html = response.content.decode()
    shown = list(response.context["page"].object_list)

    assert len(shown) > 5
    for exercise in shown:
        assert escape(exercise.name_ru) in html
        assert escape(exercise.summary_ru) in html
        assert escape(exercise.summary_en) not in html
    first = Exercise.objects.order_by("name_ru").values_list("name_ru", flat=True)[: len(shown)]
    assert [exercise.name_ru for exercise in shown] == list(first)


def test_the_exercise_page_in_russian_shows_every_word_in_russian(client):
    exercise = Exercise.objects.get(slug="cat-cow")
    html = client.get(exercise.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    for text in [
        exercise.name_ru,
        exercise.summary_ru,
        *exercise.steps_ru,
        *exercise.cautions_ru,
        exercise.breathing_ru,
        exercise.figure_words["ru"]["description"],
        *exercise.figure_words["ru"].get("labels", []),
    ]:
        assert escape(text) in html, text
    for text in [exercise.summary_en, *exercise.steps_en, exercise.figure["description"]]:
        assert escape(text).casefold() not in html.casefold(), text


def test_the_safety_check_in_russian_asks_the_russian_questions(client):
    html = client.get(reverse("safety:check"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    asked = Condition.objects.exclude(question="")

    shown = [c for c in asked if escape(c.question_ru) in html]
    assert len(shown) > 10
    assert not [c.slug for c in asked if escape(c.question_en) in html]
