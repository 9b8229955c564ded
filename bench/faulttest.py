"""`make faulttest`: the player-save load of `make loadtest` while dependencies fail.

Starts its own PostgreSQL (initdb in a temporary folder) and Redis on spare loopback ports
(never the machine's own servers) and gunicorn (4 workers) against them. Simulated users save
sessions through the player's endpoint and, between saves, open their history and the
anonymous catalogue (both use the cache). A save is retried like the browser's queue does:
after a network error or any 5xx, the same session (same client_id) again, until it is
answered. Meanwhile:

  (a) Redis is stopped for 15 s;
  (a') Redis hangs (SIGSTOP: connections open, no answers) for 10 s;
  (b) PostgreSQL is restarted (a fast shutdown, down for 3 s);
  (c) a gunicorn worker is killed with SIGKILL;
  (d) gunicorn gets SIGHUP (a graceful reload of every worker);
  (e) gunicorn gets SIGTERM (a graceful stop) and a new one is started, as in a deploy.

Then every session a client sent is looked up: each must be stored exactly once. One line
per fault, counting the answers that arrived (or failed) while it lasted: requests, 5xx (by
status), 5xx outside the PostgreSQL outage, the slowest answer, network errors (refused:
nothing listened, so nothing was sent; cut: sent, then reset or timed out),
stored-but-unanswered (a failed attempt whose retry found the session already stored: the
server did the work, the answer was lost), and the sessions first sent meanwhile, lost and
duplicated. Then a summary, and what the gunicorn log says (cache failure and recovery
reports, 503s). Exits 1 on any lost or duplicated session, any 5xx outside the PostgreSQL
outage, any 5xx but 503 (the friendly page or JSON), any stored-but-unanswered save in a
graceful reload or stop, or any answer slower than 1 s across the reload (gunicorn.conf.py
preloads Django, so the new workers are ready at once).

Environment: FAULT_USERS (20), FAULT_SECONDS (75), FAULT_WORKERS (4).
"""

import json
import os
import random
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from loadtest import CSRF, DATA, ROOT, Server, environment, prepare, session_body
from servers import PostgresServer, RedisServer, spare_port

USERS = int(os.environ.get("FAULT_USERS", "20"))
SECONDS = int(os.environ.get("FAULT_SECONDS", "75"))
WORKERS = int(os.environ.get("FAULT_WORKERS", "4"))
DRAIN_SECONDS = 90  # after the load, queued sessions are sent until this deadline
LOG_FILE = DATA / "faulttest-gunicorn.log"


@dataclass
class Answer:
    kind: str  # "save" or "page"
    started: float
    ended: float
    status: int | None  # None: a network error (refused, reset, timed out)
    error: str = ""
    path: str = ""


@dataclass
class Fault:
    label: str
    started: float
    ended: float = 0.0
    note: str = ""
    graceful: bool = False
    outage: bool = False  # the database is down: 503s are expected
    # The longest any answer may take while it lasts, if limited (a reload leaves no gap).
    max_wait: float | None = None


@dataclass
class Log:
    lock: threading.Lock = field(default_factory=threading.Lock)
    answers: list = field(default_factory=list)
    sent: dict = field(default_factory=dict)  # client_id -> monotonic time first sent
    confirmed: set = field(default_factory=set)  # client_ids answered 200/201
    refused: list = field(default_factory=list)  # answered 4xx: the client gives up
    # Failed attempts (cut or 5xx) whose session the retry found already stored (200, not
    # 201): the server had done the work but its answer never arrived.
    unanswered: list = field(default_factory=list)

    def add(self, answer):
        with self.lock:
            self.answers.append(answer)


class Gunicorn:
    """The running server, replaceable (SIGTERM then a new one on the same port). Its log
    (gunicorn's and Django's) goes to LOG_FILE."""

    def __init__(self, env, port):
        self.env, self.port = env, port
        LOG_FILE.parent.mkdir(parents=True, exist_ok=True)
        self.log = LOG_FILE.open("w")
        self.start()

    def start(self):
        self.server = Server(self.env, self.port, workers=WORKERS, stderr=self.log)

    def request(self, *args, **kwargs):
        return self.server.request(*args, **kwargs)

    def workers(self) -> list[int]:
        pid = self.server.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]


def timed(log, kind, gunicorn, *request):
    """One request through gunicorn.request(*request), logged with its times and status
    (None for a network error)."""
    started = time.monotonic()
    try:
        answer = Answer(kind, started, time.monotonic(), gunicorn.request(*request)[0])
    except OSError as error:  # refused, reset, remote disconnected, timed out
        answer = Answer(kind, started, time.monotonic(), None, type(error).__name__)
    answer.ended = time.monotonic()
    answer.path = request[1]
    log.add(answer)
    return answer


