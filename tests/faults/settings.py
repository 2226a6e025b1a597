"""Settings of the launcher started by the fault tests: the test settings, with nothing scheduled,
so that beat, should a test outlive a schedule's first minute, sends no job into the test database."""
from config.settings.test import *  # noqa: F403

CELERY_BEAT_SCHEDULE: dict = {}
