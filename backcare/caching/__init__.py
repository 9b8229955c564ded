"""Everything BackCare caches, in one package that no domain model imports.

How a cached value stays right (README "Caching"):

- **Versions in the database.** ``Version`` rows count the writes to what cached pages show:
  ``catalogue`` (exercises, conditions, the built-in programmes and their items) and
  ``person:<id>`` (a person's account and preferences, safety checks, routines and their
  items, weekly plan, sessions and their items). Triggers installed by each app's migration
  (``triggers.py``) move them on every insert, update and delete, in the writing
  transaction, whatever wrote: ``save()``, ``update()``, ``bulk_create``, ``loaddata``, raw
  SQL, a data migration, the admin. Nothing in Python has to remember to.
- **Versions in every key.** A cached page or fragment names the versions it depends on
  (``{% cache 600 "name" versions.catalogue ... %}`` or ``cached(...)``), so a write makes a
  new key and the old value is never read again; nothing is deleted to invalidate.
- **The release in every key.** ``settings.CACHES[...]["KEY_PREFIX"]`` holds a digest of the
  code, templates, catalogue files and static manifest (``release.py``): a deploy never reads
  a value an older release wrote.
- **Versions are read once per request**, in one query (``versions.py``).
- Redis is optional and its failures are misses (``redis.py``).
"""