def user_loop(gunicorn, user, stop_at, drain_at, log):
    cookies = {"sessionid": user["cookie"], "csrftoken": CSRF}
    headers = {"Content-Type": "application/json", "X-CSRFToken": CSRF}
    path = f"/routines/{user['routine']}/sessions/"
    pages = ["/routines/history/", "/exercises/"]
    turn = 0
    while time.monotonic() < stop_at:
        body = session_body(user)
        client_id = body["client_id"]
        with log.lock:
            log.sent[client_id] = time.monotonic()
        payload = json.dumps(body)
        pause, failed = 0.25, None
        while True:  # the browser's queue: the same session until it is answered
            answer = timed(log, "save", gunicorn, "POST", path, payload, cookies, headers)
            status = answer.status
            if status in (200, 201):
                with log.lock:
                    log.confirmed.add(client_id)
                    if status == 200 and failed:
                        log.unanswered.append(failed)
                break
            failed = failed or answer
            if status is not None and status < 500:
                with log.lock:
                    log.refused.append((client_id, status))
                break
            if time.monotonic() > drain_at:
                break
            time.sleep(pause)
            pause = min(pause * 2, 2.0)
        turn += 1
        page = pages[turn % 2]
        page_cookies = cookies if page.startswith("/routines/") else None
        timed(log, "page", gunicorn, "GET", page, None, page_cookies)


def stored_counts(database_url, client_ids) -> dict:
    """How many times each client_id is stored (the unique constraint says at most once;
    this counts what is there)."""
    import psycopg  # noqa: PLC0415 - only the PostgreSQL runs need it

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT client_id::text, count(*) FROM routines_session "
            "WHERE client_id::text = ANY(%s) GROUP BY client_id",
            (list(client_ids),),
        ).fetchall()
    return dict(rows)


def run_faults(gunicorn, postgres, redis_server, faults, start):
    """The faults one after the other; each one's window runs until the server has settled
    plus 2 s, and the next starts at its time but never inside the previous window."""

    def at(seconds):
        not_before = faults[-1].ended + 1 if faults else 0
        time.sleep(max(0.0, start + seconds - time.monotonic(), not_before - time.monotonic()))

    def settled(fault):
        fault.note = fault.note or f"back in {time.monotonic() - fault.started:.1f} s"
        fault.ended = time.monotonic() + 2
        faults.append(fault)

    at(5)
    fault = Fault("(a) Redis stopped for 15 s", time.monotonic())
    redis_server.stop()
    time.sleep(15)
    redis_server.start()
    fault.ended = time.monotonic()
    faults.append(fault)

    at(23)
    fault = Fault("(a') Redis hung (SIGSTOP) for 10 s", time.monotonic())
    redis_server.process.send_signal(signal.SIGSTOP)
    time.sleep(10)
    redis_server.process.send_signal(signal.SIGCONT)
    fault.ended = time.monotonic()
    faults.append(fault)

    at(36)
    fault = Fault("(b) PostgreSQL restarted", time.monotonic(), outage=True)
    postgres.stop()
    time.sleep(3)
    postgres.start()
    fault.ended = time.monotonic()  # the outage: no grace after it
    fault.note = f"down {fault.ended - fault.started:.1f} s"
    faults.append(fault)

    at(44)
    victim = random.choice(gunicorn.workers())
    fault = Fault("(c) gunicorn worker killed (SIGKILL)", time.monotonic())
    os.kill(victim, signal.SIGKILL)
    wait_for(lambda: len(gunicorn.workers()) == WORKERS and victim not in gunicorn.workers())
    settled(fault)

    at(52)
    before = set(gunicorn.workers())
    fault = Fault("(d) gunicorn reloaded (SIGHUP)", time.monotonic(), graceful=True, max_wait=1.0)
    gunicorn.server.process.send_signal(signal.SIGHUP)
    wait_for(lambda: not before & set(gunicorn.workers()) and len(gunicorn.workers()) == WORKERS)
    settled(fault)

    at(62)
    fault = Fault("(e) gunicorn stopped (SIGTERM), started again", time.monotonic(), graceful=True)
    gunicorn.server.stop()
    gunicorn.start()
    settled(fault)


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (FileNotFoundError, IndexError):
            pass
        time.sleep(0.1)
    raise SystemExit("gunicorn did not settle after a fault")


def overlaps(answer, fault):
    return answer.started <= fault.ended and answer.ended >= fault.started


def answered_during(answer, fault):
    return fault.started <= answer.ended <= fault.ended


def tally(answers, outage) -> dict:
    """5xx answers by status, 5xx outside the database outage, and network errors: refused
    (no server listening: nothing was sent) and cut (sent, then reset or timed out)."""
    errors = [a for a in answers if a.status and a.status >= 500]
    codes = sorted({a.status for a in errors})
    return {
        "requests": len(answers),
        "5xx": len(errors),
        "by_code": ",".join(f"{c}x{sum(1 for a in errors if a.status == c)}" for c in codes),
        "outside": sum(1 for a in errors if not overlaps(a, outage)),
        "not_503": sum(1 for a in errors if a.status != 503),
        "refused": sum(1 for a in answers if a.error == "ConnectionRefusedError"),
        "cut": sum(1 for a in answers if a.status is None and a.error != "ConnectionRefusedError"),
        "slowest": max((a.ended - a.started for a in answers if a.status), default=0.0),
        "cut_by": ",".join(
            f"{name}x{sum(1 for a in answers if a.error == name)}"
            for name in sorted({a.error for a in answers} - {"", "ConnectionRefusedError"})
        ),
    }


