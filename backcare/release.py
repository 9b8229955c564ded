"""The release a process runs: a digest of the code and templates it was started with.

Cached HTML outlives a deploy when the cache is Redis. Every key of cached HTML carries this
digest, so a deploy that changes a template, a view or a static file's hashed name renders
afresh instead of serving pages that point at the old release's files.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings

SOURCES = ("accounts", "backcare", "exercises", "routines", "templates")
SUFFIXES = {".py", ".html", ".toml", ".txt"}


@functools.cache
def release() -> str:
    digest = hashlib.sha256()
    for folder in SOURCES:
        for path in sorted((Path(settings.BASE_DIR) / folder).rglob("*")):
            if path.suffix in SUFFIXES and "migrations" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    if settings.STATIC_ROOT and manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]
