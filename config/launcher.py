"""`make run`: the whole platform on one machine — web, Celery worker and Celery beat.

    python -m config.launcher                 gunicorn (what `make run` starts)
    python -m config.launcher --dev           Django's runserver with auto-reload instead
    python -m config.launcher --stop-embedded stop the embedded PostgreSQL and Redis, then exit
    python -m config.launcher --no-seed       without seeding the demo companies

Before starting anything it fills DATABASE_URL / REDIS_URL from the embedded servers where they
are unset (config.embedded), collects static files, migrates and seeds the demo companies. The
children inherit that environment. Each child runs in its own session, so Ctrl-C reaches only
this process, which then sends each child SIGTERM and waits for them; the children also get
SIGTERM if this process dies without cleaning up (Linux). A child that exits on its own (a killed
Celery worker, a crashed web server) is started again while the others keep serving: after 1 s,
doubling up to 30 s while it keeps crashing within 10 s of starting; after 5 such crashes in a row
the launcher gives up, stops the rest and exits non-zero. The embedded servers keep running: the
next start reuses them (`make clean-local` stops them and deletes `.local/`).
"""
from __future__ import annotations

import argparse
import ctypes
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STOP_GRACE_SECONDS = 20  # gunicorn's graceful_timeout and a Celery warm shutdown fit inside
HEALTH_WAIT_SECONDS = 120
# Restarting a child that died: a crash within FAST_CRASH_SECONDS of its start counts towards giving
# up (MAX_FAST_CRASHES in a row); the wait before each restart doubles from 1 s up to 30 s.
FAST_CRASH_SECONDS = 10.0
MAX_FAST_CRASHES = 5
RESTART_DELAY_SECONDS = 1.0
MAX_RESTART_DELAY_SECONDS = 30.0


