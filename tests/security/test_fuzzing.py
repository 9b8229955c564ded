"""Hostile input never breaks a page, and a form that is refused writes nothing.

Every endpoint that takes a form (and the player's JSON endpoint) is sent, by Hypothesis,
near-valid submissions (a valid one with one or two fields changed or left out),
well-formed ones (every field, with values at and just past the limits) and hostile ones:
random text, 10 000-character strings, NUL characters, emoji, right-to-left marks, -1, 0,
2**63 and 1e308 as text, missing fields, unknown fields and fields sent two or three times.

For each submission the test first asks the app's own form whether it accepts the data,
then sends it: the answer must be one a browser can handle (never 5xx), a redirect must
stay on the site, and when the form refuses the data the watched tables and the edited
object must be exactly as before. Each example runs in a transaction that is rolled back,
so examples do not see each other's writes.

The bugs the fuzzing found are kept at the end as plain tests.
"""

import datetime
import json
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Model
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.forms import DeleteAccountForm, PreferencesForm, SignUpForm
from accounts.models import User
from exercises.models import Condition, Equipment, Exercise, Region
from exercises.safety.forms import CheckForm, ClearanceForm
from exercises.safety.models import Screening
from exercises.safety.questionnaire import NONE, TICK, layout
from routines.forms import (
    AddItemForm,
    GeneratorForm,
    ItemForm,
    ManualSessionForm,
    OrderForm,
    RoutineForm,
    SessionEditForm,
)
from routines.models import Routine, RoutineItem, Session, SessionItem
from tests.factories import PASSWORD, RoutineFactory, RoutineItemFactory, SessionFactory
from tests.security.snapshots import object_snapshot, row_counts

pytestmark = pytest.mark.django_db

# Each example is a request with its own transaction: a quarter of the profile's count
# (tests/conftest.py), so 50 under CI.
FUZZ = settings(
    max_examples=max(5, settings().max_examples // 4),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # each example rolls its own transaction back
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
ANSWERS = {200, 302, 400, 403, 404, 405}
WATCHED = (User, Screening, Routine, RoutineItem, Session, SessionItem)
NEW_PASSWORD = "a-brand-new-pass-phrase-19"

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    str(2**63),
    str(-(2**63) - 1),
    str(2**64),
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "\U0001f600\U0001f525",
    "\u202eevil\u202c",
    "\u0645\u0631\u062d\u0628\u0627",
    "\uff11\uff12",  # full-width digits
    "\u0663",  # Arabic-Indic three
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "%00",
    "x" * 10_000,
    "\U0001f600" * 5_000,
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "24:00",
    "//evil.example/",
]


def choices(*options):
    """sampled_from, but shown by index: Hypothesis would otherwise describe the strategy
    (10 000-character strings included) on every draw."""
    return st.sampled_from(range(len(options))).map(options.__getitem__)


def scalars(good):
    return st.one_of(
        good,
        good,
        choices(*HOSTILE),
        st.text(max_size=40),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.floats().map(str),
    )


def values(good):
    """One value, or the same field sent two or three times."""
    return st.one_of(scalars(good), scalars(good), st.lists(scalars(good), min_size=2, max_size=3))


@dataclass(frozen=True)
class Field:
    valid: object  # accepted, together with the other fields' valid values
    edges: st.SearchStrategy  # plausible values: valid ones and those just past the limits


def field(valid, *edges):
    return Field(str(valid), texts(valid, *edges))


MISSING = object()


@st.composite
def near_valid(draw, fields, wild=values):
    """A valid submission with one or two fields changed to an edge or wild value, or left
    out: the other fields being valid, the changed one reaches the code behind the form."""
    data = {name: f.valid for name, f in fields.items()}
    for name in draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=2)):
        edges = fields[name].edges
        value = draw(st.one_of(edges, edges, wild(edges), st.just(MISSING)))
        if value is MISSING:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def submissions(fields):
    """A third near-valid, a third well-formed (every field, each with an edge value), a
    third hostile (fields missing, unknown, repeated, or with hostile values)."""
    well_formed = st.fixed_dictionaries({name: f.edges for name, f in fields.items()})
    hostile = st.tuples(
        st.dictionaries(st.text(max_size=12), values(st.nothing()), max_size=2),
        st.fixed_dictionaries({}, optional={name: values(f.edges) for name, f in fields.items()}),
    ).map(lambda pair: {**pair[0], **pair[1]})
    return st.one_of(near_valid(fields), well_formed, hostile)


