"""Development on any machine: embedded PostgreSQL and Redis when DATABASE_URL/REDIS_URL are unset."""
from config.embedded import ensure_environment

ensure_environment()

from .base import *  # noqa: E402,F403

# Django's technical error pages list URL patterns and settings: `make dev` (and manage.py by
# hand) keep them, `make run` turns them off (config.launcher sets DEBUG=false) so visitors get the
# friendly 404/500 pages, as in production. Static files are served by whitenoise either way.
DEBUG = env.bool("DEBUG", default=True)  # noqa: F405
# Webhook endpoints on this machine (a receiver on localhost while developing an integration).
WEBHOOK_ALLOW_PRIVATE_HOSTS = env.bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", default=True)  # noqa: F405
