"""Database triggers that move a cache version on every write to a table.

Each app's migration installs them for the tables its cached pages show, naming the version
a row belongs to with an SQL expression over the row, written once for SQLite and PostgreSQL
(``{row}`` stands for ``NEW`` or ``OLD``)::

    VersionTriggers("routines_session", "'person:' || {row}.user_id")

After an insert the new row's version moves, after a delete the old row's, after an update
both (a routine given to another owner changes two people's pages). An expression that is
NULL (a row that belongs to nobody cached, such as an anonymous visitor's check) moves
nothing. The triggers run inside the writing statement's transaction: a rolled-back write
moves nothing, and a committed one is seen by the next request on any server.

On SQLite, a migration that rebuilds a table (many ``AlterField``s do) drops its triggers with
it; so after every ``migrate`` the triggers of every ``VersionTriggers`` in the migration files
are installed again where missing (``ensure_triggers``, connected in apps.py), and a test
checks that every table has them.
"""

from django.db.migrations.operations.base import Operation

# ruff: noqa: S608 - every statement here is built from the migrations' own constant table
# names and expressions; nothing comes from a request.

# A new version row starts from the clock in microseconds (see models.Version).
_CLOCK = {
    "sqlite": "CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)",
    "postgresql": "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint",
}


def _sqlite_bump(scope: str) -> str:
    # SQLite's upsert after INSERT ... SELECT needs the WHERE clause (its documented parse
    # rule), which also skips a NULL scope.
    return (
        f"INSERT INTO caching_version (name, number) SELECT {scope}, {_CLOCK['sqlite']} "
        f"WHERE ({scope}) IS NOT NULL "
        "ON CONFLICT (name) DO UPDATE SET number = number + 1;"
    )


class InstallBumpFunction(Operation):
    """PostgreSQL's ``caching_bump(scope)``, the upsert every trigger function calls."""

    reduces_to_sql = True
    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                "CREATE OR REPLACE FUNCTION caching_bump(scope text) RETURNS void AS $$\n"
                "BEGIN\n"
                "  IF scope IS NOT NULL THEN\n"
                "    INSERT INTO caching_version (name, number)\n"
                f"    VALUES (scope, {_CLOCK['postgresql']})\n"
                "    ON CONFLICT (name) DO UPDATE SET number = caching_version.number + 1;\n"
                "  END IF;\n"
                "END $$ LANGUAGE plpgsql"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP FUNCTION IF EXISTS caching_bump(text)")

    def describe(self):
        return "Install caching_bump() (PostgreSQL)"


class VersionTriggers(Operation):
    """Triggers on ``table`` moving the version ``scope`` names (see the module's text)."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str, scope: str):
        self.table = table
        self.scope = scope

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"table": self.table, "scope": self.scope})

    def state_forwards(self, app_label, state):
        pass

    def statements(self, vendor: str) -> list[str]:
        old, new = self.scope.format(row="OLD"), self.scope.format(row="NEW")
        name = f"caching_moves_{self.table}"
        if vendor == "sqlite":
            return [
                f"CREATE TRIGGER IF NOT EXISTS {name}_insert AFTER INSERT ON {self.table} "
                f"BEGIN {_sqlite_bump(new)} END",
                f"CREATE TRIGGER IF NOT EXISTS {name}_update AFTER UPDATE ON {self.table} "
                f"BEGIN {_sqlite_bump(old)} {_sqlite_bump(new)} END",
                f"CREATE TRIGGER IF NOT EXISTS {name}_delete AFTER DELETE ON {self.table} "
                f"BEGIN {_sqlite_bump(old)} END",
            ]
        if vendor == "postgresql":
            return [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$\n"
                "BEGIN\n"
                f"  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM caching_bump({old}); END IF;\n"
                f"  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM caching_bump({new}); END IF;\n"
                "  RETURN NULL;\n"
                "END $$ LANGUAGE plpgsql",
                f"DROP TRIGGER IF EXISTS {name} ON {self.table}",
                f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {self.table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()",
            ]
        raise NotImplementedError(f"No cache version triggers for {vendor} (SQLite, PostgreSQL).")

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for sql in self.statements(schema_editor.connection.vendor):
            schema_editor.execute(sql, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        name = f"caching_moves_{self.table}"
        if schema_editor.connection.vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {self.table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")

    def describe(self):
        return f"Install cache version triggers on {self.table}"


def declared_triggers(connection) -> list[VersionTriggers]:
    """Every ``VersionTriggers`` of the applied migrations, the last one per table."""
    from django.db.migrations.loader import MigrationLoader  # noqa: PLC0415 (app registry)

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    found = {}
    for key in loader.applied_migrations:
        migration = loader.graph.nodes.get(key)
        for operation in getattr(migration, "operations", ()):
            if isinstance(operation, VersionTriggers):
                found[operation.table] = operation
    return list(found.values())


def ensure_triggers(using="default", **kwargs) -> None:
    """``post_migrate``: install again any trigger a table rebuild dropped."""
    from django.db import connections  # noqa: PLC0415

    connection = connections[using]
    if connection.vendor not in _CLOCK:
        return
    with connection.schema_editor() as editor:
        for operation in declared_triggers(connection):
            for sql in operation.statements(connection.vendor):
                editor.execute(sql, params=None)