def texts(*options):
    return choices(*[str(option) for option in options])


# The cast ---------------------------------------------------------------------------------


@dataclass
class Cast:
    user: User
    routine: Routine
    item: RoutineItem
    foreign_routine: Routine
    session: Session
    screening: Screening
    slugs: list[str]

    @property
    def item_ids(self):
        return list(self.routine.items.values_list("pk", flat=True))


@pytest.fixture
def cast(user, other_user):
    # Far from UTC: dates near the ends of the calendar cannot be moved to UTC.
    user.time_zone = "Asia/Tokyo"
    user.save()
    routine = RoutineFactory(owner=user, name="Morning", notes="Gentle.")
    for position, mode in enumerate(("hold", "reps", "timed")):
        exercise = Exercise.objects.filter(mode=mode).order_by("slug").first()
        RoutineItemFactory(routine=routine, exercise=exercise, position=position)
    session = SessionFactory(user=user, routine=routine, notes="Felt fine.", pain_before=4)
    return Cast(
        user=user,
        routine=routine,
        item=routine.items.first(),
        foreign_routine=RoutineFactory(owner=other_user),
        session=session,
        screening=Screening.objects.create(
            user=user, version=1, answers={}, age=40, outcome="clear"
        ),
        slugs=list(Exercise.objects.order_by("slug").values_list("slug", flat=True)[:5]),
    )


@pytest.fixture
def fuzz_client():
    # One client for all examples: a new one would start the middleware again each time.
    return Client()


def fresh(obj):
    """A copy from the database, for a form to validate without touching the test's own."""
    return type(obj).objects.get(pk=obj.pk)


# The endpoints ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    url: Callable[[Cast], str]
    fields: Callable[[Cast], dict]
    # Whether the app's form accepts the data (then it may write); None: it never writes.
    accepts: Callable[[Cast, QueryDict], bool] | None = None
    edited: Callable[[Cast], Model] | None = None
    method: str = "post"
    anonymous: bool = False


def url(name, *args):
    return lambda cast: reverse(name, args=[arg(cast) for arg in args])


def routine_pk(cast):
    return cast.routine.pk


def logs_in(cast, data):
    # What AuthenticationForm and the backend do with the typed address: strip, NFKC, lower.
    typed = unicodedata.normalize("NFKC", (data.get("username") or "").strip()).lower()
    return typed == cast.user.email and data.get("password") == PASSWORD


PREFIX = "item-{}-"
GENERATOR_FIELDS = {
    "goal": field("relieve", "stretch", "strengthen", "warm-up", "fly"),
    "regions": Field([], st.lists(st.sampled_from([*Region.values, "nowhere"]), max_size=3)),
    "minutes": field(15, 5, 45, 4, 46),
    "level": field(1, 2, 3, 4),
    "equipment": Field([], st.lists(st.sampled_from([*Equipment.values, "rocket"]), max_size=3)),
    "seed": field(7, 0, 2**31, 2**31 + 1),
}


def check_fields():
    """The safety check's first page: tick lists (with "None of these") and yes/no umbrellas."""
    fields = {}
    for part in layout(Condition.objects.all()):
        if part.section.kind == TICK:
            choices = [*part.slugs, NONE, "not-a-condition"]
            fields[part.key] = Field([NONE], st.lists(st.sampled_from(choices), max_size=3))
        else:
            fields[part.key] = field("no", "yes", "maybe")
    return fields


def passwords(valid):
    return field(valid, PASSWORD, "wrong-password", NEW_PASSWORD, "short")


def score():
    return field("", 0, 5, 10, 11)


NOTES = field("Felt good.", "", "x" * 2001)

