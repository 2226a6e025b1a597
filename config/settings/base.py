"""Settings shared by every environment. Values come from the environment (django-environ)."""
from pathlib import Path
from urllib.parse import unquote, urlparse

import environ
from celery.schedules import crontab

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
        # A server that does not answer must not hold a request (and a gunicorn thread) forever.
        "OPTIONS": {"connect_timeout": env.int("DB_CONNECT_TIMEOUT", default=5)},
    }


SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-" + "x" * 40)
DEBUG = env.bool("DEBUG", default=False)
PLATFORM_DOMAIN = env("PLATFORM_DOMAIN", default="localhost")
# Map tiles under the dispatch board's map, e.g. "https://tile.example.com/{z}/{x}/{y}.png" ({s}: a
# subdomain letter). Empty (the default): plain plotted points, which work offline.
MAP_TILE_URL = env("MAP_TILE_URL", default="")
# The port the public URLs of the sites carry (":8000" in development, "" behind a proxy on 443).
PLATFORM_URL_SCHEME = env("PLATFORM_URL_SCHEME", default="http")
PLATFORM_URL_PORT = env("PLATFORM_URL_PORT", default=env("PORT", default="8000"))
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])  # hosts are checked against Domain rows
# No wildcard: a request's own host is always trusted, and a company's other hosts (its custom
# domains) are checked by tenants.middleware.CompanyCsrfViewMiddleware. `*.{PLATFORM_DOMAIN}` here
# would let one company's pages post to another's (issue 13 point 10).
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

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
    "shared_apps.commitments",
    "shared_apps.changes",
    "shared_apps.idempotency",
    "shared_apps.payment_providers",
    "shared_apps.platform_ledger",
    "shared_apps.credentials",
    "shared_apps.standing",
    "shared_apps.exams",
    "shared_apps.courses",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "shared_apps.changes",  # also a company app: each company's schema keeps its own change log
    "shared_apps.idempotency",  # also a company app: Idempotency-Keys are scoped per company
    "tenant_apps.people",
    "tenant_apps.ledger",
    "tenant_apps.catalog",
    "tenant_apps.workforce",
    "tenant_apps.scheduling",
    "tenant_apps.storefront",
    "tenant_apps.office",
    "tenant_apps.orders",
    "tenant_apps.payments",
    "tenant_apps.earnings",
    "tenant_apps.quality",
    "tenant_apps.reviews",
    "tenant_apps.insurance",
    "tenant_apps.aftersales",
    "tenant_apps.demo",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]
# What sign-up puts into a new company's schema, in this order, in the sign-up transaction: each is
# called as step(actor=owner, company=company). `tenants` knows tenant apps only by these names.
COMPANY_SETUP_STEPS = [
    "tenant_apps.people.setup.add_owner",
    "tenant_apps.catalog.setup.install_starter",
    "tenant_apps.ledger.setup.open_company_accounts",
]

# What answering a staff invitation does in the inviting company (shared_apps.workerapp.invitations
# runs these inside its schema; the public worker app never imports company apps).
STAFF_INVITATION_ANSWERS = {
    "accept": "tenant_apps.workforce.services.accept_invitation",
    "decline": "tenant_apps.people.invitations.decline_staff_invitation",
}

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
    "shared_apps.core.parsers.BodySizeLimitMiddleware",
    # Static files before the host lookup: a suspended or unknown host's error page needs its
    # stylesheet, and static files belong to no company.
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tenants.middleware.CompanyHostMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shared_apps.core.middleware.CompanyLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tenants.middleware.CompanyCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "shared_apps.core.middleware.DomainErrorMiddleware",
]

DATABASES = {"default": database_from_url(env("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/doorstep"))}
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

