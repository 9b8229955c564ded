"""The routines pages in Russian: interface text, plural forms and dates in the language's
format. Needs the compiled catalogue (`manage.py compilemessages`, which `make test` runs)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import ngettext

from exercises.models import Exercise
from routines.models import PlannedSession, Programme
from tests.factories import RoutineFactory, RoutineItemFactory, SessionFactory

pytestmark = pytest.mark.django_db

RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """A request activates its language in this thread: the next test starts in English."""
    yield
    translation.deactivate()


def ru_plural(n, one, few, many):
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} {one}"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} {few}"
    return f"{n} {many}"


def text_of(response):
    assert response.status_code == 200
    return response.content.decode()


def routine_of(user, size, name="Вечер"):
    routine = RoutineFactory(owner=user, name=name)
    for exercise in Exercise.objects.filter(mode="hold")[:size]:
        RoutineItemFactory(routine=routine, exercise=exercise)
    return routine


@pytest.mark.parametrize("n", [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111])
def test_russian_plural_forms_follow_the_number(n):
    with translation.override("ru"):
        exercises = ngettext("%(counter)s exercise", "%(counter)s exercises", n) % {"counter": n}
        minutes = ngettext("%(counter)s minute", "%(counter)s minutes", n) % {"counter": n}
        times = ngettext("%(counter)s time", "%(counter)s times", n) % {"counter": n}

    assert exercises == ru_plural(n, "упражнение", "упражнения", "упражнений")
    assert minutes == ru_plural(n, "минута", "минуты", "минут")
    assert times == ru_plural(n, "раз", "раза", "раз")


def test_routine_list_counts_exercises_in_russian(client_logged_in, user):
    for size in (1, 2, 5):
        routine_of(user, size, name=f"Комплекс {size}")

    html = text_of(client_logged_in.get(reverse("routines:list"), **RU))

    assert '<h1 class="mb-0">Мои комплексы</h1>' in html
    assert "1 упражнение" in html
    assert "2 упражнения" in html
    assert "5 упражнений" in html
    assert "ещё не выполнялся" in html
    assert "My routines" not in html


def test_english_stays_the_default(client_logged_in, user):
    routine_of(user, 2)

    html = text_of(client_logged_in.get(reverse("routines:list")))

    assert "My routines" in html
    assert "2 exercises" in html


def test_builder_in_russian(client_logged_in, user):
    routine = routine_of(user, 2)

    html = text_of(client_logged_in.get(routine.get_absolute_url(), **RU))

    for words in ("Общее время", "Добавить упражнения", "Настроить", "Удержание (секунды)"):
        assert words in html
    assert 'Сохранить изменения<span class="visually-hidden">: ' in html
    assert "Total time" not in html


def test_player_check_in_and_player_in_russian(client_logged_in, user):
    routine = routine_of(user, 2)
    url = reverse("routines:play", args=[routine.pk])

    check_in = text_of(client_logged_in.get(url, **RU))
    client_logged_in.post(
        url,
        {"unwell": "no", "new_pain": "no", "weak": "no", "nerves": "no", "pain_before": 3},
        **RU,
    )
    player = text_of(client_logged_in.get(url, **RU))

    assert "<h1>Перед началом</h1>" in check_in
    assert "Продолжить" in check_in
    for words in ("Стоп — больно", "Весь комплекс", "Приготовьтесь", "Сохранить занятие"):
        assert words in player
    assert "Перед занятием вы указали 3." in player
    assert "Stop — this hurts" not in player


def test_a_yes_at_check_in_says_rest_in_russian(client_logged_in, user):
    routine = routine_of(user, 2)
    answers = {"unwell": "yes", "new_pain": "no", "weak": "no", "nerves": "no", "pain_before": 3}

    html = text_of(
        client_logged_in.post(reverse("routines:play", args=[routine.pk]), answers, **RU)
    )

    assert "Сегодня лучше отдохнуть" in html
    assert "Что-нибудь щадящее взамен" in html


def test_history_dates_are_russian_with_the_month_in_the_genitive(client_logged_in, user):
    session = SessionFactory(
        user=user,
        routine_name="Утро",
        started_at=datetime.datetime(2025, 3, 8, 9, 30, tzinfo=datetime.UTC),
    )

    history = text_of(client_logged_in.get(reverse("routines:history"), **RU))
    detail = text_of(client_logged_in.get(session.get_absolute_url(), **RU))

    assert "Сб, 8 марта 2025, 09:30" in history
    assert '<h1 class="mb-0">История</h1>' in history
    assert "Суббота, 8 марта 2025, 09:30" in detail
    assert "8 марта 2025</li>" in detail  # the breadcrumb


def test_history_and_progress_count_sessions_in_russian(client_logged_in, user):
    now = timezone.now()
    for minutes in (1, 2):
        SessionFactory(user=user, started_at=now - datetime.timedelta(minutes=minutes))
    today = (now - datetime.timedelta(minutes=2)).date()

    history = text_of(client_logged_in.get(reverse("routines:history"), **RU))
    progress = text_of(client_logged_in.get(reverse("routines:progress"), **RU))

    with translation.override("ru"):
        day = date_format(today, "j E")
    assert f"{day}: 2 занятия" in progress  # the calendar, read out by screen readers
    assert re.search(r"<title>[^<]*: 2 занятия</title>", history)  # this week's bar
    assert re.search(r"<title>[^<]*: 30 минут</title>", progress)
    assert ">Пн</th>" in progress and ">Вс</th>" in progress
    assert "<h1>Прогресс</h1>" in progress
    assert "Боль до и после занятий по неделям" in progress
    assert "занятия в неделю" in history  # "a goal of N sessions", counted
    # Coordinates keep SVG's decimal point: "52,3" would be read as two x positions.
    for page in (history, progress):
        assert not re.search(r'\b(?:x|y|x1|x2|y1|y2|cx|cy|width|height)="-?\d+,\d', page)
        assert not re.search(r'points="[^"]*\d,\d+,', page)


def test_plan_in_russian(client_logged_in, user):
    routine = routine_of(user, 2)
    PlannedSession.objects.create(user=user, routine=routine, weekday=0, time=datetime.time(8))

    plan = text_of(client_logged_in.get(reverse("routines:plan"), **RU))
    history = text_of(client_logged_in.get(reverse("routines:history"), **RU))

    assert "Ваш план на неделю" in plan
    assert "Понедельник" in plan
    assert "Скачать план (.ics)" in plan
    assert "из 1 запланированного дня" in history


def test_programmes_in_russian(client, db):
    html = text_of(client.get(reverse("routines:programmes"), **RU))

    assert "<h1>Готовые программы</h1>" in html
    assert "Попробовать сейчас" in html
    for programme in Programme.objects.all():
        count = programme.items.count()
        assert ru_plural(count, "упражнение", "упражнения", "упражнений") in html


def test_programme_detail_asks_a_visitor_to_sign_up_in_russian(client, db):
    programme = Programme.objects.first()

    html = text_of(client.get(programme.get_absolute_url(), **RU))

    assert re.search(r'<a href="/accounts/signup/\?next=[^"]+">Создайте аккаунт</a>, чтобы', html)


def test_generator_in_russian(client_logged_in):
    url = reverse("routines:generator")

    form = text_of(client_logged_in.get(url, **RU))
    result = text_of(
        client_logged_in.get(url, {"goal": "relieve", "minutes": 10, "level": 1}, **RU)
    )

    assert "<h1>Подобрать комплекс</h1>" in form
    assert "Сначала — двухминутная проверка безопасности" in form
    assert "Ваш комплекс:" in result
    assert "Сохранить в мои комплексы" in result
