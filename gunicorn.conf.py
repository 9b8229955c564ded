"""gunicorn's settings for BackCare, read from the working directory by every gunicorn started
here (the README's command, ``make bench``, ``loadtest`` and ``faulttest``); options on the
command line win.

``preload_app``: Django is loaded once, in the master, and each worker is a fork of it, ready
at once. A reload (``SIGHUP``) starts the new workers before it stops the old ones; without
preloading, each new worker spent seconds loading Django while the old ones were already
gone, and requests waited for them (up to 18 s under load). With it, a reload leaves no gap
(``make faulttest`` fails a reload with any answer slower than 1 s). A preloaded master keeps
its code: to deploy new code, restart gunicorn or send ``USR2`` (a new master with the new
code starts beside the old) and then ``TERM`` to the old master.
"""

import contextlib
import gc
from pathlib import Path

from django.conf import settings
from django.core.cache import caches, close_caches
from django.db import DatabaseError, connections
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import resolve
from django.utils import translation

preload_app = True


def when_ready(server):
    """What Django loads on first use, loaded once in the master so no fresh worker makes
    its first visitors wait for it: the URL configuration (it imports every view), the
    translations of every language, the database driver's first connection (closed again
    before forking), the cache backends (not connected) and the project's templates,
    compiled (the cached template loader keeps them)."""
    resolve("/")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("BackCare")
    for connection in connections.all():
        with contextlib.suppress(DatabaseError):  # a database down now is a worker's concern
            connection.ensure_connection()
    for cache in caches.all(initialized_only=False):
        cache.close()  # created (its client's modules imported: redis's take 0.1 s), unused
    root = Path(settings.BASE_DIR)
    for folder in [root / "templates", *root.glob("*/templates")]:
        for path in folder.rglob("*.html"):
            with contextlib.suppress(TemplateDoesNotExist):  # a name another folder shadows
                get_template(str(path.relative_to(folder)))
    # What is loaded now is kept for the process's life: moved out of the garbage collector's
    # sight, so a forked worker's collections never touch (and copy) the master's pages. A
    # reload's new workers then start without a burst of copying while they take requests.
    gc.freeze()


def pre_fork(server, worker):
    """Nothing the master opened while loading (a database or Redis connection) may be
    shared by the workers it forks: each opens its own."""
    connections.close_all()
    close_caches()
