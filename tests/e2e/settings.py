"""Settings of the browser tests' web server and Celery worker: the test settings, with static files
served straight from the apps and frontend/static (no collectstatic run needed)."""
from config.settings.test import *  # noqa: F403

WHITENOISE_USE_FINDERS = True

# The customer's order page polls its timeline every 10 s; a second keeps the browser tests quick.
ORDER_TIMELINE_POLL_SECONDS = 1
