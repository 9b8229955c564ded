"""The page's language: chosen from ?lang=, the saved preference, the cookie and
Accept-Language; switched without JavaScript; named in <html lang>, Content-Language and the
hreflang alternates; and the Russian pages speak Russian."""

import datetime
import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from exercises.models import Exercise
from routines.forms import ManualSessionForm
from tests.factories import PASSWORD, database_gone, take_check

pytestmark = pytest.mark.django_db
HOME = reverse("home")
CATALOGUE = reverse("exercises:catalogue")
ACCOUNT = reverse("accounts:account")


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_a_first_visit_follows_accept_language(client):
    response = client.get(HOME, headers={"accept-language": "ru-RU,ru;q=0.9,en;q=0.5"})

    assert html_lang(response) == "ru"
    assert response["Content-Language"] == "ru"
    assert "Accept-Language" in response["Vary"]
    assert "Заботьтесь о спине дома" in response.content.decode()


def test_a_browser_in_another_language_gets_english(client):
    response = client.get(HOME, headers={"accept-language": "de-DE,de;q=0.9"})

    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"


def test_lang_in_a_link_wins_and_is_kept_for_the_visitor(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"{HOME}?lang=ru", headers={"accept-language": "en"})

    assert html_lang(response) == "ru"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    # The next page, without ?lang=, stays Russian.
    assert html_lang(client.get(CATALOGUE, headers={"accept-language": "en"})) == "ru"


def test_an_unknown_lang_is_ignored(client):
    response = client.get(f"{HOME}?lang=xx", headers={"accept-language": "en"})

    assert html_lang(response) == "en"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_lang_on_a_post_is_not_a_choice(client):
    client.post(f"{reverse('accounts:login')}?lang=ru", {"username": "a@b.c", "password": "x"})

    assert html_lang(client.get(HOME, headers={"accept-language": "en"})) == "en"


def test_the_saved_preference_is_used_after_log_in(client, user):
    user.language = "ru"
    user.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    response = client.get(ACCOUNT, headers={"accept-language": "en"})

    assert html_lang(response) == "ru"
    assert "Ваш аккаунт" in response.content.decode()


def test_switching_saves_the_preference_of_a_signed_in_person(client_logged_in, user):
    client_logged_in.get(f"{ACCOUNT}?lang=ru")

    user.refresh_from_db()
    assert user.language == "ru"
    # Another device (no language cookie, an English browser) gets Russian too.
    client_logged_in.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert html_lang(client_logged_in.get(HOME, headers={"accept-language": "en"})) == "ru"


def test_the_account_page_shows_and_saves_the_language(client_logged_in, user):
    page = client_logged_in.get(ACCOUNT).content.decode()
    assert 'name="language"' in page and 'value="ru"' in page

    data = {
        "weekly_goal": 3,
        "get_ready_seconds": 5,
        "default_rest_seconds": 15,
        "sound": "on",
        "time_zone": "UTC",
        "language": "ru",
    }
    response = client_logged_in.post(ACCOUNT, data, follow=True)

    user.refresh_from_db()
    assert user.language == "ru"
    # The next page is in the new language, and so is the message it shows.
    assert html_lang(response) == "ru"
    html = response.content.decode()
    assert "Настройки сохранены." in html
    assert "Your preferences were saved." not in html

    # Back to the browser's language: the message in that language too.
    data["language"] = ""
    html = client_logged_in.post(ACCOUNT, data, follow=True).content.decode()
    assert "Your preferences were saved." in html


def test_a_new_account_keeps_the_language_it_signed_up_in(client):
    client.post(
        f"{reverse('accounts:signup')}",
        {
            "email": "new@example.com",
            "password1": "a long pass 123",
            "password2": "a long pass 123",
        },
        headers={"accept-language": "ru"},
    )

    from accounts.models import User  # noqa: PLC0415 - the model of this test only

    assert User.objects.get(email="new@example.com").language == "ru"


@pytest.mark.parametrize("url", [HOME, CATALOGUE, reverse("safety:check"), "/no-such-page/"])
def test_every_page_has_the_switcher_as_plain_links(client, url):
    """No JavaScript needed: each language is a link to this very page with ?lang= (a
    relative address: the same page, whichever page of a view it is)."""
    page = client.get(url, headers={"accept-language": "en"}).content.decode()

    switcher = re.search(r'<ul class="language-switcher.*?</ul>', page, re.S).group(0)
    assert 'href="?lang=ru"' in switcher and 'lang="ru"' in switcher
    assert 'href="?lang=en"' in switcher
    assert "<script" not in switcher and "<form" not in switcher


def test_an_english_page_around_plain_content_keeps_to_latin1(client):
    """The switcher's "Русский" is written as character references, so an English page
    whose own content is Latin-1 (the log-in form) has no wider
    character: Python then builds and encodes it at one byte a character (languages.py
    ``latin1_html``). The browser still shows and reads "Русский" (lang="ru")."""
    page = client.get(reverse("accounts:login"), headers={"accept-language": "en"})
    text = page.content.decode()

    switcher = re.search(r'<ul class="language-switcher.*?</ul>', text, re.S).group(0)
    assert "&#1056;&#1091;&#1089;&#1089;&#1082;&#1080;&#1081;</a>" in switcher
    wide = {character for character in text if ord(character) > 0xFF}
    assert not wide, f"characters beyond Latin-1 in an English page: {sorted(wide)}"


