"""The catalogue page (filters, search, pagination) and the exercise page."""

import factory
import pytest
from django.urls import reverse

from exercises.models import Exercise
from exercises.views import PAGE_SIZE
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("exercises:catalogue")


def listed(response):
    return [exercise.slug for exercise in response.context["page"].object_list]


def all_matching(response):
    return response.context["page"].paginator.object_list


def test_catalogue_lists_exercises_with_the_count(client):
    response = client.get(CATALOGUE)

    total = Exercise.objects.count()
    assert response.status_code == 200
    assert f"{total} exercises match" in response.content.decode()
    assert len(listed(response)) == min(total, PAGE_SIZE)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"region": "neck"}, lambda e: "neck" in e.regions),
        ({"position": "standing"}, lambda e: e.position == "standing"),
        ({"category": "breathing"}, lambda e: e.category == "breathing"),
        ({"equipment": "none"}, lambda e: e.equipment == []),
        ({"equipment": "chair"}, lambda e: "chair" in e.equipment),
        ({"difficulty": "1"}, lambda e: e.difficulty == 1),
        ({"time": "1"}, lambda e: e.duration_seconds < 60),
        ({"time": "more"}, lambda e: e.duration_seconds >= 300),
    ],
)
def test_each_filter_returns_exactly_the_matching_exercises(client, params, check):
    ExerciseFactory(
        regions=["neck"], position="standing", category="breathing", equipment=["chair"], seconds=20
    )
    ExerciseFactory(
        regions=["lower-back"],
        position="sitting",
        category="stretch",
        difficulty=2,
        mode="timed",
        seconds=400,
    )

    response = client.get(CATALOGUE, params)

    expected = sorted(e.slug for e in Exercise.objects.all() if check(e))
    assert expected, "the test data must contain a match"
    assert sorted(e.slug for e in all_matching(response)) == expected


def test_filters_combine(client):
    wanted = ExerciseFactory(regions=["neck", "shoulders"], position="sitting")
    ExerciseFactory(regions=["neck"], position="standing")
    ExerciseFactory(regions=["lower-back"], position="sitting")

    response = client.get(
        CATALOGUE, {"region": "neck", "position": "sitting", "q": "test exercise"}
    )

    assert [e.slug for e in all_matching(response)] == [wanted.slug]


def test_search_finds_alternative_names_regardless_of_case_and_punctuation(client):
    ExerciseFactory(name="Test knee hug", aliases=["Wind-relieving pose", "Child’s knee hug"])

    for query in ("WIND relieving", "childs knee", "child's", "knee   HUG"):
        response = client.get(CATALOGUE, {"q": query})
        assert "Test knee hug" in [e.name for e in all_matching(response)], query


def test_search_matches_every_word(client):
    ExerciseFactory(name="Gentle neck turn", summary="Turn slowly.")

    assert client.get(CATALOGUE, {"q": "neck gentle"}).context["page"].paginator.count >= 1
    assert client.get(CATALOGUE, {"q": "neck zebra"}).context["page"].paginator.count == 0


@pytest.mark.parametrize("query", ["жираф", "猫", "🧘", "!!!"])
def test_search_in_any_script_is_searched_not_dropped(client, query):
    response = client.get(CATALOGUE, {"q": query})

    assert response.context["page"].paginator.count == 0
    html = response.content.decode()
    assert f"No exercise matches “{query}”" in html
    assert "clear all filters" in html


def test_search_finds_words_in_other_scripts(client):
    ExerciseFactory(name="Test cat pose", aliases=["Зебра", "Ёжик"])

    for query in ("зебра", "ЗЕБРА", "ежик"):
        response = client.get(CATALOGUE, {"q": query})
        assert [e.name for e in all_matching(response)] == ["Test cat pose"], query


def test_more_filters_does_not_count_the_search_box(client):
    html = client.get(CATALOGUE, {"q": "stretch"}).content.decode()
    assert "active</span>" not in html
    assert '<details class="filters-more mb-3">' in html  # stays folded

    html = client.get(CATALOGUE, {"q": "stretch", "region": "neck"}).content.decode()
    assert "1 active</span>" in html


def test_empty_result_says_what_to_change(client):
    response = client.get(CATALOGUE, {"q": "zzzz-no-such-exercise"})

    assert "0 exercises match" in response.content.decode()
    assert "Try fewer words" in response.content.decode()


def test_unknown_filter_value_is_reported_and_ignored(client):
    response = client.get(CATALOGUE, {"region": "elbow", "position": "standing"})

    assert response.status_code == 200
    assert "not understood" in response.content.decode()
    assert all(e.position == "standing" for e in all_matching(response))