# Redis calls give up quickly: a Redis that does not answer must not hold every request.
_REDIS_OPTIONS = {
    "CLIENT_CLASS": "django_redis.client.DefaultClient",
    "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CONNECT_TIMEOUT", default=1.0),
    "SOCKET_TIMEOUT": env.float("REDIS_TIMEOUT", default=2.0),
}
CACHES = {
    # Company-scoped cache: keys carry the schema name. Only a cache (versioned keys, nothing that
    # must be deleted): with Redis down, reads miss and writes are dropped, and pages are served
    # uncached (issue 13 point 9).
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="doorstep"),
        "OPTIONS": {**_REDIS_OPTIONS, "IGNORE_EXCEPTIONS": True},
    },
    # Platform-wide cache (host -> company lookup, rate limits): one key space for every host.
    # Errors are raised: the host lookup falls back to the database itself, and rate limits refuse
    # (503) rather than let guesses through uncounted.
    "platform": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="doorstep") + ":platform",
        "OPTIONS": dict(_REDIS_OPTIONS),
    },
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

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
# Sessions in the database only: signed-in people stay signed in while Redis is down, and a session
# ended (sign-out, ban) cannot come back from a cached copy once Redis returns (issue 13 point 9).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
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
# Our own date/time formats per language (24-hour English; Chinese dates typed the Chinese way).
FORMAT_MODULE_PATH = ["config.formats"]
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
# Private files (worker credentials): never under MEDIA_URL; read only through links that are signed
# and expire (shared_apps.core.private_files). S3-compatible storage when DOORSTEP_S3_BUCKET is set
# (objects private, presigned URLs), else a folder outside MEDIA_ROOT that no URL serves.
PRIVATE_FILE_URL_SECONDS = env.int("PRIVATE_FILE_URL_SECONDS", default=5 * 60)
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(LOCAL_DIR / "private"))
# Unset, the uploads' bucket (AWS_STORAGE_BUCKET_NAME, its endpoint and region) is used, under private/.
DOORSTEP_S3_BUCKET = env("DOORSTEP_S3_BUCKET", default=AWS_STORAGE_BUCKET_NAME)
if DOORSTEP_S3_BUCKET:
    PRIVATE_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": DOORSTEP_S3_BUCKET,
        "endpoint_url": env("DOORSTEP_S3_ENDPOINT_URL", default=env("AWS_S3_ENDPOINT_URL", default=None)),
        "region_name": env("DOORSTEP_S3_REGION", default=env("AWS_S3_REGION_NAME", default=None)),
        "access_key": env("DOORSTEP_S3_ACCESS_KEY_ID", default=None),
        "secret_key": env("DOORSTEP_S3_SECRET_ACCESS_KEY", default=None),
        "location": "private", "default_acl": "private", "querystring_auth": True,
        "querystring_expire": PRIVATE_FILE_URL_SECONDS, "file_overwrite": False,
    }}
else:
    PRIVATE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                       "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None}}
