"""The queries of nearly every request are prepared once per PostgreSQL connection
(backcare/db.py, backcare/postgresql/base.py), and give the same rows as unprepared."""

import pytest
from django.db import DatabaseError, connection, connections, transaction

from backcare.db import prepared

pytestmark = pytest.mark.django_db
SQL = "SELECT %s::int + %s::int, %s::text"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def server_statements():
    """The statements prepared on this connection, as the server lists them."""
    with connection.connection.cursor() as cursor:  # not one of the counted queries
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


@on_postgresql
def test_a_statement_is_prepared_once_per_connection(django_assert_num_queries):
    with django_assert_num_queries(1):  # preparing is not one of the request's queries
        first = run(prepared(connection, "test_sum", SQL, 3), [2, 3, "it's"])
    assert any(name.startswith("test_sum_") for name in server_statements())

    with django_assert_num_queries(1):
        again = run(prepared(connection, "test_sum", SQL, 3), [4, 5, "x"])

    assert first == run(SQL, [2, 3, "it's"]) == [(5, "it's")]
    assert again == [(9, "x")]


@on_postgresql
def test_a_new_connection_prepares_again():
    own = connections.create_connection("default")  # outside the test's transaction
    try:
        own.ensure_connection()
        own.prepared("test_sum", SQL, 3)
        own.connection.close()  # as after a database restart: Django opens a new one
        own.connection = None
        own.ensure_connection()
        with own.cursor() as cursor:
            cursor.execute(own.prepared("test_sum", SQL, 3), [1, 2, "y"])
            assert cursor.fetchall() == [(3, "y")]
    finally:
        own.close()


@on_postgresql
def test_a_statement_prepared_in_a_transaction_rolled_back_stays_prepared():
    with pytest.raises(DatabaseError), transaction.atomic():
        run(prepared(connection, "test_sum", SQL, 3), [1, 1, ""])
        run("SELECT 1 / 0", [])

    assert run(prepared(connection, "test_sum", SQL, 3), [2, 2, "z"]) == [(4, "z")]


@on_postgresql
def test_behind_a_pooler_nothing_is_prepared(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "PREPARE", False)

    assert prepared(connection, "test_off", SQL, 3) == SQL
    assert not any(name.startswith("test_off") for name in server_statements())


def test_elsewhere_the_query_runs_as_written():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite and other databases")
    assert prepared(connection, "test_sum", SQL, 3) == SQL
