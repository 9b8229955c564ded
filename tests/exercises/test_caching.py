"""Anonymous catalogue pages are cached, and never served stale or to the wrong person."""

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from accounts.models import Screening
from exercises import caching
from exercises.loader import load_catalogue
from exercises.models import CatalogueVersion, Condition, Exercise
from exercises.safety import Outcome, verdict
from exercises.safety import profile as safety_profile
from tests.factories import take_check

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("exercises:catalogue")


def test_second_anonymous_visit_is_served_from_the_cache(client, django_assert_num_queries):
    first = client.get(CATALOGUE, {"region": "neck"})

    # The catalogue's version (kept in the database without Redis), nothing else.
    with django_assert_num_queries(1):
        second = client.get(CATALOGUE, {"region": "neck"})

    assert second.content == first.content
    assert "unsafe-inline" not in second["Content-Security-Policy"]


def test_editing_an_exercise_shows_at_once(client):
    exercise = Exercise.objects.get(slug="cat-cow")
    client.get(exercise.get_absolute_url())

    exercise.summary = "A brand new summary for the cache test."
    exercise.save()

    assert "A brand new summary" in client.get(exercise.get_absolute_url()).content.decode()


def test_loading_changed_source_shows_at_once(client, tmp_path, django_capture_on_commit_callbacks):
    client.get(CATALOGUE, {"q": "cat"})
    source = tmp_path / "x.toml"
    source.write_text("""
[[exercise]]
slug = "cache-test-cat"
name = "Cache test cat"
summary = "Only here to test the cache."
category = "mobility"
regions = ["neck"]
position = "standing"
difficulty = 1
steps = ["One.", "Two.", "Three."]
cautions = ["Careful."]
sources = ["002"]
[exercise.dosage]
mode = "timed"
seconds = 30
""")

    with django_capture_on_commit_callbacks(execute=True):
        load_catalogue(tmp_path)

    assert "Cache test cat" in client.get(CATALOGUE, {"q": "cat"}).content.decode()


def test_a_visitor_with_a_screening_gets_their_own_badges(client):
    query = {"q": "twist", "show_all": "on"}
    client.get(CATALOGUE, query)  # cached for cookie-less visitors
    take_check(client, "herniated-disc")

    assert "Not for you" in client.get(CATALOGUE, query).content.decode()


def test_logged_in_pages_are_never_the_cached_ones(client, client_logged_in):
    client.get(CATALOGUE)

    assert "Add to routine" in client_logged_in.get(CATALOGUE).content.decode()


# Signed-in catalogue: the list is rendered once per filters and conditions, and still shows
# every edit at once.


def screen(user, *slugs):
    """A screening in force for ``user`` that says yes to the conditions ``slugs``."""
    return Screening.objects.create(
        user=user,
        version=1,
        answers=dict.fromkeys(slugs, True),
        age=40,
        outcome="restricted" if slugs else "clear",
        conditions=list(slugs),
    )


def twist_card(client):
    """The twisting exercises, all shown (those not for the person marked)."""
    return client.get(CATALOGUE, {"q": "twist", "show_all": "on"}).content.decode()


def results(response):  # the page around it carries a fresh CSRF token each time
    return response.content.decode().split('aria-labelledby="results-heading"')[1]


def test_signed_in_list_is_rendered_once_then_read_from_the_cache(
    client_logged_in, user, django_assert_max_num_queries
):
    screen(user, "herniated-disc")
    for query in ({"region": "lower-back"}, {"region": "lower-back", "show_all": "on"}):
        first = client_logged_in.get(CATALOGUE, query)

        # The session, read with its user and screening (accounts/sessions.py); the filters,
        # the list's count and rows come from the cache.
        with django_assert_max_num_queries(1):
            second = client_logged_in.get(CATALOGUE, query)

        assert results(second) == results(first)
    hidden_by_default = results(client_logged_in.get(CATALOGUE, {"region": "lower-back"}))
    assert "not for you after your safety check" in hidden_by_default
    assert "Not for you" not in hidden_by_default
    assert "Not for you" in results(second)


def test_the_show_all_switch_and_the_hidden_count_are_not_shared(client_logged_in, user):
    screen(user, "herniated-disc")
    query = {"q": "twist"}
    hidden = results(client_logged_in.get(CATALOGUE, query))
    shown = results(client_logged_in.get(CATALOGUE, {**query, "show_all": "on"}))

    assert "Show all, marked" in hidden
    assert "Not for you" not in hidden
    assert "Hide them" in shown
    assert "Not for you" in shown
    assert "Show all, marked" not in shown


