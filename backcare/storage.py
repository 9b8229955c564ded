"""The static files storage of production (``DJANGO_STATIC_MANIFEST=1``, see settings.py).

whitenoise's compressed storage with content-hashed names, served with long cache lifetimes.
The player's ES modules import each other (``import ... from "./player-queue.js"``): with
Django's module import aggregation on, those specifiers are rewritten to the hashed names
too, so a browser never combines a module of one release with a module of another, and a
change in one module gives every module that imports it a new name.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
