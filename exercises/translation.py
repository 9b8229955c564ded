"""The catalogue's fields that have words in every language (django-modeltranslation).

Each field registered here gets a column per language (``name_en``, ``name_ru``), and reading
``exercise.name`` gives the active language's, or the English when a language has none, so
templates, JSON and feeds show the person's language with no change. The loader fills the
columns from the ``<name>.<language>.toml`` files (exercises/translations.py); everything that
is not words (dosage, tags, rules, the figure's angles) has one column, read from the English.
"""

from modeltranslation.translator import TranslationOptions, register

from exercises.models import Condition, Exercise


@register(Exercise)
class ExerciseTranslation(TranslationOptions):
    fields = ("name", "aliases", "summary", "steps", "breathing", "cautions", "specialist")


@register(Condition)
class ConditionTranslation(TranslationOptions):
    fields = ("label", "question", "advice")