STORAGES = {
    "default": {"BACKEND": DEFAULT_FILE_STORAGE_BACKEND},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# JSON bodies: size and nesting are checked before parsing (shared_apps.core.parsers).
API_MAX_JSON_BYTES = env.int("API_MAX_JSON_BYTES", default=1024 * 1024)
API_MAX_JSON_DEPTH = env.int("API_MAX_JSON_DEPTH", default=32)
# The whole of a multipart request; each uploaded image has its own limit (UPLOAD_MAX_IMAGE_BYTES).
UPLOAD_REQUEST_MAX_BYTES = 100 * 1024 * 1024
UPLOAD_MAX_IMAGE_BYTES = env.int("UPLOAD_MAX_IMAGE_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "shared_apps.core.uploads.SizeCappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Completion photos are private: links to them are signed and expire after this long.
ORDER_PHOTO_URL_SECONDS = 60 * 60

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
        "shared_apps.core.parsers.BoundedJSONParser",
        "shared_apps.core.parsers.BoundedFormParser",
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
        "ReviewStatusEnum": "tenant_apps.reviews.models.ReviewStatus",
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
    "sweep-automatic-dispatch": {"task": "tenant_apps.orders.tasks.sweep_automatic_dispatch", "schedule": 60.0},
    "send-order-reminders": {"task": "tenant_apps.orders.tasks.send_order_reminders", "schedule": 300.0},
    "flag-sla-breaches": {"task": "tenant_apps.aftersales.tasks.flag_sla_breaches", "schedule": 60.0},
    "sweep-outbox": {"task": "shared_apps.notifications.tasks.sweep_outbox", "schedule": 60.0},
    "send-review-reminders": {"task": "tenant_apps.reviews.tasks.send_review_reminders", "schedule": 3600.0},
    "settle-earnings": {"task": "tenant_apps.earnings.tasks.settle_earnings", "schedule": 3600.0},
    "purge-expired-idempotency-keys": {
        "task": "shared_apps.idempotency.tasks.purge_expired_idempotency_keys", "schedule": 3600.0,
    },
    "sweep-sandbox-deliveries": {"task": "shared_apps.payment_providers.tasks.sweep_sandbox_deliveries",
                                 "schedule": 60.0},
    "reconcile-payments": {"task": "tenant_apps.payments.tasks.reconcile_payments", "schedule": 120.0},
    "sweep-money-events": {"task": "tenant_apps.payments.tasks.sweep_money_events", "schedule": 60.0},
    "recompute-credit-scores": {"task": "tenant_apps.quality.tasks.recompute_credit_scores",
                                "schedule": crontab(hour=19, minute=30)},  # 03:30 in China
    # Public schema, once an hour: both are idempotent (each reminder step is sent once).
    "expire-credentials": {"task": "shared_apps.credentials.tasks.expire_credentials", "schedule": 3600.0},
    "remind-expiring-credentials": {"task": "shared_apps.credentials.tasks.send_expiry_reminders",
                                    "schedule": 3600.0},
    # Background checks: ask providers about running checks each minute; yearly re-checks hourly.
    "sweep-background-checks": {"task": "shared_apps.credentials.tasks.sweep_background_checks", "schedule": 60.0},
    "request-yearly-background-rechecks": {"task": "shared_apps.credentials.tasks.request_yearly_rechecks",
                                           "schedule": 3600.0},
    # Exam attempts left open past their server-side deadline are submitted with what was saved in time.
    "submit-overdue-exam-attempts": {"task": "shared_apps.exams.tasks.submit_overdue_attempts", "schedule": 60.0},
}
# Worker credentials (shared_apps.credentials): how long an operator has to review a submission, and
# the real-name verification adapter (the sandbox answers offline; a real one names its class here).
CREDENTIAL_REVIEW_SLA_HOURS = env.int("CREDENTIAL_REVIEW_SLA_HOURS", default=24)
CREDENTIALS_REALNAME_ADAPTER = env("CREDENTIALS_REALNAME_ADAPTER",
                                   default="shared_apps.credentials.realname.SandboxRealNameVerifier")
# Background checks (shared_apps.credentials.screening): the provider adapter (the sandbox answers
# offline), how long the sandbox takes and what it answers, and how long a passed check counts.
BACKGROUND_CHECK_PROVIDER = env("BACKGROUND_CHECK_PROVIDER",
                                default="shared_apps.credentials.screening.SandboxScreening")
BACKGROUND_CHECK_SANDBOX_SECONDS = env.float("BACKGROUND_CHECK_SANDBOX_SECONDS", default=60.0)
BACKGROUND_CHECK_SANDBOX_OUTCOME = env("BACKGROUND_CHECK_SANDBOX_OUTCOME", default="pass")
BACKGROUND_CHECK_VALID_DAYS = env.int("BACKGROUND_CHECK_VALID_DAYS", default=365)
# Payments (tenant_apps.payments): a payment still pending after this long is asked of its provider
# (reconciliation); a refund above this many fen by someone other than the owner is refused.
PAYMENT_RECONCILE_AFTER_MINUTES = env.int("PAYMENT_RECONCILE_AFTER_MINUTES", default=10)
PAYMENT_REFUND_LIMIT_FEN = env.int("PAYMENT_REFUND_LIMIT_FEN", default=100_000)
# Fernet keys sealing payment credentials at rest, newest first (shared_apps.core.sealing). Empty:
# derived from SECRET_KEY (development only; production requires it).
PAYMENT_CREDENTIALS_KEY = env.list("PAYMENT_CREDENTIALS_KEY", default=[])
# Money events sent to companies' own systems (tenant_apps.payments.money_events): attempts before a
# delivery is given up, the first retry's delay (doubling after each failure), the request timeout,
# and whether an endpoint may be a private, loopback or plain-http address (development and tests only).
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_RETRY_SECONDS = env.float("WEBHOOK_RETRY_SECONDS", default=30.0)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
WEBHOOK_ALLOW_PRIVATE_HOSTS = env.bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", default=False)
# Idempotency-Key (shared_apps.idempotency): how long a first answer is replayed, and how long a
# duplicate waits for the first request with its key to finish before a 409 "in progress".
IDEMPOTENCY_KEY_TTL_HOURS = env.float("IDEMPOTENCY_KEY_TTL_HOURS", default=24)
IDEMPOTENCY_WAIT_SECONDS = env.float("IDEMPOTENCY_WAIT_SECONDS", default=10)

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
# Failed passwords lock an account (and an address) for one window; the message states the same window.
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=15 * 60)
LOGIN_FAILURES_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=10)
LOGIN_FAILURES_PER_IP = env.int("LOGIN_FAILURES_PER_IP", default=50)
# Proxies in front of the web processes that append to X-Forwarded-For (a load balancer, an
# ingress): 0 = none, the peer address is the client and X-Forwarded-For is ignored. deploy/README.md.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)
PHONE_DEFAULT_REGION = env("PHONE_DEFAULT_REGION", default="CN")