ENDPOINTS = {
    "sign-up": Endpoint(
        url("accounts:signup"),
        lambda cast: {
            "email": field("new.person@example.com", "OWNER@example.com", "no-at-sign"),
            "password1": passwords(NEW_PASSWORD),
            "password2": passwords(NEW_PASSWORD),
            "time_zone": field("Europe/Paris", "UTC", "Mars/Olympus"),
        },
        accepts=lambda cast, data: SignUpForm(data).is_valid(),
        anonymous=True,
    ),
    "log-in": Endpoint(
        url("accounts:login"),
        lambda cast: {
            "username": field(cast.user.email, cast.user.email.upper(), "nobody@example.com"),
            "password": passwords(PASSWORD),
            "next": field("/routines/", "//evil.example/", "https://evil.example/", "/\\evil"),
        },
        accepts=logs_in,
        edited=lambda cast: cast.user,
        anonymous=True,
    ),
    "password change": Endpoint(
        url("accounts:password_change"),
        lambda cast: {
            "old_password": passwords(PASSWORD),
            "new_password1": passwords(NEW_PASSWORD),
            "new_password2": passwords(NEW_PASSWORD),
        },
        accepts=lambda cast, data: PasswordChangeForm(fresh(cast.user), data).is_valid(),
        edited=lambda cast: cast.user,
    ),
    "password reset request": Endpoint(
        url("accounts:password_reset"),
        lambda cast: {"email": field(cast.user.email, "nobody@example.com", "bad")},
        edited=lambda cast: cast.user,
        anonymous=True,
    ),
    "preferences": Endpoint(
        url("accounts:account"),
        lambda cast: {
            "weekly_goal": field(3, 1, 14, 0, 15),
            "get_ready_seconds": field(5, 0, 60, 61),
            "default_rest_seconds": field(15, 0, 300, 301),
            "sound": field("on", ""),
            "voice": field("", "on"),
            "time_zone": field("Europe/Paris", "Pacific/Kiritimati", "Nowhere/Atlantis"),
        },
        accepts=lambda cast, data: PreferencesForm(data, instance=fresh(cast.user)).is_valid(),
        edited=lambda cast: cast.user,
    ),
    "delete account": Endpoint(
        url("accounts:delete"),
        lambda cast: {"password": passwords(PASSWORD)},
        accepts=lambda cast, data: DeleteAccountForm(fresh(cast.user), data).is_valid(),
        edited=lambda cast: cast.user,
    ),
    "safety check": Endpoint(
        url("safety:check"),
        lambda cast: {"age": field(40, 1, 120, 0, 121), **check_fields()},
        accepts=lambda cast, data: CheckForm(layout(Condition.objects.all()), data).is_valid(),
    ),
    "clearance": Endpoint(
        url("safety:clearance"),
        lambda cast: {"confirm": field("on", ""), "note": field("Dr Smith said yes.", "x" * 301)},
        accepts=lambda cast, data: ClearanceForm(data).is_valid(),
        edited=lambda cast: cast.screening,
    ),
    "routine create": Endpoint(
        url("routines:create"),
        lambda cast: {"name": field("Morning", "x" * 100, "x" * 101), "notes": NOTES},
        accepts=lambda cast, data: RoutineForm(data).is_valid(),
    ),
    "routine edit": Endpoint(
        url("routines:edit", routine_pk),
        lambda cast: {"name": field("Evening", "x" * 100, "x" * 101), "notes": NOTES},
        accepts=lambda cast, data: RoutineForm(data, instance=fresh(cast.routine)).is_valid(),
        edited=lambda cast: cast.routine,
    ),
    "item add": Endpoint(
        url("routines:item_add", routine_pk),
        lambda cast: {
            "exercise": field(*cast.slugs, "no-such-exercise"),
            "confirm": field("on", ""),
        },
        accepts=lambda cast, data: AddItemForm(fresh(cast.routine), data).is_valid(),
        edited=lambda cast: cast.routine,
    ),
    "item update": Endpoint(
        url("routines:item_update", routine_pk, lambda cast: cast.item.pk),
        lambda cast: {
            PREFIX.format(cast.item.pk) + name: good
            for name, good in {
                "seconds": field(30, "", 1, 1800, 0, 1801),
                "reps": field("", 1, 100, 0, 101),
                "sets": field(2, "", 1, 10, 0, 11),
                "rest_seconds": field("", 0, 300, 301),
                "per_side": field("", "yes", "no", "maybe"),
            }.items()
        },
        accepts=lambda cast, data: ItemForm(
            data, instance=fresh(cast.item), prefix=PREFIX.format(cast.item.pk)[:-1]
        ).is_valid(),
        edited=lambda cast: cast.routine,
    ),
    "item order": Endpoint(
        url("routines:item_order", routine_pk),
        lambda cast: {
            "order": Field(
                ",".join(map(str, cast.item_ids)),
                st.permutations(cast.item_ids).map(lambda ids: ",".join(map(str, ids))),
            )
        },
        accepts=lambda cast, data: OrderForm(fresh(cast.routine), data).is_valid(),
        edited=lambda cast: cast.routine,
    ),
    "item move": Endpoint(
        url("routines:item_move", routine_pk, lambda cast: cast.item.pk),
        lambda cast: {"direction": field("down", "up", "sideways")},
        accepts=lambda cast, data: data.get("direction") in {"up", "down"},
        edited=lambda cast: cast.routine,
    ),
    "add to a new routine": Endpoint(
        url("routines:add_to_routine", lambda cast: cast.slugs[0]),
        lambda cast: {
            "name": field("From the catalogue", "x" * 101),
            "notes": NOTES,
            "exercise": field(*cast.slugs, "no-such-exercise"),
            "confirm": field("on", ""),
        },
        accepts=lambda cast, data: RoutineForm(data).is_valid(),
    ),
    "builder search": Endpoint(
        url("routines:detail", routine_pk),
        lambda cast: {"q": field("cat", "knee to chest", "")},
        edited=lambda cast: cast.routine,
        method="get",
    ),
    "catalogue filters": Endpoint(
        url("exercises:catalogue"),
        lambda cast: {
            "q": field("stretch", "x" * 101),
            "category": field("stretch", "flying"),
            "region": field(*Region.values, "tail"),
            "equipment": field("none", "mat", "rocket"),
            "difficulty": field(1, 3, 4),
            "time": field("short", "eternal"),
            "show_all": field("on", ""),
            "page": field(1, 2, 999, "last"),
        },
        method="get",
    ),
    "generator": Endpoint(url("routines:generator"), lambda cast: GENERATOR_FIELDS, method="get"),
    "generator save": Endpoint(
        url("routines:generator_save"),
        lambda cast: GENERATOR_FIELDS,
        accepts=lambda cast, data: GeneratorForm(data).is_valid(),
    ),
    "session create": Endpoint(
        url("routines:session_create"),
        lambda cast: {
            "routine": field(cast.routine.pk, cast.foreign_routine.pk),
            "date": field(
                (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
                "0001-01-01",
                "1900-01-01",
                "9999-12-31",
                "2099-01-01",
                "2024-02-30",
            ),
            "start_time": field("07:30", "00:00", "23:59", "24:00"),
            "minutes": field(20, 1, 600, 0, 601),
            "pain_before": score(),
            "pain_after": score(),
            "effort": score(),
            "notes": NOTES,
        },
        accepts=lambda cast, data: ManualSessionForm(fresh(cast.user), data).is_valid(),
    ),
    "session edit": Endpoint(
        url("routines:session_edit", lambda cast: cast.session.pk),
        lambda cast: {
            "pain_before": score(),
            "pain_after": score(),
            "effort": score(),
            "notes": NOTES,
        },
        accepts=lambda cast, data: SessionEditForm(data, instance=fresh(cast.session)).is_valid(),
        edited=lambda cast: cast.session,
    ),
    "history page": Endpoint(
        url("routines:history"), lambda cast: {"page": field(1, 2, "last", 0)}, method="get"
    ),
    # The check-in is kept in the visitor's session, never in the watched tables.
    "check-in": Endpoint(
        url("routines:play", routine_pk),
        lambda cast: {
            "unwell": field("no", "yes", "maybe"),
            "new_pain": field("no", "yes"),
            "weak": field("no", "yes"),
            "nerves": field("no", "yes"),
            "pain_before": score(),
        },
        edited=lambda cast: cast.routine,
    ),
}


# Sending and checking ---------------------------------------------------------------------


def snapshot(obj):
    return row_counts(WATCHED), object_snapshot(obj) if obj is not None else None


def start_example(client, cast, *, anonymous):
    client.cookies.clear()
    if not anonymous:
        client.force_login(cast.user, backend="accounts.backends.UserBackend")


def assert_answered_sensibly(response, answers=ANSWERS):
    assert response.status_code in answers, response.content[:2000]
    if response.status_code in {301, 302, 303, 307, 308}:
        assert url_has_allowed_host_and_scheme(
            response["Location"], allowed_hosts={"testserver"}
        ), response["Location"]


@pytest.mark.parametrize("name", [name for name, e in ENDPOINTS.items() if e.accepts])
def test_near_valid_submissions_start_from_an_accepted_one(name, cast):
    fields = ENDPOINTS[name].fields(cast)
    valid = urlencode({field: f.valid for field, f in fields.items()}, doseq=True)

    assert ENDPOINTS[name].accepts(cast, QueryDict(valid))


@pytest.mark.parametrize("name", list(ENDPOINTS))
@FUZZ
@given(data=st.data())
def test_hostile_form_input_is_answered_without_error(name, data, cast, fuzz_client):
    endpoint = ENDPOINTS[name]
    with transaction.atomic():
        start_example(fuzz_client, cast, anonymous=endpoint.anonymous)
        body = urlencode(data.draw(submissions(endpoint.fields(cast)), label="form"), doseq=True)
        target = endpoint.url(cast)
        accepted = endpoint.accepts is not None and endpoint.accepts(cast, QueryDict(body))
        edited = endpoint.edited(cast) if endpoint.edited else None
        before = snapshot(edited)

        if endpoint.method == "get":
            response = fuzz_client.get(f"{target}?{body}")
        else:
            response = fuzz_client.post(
                target, body, content_type="application/x-www-form-urlencoded"
            )

        assert_answered_sensibly(response)
        if not accepted:
            assert snapshot(edited) == before
        transaction.set_rollback(True)


# The player's JSON endpoint -------------------------------------------------------------

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=30),
    choices(*HOSTILE),
)
ANY_JSON = st.recursive(
    JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=8,
)


