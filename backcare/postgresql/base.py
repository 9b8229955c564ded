"""Django's PostgreSQL backend, with a cheaper health check and prepared statements.

The health check. With ``CONN_HEALTH_CHECKS``, Django checks a kept connection before the
first query of each request by sending ``SELECT 1``: a round trip on every request, which on
a signed-in page served from the cache costs as much as the page's one real query
(bench/README.md). A kept connection between requests is idle: the server has nothing to say
on it. When the server ends it (a restart, a shutdown, ``pg_terminate_backend``, a crash), it
sends a last message or closes the socket, and the socket becomes readable. So the check here
first asks the operating system, without waiting, whether anything can be read; only then
does it run Django's ``SELECT 1``, which fails on a dead connection, and Django opens a new
one. A connection that is quiet is usable as far as any check can tell: one whose network
went silently away would not answer ``SELECT 1`` either, and the request's own query fails
the same way (a 503 page).

Prepared statements (``prepared``). The few queries that run on nearly every signed-in
request (the session row, the player's routine, the log's state) are planned once per
connection instead of on every run: PostgreSQL spends longer planning them than running
them. They are SQL-level ``PREPARE``/``EXECUTE``, which a connection pooler in transaction
mode (PgBouncer) does not carry from one transaction to the next: behind one, set
``DJANGO_DB_PREPARE=0`` (backcare/settings.py), and the queries run unprepared.
"""

import functools
import hashlib
import re
import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


@functools.cache
def _statement_name(name: str, sql: str) -> str:
    """``name`` with a digest of ``sql``: a statement whose text changes (another app's
    values read with the session row, a new column) is prepared afresh under a new name."""
    return f"{name}_{hashlib.sha256(sql.encode()).hexdigest()[:12]}"


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return super().is_usable()
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
            quiet = not poller.poll(0)
        except (OSError, ValueError):  # the socket is gone
            return False
        return quiet or super().is_usable()

    def init_connection_state(self):
        super().init_connection_state()
        self.prepared_names = set()  # a new connection has none

    def prepared(self, name: str, sql: str, count: int) -> str:
        """What to execute for ``sql`` (with ``count`` ``%s`` parameters, and no ``%``
        otherwise): ``EXECUTE name(...)``, once the statement is prepared on this connection
        under ``name``; ``sql`` itself when prepared statements are turned off."""
        if not self.settings_dict.get("PREPARE"):
            return sql
        name = _statement_name(name, sql)
        self.ensure_connection()
        if name not in self.prepared_names:
            numbers = iter(range(1, count + 1))
            text = re.sub("%s", lambda _match: f"${next(numbers)}", sql)
            # Straight on the connection: preparing is not one of the request's queries.
            # A PREPARE outlives a transaction rolled back around it.
            with self.wrap_database_errors:
                self.connection.execute(f"PREPARE {name} AS {text}")
            self.prepared_names.add(name)
        return f"EXECUTE {name}({', '.join(['%s'] * count)})"
