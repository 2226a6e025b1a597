"""Production: secrets come from the environment, with no defaults."""
from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("SECRET_KEY")
# Fernet keys sealing payment credentials, newest first (comma-separated); no default here.
PAYMENT_CREDENTIALS_KEY = env.list("PAYMENT_CREDENTIALS_KEY")
DATABASES = {"default": database_from_url(env("DATABASE_URL"))}  # noqa: F405
DEBUG = False
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