def maybe(good):
    return st.one_of(good, good, ANY_JSON)


def session_fields(cast):
    now = timezone.now()
    started, finished = now - datetime.timedelta(minutes=15), now
    moments = [
        "2024-05-01T07:30:00",
        "2024-05-01 07:30",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-12:00",
        "2024-13-01T00:00:00Z",
        "yesterday",
        1714550400,
    ]
    seconds = [600, 0, 86400, 86401, -1, "600", 2**63]
    scores = [None, 0, 10, 11, -1, "5", 1e308]
    item = st.fixed_dictionaries(
        {
            "exercise": maybe(choices(*cast.slugs, "no-such", "a\x00b")),
            "status": maybe(choices("done", "skipped", "stopped", "bored")),
            "seconds": maybe(choices(*seconds)),
        }
    )
    return {
        "client_id": Field(
            str(uuid.uuid4()), st.one_of(st.uuids().map(str), st.just(str(cast.session.client_id)))
        ),
        "started_at": Field(started.isoformat(), choices(started.isoformat(), *moments)),
        "finished_at": Field(finished.isoformat(), choices(finished.isoformat(), *moments)),
        "planned_seconds": Field(600, choices(*seconds)),
        "actual_seconds": Field(600, choices(*seconds)),
        "pain_before": Field(4, choices(*scores)),
        "pain_after": Field(2, choices(*scores)),
        "effort": Field(5, choices(*scores)),
        "notes": Field("Good.", choices("", "x" * 2001, "a\x00b", "\u202eevil")),
        "items": Field(
            [{"exercise": slug, "status": "done", "seconds": 30} for slug in cast.slugs[:2]],
            st.lists(item, max_size=3),
        ),
        "check_in": Field(
            {"unwell": False, "new_pain": False, "weak": False, "nerves": False},
            st.dictionaries(choices("unwell", "new_pain", "weak", "hungry"), JSON_LEAVES),
        ),
    }


