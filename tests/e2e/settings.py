"""Settings of the browser tests' web server and Celery worker: the test settings, with static files
served straight from the apps and frontend/static (no collectstatic run needed)."""
from config.settings.test import *  # noqa: F403

WHITENOISE_USE_FINDERS = True
