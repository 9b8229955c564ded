"""The project: its pages at the top of the layers (urls.py, home.py, views.py, offline.py)
and its infrastructure at the bottom (settings, caching/, health, headers, ratelimit, admin,
storage). Every app imports the bottom; only the top imports the apps (pyproject.toml's
import-linter contract, README's "Project layout")."""