def describe(counts) -> str:
    five = f"5xx={counts['5xx']}" + (f" ({counts['by_code']})" if counts["by_code"] else "")
    return (
        f"requests={counts['requests']} {five} 5xx-outside-outage={counts['outside']} "
        f"slowest={counts['slowest']:.1f}s refused={counts['refused']} cut={counts['cut']}"
        + (f" ({counts['cut_by']})" if counts["cut_by"] else "")
    )


def sessions_in(log, stored, started=float("-inf"), ended=float("inf")) -> tuple[int, int, int]:
    """Sessions first sent in the window: how many, lost and duplicated."""
    sessions = [c for c, t in log.sent.items() if started <= t <= ended]
    lost = sum(1 for c in sessions if stored.get(c, 0) == 0)
    return len(sessions), lost, sum(1 for c in sessions if stored.get(c, 0) > 1)


def report(faults, log, stored, outage) -> bool:
    ok = True
    for fault in faults:
        # Each answer belongs to the fault during which it arrived (or failed): a request
        # queued through a slow reload and reset by the next fault's stop is the latter's.
        counts = tally([a for a in log.answers if answered_during(a, fault)], outage)
        sent, lost, duplicated = sessions_in(log, stored, fault.started, fault.ended)
        unanswered = sum(1 for a in log.unanswered if answered_during(a, fault))
        good = lost == 0 and duplicated == 0 and counts["outside"] == counts["not_503"] == 0
        during = [a for a in log.answers if answered_during(a, fault) and a.status]
        slowest = max(during, key=lambda a: a.ended - a.started, default=None)
        if fault.graceful:  # a graceful reload or stop answers every request it took
            good &= unanswered == 0
        if fault.max_wait is not None:
            good &= counts["slowest"] <= fault.max_wait
        ok &= good
        print(
            f"{fault.label:48} {fault.note:14} {describe(counts)} "
            f"stored-but-unanswered={unanswered} sessions={sent} "
            f"lost={lost} duplicated={duplicated} {'OK' if good else 'FAILED'}"
            + (
                f" (slowest: {slowest.kind} {slowest.path} sent at "
                f"{slowest.started - fault.started:+.1f} s)"
                if slowest
                else ""
            ),
            flush=True,
        )
    counts = tally(log.answers, outage)
    sent, lost, duplicated = sessions_in(log, stored)
    told_but_lost = sum(1 for c in log.confirmed if stored.get(c, 0) == 0)
    ok &= lost == 0 and duplicated == 0 and not log.refused
    ok &= counts["outside"] == counts["not_503"] == 0
    log_text = LOG_FILE.read_text()
    print(
        f"summary: {USERS} users {SECONDS} s: {describe(counts)} sessions sent={sent} "
        f"confirmed={len(log.confirmed)} stored={sent - lost} lost={lost} "
        f"(told saved, then lost={told_but_lost}) duplicated={duplicated} "
        f"stored-but-unanswered={len(log.unanswered)} "
        f"refused-by-server={len(log.refused)} {'OK' if ok else 'FAILED'}",
        flush=True,
    )
    print(
        f"gunicorn log ({LOG_FILE.relative_to(ROOT)}): "
        f"cache failure reports={log_text.count(' failed (')} "
        f"cache recovered reports={log_text.count('answers again')} "
        f"503 for the database={log_text.count('Service Unavailable:')}",
        flush=True,
    )
    return ok


def main():
    postgres = PostgresServer()
    redis_server = RedisServer()
    log, faults = Log(), []
    try:
        postgres.start()
        redis_server.start()
        database_url = postgres.create_database("backcare_fault")
        env = environment(database_url, redis_server.url)
        print(
            f"faulttest: PostgreSQL on :{postgres.port}, Redis on :{redis_server.port}, "
            f"{USERS} users, {SECONDS} s, gunicorn with {WORKERS} workers",
            flush=True,
        )
        data = prepare(env, USERS)
        gunicorn = Gunicorn(env, spare_port())
        start = time.monotonic()
        stop_at, drain_at = start + SECONDS, start + SECONDS + DRAIN_SECONDS
        users = [
            threading.Thread(target=user_loop, args=(gunicorn, user, stop_at, drain_at, log))
            for user in data["users"]
        ]
        for thread in users:
            thread.start()
        try:
            run_faults(gunicorn, postgres, redis_server, faults, start)
        finally:
            for thread in users:
                thread.join()
            gunicorn.server.stop()
        stored = stored_counts(database_url, log.sent)
    finally:
        redis_server.stop()
        postgres.destroy()

    ok = report(faults, log, stored, outage=next(f for f in faults if f.outage))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
