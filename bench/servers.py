"""Private PostgreSQL and Redis servers for fault tests: our own data in a temporary folder,
on spare loopback ports, so the machine's own servers are never stopped or touched.

Used by `make faulttest` (bench/faulttest.py) and by tests that need a server they may stop.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def spare_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, up: bool, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                listening = True
        except OSError:
            listening = False
        if listening == up:
            return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} still {'closed' if up else 'open'} after {seconds} s")


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server binaries installed under /usr/lib/postgresql."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parent.parent.name),
    )
    return Path(found[-1]).parent if found else None


class RedisServer:
    """redis-server on a spare port, without persistence; stop() and start() again."""

    def __init__(self, port: int | None = None):
        self.port = port or spare_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    def start(self):
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--loglevel", "warning"),
            ],
            stdout=subprocess.DEVNULL,
        )
        _wait_for_port(self.port, up=True)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class PostgresServer:
    """A PostgreSQL cluster made with initdb in a temporary folder, on a spare port, trust
    authentication for the local user ``postgres``. As root the server runs as the system
    user ``postgres`` (PostgreSQL refuses to run as root)."""

    def __init__(self, port: int | None = None):
        self.port = port or spare_port()
        self.bin = postgres_bin()
        self.folder = None
        self.process = None

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _user(self):
        return "postgres" if os.geteuid() == 0 else None

    def _setup(self):
        self.folder = Path(tempfile.mkdtemp(prefix="backcare-pg-"))
        user = self._user()
        if user:
            entry = pwd.getpwnam(user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        subprocess.run(
            [
                *(self.bin / "initdb", "-D", self.folder / "data", "-U", "postgres"),
                *("--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"),
            ],
            check=True,
            capture_output=True,
            user=user,
        )

    def start(self):
        if self.folder is None:
            self._setup()
        self.process = subprocess.Popen(
            [
                *(self.bin / "postgres", "-D", self.folder / "data", "-p", str(self.port)),
                *("-h", "127.0.0.1", "-k", str(self.folder), "-c", "fsync=off"),
                *("-c", "max_connections=100", "-c", "logging_collector=off"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            user=self._user(),
        )
        _wait_for_port(self.port, up=True)
        self._wait_ready()
        return self

    def _wait_ready(self, seconds: float = 30):
        import psycopg  # noqa: PLC0415 - only the PostgreSQL runs need it

        deadline = time.monotonic() + seconds
        while True:
            try:
                psycopg.connect(self.url(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self):
        """A fast shutdown (SIGINT): open connections are cut, as in a restart."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(2)
            self.process.wait(timeout=30)
        self.process = None

    def create_database(self, name: str) -> str:
        import psycopg  # noqa: PLC0415 - only the PostgreSQL runs need it

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self):
        self.stop()
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.destroy()
