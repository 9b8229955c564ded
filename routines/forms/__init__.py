"""The routines app's forms, one module a seam, all named here so that
``from routines.forms import RoutineForm`` reads as it always has:

- ``routines.py``: the builder (a routine, its items, their order) and the generator;
- ``log.py``: the log (a played session as the player sends it, one logged by hand, an
  edit), reading the player's JSON with ``json_body.py``;
- ``check_in.py``: the check-in before playing and the choices it leads to;
- ``weekly.py``: the weekly plan.

Each form owns its write (through ``routines.services``); every write is atomic.
"""

from routines.forms.check_in import CareForm, CheckInForm, IncludeForm
from routines.forms.json_body import (
    MAX_JSON_DEPTH,
    MAX_SESSION_BYTES,
    json_problem,
    parse_json_object,
)
from routines.forms.log import (
    PAIN_CHOICES,
    ManualSessionForm,
    SessionEditForm,
    SessionMomentField,
    SessionPayloadForm,
    validate_moment,
)
from routines.forms.routines import (
    MAX_ITEMS,
    AddItemForm,
    GeneratorForm,
    ItemForm,
    OrderForm,
    RoutineForm,
)
from routines.forms.weekly import WeeklyPlanForm

__all__ = [
    "MAX_ITEMS",
    "MAX_JSON_DEPTH",
    "MAX_SESSION_BYTES",
    "PAIN_CHOICES",
    "AddItemForm",
    "CareForm",
    "CheckInForm",
    "GeneratorForm",
    "IncludeForm",
    "ItemForm",
    "ManualSessionForm",
    "OrderForm",
    "RoutineForm",
    "SessionEditForm",
    "SessionMomentField",
    "SessionPayloadForm",
    "WeeklyPlanForm",
    "json_problem",
    "parse_json_object",
    "validate_moment",
]
