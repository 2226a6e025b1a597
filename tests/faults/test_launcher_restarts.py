"""`make run`'s launcher keeps the platform up when a child dies: the Celery worker's main process is
killed, the launcher starts a new one, and the web server answers throughout (issue 13 point 9)."""
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.processes import ROOT, child_env, free_port, wait_for

pytestmark = pytest.mark.fault

WORKER_STARTED = re.compile(r"\[launcher\] worker started \(pid (\d+)\)")


def healthz(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def launcher(db, tmp_path):
    """`python -m config.launcher` against the test database and Redis, without the demo data."""
    port = free_port()
    env = child_env(PORT=str(port), WEB_CONCURRENCY="1", GUNICORN_THREADS="2", DOORSTEP_LOCAL_DIR=str(tmp_path),
                    DJANGO_SETTINGS_MODULE="tests.faults.settings")
    log_path = tmp_path / "launcher.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "config.launcher", "--no-seed"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    process.port = port
    process.log = lambda: log_path.read_text(errors="replace")
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)  # the launcher stops its children
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_killed_celery_worker_comes_back_while_the_web_keeps_answering(launcher):
    # given: the platform is up and the worker is ready
    wait_for(lambda: "Doorstep is running." in launcher.log() and "ready." in launcher.log(), timeout=60,
             message=f"the launcher to start everything:\n{launcher.log()[-3000:]}")
    old_pid = int(WORKER_STARTED.search(launcher.log()).group(1))

    # when: the worker's main process is killed
    os.kill(old_pid, signal.SIGKILL)
    answers = []

    def worker_back():
        answers.append(healthz(launcher.port))
        log = launcher.log()
        pids = [int(pid) for pid in WORKER_STARTED.findall(log)]
        return len(pids) >= 2 and log.count("ready.") >= 2 and pids[-1]

    new_pid = wait_for(worker_back, timeout=45, interval=0.3,
                       message=f"the worker to come back:\n{launcher.log()[-3000:]}")

    # then: a new worker runs, the old one left nothing behind, and the web never stopped answering
    assert new_pid != old_pid
    assert "worker exited with code -9; restarting it" in launcher.log()
    assert launcher.poll() is None
    assert not group_alive(old_pid)
    assert answers and set(answers) == {200}
    assert healthz(launcher.port) == 200


def test_a_child_that_keeps_crashing_at_once_is_given_up(monkeypatch):
    from config import launcher as module

    monkeypatch.setattr(module, "RESTART_DELAY_SECONDS", 0.01)
    monkeypatch.setattr(module, "HEALTH_WAIT_SECONDS", 30)
    monkeypatch.setenv("PORT", str(free_port()))
    monkeypatch.setattr(module.signal, "signal", lambda *args: None)  # leave pytest's handlers alone
    crashing = module.Child("worker", [sys.executable, "-c", "raise SystemExit(3)"])
    steady = module.Child("web", [sys.executable, "-c", "import time; time.sleep(60)"])
    started = time.monotonic()

    status = module.supervise([steady, crashing], banner="")

    assert status == 1
    assert time.monotonic() - started < 20
    assert not steady.running()  # stopped with the rest