def session_payloads(cast):
    """Near-valid, well-formed or hostile sessions as JSON, or bytes that are not JSON."""
    fields = session_fields(cast)
    well_formed = st.fixed_dictionaries({name: f.edges for name, f in fields.items()})
    hostile = st.fixed_dictionaries(
        {}, optional={name: maybe(f.edges) for name, f in fields.items()}
    )
    payloads = st.one_of(near_valid(fields, wild=maybe), well_formed, hostile, ANY_JSON)
    return st.one_of(payloads.map(lambda p: json.dumps(p).encode()), st.binary(max_size=64))


@FUZZ
@given(data=st.data())
def test_hostile_session_json_is_answered_without_error(data, cast, fuzz_client):
    with transaction.atomic():
        start_example(fuzz_client, cast, anonymous=False)
        body = data.draw(session_payloads(cast), label="body")
        before = snapshot(cast.routine)

        response = fuzz_client.post(
            reverse("routines:save_session", args=[cast.routine.pk]),
            body,
            content_type="application/json",
        )

        # 409: the body reused the id of a stored session with other content.
        assert_answered_sensibly(response, ANSWERS | {201, 409})
        if response.status_code not in {200, 201}:
            assert response.status_code in {400, 409}
            assert snapshot(cast.routine) == before
        transaction.set_rollback(True)


def test_near_valid_sessions_start_from_an_accepted_one(cast, client):
    client.force_login(cast.user, backend="accounts.backends.UserBackend")
    valid = {name: f.valid for name, f in session_fields(cast).items()}

    response = client.post(
        reverse("routines:save_session", args=[cast.routine.pk]),
        json.dumps(valid),
        content_type="application/json",
    )

    assert response.status_code == 201