# Geocoding (shared_apps.geocoding): AMap when a key is set; without one (development, tests) addresses
# are placed at their service zone's centre, marked approximate.
GEOCODING_AMAP_KEY = env("GEOCODING_AMAP_KEY", default="")
GEOCODING_AMAP_URL = env("GEOCODING_AMAP_URL", default="https://restapi.amap.com")
GEOCODING_TIMEOUT_SECONDS = env.float("GEOCODING_TIMEOUT_SECONDS", default=3.0)

# Payment providers this deployment enables (shared_apps.payment_providers.registry); the sandbox
# gateway is the default in development and tests. Its notifications leave after a delay and are
# retried with backoff when the merchant does not answer 2xx.
PAYMENT_PROVIDERS = env.list("PAYMENT_PROVIDERS", default=["sandbox"])
# The platform's fee on each completed order, in percent of its total (tenant_apps.earnings); 0: none.
PLATFORM_FEE_PERCENT = env.int("PLATFORM_FEE_PERCENT", default=0)
SANDBOX_NOTIFY_DELAY_SECONDS = env.float("SANDBOX_NOTIFY_DELAY_SECONDS", default=2.0)
SANDBOX_NOTIFY_RETRY_SECONDS = env.float("SANDBOX_NOTIFY_RETRY_SECONDS", default=5.0)
SANDBOX_NOTIFY_MAX_ATTEMPTS = env.int("SANDBOX_NOTIFY_MAX_ATTEMPTS", default=6)
# Hosts besides loopback, *.localhost and the platform domain the sandbox may post notifications to.
SANDBOX_NOTIFY_HOSTS = env.list("SANDBOX_NOTIFY_HOSTS", default=[])
# Fault tests only (shared_apps.core.faults): the named point where this process dies. Empty: none.
DOORSTEP_FAULT_POINT = env("DOORSTEP_FAULT_POINT", default="")

# Spare pre-cloned schemas make sign-up a rename instead of a clone.
SPARE_SCHEMA_POOL_SIZE = env.int("SPARE_SCHEMA_POOL_SIZE", default=3)

SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

    # Payment credentials (tenant_apps.payments.methods) never reach Sentry, by API or form name.
    _credentials = ["api_v3_key", "app_private_key", "signing_key", "sealed_credentials"]
    _credential_forms = [f"{m}-{f}" for m in ("wechat_pay", "alipay", "unionpay")
                         for f in ("api_v3_key", "private_key", "app_private_key", "signing_key")]
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        event_scrubber=EventScrubber(denylist=DEFAULT_DENYLIST + _credentials + _credential_forms, recursive=True),
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
