"""`make bench`: throughput and latency of BackCare's main pages, as ratios to a baseline.

One run: a fresh database with production settings and the generated data set (bench/data.py),
gunicorn on loopback, wrk against each page after a warm-up, and the same gunicorn's minimal
baseline view, measured again after every page. Prints one line per page ending in
ratio=<page rps / baseline rps>, the baseline being the mean of its runs just before and after
the page, and writes the same as JSON under bench/results/. Not part of CI: numbers depend on
the machine, ratios much less.

One run measures SQLite with the local-memory cache; when DATABASE_URL (a database of the
bench's own: its data are added to it) and REDIS_URL (a Redis database of its own) are both
set, it then measures PostgreSQL with Redis and prints the same lines for them.
BENCH_SECONDS (default 5), BENCH_CONNECTIONS (8), BENCH_WORKERS (2); BENCH_PAGES (names,
comma-separated) measures only those pages (the baseline always).
"""

import datetime
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
BASE = f"http://127.0.0.1:{PORT}"


def environment(database_url="", redis_url="") -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: no HTTPS redirect, cookies without the Secure flag.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "BACKCARE_DATA_DIR": str(DATA),
        "BACKCARE_BENCH": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_STATIC_MANIFEST", None)
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_until_up(timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(BASE + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def parse_wrk(output: str) -> dict:
    def latency_ms(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50_ms": latency_ms("50"),
        "p99_ms": latency_ms("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def wrk(path, cookie=None, seconds=SECONDS) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(
        [*command, BASE + path], capture_output=True, text=True, check=True
    ).stdout
    return parse_wrk(output)


def show(name, result):
    print(
        f"{name:22} rps={result['rps']:8.1f} p50={result['p50_ms']}ms "
        f"p99={result['p99_ms']}ms errors={result['non_2xx']} ratio={result['ratio']}"
        + (f" (baseline {result['baseline_rps']:.0f} rps)" if "baseline_rps" in result else ""),
        flush=True,
    )


def pages(data) -> list[tuple[str, str, str | None]]:
    """(name, path, session cookie or None) of every page measured; bench/profile_pages.py too."""
    heavy, light = data["heavy"], data["light"]
    return [
        ("baseline", "/bench/baseline", None),
        ("home", "/", None),
        ("home_10000", "/", heavy["cookie"]),
        ("home_10", "/", light["cookie"]),
        ("catalogue", "/exercises/", None),
        (
            "catalogue_filtered",
            "/exercises/?region=lower-back&position=lying-back&q=stretch",
            None,
        ),
        ("catalogue_logged_in", "/exercises/?region=lower-back", heavy["cookie"]),
        ("exercise", "/exercises/cat-cow/", None),
        ("player", f"/routines/{heavy['routine']}/play/", heavy["cookie"]),
        (
            "player_prestart",
            f"/routines/{heavy['routine']}/play/",
            heavy["cookie_undecided"],
        ),
        ("history_10000", "/routines/history/", heavy["cookie"]),
        ("history_10", "/routines/history/", light["cookie"]),
        ("progress_10000", "/routines/history/progress/", heavy["cookie"]),
        ("builder", f"/routines/{heavy['routine']}/", heavy["cookie"]),
        ("generator", "/routines/generate/", heavy["cookie"]),
        (
            "generator_result",
            "/routines/generate/?goal=relieve&minutes=15&level=1",
            heavy["cookie"],
        ),
    ]


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (make bench installs it with apt-get)")
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    print(f"== SQLite, local-memory cache (load average {load_average()})", flush=True)
    run(environment())
    if database_url and redis_url:
        print(f"== PostgreSQL and Redis (load average {load_average()})", flush=True)
        run(environment(database_url, redis_url))


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def run(env):
    if not env.get("DATABASE_URL"):
        shutil.rmtree(DATA, ignore_errors=True)
    print("Preparing a fresh database and the data set...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    data = json.loads(
        subprocess.run(
            [sys.executable, "bench/data.py"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.PIPE,  # the data set as JSON; its errors go to the terminal
            text=True,
        ).stdout
    )
    # The data set's writes reach the disk before the clock starts, not during the first pages.
    os.sync()
    time.sleep(3)
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "backcare.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up()
        results = {}
        only = set(filter(None, os.environ.get("BENCH_PAGES", "").split(",")))
        (_name, baseline_path, _cookie), *measured = pages(data)
        wrk(baseline_path, seconds=2)  # warm-up: connections, imports
        before = wrk(baseline_path)
        results["baseline"] = {"path": baseline_path, **before, "ratio": 1.0}
        show("baseline", results["baseline"])
        for name, path, cookie in measured:
            if only and name not in only:
                continue
            wrk(path, cookie, seconds=2)  # warm-up: caches, connections, imports
            result = {"path": path, **wrk(path, cookie)}
            # The baseline again after each page: a page's ratio is to the mean of the
            # baseline just before and just after it, so a machine that slows down or speeds
            # up during the run (other work, the host's clock) moves both alike.
            after = wrk(baseline_path)
            result["baseline_rps"] = round((before["rps"] + after["rps"]) / 2, 1)
            result["ratio"] = round(result["rps"] / result["baseline_rps"], 3)
            results[name] = result
            show(name, result)
            before = after
        slowdown = None
        if {"history_10000", "history_10"} <= set(results):
            slowdown = round(
                results["history_10000"]["p50_ms"] / results["history_10"]["p50_ms"], 2
            )
            print(f"history p50 latency, 10,000 sessions vs 10: x{slowdown}")
        report = {
            "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "load_average": load_average(),
            "database": "postgresql" if env.get("DATABASE_URL") else "sqlite",
            "cache": "redis" if env.get("REDIS_URL") else "locmem",
            "workers": WORKERS,
            "connections": CONNECTIONS,
            "seconds": SECONDS,
            "users": data["users"],
            "sessions_heavy": data["heavy"]["sessions"],
            "pages": results,
            "history_latency_ratio_10000_vs_10": slowdown,
        }
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"bench-{report['database']}-{report['at'].replace(':', '')}.json"
        out.write_text(json.dumps(report, indent=1))
        print(f"Written to {out.relative_to(ROOT)}")
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=10)


if __name__ == "__main__":
    main()
