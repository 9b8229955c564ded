"""Browser tests in each language: the words a test looks for on a page in that language,
and, on a Russian page, the English left in what it shows."""

import re

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def words(language):
    """``say(text)``: what a page in ``language`` shows for the English ``text``, from the
    interface's catalogues (the templates' and the JavaScript's)."""
    script = DjangoTranslation(language, domain="djangojs", localedirs=settings.LOCALE_PATHS)

    def find(text):
        with translation.override(language):
            found = translation.gettext(text)
        return found if found != text else script.gettext(text)

    def say(text):
        found = find(text)
        if found == text and text[:1].isupper():
            # A form's label from a model field's name, which Django capitalises.
            lower = find(text[:1].lower() + text[1:])
            found = lower[:1].upper() + lower[1:]
        return found

    return say


def start_of(say, text, length=None):
    """The beginning of what ``say`` gives for ``text``: up to its first placeholder or tag,
    or its first ``length`` characters: enough to find a longer text by."""
    found = re.split(r"%\(|<", say(text))[0].strip()
    return found[:length] if length else found


def choose(context, base, language):
    """Every page of this browser in ``language``, as the switcher's choice keeps it."""
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])


# What a Russian page may show in Latin letters: the app's name, the UK's health service (named
# as an example of a medical helpline), file formats and abbreviations written the same in
# Russian texts. The switcher's "English" carries lang="en", so it is not counted.
PROPER_NAMES = {"BackCare", "NHS", "UTC", "PDF", "CSV", "JSON", "ics", "iCalendar"}

# The visible text of the page (text nodes whose element shows, screen-reader-only text
# included) and the words it gives in attributes (labels, placeholders, titles, alt text),
# leaving out what is in another language by its lang attribute, the people's own data in
# form fields (a <select>'s options: the time zones), and scripts.
SHOWN_TEXT = """() => {
    // A key cap (<kbd>R</kbd>) is named as the keyboard prints it.
    const skip = (el) => el.closest("script, style, template, select, noscript")
        || (el.closest("kbd") && el.textContent.trim().length === 1)
        || (el.closest("[lang]") && el.closest("[lang]").lang !== document.documentElement.lang);
    const shown = (el) => !el.checkVisibility || el.checkVisibility();
    const found = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const el = walker.currentNode.parentElement;
        if (el && !skip(el) && shown(el) && walker.currentNode.textContent.trim()) {
            found.push(walker.currentNode.textContent.trim());
        }
    }
    const named = "[aria-label], [placeholder], [title], [alt]";
    for (const el of document.body.querySelectorAll(named)) {
        if (skip(el) || !shown(el)) continue;
        for (const name of ["aria-label", "placeholder", "title", "alt"]) {
            const value = el.getAttribute(name);
            if (value && value.trim()) found.push(value.trim());
        }
    }
    return found;
}"""

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# An e-mail address or a web address is the person's or the site's, not a word of English.
ADDRESS = re.compile(r"\S+@\S+|https?://\S+|/[\w/.-]*")


def english_left(texts, allowed=()):
    """The texts that hold a Latin-letter word which is neither a proper name nor a word of
    ``allowed`` (the test's own data): [(text, its English words)]."""
    allowed_words = set(PROPER_NAMES)
    for phrase in allowed:
        allowed_words |= set(LATIN_WORD.findall(phrase))
    left = {}
    for text in texts:
        found = [w for w in LATIN_WORD.findall(ADDRESS.sub(" ", text)) if w not in allowed_words]
        if found and text not in left:
            left[text] = " ".join(dict.fromkeys(found))
    return list(left.items())
