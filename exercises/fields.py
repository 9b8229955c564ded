"""A model field for a small set of choices, stored so every database can filter it.

A list such as ["neck", "lower-back"] is stored as the text "|neck|lower-back|". The
``has`` lookup (``regions__has="neck"``) becomes ``LIKE '%|neck|%'``, which behaves the
same on SQLite and PostgreSQL and needs no join, so a page of exercises with their regions
and tags is one query.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.lookups import Contains


class ChoiceListField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value
        if isinstance(value, tuple):
            return list(value)
        return [item for item in value.split("|") if item]

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, str):
            value = self.to_python(value)
        return "|" + "|".join(value) + "|" if value else ""

    def validate(self, value, model_instance):
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        allowed = {key for key, _ in self.choices or []}
        unknown = [item for item in value if item not in allowed]
        if unknown:
            raise ValidationError(f"Unknown value(s): {', '.join(unknown)}", code="invalid_choice")
        if len(set(value)) != len(value):
            raise ValidationError("A value is repeated.", code="repeated")

    def run_validators(self, value):
        super().run_validators(self.get_prep_value(value))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choices,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def get_choices(self, *args, **kwargs):  # used by admin list filters
        return list(self.choices or [])


@ChoiceListField.register_lookup
class Has(Contains):
    """``field__has="neck"``: the list contains that exact item."""

    lookup_name = "has"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [f"|{value}|"])

    def get_rhs_op(self, connection, rhs):
        return connection.operators["contains"] % rhs
