"""Where the time of each page goes: cProfile over Django's test client, in one process.

    .venv/bin/python bench/profile_pages.py [page ...] [--requests N] [--top N] [--queries]

With --top 0 it prints only the CPU milliseconds per request, measured without the profiler
(whose overhead is several times the page's own time): the quick check after a change.

Builds the `make bench` data set (bench/data.py) in a SQLite database of its own under
bench/profile-data/ (or in DATABASE_URL), warms each page up, then profiles N requests and
prints the milliseconds per request, the queries per request and the functions that take the
most time, inside and outside BackCare's code. Not part of CI.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "backcare.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_STATIC_MANIFEST": "0",
        "BACKCARE_DATA_DIR": str(ROOT / "bench" / "profile-data"),
        "BACKCARE_BENCH": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
# Not sorted: whether "data" counts as first-party depends on an untracked data/ folder.
# isort: off
import data as bench_data  # noqa: E402
import run as bench_run  # noqa: E402

# isort: on

OURS = ("accounts/", "exercises/", "routines/", "backcare/", "templates/")


def measure(client, path, requests, top, name="", show_queries=False):
    for _ in range(3):  # warm-up: caches, compiled templates, connections
        response = client.get(path)
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        client.get(path)
    if show_queries:
        for sql in queries:
            print(f"    {sql}")
    if not top:  # --top 0: the time per request without the profiler's overhead
        # CPU time of this process, which other work on a shared machine disturbs less than
        # the wall clock.
        started = time.process_time()
        for _ in range(requests):
            client.get(path)
        elapsed = (time.process_time() - started) / requests * 1000
        print(f"{name:20} {elapsed:7.2f} ms/request  queries={len(queries):2}  {path}")
        return
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    elapsed = (time.perf_counter() - started) / requests * 1000
    print(
        f"\n## {path}  status={response.status_code}  {elapsed:.2f} ms/request  "
        f"queries={len(queries)}"
    )
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime")
    rows = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        rows.append((tottime, cumtime, calls, f"{Path(filename).name}:{line}({name})", filename))
    rows.sort(reverse=True)
    print("  own time   cum time   calls  function (per request, ms)")
    for tottime, cumtime, calls, label, _filename in rows[:top]:
        print(
            f"  {tottime / requests * 1000:8.3f} {cumtime / requests * 1000:9.3f} "
            f"{calls // requests:7d}  {label}"
        )
    ours = sorted(
        (r for r in rows if any(part in r[4] for part in OURS) and ".venv" not in r[4]),
        key=lambda r: -r[1],
    )
    print("  BackCare's functions by cumulative time:")
    for _tottime, cumtime, calls, label, _filename in ours[:top]:
        print(f"  {'':8} {cumtime / requests * 1000:9.3f} {calls // requests:7d}  {label}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--queries", action="store_true", help="print each page's SQL")
    args = parser.parse_args()
    call_command("migrate", "--noinput", verbosity=0)
    data = bench_data.build()
    for name, path, cookie in bench_run.pages(data):
        if args.pages and name not in args.pages:
            continue
        client = Client()
        if cookie:
            client.cookies["sessionid"] = cookie
        if args.top:
            print(f"\n# {name}")
        measure(client, path, args.requests, args.top, name, args.queries)


if __name__ == "__main__":
    main()