@dataclass
class Child:
    name: str
    argv: list[str]
    # runserver's auto-reloader runs the server in a grandchild: signal the whole group.
    signal_group: bool = False
    proc: subprocess.Popen | None = field(default=None, repr=False)
    started_at: float = 0.0
    fast_crashes: int = 0  # crashes in a row, each within FAST_CRASH_SECONDS of its start
    restart_at: float | None = None  # when a crashed child is due to start again

    def start(self) -> None:
        self.proc = subprocess.Popen(  # noqa: S603 - our own fixed argv
            self.argv, cwd=BASE_DIR, start_new_session=True, preexec_fn=_die_with_parent
        )
        self.started_at = time.monotonic()
        self.restart_at = None
        _say(f"{self.name} started (pid {self.proc.pid}).")

    def crashed(self) -> bool:
        """Exited on its own and not yet scheduled for a restart."""
        return self.proc is not None and self.restart_at is None and self.proc.poll() is not None

    def schedule_restart(self) -> float | None:
        """After a crash: clean up what it left behind, then the delay before the next start, or
        None when it keeps crashing fast and should be given up on."""
        self.kill_leftovers()
        now = time.monotonic()
        self.fast_crashes = self.fast_crashes + 1 if now - self.started_at < FAST_CRASH_SECONDS else 0
        if self.fast_crashes >= MAX_FAST_CRASHES:
            return None
        delay = min(RESTART_DELAY_SECONDS * 2 ** self.fast_crashes, MAX_RESTART_DELAY_SECONDS)
        self.restart_at = now + delay
        return delay

    def kill_leftovers(self) -> None:
        """SIGKILL what is left of the child's process group (a killed Celery worker's pool
        processes, a runserver's reloader child): a restarted child must not run beside them."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def send(self, signum: int) -> None:
        if not self.running():
            return
        try:
            if self.signal_group:
                os.killpg(self.proc.pid, signum)
            else:
                self.proc.send_signal(signum)
        except ProcessLookupError:
            pass

    def kill_group(self) -> None:
        if self.running():
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m config.launcher",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--dev", action="store_true", help="runserver with reload, not gunicorn")
    parser.add_argument("--stop-embedded", action="store_true", help="stop the embedded servers")
    parser.add_argument("--no-seed", action="store_true", help="skip seeding the demo companies")
    args = parser.parse_args(argv)
    os.chdir(BASE_DIR)
    if args.stop_embedded:
        stop_embedded()
        return 0
    port = os.environ.setdefault("PORT", "8000")
    if not _port_is_free(port):
        _say(f"Port {port} is in use (another `make run`?). Choose another: PORT=8001 make run")
        return 1
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        prepare_environment(dev=args.dev)
        logins = run_setup(seed=not args.no_seed)
    except KeyboardInterrupt:
        return 130
    except subprocess.CalledProcessError as exc:
        _say(f"{' '.join(exc.cmd[1:])} failed (exit code {exc.returncode}); nothing was started.")
        return 1
    return supervise(children(dev=args.dev), banner=_banner(port, logins))


def settings_environment(*, dev: bool) -> dict[str, str]:
    """Settings module and DEBUG for `make run` (DEBUG off: visitors never see Django's technical
    error pages, which list URL patterns) and `make dev` (DEBUG on). Values already in the
    environment win."""
    return {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "true" if dev else "false"}


def prepare_environment(*, dev: bool = False) -> None:
    """Environment every child inherits: settings module, DEBUG, database and Redis URLs (and PORT)."""
    for name, value in settings_environment(dev=dev).items():
        os.environ.setdefault(name, value)
    os.environ["PYTHONUNBUFFERED"] = "1"  # logs appear in order, also when stdout is a file
    from config.embedded import LOCAL_DIR, ensure_environment

    LOCAL_DIR.mkdir(parents=True, exist_ok=True)
    _say("Starting (or reusing) PostgreSQL and Redis ...")
    ensure_environment()


def run_setup(*, seed: bool = True) -> str:
    """Static files, migrations, demo data; returns the demo logins table that seed_demo prints."""
    _say("Collecting static files, migrating" + (", seeding the demo companies ..." if seed else " ..."))
    _manage("collectstatic", "--noinput", "--verbosity", "0")
    _manage("migrate_platform")
    if not seed:
        return "(demo companies not seeded: --no-seed)"
    return _manage("seed_demo", "--print-logins", capture=True)


def children(*, dev: bool) -> list[Child]:
    from config.embedded import LOCAL_DIR

    python, port = sys.executable, os.environ["PORT"]
    if dev:
        web = Child("web", [python, "manage.py", "runserver", f"0.0.0.0:{port}"], signal_group=True)
    else:
        # Bind ($PORT), workers, threads, logs and --no-control-socket (DESIGN §9) are in the
        # config file the container image uses too.
        web = Child(
            "web",
            [python, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "config.wsgi:application"],
        )
    celery = [python, "-m", "celery", "-A", "config"]
    schedule = str(LOCAL_DIR / "celerybeat-schedule")
    return [
        web,
        Child("worker", [*celery, "worker", "-l", "info", "--concurrency", "2"]),
        Child("beat", [*celery, "beat", "-l", "info", "--schedule", schedule]),
    ]


def supervise(procs: list[Child], *, banner: str) -> int:
    """Run the children until a signal (exit 0), restarting any that exits on its own; give up
    (exit 1) on one that keeps crashing right after it starts.

    The banner is printed once web answers /healthz.
    """
    stop_requested: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, frame: stop_requested.append(signum))
    signal.signal(signal.SIGTERM, lambda signum, frame: stop_requested.append(signum))
    for child in procs:
        child.start()
    port = os.environ["PORT"]
    announced, deadline, status = False, time.monotonic() + HEALTH_WAIT_SECONDS, 0
    while not stop_requested:
        if _restart_crashed(procs) is False:
            status = 1
            break
        if not announced:
            if _healthy(port):
                print(banner, flush=True)
                announced = True
            elif time.monotonic() > deadline:
                _say(f"web did not answer /healthz within {HEALTH_WAIT_SECONDS} s; stopping.")
                status = 1
                break
        time.sleep(0.5)
    stop(procs)
    return status


def _restart_crashed(procs: list[Child]) -> bool:
    """Schedule crashed children for a restart and start those whose delay is over; False when one
    keeps crashing and the launcher should give up."""
    for child in procs:
        if child.crashed():
            code = child.proc.returncode
            delay = child.schedule_restart()
            if delay is None:
                _say(f"{child.name} exited with code {code}, {MAX_FAST_CRASHES} times in a row within "
                     f"{FAST_CRASH_SECONDS:.0f} s of starting; giving up and stopping the others.")
                return False
            _say(f"{child.name} exited with code {code}; restarting it in {delay:.0f} s (the others keep running).")
        elif child.restart_at is not None and time.monotonic() >= child.restart_at:
            child.start()
    return True


def stop(procs: list[Child]) -> None:
    """SIGTERM (graceful for gunicorn and Celery), then SIGKILL what outlives the grace period."""
    if any(child.running() for child in procs):
        _say("Stopping web, worker and beat ...")
    # Ignore further Ctrl-C while we wait: a second one must not leave orphans behind.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for child in procs:
        child.send(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    while any(child.running() for child in procs) and time.monotonic() < deadline:
        time.sleep(0.2)
    for child in procs:
        if child.running():
            _say(f"{child.name} did not stop within {STOP_GRACE_SECONDS} s; killing it.")
            child.kill_group()
            child.proc.wait()
    _say("Stopped. PostgreSQL and Redis keep running (`make clean-local` stops them).")


def stop_embedded() -> None:
    """Stop the embedded servers under DOORSTEP_LOCAL_DIR (default .local/), if they are running."""
    from config.embedded import LOCAL_DIR

    pgdata = LOCAL_DIR / "pgdata"
    if (pgdata / "postmaster.pid").exists():
        # Found without importing pgserver, which would only warn about XDG_RUNTIME_DIR here.
        package = Path(importlib.util.find_spec("pgserver").origin).parent
        pg_ctl = package / "pginstall" / "bin" / "pg_ctl"
        # PostgreSQL refuses to run as root; as root, pgserver owns the data directory by its own
        # `pgserver` system user, and pg_ctl must run as that user too.
        owner = pgdata.stat().st_uid
        user = owner if os.geteuid() == 0 and owner != 0 else None
        result = subprocess.run(  # noqa: S603 - fixed argv, pgserver's own binary
            [str(pg_ctl), "-D", str(pgdata), "-m", "fast", "-w", "stop"],
            cwd=pgdata, user=user, check=False,
        )
        _say("PostgreSQL stopped." if result.returncode == 0 else "PostgreSQL was not running.")
    socket_path = LOCAL_DIR / "redis.sock"
    if socket_path.exists():
        import redis

        try:
            redis.Redis(unix_socket_path=str(socket_path), socket_timeout=5).shutdown()
        except redis.ConnectionError:
            pass  # the server closes the connection as it exits
        except redis.RedisError as exc:
            _say(f"Redis did not shut down ({exc}).")
            return
        _say("Redis stopped.")


def _manage(*args: str, capture: bool = False) -> str:
    """Run a management command in a child process; with capture, return its standard output."""
    result = subprocess.run(  # noqa: S603 - our own fixed argv
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR, check=True, text=True, stdout=subprocess.PIPE if capture else None,
    )
    return (result.stdout or "").rstrip()


def _port_is_free(port: str) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", int(port)))  # noqa: S104 - where gunicorn will listen
        except OSError:
            return False
    return True


def _healthy(port: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _banner(port: str, logins: str) -> str:
    platform_host = f"{os.environ.get('PLATFORM_DOMAIN', 'localhost')}:{port}"
    base = f"http://{platform_host}"
    # The companies' own sites: every other host the logins table mentions, in order.
    company_hosts = dict.fromkeys(re.findall(r"https?://([^/\s]+)", logins))
    company_hosts.pop(platform_host, None)
    lines = [
        "Doorstep is running.",
        f"  Platform          {base}/",
        f"  Operator console  {base}/console/",
        f"  Worker app        {base}/worker/",
        *(f"  Company site      http://{host}/" for host in company_hosts),
        "",
        "Demo logins:",
        logins,
        "",
        "Ctrl-C stops web, worker and beat.",
    ]
    rule = "=" * 72
    return "\n".join([rule, *lines, rule])


def _say(message: str) -> None:
    print(f"[launcher] {message}", flush=True)


def _raise_keyboard_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM when the launcher dies (Linux; elsewhere a no-op)."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


if __name__ == "__main__":
    sys.exit(main())
