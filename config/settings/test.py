"""pytest: the machine's PostgreSQL and Redis (DATABASE_URL / REDIS_URL), fast hashing."""
import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/doorstep")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
os.environ.setdefault("CACHE_KEY_PREFIX", "doorstep-test")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = env("SMS_BACKEND", default="locmem")  # noqa: F405
SPARE_SCHEMA_POOL_SIZE = 0
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Servers started by tests (tests/processes.py) serve static files without a collectstatic run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The tests' webhook receivers listen on 127.0.0.1 (the network guard allows loopback only).
WEBHOOK_ALLOW_PRIVATE_HOSTS = True
WEBHOOK_RETRY_SECONDS = 0.2
