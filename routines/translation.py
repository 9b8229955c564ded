"""A routine's words in every language (django-modeltranslation, see exercises/translation.py).

A built-in programme has its name and description in each language, from
routines/programmes/programmes.<language>.toml. A person's own routine has the one name they
typed, whatever the page's language: ``Routine.save`` keeps it in every language's column.
"""

from modeltranslation.translator import TranslationOptions, register

from routines.models import Routine


@register(Routine)
class RoutineTranslation(TranslationOptions):
    fields = ("name", "notes")
