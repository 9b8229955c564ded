"""Before/after pictures of the database, to show that a refused request changed nothing."""

from django.apps import apps

# Everything a person owns or that describes them; compared row by row. The safety check a
# person took lives with the safety rules in exercises, but is theirs.
OWNED_DATA_APPS = ("accounts", "routines")
OWNED_MODELS = ("exercises.Screening",)
# Shared data that no user request may touch; compared by row count.
SHARED_DATA_APPS = ("exercises", "axes")


def object_snapshot(obj):
    """An object's row and its items' rows (Routine and Session keep theirs in .items)."""
    model = type(obj)
    row = model.objects.filter(pk=obj.pk).values().first()
    items = []
    if row is not None and hasattr(model, "items"):
        items = list(model.objects.get(pk=obj.pk).items.order_by("pk").values())
    return row, items


def row_counts(models):
    return {model._meta.label: model.objects.count() for model in models}


def database_snapshot():
    """Every row of the users' data and the row counts of the shared data."""
    owned = [apps.get_model(label) for label in OWNED_MODELS]
    for label in OWNED_DATA_APPS:
        owned += apps.get_app_config(label).get_models()
    rows = {model._meta.label: list(model.objects.order_by("pk").values()) for model in owned}
    for label in SHARED_DATA_APPS:
        shared = [m for m in apps.get_app_config(label).get_models() if m not in owned]
        rows.update(row_counts(shared))
    return rows
