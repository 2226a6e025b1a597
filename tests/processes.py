"""Real processes against the test database: the production web server (gunicorn) and a Celery
worker. Used by browser tests, Celery tests and benchmarks. Data they must see has to be committed.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the database this process uses (the test database under pytest)."""
    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        from urllib.parse import quote

        host = quote(host, safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{host}{port}/{db['NAME']}"


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a child process: same database, Redis and cache prefix as this process."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        REDIS_URL=settings.REDIS_URL,
        CACHE_KEY_PREFIX=settings.CACHES["default"]["KEY_PREFIX"],
        DJANGO_SETTINGS_MODULE="config.settings.test",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@dataclass
class Running:
    process: subprocess.Popen
    log_path: Path
    port: int | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, host: str, path: str = "/") -> str:
        """A browser URL: *.localhost resolves to 127.0.0.1 in Chromium."""
        return f"http://{host}:{self.port}{path}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def _spawn(argv: list[str], env: dict[str, str], name: str) -> Running:
    log_path = Path(tempfile.mkdtemp(prefix=f"doorstep-{name}-")) / f"{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own commands
        argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    return Running(process=process, log_path=log_path)


@contextlib.contextmanager
def web_server(*, workers: int = 2, threads: int = 4, timeout: float = 60, port: int | None = None,
               healthy: bool = True, **env_extra: str) -> Iterator[Running]:
    """gunicorn serving config.wsgi on `port` (a free one by default), as in production (static files
    via whitenoise). `healthy=False` (a server pointed at a dead database or Redis) waits for any
    answer from /healthz instead of a 200."""
    port = port or free_port()
    argv = [
        str(VENV_BIN / "gunicorn"), "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--no-control-socket", "--timeout", "60",
    ]
    running = _spawn(argv, child_env(**env_extra), "web")
    running.port = port
    try:
        _wait_for_healthz(running, timeout, healthy=healthy)
        yield running
    finally:
        _stop(running.process)


def _wait_for_healthz(running: Running, timeout: float, *, healthy: bool = True) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise RuntimeError(f"web server exited:\n{running.log()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{running.base_url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except urllib.error.HTTPError:
            if not healthy:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"web server did not answer /healthz in {timeout}s:\n{running.log()[-4000:]}")


@contextlib.contextmanager
def celery_worker(*, concurrency: int = 2, timeout: float = 60, **env_extra: str) -> Iterator[Running]:
    """A real Celery worker (prefork) consuming from this process's broker (the test Redis database,
    apart from development's)."""
    argv = [
        str(VENV_BIN / "celery"), "-A", "config", "worker", "--loglevel", "INFO",
        "--concurrency", str(concurrency), "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]
    running = _spawn(argv, child_env(**env_extra), "celery")
    try:
        deadline = time.monotonic() + timeout
        while "ready." not in running.log():
            if running.process.poll() is not None:
                raise RuntimeError(f"celery worker exited:\n{running.log()[-4000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"celery worker not ready in {timeout}s:\n{running.log()[-4000:]}")
            time.sleep(0.2)
        yield running
    finally:
        _stop(running.process)


def wait_for(predicate, *, timeout: float = 20, interval: float = 0.1, message: str = "condition"):
    """Poll until predicate() is truthy; returns its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")
