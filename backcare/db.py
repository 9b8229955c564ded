"""Helpers for the few queries written in SQL."""


def prepared(connection, name: str, sql: str, count: int) -> str:
    """The text to execute for ``sql``, which has ``count`` ``%s`` parameters: on PostgreSQL,
    a statement prepared once per connection under ``name`` (backcare/postgresql/base.py);
    elsewhere ``sql`` itself. For queries run on nearly every request."""
    prepare = getattr(connection, "prepared", None)
    return sql if prepare is None else prepare(name, sql, count)
