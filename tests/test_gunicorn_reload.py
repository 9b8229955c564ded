"""A gunicorn reload (SIGHUP) leaves no gap: the new workers are forks of a master that has
loaded Django already (gunicorn.conf.py), so no request waits for them."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"

pytestmark = pytest.mark.slow


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path="/favicon.ico") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_reload_keeps_answering_within_a_second(tmp_path):
    port = spare_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "BACKCARE_DATA_DIR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = subprocess.Popen(  # noqa: S603 (a fixed local command)
        [str(GUNICORN), "backcare.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert get(port) == 302
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        answers, stop = [], threading.Event()

        def load():
            while not stop.is_set():
                started = time.monotonic()
                status = get(port)
                answers.append((status, time.monotonic() - started))

        clients = [threading.Thread(target=load) for _ in range(4)]
        for client in clients:
            client.start()
        time.sleep(0.5)
        server.send_signal(signal.SIGHUP)
        time.sleep(6)
        stop.set()
        for client in clients:
            client.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert {status for status, _ in answers} == {302}
    slowest = max(seconds for _, seconds in answers)
    assert slowest < 1.0, f"a request waited {slowest:.1f} s across the reload"


MASTER = """
import importlib.util, sys
import django
django.setup()
spec = importlib.util.spec_from_file_location("conf", "gunicorn.conf.py")
conf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(conf)
before = set(sys.modules)
conf.when_ready(None)
print(" ".join(sorted({name.split(".")[0] for name in set(sys.modules) - before})))
"""


def test_the_master_loads_the_cache_client_without_connecting(tmp_path):
    """A fresh worker's first request used to import the Redis client (75 modules, 0.1 s of
    one core each, all new workers at once after a reload): the master loads it, while Redis
    may be down (nothing listens on the port given here)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backcare.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-test-key-for-the-master-of-gunicorn",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "BACKCARE_DATA_DIR": str(tmp_path),
        "REDIS_URL": f"redis://127.0.0.1:{spare_port()}/0",
    }
    env.pop("DATABASE_URL", None)
    loaded = subprocess.run(  # noqa: S603 (a fixed local command)
        [sys.executable, "-c", MASTER], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert loaded.returncode == 0, loaded.stderr
    assert "redis" in loaded.stdout.split()