# Links from password-reset e-mails -----------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_hostile_password_reset_links_are_answered_without_error(data, cast, fuzz_client):
    real = {
        "uidb64": urlsafe_base64_encode(force_bytes(cast.user.pk)),
        "token": default_token_generator.make_token(cast.user),
    }
    segment = st.one_of(st.text(min_size=1, max_size=40), choices(*HOSTILE[1:])).filter(
        lambda text: "/" not in text
    )
    with transaction.atomic():
        start_example(fuzz_client, cast, anonymous=True)
        kwargs = {
            name: data.draw(st.one_of(st.just(value), texts("set-password"), segment), label=name)
            for name, value in real.items()
        }
        target = reverse("accounts:password_reset_confirm", kwargs=kwargs)
        form = data.draw(
            submissions(
                {"new_password1": passwords(NEW_PASSWORD), "new_password2": passwords(NEW_PASSWORD)}
            ),
            label="form",
        )
        before = snapshot(cast.user)

        assert_answered_sensibly(fuzz_client.get(target))
        assert_answered_sensibly(fuzz_client.post(target, form))
        # A link on its own sets no password: a valid one only leads to the form.
        assert snapshot(cast.user) == before
        transaction.set_rollback(True)


# What the fuzzing found, kept as plain tests ----------------------------------------------


def post_session(client, routine, **fields):
    now = timezone.now()
    payload = {
        "client_id": str(uuid.uuid4()),
        "started_at": (now - datetime.timedelta(minutes=5)).isoformat(),
        "finished_at": now.isoformat(),
        **fields,
    }
    return client.post(
        reverse("routines:save_session", args=[routine.pk]),
        json.dumps(payload),
        content_type="application/json",
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"started_at": True},
        {"started_at": 1714550400},
        {"finished_at": ["2024-05-01T07:30:00Z"]},
        {"notes": {"text": "hi"}},
        {"items": [{"exercise": ["cat-cow"]}]},
        {"items": [{"exercise": {"slug": "cat-cow"}}]},
    ],
    ids=str,
)
def test_session_json_with_the_wrong_kind_of_value_is_a_400(client_logged_in, user, fields):
    routine = RoutineFactory(owner=user)

    response = post_session(client_logged_in, routine, **fields)

    assert response.status_code == 400
    assert "errors" in response.json()
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "fields", [{"notes": "fine\x00"}, {"items": [{"exercise": "cat\x00cow"}]}], ids=str
)
def test_nul_in_session_json_is_a_400(client_logged_in, user, fields):
    """PostgreSQL cannot store or even compare text with NUL: refused before it gets there."""
    response = post_session(client_logged_in, RoutineFactory(owner=user), **fields)

    assert response.status_code == 400
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("started_at", "finished_at"),
    [
        ("0001-01-01T00:00:00+14:00", "0001-01-01T01:00:00+14:00"),
        ("9999-12-31T20:00:00-12:00", "9999-12-31T21:00:00-12:00"),
    ],
)
def test_session_json_at_the_ends_of_the_calendar_is_a_400(
    client_logged_in, user, started_at, finished_at
):
    user.time_zone = "Asia/Tokyo"
    user.save()

    response = post_session(
        client_logged_in,
        RoutineFactory(owner=user),
        started_at=started_at,
        finished_at=finished_at,
    )

    assert response.status_code == 400
    assert "started_at" in response.json()["errors"]
    assert not Session.objects.exists()


def test_manual_log_on_the_first_day_of_the_calendar_is_refused(client_logged_in, user):
    # In Tokyo, year 1 began before UTC's did: the moment has no UTC date to be stored at.
    user.time_zone = "Asia/Tokyo"
    user.save()
    routine = RoutineFactory(owner=user)

    response = client_logged_in.post(
        reverse("routines:session_create"),
        {"routine": routine.pk, "date": "0001-01-01", "start_time": "07:30", "minutes": "20"},
    )

    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert not Session.objects.exists()


@pytest.mark.parametrize("log_in", ["accounts:login", "admin:login"])
def test_log_in_with_an_over_long_address_is_refused_without_error(client, user, log_in):
    """The failed attempt is recorded for the lockout under a name that fits its column."""
    response = client.post(
        reverse(log_in), {"username": "x" * 10_000 + "@example.com", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    names = AccessAttempt.objects.values_list("username", flat=True)
    assert names and all(len(name) <= 255 for name in names)