def test_pagination_keeps_the_filters(client):
    ExerciseFactory.create_batch(PAGE_SIZE + 3, regions=["shoulders"], name=factory_name())

    first = client.get(CATALOGUE, {"region": "shoulders"})
    assert "region=shoulders&amp;page=2" in first.content.decode()
    second = client.get(CATALOGUE, {"region": "shoulders", "page": 2})

    assert second.context["page"].number == 2
    assert all("shoulders" in e.regions for e in second.context["page"].object_list)
    assert client.get(CATALOGUE, {"page": "9999"}).status_code == 200


def factory_name():

    return factory.Sequence(lambda n: f"Shoulder drill {n:03d}")


def test_exercise_page_shows_steps_dosage_cautions_and_source(client):
    exercise = ExerciseFactory(
        name="Test knee hug",
        steps=["Lie on your back.", "Hug your knees.", "Let go slowly."],
        cautions=["Keep your head down."],
        breathing="Breathe out as you hug.",
        seconds=30,
        seconds_min=20,
        seconds_max=40,
        per_side=True,
        sets=2,
        sources=["001"],
    )

    html = client.get(exercise.get_absolute_url()).content.decode()

    for text in (
        "Hug your knees.",
        "Keep your head down.",
        "Breathe out as you hug.",
        "Hold 20–40 s, each side, 2 sets",
        "Exercises to stretch the back",
    ):
        assert text in html
    assert "(001)" not in html  # the article's title, not our file number


def test_exercise_page_links_back_to_the_same_filtered_list(client):
    exercise = ExerciseFactory()

    response = client.get(exercise.get_absolute_url(), {"list": "region=neck&page=2"})

    assert response.context["back_url"] == CATALOGUE + "?region=neck&page=2"


def test_back_link_cannot_point_elsewhere(client):
    exercise = ExerciseFactory()

    response = client.get(exercise.get_absolute_url(), {"list": "https://evil.example/"})

    back_url = response.context["back_url"]
    assert back_url == CATALOGUE or back_url.startswith(CATALOGUE + "?")
    assert "evil" not in back_url


def test_related_exercises_rank_category_then_regions_and_position(client):
    exercise = ExerciseFactory(
        category="strengthen", regions=["neck", "shoulders"], position="sitting"
    )
    best = ExerciseFactory(category="strengthen", regions=["shoulders"], position="sitting")
    second = ExerciseFactory(category="strengthen", regions=["shoulders"], position="standing")
    third = ExerciseFactory(category="strengthen", regions=["hips-pelvis"], position="sitting")
    fourth = ExerciseFactory(category="stretch", regions=["neck"], position="sitting")
    unrelated = ExerciseFactory(category="breathing", regions=["lower-back"], position="sitting")
    ExerciseFactory(category="mobility", regions=["upper-back"], position="kneeling")
    made_here = Exercise.objects.filter(slug__startswith="test-exercise-")

    related = list(made_here.related_to(exercise, limit=10))

    assert related == [best, second, third, fourth]
    assert unrelated not in related and exercise not in related
    shown = client.get(exercise.get_absolute_url()).context["related"]
    assert len(shown) == 4 and best in shown


def test_unrelated_exercises_get_different_related_lists(client):  # with the real catalogue
    first = ExerciseFactory(category="strengthen", regions=["neck"], position="sitting")
    second = ExerciseFactory(category="relaxation", regions=["lower-back"], position="lying-back")
    for category, region, position in [
        ("strengthen", "neck", "sitting"),
        ("strengthen", "shoulders", "standing"),
        ("relaxation", "lower-back", "lying-back"),
        ("relaxation", "hips-pelvis", "lying-back"),
    ]:
        ExerciseFactory(category=category, regions=[region], position=position)

    one = client.get(first.get_absolute_url()).context["related"]
    two = client.get(second.get_absolute_url()).context["related"]

    assert {e.category for e in one} == {"strengthen"}
    assert {e.category for e in two} == {"relaxation"}
    assert not set(one) & set(two)


def test_unknown_exercise_is_404(client):
    assert client.get(reverse("exercises:detail", args=["no-such-thing"])).status_code == 404


@pytest.mark.parametrize("extra", [0, 2000])
def test_pages_run_a_fixed_small_number_of_queries(
    client, user, django_assert_max_num_queries, extra
):
    ExerciseFactory.create_batch(extra) if extra < 50 else Exercise.objects.bulk_create(
        [ExerciseFactory.build(slug=f"bulk-{i}", name=f"Bulk {i}") for i in range(extra)]
    )
    exercise = Exercise.objects.order_by("pk").first()
    client.force_login(user, backend="accounts.backends.UserBackend")

    for url, params in (
        (CATALOGUE, {}),
        (CATALOGUE, {"region": "neck", "q": "a", "page": 2}),
        (exercise.get_absolute_url(), {}),
    ):
        with django_assert_max_num_queries(6):
            assert client.get(url, params).status_code == 200