def test_the_switcher_echoes_no_query_but_a_next_of_this_site(client):
    page = client.get(f"{CATALOGUE}?q=cat&utm=made-up-1").content.decode()
    assert 'href="?lang=ru"' in page
    assert "made-up-1" not in page

    login = reverse("accounts:login")
    page = client.get(f"{login}?next=/routines/").content.decode()
    assert 'href="?next=%2Froutines%2F&amp;lang=ru"' in page
    # Pages with a next are rendered afresh: another next is never served a cached one.
    page = client.get(f"{login}?next=/history/").content.decode()
    assert 'href="?next=%2Fhistory%2F&amp;lang=ru"' in page
    page = client.get(f"{login}?next=https://evil.example/").content.decode()
    assert "evil" not in page


def test_public_pages_name_their_alternates(client):
    page = client.get(f"{CATALOGUE}?q=cat").content.decode()

    for hreflang, query in (("en", "?lang=en"), ("ru", "?lang=ru"), ("x-default", "")):
        link = f'<link rel="alternate" hreflang="{hreflang}" href="http://testserver{CATALOGUE}{query}">'
        assert link in page


def test_private_pages_have_no_alternates(client_logged_in):
    assert 'rel="alternate"' not in client_logged_in.get(ACCOUNT).content.decode()


def test_russian_plurals_have_three_forms():
    with translation.override("ru"):
        words = [
            ngettext("%(counter)s exercise matches", "%(counter)s exercises match", n)
            % {"counter": n}
            for n in (1, 2, 5, 21, 11)
        ]
    assert words == [
        "Найдено 1 упражнение",
        "Найдено 2 упражнения",
        "Найдено 5 упражнений",
        "Найдено 21 упражнение",
        "Найдено 11 упражнений",
    ]


def test_the_catalogue_counts_in_russian(client):
    count = Exercise.objects.count()
    page = client.get(f"{CATALOGUE}?lang=ru").content.decode()

    with translation.override("ru"):
        expected = ngettext(
            "%(counter)s exercise matches", "%(counter)s exercises match", count
        ) % {"counter": count}
    assert expected in page


def russian(text: str) -> bool:
    return re.search("[а-яё]{4,}", text, re.I) is not None


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (HOME, "Заботьтесь о спине дома"),
        (CATALOGUE, "Упражнения"),
        (reverse("safety:check"), "Проверка безопасности"),
        (reverse("safety:result"), "Проверка безопасности"),
        (reverse("accounts:login"), "Забыли пароль?"),
        (reverse("accounts:signup"), "Создайте аккаунт"),
        (reverse("accounts:password_reset"), "Восстановить пароль"),
        (reverse("offline"), "Вы не в сети"),
    ],
)
def test_a_russian_page_speaks_russian(client, url, words):
    response = client.get(f"{url}?lang=ru")

    assert response.status_code == 200
    assert words in response.content.decode()


def test_a_russian_exercise_page(client):
    exercise = Exercise.objects.first()
    response = client.get(f"{exercise.get_absolute_url()}?lang=ru")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Как выполнять" in html
    # A link inside a sentence is one sentence to translate, with its comma.
    assert "Пройдите проверку безопасности</a>, чтобы узнать, подходит ли вам" in html
    assert "Создайте аккаунт</a>, чтобы добавить это упражнение" in html


def test_a_russian_404(client):
    response = client.get("/no-such-page/?lang=ru")

    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_the_russian_account_page(client_logged_in):
    response = client_logged_in.get(f"{ACCOUNT}?lang=ru")

    assert "Ваш аккаунт" in response.content.decode()
    assert "Язык" in response.content.decode()


def test_a_red_flag_in_russian_gives_the_emergency_numbers(client_logged_in):
    client_logged_in.get(f"{HOME}?lang=ru")
    take_check(client_logged_in, "saddle-numbness")

    page = client_logged_in.get(reverse("safety:result")).content.decode()

    assert "Срочно обратитесь за медицинской помощью" in page
    for number in ("103", "112", "999", "911"):
        assert number in page


def test_dates_follow_the_language(client_logged_in):
    client_logged_in.get(f"{HOME}?lang=ru")
    take_check(client_logged_in)

    page = client_logged_in.get(reverse("safety:result")).content.decode()

    months = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
    assert any(month in page for month in months.split())


def test_a_russian_page_carries_the_javascripts_words_as_json(client):
    """Data, not a script (strict CSP), and part of the page (kept offline with it)."""
    page = client.get(f"{HOME}?lang=ru").content.decode()

    found = re.search(r'<script id="js-catalogue" type="application/json">(.*?)</script>', page)
    data = json.loads(found.group(1))
    assert data["catalog"]["Breathe in…"] == "Вдох…"
    assert data["catalog"]["%(count)s second"][2] == "%(count)s секунд"
    assert [data["plural"][n] for n in (1, 2, 5, 21, 111)] == [0, 1, 2, 0, 2]


def test_an_english_page_needs_no_javascript_words(client):
    assert 'id="js-catalogue"' not in client.get(f"{HOME}?lang=en").content.decode()


def test_the_503_of_a_signed_in_person_is_in_their_browsers_language(client_logged_in):
    client_logged_in.raise_request_exception = False
    client_logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    with database_gone() as attempts:
        response = client_logged_in.get(CATALOGUE)

    assert response.status_code == 503
    assert attempts.call_count == 1
    assert "Скоро вернёмся" in response.content.decode()


def test_a_date_input_holds_an_iso_date_in_russian(user):
    form = ManualSessionForm(user, initial={"date": datetime.date(2026, 12, 6)})
    with translation.override("ru"):
        html = str(form["date"])

    assert 'value="2026-12-06"' in html  # not "06.12.2026", which a date input refuses