def test_the_hidden_count_follows_the_persons_conditions(client, user, other_user):
    backend = "django.contrib.auth.backends.ModelBackend"
    screen(user, "herniated-disc")
    screen(other_user, "herniated-disc", "osteoporosis")
    client.force_login(user, backend=backend)
    one = client.get(CATALOGUE)
    client.logout()
    client.force_login(other_user, backend=backend)
    two = client.get(CATALOGUE)

    def hidden(response):  # each is a first render, so the list's context is there
        return response.context["hidden"]

    assert hidden(two) > hidden(one) > 0
    assert f"{hidden(two)} exercises that are not for you" in results(two)
    assert f"{hidden(one)} exercises that are not for you" in results(one)


def test_new_conditions_change_the_badges_at_once(client_logged_in, user):
    assert "Not for you" not in twist_card(client_logged_in)

    screen(user, "herniated-disc")

    assert "Not for you" in twist_card(client_logged_in)


def test_people_with_other_conditions_do_not_share_a_list(client, user, other_user):
    backend = "django.contrib.auth.backends.ModelBackend"
    screen(user, "herniated-disc")
    screen(other_user)
    client.force_login(user, backend=backend)
    assert "Not for you" in twist_card(client)
    client.logout()
    client.force_login(other_user, backend=backend)

    assert "Not for you" not in twist_card(client)


def test_an_edited_rule_shows_in_the_signed_in_list_at_once(client_logged_in, user):
    screen(user, "herniated-disc")
    assert "Not for you" in twist_card(client_logged_in)

    condition = Condition.objects.get(slug="herniated-disc")
    condition.label = "A renamed condition for the cache test"
    condition.save()

    assert "A renamed condition for the cache test" in twist_card(client_logged_in)


def test_an_edited_exercise_shows_in_the_signed_in_list_at_once(client_logged_in):
    client_logged_in.get(CATALOGUE, {"q": "cat"})
    exercise = Exercise.objects.get(slug="cat-cow")
    exercise.summary = "A summary edited for the signed-in cache test."
    exercise.save()

    assert (
        "edited for the signed-in cache test"
        in client_logged_in.get(CATALOGUE, {"q": "cat"}).content.decode()
    )


def test_a_changed_rule_changes_a_screened_persons_outcome_at_once(client_logged_in, user):
    screen(user, "herniated-disc")
    condition = Condition.objects.get(slug="herniated-disc")
    exercise = next(
        e
        for e in Exercise.objects.all()
        if verdict(e.category, e.tags, _outcome(condition)).status == "ok"
    )
    assert "Not for you" not in client_logged_in.get(exercise.get_absolute_url()).content.decode()

    condition.avoid_categories = [*condition.avoid_categories, exercise.category]
    condition.save()

    assert "Not for you" in client_logged_in.get(exercise.get_absolute_url()).content.decode()


def _outcome(condition):
    return Outcome("restricted", (condition.as_rule(),))


def test_no_template_comment_shows_on_the_catalogue(client, client_logged_in):
    for response in (client.get(CATALOGUE), client_logged_in.get(CATALOGUE)):
        assert "{#" not in response.content.decode()


def test_a_screenings_outcome_is_evaluated_once_per_rules_version(
    client_logged_in, user, monkeypatch
):
    calls = []
    real = safety_profile.evaluate
    monkeypatch.setattr(safety_profile, "evaluate", lambda *args: calls.append(args) or real(*args))
    screen(user, "herniated-disc")
    client_logged_in.get(CATALOGUE)
    client_logged_in.get(CATALOGUE, {"q": "cat"})
    assert len(calls) == 1

    Condition.objects.get(slug="herniated-disc").save()  # a rule change: a new version
    client_logged_in.get(CATALOGUE)
    assert len(calls) == 2


# The version and the process's own copies (exercises.caching).


def test_a_lost_catalogue_version_never_comes_back(settings, django_capture_on_commit_callbacks):
    from django.core.cache import cache  # noqa: PLC0415

    settings.CATALOGUE_VERSION_IN = "cache"  # as with Redis
    first = caching.catalogue_version()
    with django_capture_on_commit_callbacks(execute=True):
        caching.bump_catalogue_version()
    bumped = caching.catalogue_version()
    cache.delete(caching.VERSION_KEY)  # evicted, or Redis restarted empty

    assert caching.catalogue_version() not in {first, bumped}


