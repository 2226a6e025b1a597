"""Settings shared by every environment. Values come from the environment (django-environ)."""
from pathlib import Path
from urllib.parse import unquote, urlparse

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
LOCAL_DIR = Path(env("DOORSTEP_LOCAL_DIR", default=str(BASE_DIR / ".local")))


def database_from_url(url: str) -> dict:
    """Django DATABASES entry from a postgres:// URL; the host may be a %-quoted socket directory."""
    parts = urlparse(url)
    host_part = parts.netloc.rsplit("@", 1)[-1]
    if host_part.upper().startswith("%2F"):
        host, port = unquote(host_part), ""
    else:
        host, port = parts.hostname or "", str(parts.port or "")
    return {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or "postgres"),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": port,
        # Connections are reused, but not forever: each tenant schema touched adds catalog cache.
        "CONN_MAX_AGE": env.int("DB_CONN_MAX_AGE", default=300),
        "CONN_HEALTH_CHECKS": True,
    }


SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-" + "x" * 40)
DEBUG = env.bool("DEBUG", default=False)
PLATFORM_DOMAIN = env("PLATFORM_DOMAIN", default="localhost")
# The port the public URLs of the sites carry (":8000" in development, "" behind a proxy on 443).
PLATFORM_URL_SCHEME = env("PLATFORM_URL_SCHEME", default="http")
PLATFORM_URL_PORT = env("PLATFORM_URL_PORT", default=env("PORT", default="8000"))
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])  # hosts are checked against Domain rows
_origin_port = f":{PLATFORM_URL_PORT}" if PLATFORM_URL_PORT else ""
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS",
    default=[
        f"{PLATFORM_URL_SCHEME}://*.{PLATFORM_DOMAIN}{_origin_port}",
        f"{PLATFORM_URL_SCHEME}://{PLATFORM_DOMAIN}{_origin_port}",
    ],
)

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "shared_apps.core",
    "shared_apps.accounts",
    "shared_apps.sms",
    "shared_apps.console",
    "shared_apps.workerapp",
    "shared_apps.notifications",
    "shared_apps.changes",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "shared_apps.changes",  # also a company app: each company's schema keeps its own change log
    "tenant_apps.people",
    "tenant_apps.catalog",
    "tenant_apps.workforce",
    "tenant_apps.scheduling",
    "tenant_apps.storefront",
    "tenant_apps.office",
    "tenant_apps.orders",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Company"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# New companies are cloned from this migrated schema instead of running every migration.
TENANT_BASE_SCHEMA = "company_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
TENANT_LIMIT_SET_CALLS = True

MIDDLEWARE = [
    "shared_apps.core.middleware.HealthzMiddleware",
    "tenants.middleware.CompanyHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shared_apps.core.middleware.CompanyLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "shared_apps.core.middleware.DomainErrorMiddleware",
]

DATABASES = {"default": database_from_url(env("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/doorstep"))}
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

CACHES = {
    # Company-scoped cache: keys carry the schema name.
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="doorstep"),
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    },
    # Platform-wide cache (host -> company lookup, rate limits): one key space for every host.
    "platform": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="doorstep") + ":platform",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["shared_apps.accounts.backends.PhoneOrEmailBackend"]
PASSWORD_HASHERS = [
    # Argon2id with Django 5.2's parameters: time_cost=2, memory_cost=100 MiB, parallelism=8 (~0.1-0.35 s here).
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"  # each surface has its own; views redirect to theirs
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "frontend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tenants.context_processors.company",
            ],
        },
    },
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"  # company time zones are data (Company.time_zone)
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = LOCAL_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(LOCAL_DIR / "media"))

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    DEFAULT_FILE_STORAGE_BACKEND = "storages.backends.s3.S3Storage"
else:
    DEFAULT_FILE_STORAGE_BACKEND = "django.core.files.storage.FileSystemStorage"
STORAGES = {
    "default": {"BACKEND": DEFAULT_FILE_STORAGE_BACKEND},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Every endpoint names its own permission classes; this default refuses anything that forgets.
    "DEFAULT_PERMISSION_CLASSES": ["shared_apps.core.permissions.DenyAll"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "shared_apps.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Doorstep API",
    "DESCRIPTION": "Home-service booking platform. The platform host and each company host serve their own API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name ("status", "kind") with others get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "AssignmentStatusEnum": "tenant_apps.scheduling.models.AssignmentStatus",
        "HoldStatusEnum": [("hold", "hold"), ("expired", "expired")],
        "TimeOffKindEnum": "tenant_apps.workforce.models.TimeOffKind",
        "ActiveOrSuspendedEnum": "tenant_apps.workforce.models.WorkerStatus",  # companies and workers
    },
}

# kombu names a Redis Unix socket redis+socket:// (the embedded Redis listens on one).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL.replace("unix://", "redis+socket://", 1))
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "purge-expired-sms-codes": {"task": "shared_apps.accounts.tasks.purge_expired_sms_codes", "schedule": 3600.0},
    "refill-spare-schemas": {"task": "tenants.tasks.refill_spare_schemas", "schedule": 60.0},
    "purge-expired-holds": {"task": "tenant_apps.scheduling.tasks.purge_expired_holds", "schedule": 60.0},
    "expire-unpaid-orders": {"task": "tenant_apps.orders.tasks.expire_unpaid_orders", "schedule": 60.0},
    "raise-order-exceptions": {"task": "tenant_apps.orders.tasks.raise_order_exceptions", "schedule": 60.0},
    "send-order-reminders": {"task": "tenant_apps.orders.tasks.send_order_reminders", "schedule": 300.0},
    "sweep-outbox": {"task": "shared_apps.notifications.tasks.sweep_outbox", "schedule": 60.0},
}

# SMS: "console" (log), "file" (JSON lines under SMS_FILE_PATH), "locmem", "twilio".
SMS_BACKEND = env("SMS_BACKEND", default="file")
SMS_FILE_PATH = env("SMS_FILE_PATH", default=str(LOCAL_DIR / "sms.jsonl"))
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM_NUMBER = env("TWILIO_FROM_NUMBER", default="")
TWILIO_API_BASE = env("TWILIO_API_BASE", default="https://api.twilio.com")
SMS_CODE_TTL_SECONDS = 300
SMS_CODE_MAX_ATTEMPTS = 5
SMS_CODE_PER_PHONE_PER_HOUR = env.int("SMS_CODE_PER_PHONE_PER_HOUR", default=5)
SMS_CODE_PER_IP_PER_HOUR = env.int("SMS_CODE_PER_IP_PER_HOUR", default=20)
COMPANY_SIGNUPS_PER_IP_PER_HOUR = env.int("COMPANY_SIGNUPS_PER_IP_PER_HOUR", default=20)
LOGIN_FAILURES_PER_IP_PER_HOUR = env.int("LOGIN_FAILURES_PER_IP_PER_HOUR", default=50)
PHONE_DEFAULT_REGION = env("PHONE_DEFAULT_REGION", default="CN")

# Spare pre-cloned schemas make sign-up a rename instead of a clone.
SPARE_SCHEMA_POOL_SIZE = env.int("SPARE_SCHEMA_POOL_SIZE", default=3)

SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=env("SENTRY_ENVIRONMENT", default="development"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant": {"()": "django_tenants.log.TenantContextFilter"}},
    "formatters": {"json": {"()": "shared_apps.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["tenant"], "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
