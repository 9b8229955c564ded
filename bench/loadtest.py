"""`make loadtest`: concurrent session saves, and two app servers sharing PostgreSQL and Redis.

1. For SQLite and then PostgreSQL: gunicorn with 4 workers; 50 simulated users for 60 s each
   save sessions through the player's endpoint, every save sent twice (one retry after the
   answer, and every tenth one twice at the same moment). Then the database is counted:
   errors, sessions sent, stored, lost and duplicated. All must be 0 but sent and stored.
2. Two gunicorn servers on different ports sharing PostgreSQL and Redis: a user logged in on
   one is logged in on the other, and a lockout on one holds on the other.

Environment: BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432), BENCH_REDIS_URL
(default redis://127.0.0.1:6379/7), LOAD_USERS (50), LOAD_SECONDS (60). Exits 1 on failure.
"""

import datetime
import http.client
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

from run import manage  # bench/run.py: this folder is on the path when run as a script

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "load-data"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
CSRF = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret as token
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def environment(database_url=None, redis_url=None) -> dict:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "BACKCARE_DATA_DIR": str(DATA),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    for name, value in (("DATABASE_URL", database_url), ("REDIS_URL", redis_url)):
        if value:
            env[name] = value
        else:
            env.pop(name, None)
    return env


def fresh_postgres(name) -> str:
    import psycopg  # noqa: PLC0415 - only for the PostgreSQL runs

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{POSTGRES}/{name}"


def prepare(env, users) -> dict:
    if "DATABASE_URL" not in env:
        shutil.rmtree(DATA, ignore_errors=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    output = subprocess.run(
        [sys.executable, "bench/data.py", "load", str(users)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


class Server:
    def __init__(self, env, port, workers=4, stderr=None):
        self.port = port
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "backcare.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stderr=stderr,  # gunicorn's and Django's log; None: this process's stderr
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn on port {port} did not start")

    def request(self, method, path, body=None, cookies=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = {"Host": "127.0.0.1", **(headers or {})}
        if cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            return response.status, response.getheader("Set-Cookie") or "", response.read()
        finally:
            connection.close()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=15)


def session_body(user) -> dict:
    started = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=15)
    return {
        "client_id": str(uuid.uuid4()),
        "started_at": started.isoformat(),
        "finished_at": (started + datetime.timedelta(minutes=14)).isoformat(),
        "planned_seconds": 840,
        "actual_seconds": 830,
        "pain_before": 4,
        "pain_after": 2,
        "effort": 5,
        "notes": "load test",
        "check_in": {"unwell": False, "new_pain": False, "weak": False, "nerves": False},
        "items": [
            {"exercise": slug, "status": "done", "seconds": 60} for slug in user["exercises"]
        ],
    }


def simulate(server, user, stop_at, stats, lock):
    cookies = {"sessionid": user["cookie"], "csrftoken": CSRF}
    headers = {"Content-Type": "application/json", "X-CSRFToken": CSRF}
    path = f"/routines/{user['routine']}/sessions/"
    count = 0
    while time.monotonic() < stop_at:
        body = json.dumps(session_body(user))
        count += 1
        results = []
        if count % 10 == 0:  # the same save twice at the same moment

            def send(body=body, results=results):
                results.append(server.request("POST", path, body, cookies, headers)[0])

            threads = [threading.Thread(target=send) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        else:  # a save and its retry
            for _ in range(2):
                results.append(server.request("POST", path, body, cookies, headers)[0])
        with lock:
            stats["sent"] += 1
            stats["requests"] += len(results)
            stats["errors"] += sum(1 for status in results if status not in (200, 201))
            stats["created"] += results.count(201)
            stats["client_ids"].append(json.loads(body)["client_id"])


def count_stored(env, client_ids) -> tuple[int, int]:
    script = (
        "import json,sys,django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
        "'backcare.settings');django.setup();from routines.models import Session;"
        "ids=set(json.load(sys.stdin));rows=list(Session.objects.filter(notes='load test')"
        ".values_list('client_id',flat=True));s=[str(r) for r in rows];"
        "print(json.dumps([len([r for r in s if r in ids]),len(s)-len(set(s))]))"
    )
    output = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        input=json.dumps(client_ids),
        capture_output=True,
        text=True,
    ).stdout
    return tuple(json.loads(output))


def load(label, env) -> bool:
    data = prepare(env, USERS)
    server = Server(env, 8781)
    stats = {"sent": 0, "requests": 0, "errors": 0, "created": 0, "client_ids": []}
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS
    try:
        threads = [
            threading.Thread(target=simulate, args=(server, user, stop_at, stats, lock))
            for user in data["users"]
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.stop()
    stored, duplicated = count_stored(env, stats["client_ids"])
    lost = stats["sent"] - stored
    ok = stats["errors"] == 0 and lost == 0 and duplicated == 0
    print(
        f"{label:10} users={USERS} seconds={SECONDS} requests={stats['requests']} "
        f"sessions sent={stats['sent']} stored={stored} errors={stats['errors']} "
        f"lost={lost} duplicates={duplicated} {'OK' if ok else 'FAILED'}",
        flush=True,
    )
    return ok


def two_servers() -> bool:
    env = environment(fresh_postgres("backcare_load_shared"), REDIS)
    data = prepare(env, 2)
    first, second = Server(env, 8782, workers=2), Server(env, 8783, workers=2)
    try:
        email = data["users"][0]["email"]
        form = {"username": email, "password": data["password"], "csrfmiddlewaretoken": CSRF}
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": "http://127.0.0.1/",
        }
        status, set_cookie, _ = first.request(
            "POST", "/accounts/login/", urllib.parse.urlencode(form), {"csrftoken": CSRF}, headers
        )
        session = (
            set_cookie.split("sessionid=")[1].split(";")[0] if "sessionid=" in set_cookie else ""
        )
        on_second = second.request("GET", "/accounts/", cookies={"sessionid": session})[0]
        shared_session = status == 302 and on_second == 200
        print(
            f"two servers: logged in on :{first.port} (status {status}), account page on "
            f":{second.port} answers {on_second}: {'OK' if shared_session else 'FAILED'}"
        )

        victim = data["users"][1]["email"]
        for _ in range(5):
            first.request(
                "POST",
                "/accounts/login/",
                urllib.parse.urlencode({**form, "username": victim, "password": "wrong"}),
                {"csrftoken": CSRF},
                headers,
            )
        locked = second.request(
            "POST",
            "/accounts/login/",
            urllib.parse.urlencode({**form, "username": victim}),
            {"csrftoken": CSRF},
            headers,
        )[0]
        shared_lockout = locked == 429
        print(
            f"two servers: 5 failures on :{first.port}, right password on :{second.port} "
            f"answers {locked}: {'OK' if shared_lockout else 'FAILED'}"
        )
        return shared_session and shared_lockout
    finally:
        first.stop()
        second.stop()


def main():
    results = [
        load("sqlite", environment()),
        load("postgresql", environment(fresh_postgres("backcare_load"))),
    ]
    results.append(two_servers())
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
