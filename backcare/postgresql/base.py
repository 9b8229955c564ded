"""Django's PostgreSQL backend, with a health check that costs no round trip while the
connection is quiet. Everything else (psycopg's automatic preparation, Django's connection
pool) is Django's and psycopg's own.

With ``CONN_HEALTH_CHECKS`` (on: the first request after a database restart then works),
Django asks ``is_usable()`` before a kept connection's first query in each request, and the
stock check sends ``SELECT 1``: one more round trip than the page's own queries on every
request. A connection the server ended (a restart, a fail-over, an idle timeout) has its
socket readable: the server's goodbye, or its end. So a quiet socket is usable as it is, and
anything there gets the stock check. With the pool (``DJANGO_DB_POOL``) Django has the pool
check connections instead, and this is not asked.
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


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
