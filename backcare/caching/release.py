"""The release: a digest of the code, templates, catalogue files, translations and static
manifest a process runs with. ``settings.CACHES[...]["KEY_PREFIX"]`` carries it, so every
cache key does: a deploy that changes a template, the figure renderer, a catalogue file, a
translation or a static file's hashed name never reads a value an older release wrote, with
no version to bump by hand."""

import hashlib
from pathlib import Path

SOURCES = ("accounts", "backcare", "exercises", "routines", "templates", "locale")
SUFFIXES = {".py", ".html", ".toml", ".txt", ".po"}  # a .mo is made from its .po


def release_digest(base_dir: Path, static_root: Path | None = None) -> str:
    digest = hashlib.sha256()
    for folder in SOURCES:
        for path in sorted((base_dir / folder).rglob("*")):
            if path.suffix in SUFFIXES and "migrations" not in path.parts:
                digest.update(str(path.relative_to(base_dir)).encode())
                digest.update(path.read_bytes())
    manifest = Path(static_root or "") / "staticfiles.json"
    if static_root and manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]
