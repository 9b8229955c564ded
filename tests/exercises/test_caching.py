"""Anonymous catalogue pages are cached, and never served stale or to the wrong person."""

import pytest
from django.test import Client
from django.urls import reverse

from exercises.loader import load_catalogue
from exercises.models import Condition, Exercise
from exercises.safety import Outcome, verdict
from exercises.safety import profile as safety_profile
from exercises.safety.models import Screening
from exercises.translations import EXERCISES
from tests.factories import catalogue_version, person_version, take_check, write_translation

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
    write_translation(source, EXERCISES)

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

        # Django's session and user, then the two cache versions in one query; the
        # screening, the filters, the list's count and rows come from the cache.
        with django_assert_max_num_queries(3):
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
    backend = "accounts.backends.UserBackend"
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
    backend = "accounts.backends.UserBackend"
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


# Correct by construction: the database moves the versions (backcare/caching/triggers.py), so
# writes that bypass save() are seen on the next request too.


def test_a_tightened_rule_written_by_update_reaches_a_signed_in_person_at_once(
    client_logged_in, user
):
    """The review's case: osteoporosis tightened by ``update()`` hid nothing more until the
    version was moved by hand."""
    screen(user, "osteoporosis")
    bird_dog = Exercise.objects.get(slug="bird-dog")
    assert "extension" in bird_dog.tags
    before = client_logged_in.get(CATALOGUE, {"show_all": "on", "q": "bird"}).content.decode()
    assert "Not for you" not in results_of(before, bird_dog)

    rule = Condition.objects.get(slug="osteoporosis")
    Condition.objects.filter(pk=rule.pk).update(avoid_tags=[*rule.avoid_tags, "extension"])

    after = client_logged_in.get(CATALOGUE, {"show_all": "on", "q": "bird"}).content.decode()
    assert "Not for you" in results_of(after, bird_dog)
    detail = client_logged_in.get(bird_dog.get_absolute_url()).content.decode()
    assert "Not for you" in detail


def results_of(html: str, exercise) -> str:
    """The catalogue card of ``exercise`` in ``html``."""
    start = html.index(exercise.get_absolute_url())
    card_start = html.rfind("<article", 0, start)
    return html[card_start : html.index("</article>", start)]


def test_an_exercise_renamed_by_update_shows_on_both_catalogue_pages(client, client_logged_in):
    exercise = Exercise.objects.get(slug="cat-cow")
    for browser in (client, client_logged_in):
        browser.get(CATALOGUE, {"q": "cat"})
        browser.get(exercise.get_absolute_url())

    Exercise.objects.filter(pk=exercise.pk).update(name="Cat and cow, renamed by update")

    for browser in (client, client_logged_in):
        assert "renamed by update" in browser.get(CATALOGUE, {"q": "cat"}).content.decode()
        assert "renamed by update" in browser.get(exercise.get_absolute_url()).content.decode()


def test_raw_sql_and_bulk_writes_move_the_catalogue_version(client):
    from django.db import connection  # noqa: PLC0415

    exercise = Exercise.objects.get(slug="cat-cow")
    client.get(exercise.get_absolute_url())
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE exercises_exercise SET summary_en = %s WHERE id = %s",  # the English page reads
            ["Written by raw SQL, as a data migration might.", exercise.pk],
        )
    assert "Written by raw SQL" in client.get(exercise.get_absolute_url()).content.decode()

    exercise.summary = "Written by bulk_update."
    Exercise.objects.bulk_update([exercise], ["summary"])
    assert "Written by bulk_update" in client.get(exercise.get_absolute_url()).content.decode()


def test_a_rolled_back_write_moves_no_version():
    from django.db import transaction  # noqa: PLC0415

    before = catalogue_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Exercise.objects.filter(slug="cat-cow").update(name="Never committed")
        raise RuntimeError
    assert catalogue_version() == before


def test_a_lost_version_row_starts_again_above_every_number_used(client):
    from backcare.caching.models import Version  # noqa: PLC0415

    used = catalogue_version()
    Version.objects.filter(name="catalogue").delete()  # a restored table, a flush

    Exercise.objects.filter(slug="cat-cow").update(name="Cat and cow again")

    assert catalogue_version() > used