def test_the_version_names_where_it_was_read(settings):
    # The database's 2 and Redis's 2 are different versions: keys must never mix them up.
    database = caching.catalogue_version()
    settings.CATALOGUE_VERSION_IN = "cache"
    in_cache = caching.catalogue_version()

    assert database.startswith("db:")
    assert in_cache.startswith("cache:")


def test_redis_moves_on_only_once_the_write_is_committed(
    settings, django_capture_on_commit_callbacks
):
    # Before the commit, a visitor's page would be rendered from the old rows: were Redis's
    # version new already, that page would be kept under it.
    settings.CATALOGUE_VERSION_IN = "cache"
    before = caching.catalogue_version()
    with django_capture_on_commit_callbacks(execute=True):
        caching.bump_catalogue_version()
        assert caching.catalogue_version() == before
    assert caching.catalogue_version() != before


def test_without_a_version_the_catalogue_is_rendered_afresh(client, monkeypatch):
    # Redis down: nobody can say which catalogue version is current, so nothing cached is used.
    monkeypatch.setattr(caching, "catalogue_version", lambda: None)
    client.get(CATALOGUE, {"q": "cat"})
    exercise = Exercise.objects.get(slug="cat-cow")
    Exercise.objects.filter(pk=exercise.pk).update(name="Cat and cow, renamed quietly")

    assert "Cat and cow, renamed quietly" in client.get(CATALOGUE, {"q": "cat"}).content.decode()


def test_cached_html_is_read_from_the_process_before_the_shared_cache(
    client, monkeypatch, django_assert_num_queries, settings
):
    from django.core.cache import cache  # noqa: PLC0415

    settings.CATALOGUE_VERSION_IN = "cache"  # as with Redis
    first = client.get(CATALOGUE, {"region": "neck"})
    asked = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: asked.append(key) or real_get(key, *a, **k)
    )

    with django_assert_num_queries(0):
        second = client.get(CATALOGUE, {"region": "neck"})

    assert second.content == first.content
    assert asked == [caching.VERSION_KEY]  # the page itself came from the process


def test_process_copies_keep_the_most_recently_used():
    copies = caching.ProcessCopies(2)
    copies.put("a", 1)
    copies.put("b", 2)
    assert copies.get("a") == 1  # now the most recent
    copies.put("c", 3)

    assert copies.get("b") is None
    assert (copies.get("a"), copies.get("c")) == (1, 3)


def test_a_page_reads_the_catalogue_version_once(
    client_logged_in,
    user,
    monkeypatch,
    settings,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    from django.core.cache import cache  # noqa: PLC0415

    settings.CATALOGUE_VERSION_IN = "cache"  # as with Redis
    screen(user, "herniated-disc")
    generator = reverse("routines:generator")
    query = {"goal": "stretch", "minutes": 20, "level": 1}
    client_logged_in.get(generator, query)
    caching.catalogue_version()  # Redis holds a version
    asked = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: asked.append(key) or real_get(key, *a, **k)
    )

    # The safety outcome and the generator's fragment both need it. Signed in, it comes with
    # the session row: no round trip to Redis at all.
    with django_assert_max_num_queries(1):
        client_logged_in.get(generator, query)
    assert caching.VERSION_KEY not in asked
    # A visitor's request has no session row: it asks Redis, once.
    Client().get(reverse("exercises:catalogue"), {"region": "neck"})
    assert asked.count(caching.VERSION_KEY) == 1

    # Outside a request it is read afresh each time; a bump is seen at once.
    before = caching.catalogue_version()
    with django_capture_on_commit_callbacks(execute=True):
        caching.bump_catalogue_version()
    assert caching.catalogue_version() != before


def test_a_bump_during_a_request_is_seen_later_in_that_request(settings):
    caching.start_request()
    try:
        first = caching.catalogue_version()
        caching.bump_catalogue_version()
        assert caching.catalogue_version() not in {first, None}
    finally:
        caching.end_request()


def test_without_redis_an_edit_made_by_another_worker_shows_at_once(client, client_logged_in):
    # Each worker has its own memory cache: the version lives in the database, so a write
    # through another process (here: straight to the database) moves it for everyone.
    exercise = Exercise.objects.get(slug="cat-cow")
    for browser in (client, client_logged_in):
        browser.get(CATALOGUE, {"q": "cat"})

    Exercise.objects.filter(pk=exercise.pk).update(name="Cat and cow, from another worker")
    CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1)

    for browser in (client, client_logged_in):
        page = browser.get(CATALOGUE, {"q": "cat"}).content.decode()
        assert "Cat and cow, from another worker" in page
