"""Development on any machine: embedded PostgreSQL and Redis when DATABASE_URL/REDIS_URL are unset."""
from config.embedded import ensure_environment

ensure_environment()

from .base import *  # noqa: E402,F403

DEBUG = True