def test_move_cache_versions_moves_every_version_for_incidents(user):
    from django.core.management import call_command  # noqa: PLC0415

    catalogue, person = catalogue_version(), person_version(user)
    call_command("move_cache_versions", verbosity=0)
    assert catalogue_version() > catalogue
    assert person_version(user) > person


def test_a_signed_in_page_reads_both_versions_in_one_query(client_logged_in, user):
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    screen(user, "herniated-disc")
    client_logged_in.get(CATALOGUE, {"region": "neck"})
    with CaptureQueriesContext(connection) as queries:
        client_logged_in.get(CATALOGUE, {"region": "neck"})
    reads = [q["sql"] for q in queries if "caching_version" in q["sql"]]
    assert len(reads) == 1, reads


def test_a_visitor_page_sends_an_etag_and_answers_304_until_the_catalogue_changes(client):
    first = client.get(CATALOGUE, {"region": "neck"})
    etag = first["ETag"]
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]

    again = client.get(CATALOGUE, {"region": "neck"}, headers={"if-none-match": etag})
    assert again.status_code == 304

    Exercise.objects.filter(slug="cat-cow").update(summary="Changed for the ETag test.")
    changed = client.get(CATALOGUE, {"region": "neck"}, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_signed_in_or_screened_page_is_private_and_has_no_etag(client, client_logged_in):
    take_check(client, "herniated-disc")
    for browser in (client, client_logged_in):
        response = browser.get(CATALOGUE)
        assert "ETag" not in response
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_made_up_parameters_do_not_fill_the_cache(client):
    from django.core.cache import cache  # noqa: PLC0415

    client.get(CATALOGUE, {"region": "neck"})
    keys = set(cache.local._cache)  # the test's in-memory cache, read only here
    for n in range(5):
        client.get(CATALOGUE, {"region": "neck", "utm": f"x{n}"})
    assert set(cache.local._cache) <= keys  # nothing new was stored


def test_without_redis_an_edit_made_by_another_worker_shows_at_once(client, client_logged_in):
    # Each worker has its own memory cache: the version lives in the database, so a write
    # through another process (here: straight to the database) moves it for everyone.
    exercise = Exercise.objects.get(slug="cat-cow")
    for browser in (client, client_logged_in):
        browser.get(CATALOGUE, {"q": "cat"})

    Exercise.objects.filter(pk=exercise.pk).update(name="Cat and cow, from another worker")

    for browser in (client, client_logged_in):
        page = browser.get(CATALOGUE, {"q": "cat"}).content.decode()
        assert "Cat and cow, from another worker" in page


def test_made_up_parameters_change_nothing_for_a_signed_in_person(client_logged_in):
    from django.core.cache import cache  # noqa: PLC0415

    first = client_logged_in.get(CATALOGUE, {"region": "neck"})
    keys = set(cache.local._cache)
    for n in range(5):
        # Hyphens: a CSRF token (letters and digits) can never contain the marker by chance.
        again = client_logged_in.get(CATALOGUE, {"region": "neck", "utm": f"made-up-{n}"})
        assert f"made-up-{n}" not in again.content.decode()
    assert set(cache.local._cache) <= keys  # nothing new was stored
    assert results(again) == results(first)


@pytest.mark.parametrize(
    "url",
    [reverse("home"), reverse("routines:programmes"), reverse("exercises:catalogue")],
)
def test_every_public_page_answers_a_conditional_get_with_304(client, url):
    first = client.get(url)
    assert first.status_code == 200 and first.has_header("ETag")
    assert "public" in first["Cache-Control"]

    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_a_programme_page_is_public_for_visitors_and_private_when_signed_in(client_logged_in):
    from routines.models import Routine  # noqa: PLC0415

    url = reverse("routines:programme", args=[Routine.objects.programmes().first().slug])
    assert "public" in Client().get(url)["Cache-Control"]
    signed_in = client_logged_in.get(url)
    assert "ETag" not in signed_in and "private" in signed_in["Cache-Control"]


def test_made_up_list_parameters_of_an_exercise_page_store_nothing(client):
    from django.core.cache import cache  # noqa: PLC0415

    url = Exercise.objects.get(slug="cat-cow").get_absolute_url()
    client.get(url, {"list": "region=neck"})
    keys = set(cache.local._cache)
    for n in range(5):
        page = client.get(url, {"list": f"region=neck&utm=made-up-{n}"}).content.decode()
        assert f"made-up-{n}" not in page
    assert set(cache.local._cache) <= keys
