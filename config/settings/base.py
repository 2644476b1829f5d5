"""Settings shared by every environment; everything that varies comes from the environment.

Not a settings module to run with: `config.settings.production` (the entry points' default), `.local`
(development and the demo) and `.test` build on it. `.env` (generated per checkout by
scripts/devservices.py) is read when present, so `manage.py` in a checkout that `make run` or `make test`
set up needs no extra variables.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

from cities.redis_breaker import FailFastConnection

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "psqlextra",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "cities",
    "meetings",
    "votes",
    "requests311",
    "search",
    "legistar",
]

MIDDLEWARE = [
    "config.requestlog.RequestLogMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cities.middleware.RequestGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cities.replica.ReplicaReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cities.middleware.ApplicationErrorMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
# A request slower than this leaves one log line with its route, status, SQL and cache reads (config.requestlog).
SLOW_REQUEST_MS = env.float("SLOW_REQUEST_MS", default=500.0)
# Who may read /metrics (config.metrics), as the address limits read it (cities.clients).
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.0/8", "::1/128"])
PROMETHEUS_EXPORT_MIGRATIONS = False

# Admin sign-in attempts are limited per account and per address (django-axes); a locked account or address
# waits out the cool-off. Addresses are read like every other limit's (cities.clients).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cities.clients.client_address"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # staff sign-ins are not tracked by address; failures are, until the cool-off

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# psqlextra's backend wraps Django's PostgreSQL backend (psycopg 3) and adds partition DDL helpers.
# PGBOUNCER: the connections go through PgBouncer in transaction mode (PGBOUNCER_URL, else DATABASE_URL
# already names it): a server connection is lent per transaction, so nothing may outlive one: no
# server-side cursors, no prepared statements, no session SET (every SET here is SET LOCAL or
# set_config(..., true)) and advisory locks only per transaction (pg_advisory_xact_lock).
PGBOUNCER = env.bool("PGBOUNCER", default=False)
DATABASES = {
    "default": env.db("PGBOUNCER_URL" if PGBOUNCER and env("PGBOUNCER_URL", default="") else "DATABASE_URL",
                      engine="psqlextra.backend")
}  # fmt: skip
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = PGBOUNCER
# The server itself (host and port), for what must not go through a pooler: backups and restores.
DATABASE_SERVER = {key: env.db("DATABASE_URL")[key] for key in ("HOST", "PORT")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Prepared statements: Django's own cursors bind on the client and never prepare; the cursors that bind on
# the server (the Legistar sync's set-based statements) prepare a statement from its 5th run. Turn off
# behind a pooler in transaction mode that does not track them (PgBouncer before 1.21).
DATABASES["default"]["OPTIONS"] = {
    "connect_timeout": 5,
    "prepare_threshold": 5 if env.bool("DB_PREPARED_STATEMENTS", default=not PGBOUNCER) else None,
}
# The longest one SQL statement may run, per kind of process (PROCESS_ROLE, set by its entry point: the WSGI
# module says "web", the Procfile's worker and beat say "worker"; manage.py commands have none). A public
# request that would cost more is cancelled and answered 503 (cities.middleware.server_error); ingestion and
# maintenance get their own, longer bound. 0 means none. A pooler must pass the startup option through
# (PgBouncer: ignore_startup_parameters does not; set it on the role there instead).
WEB_STATEMENT_TIMEOUT_MS = env.int("WEB_STATEMENT_TIMEOUT_MS", default=3000)
WORKER_STATEMENT_TIMEOUT_MS = env.int("WORKER_STATEMENT_TIMEOUT_MS", default=1_800_000)
PROCESS_ROLE = env("PROCESS_ROLE", default="command")
_statement_timeout = {"web": WEB_STATEMENT_TIMEOUT_MS, "worker": WORKER_STATEMENT_TIMEOUT_MS}.get(PROCESS_ROLE, 0)
if _statement_timeout and not PGBOUNCER:  # behind PgBouncer: ALTER ROLE ... SET statement_timeout (deploy/)
    DATABASES["default"]["OPTIONS"]["options"] = f"-c statement_timeout={_statement_timeout}"
# A streaming read replica (cities.replica): public pages, the API, search and feeds read it while it keeps up;
# writes, staff and a client that just wrote read the primary. Direct to the replica (no pooler between).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL", engine="psqlextra.backend"),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 2, "prepare_threshold": 5}
        | ({"options": f"-c statement_timeout={_statement_timeout}"} if _statement_timeout else {}),
        "TEST": {"MIRROR": "default"},  # the test database, as the replica streams it from the primary
    }
    DATABASE_ROUTERS = ["cities.replica.PrimaryReplicaRouter"]
REPLICA_READS = env.bool("REPLICA_READS", default=True)
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=5.0)
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=1.0)
# How long a client that wrote, and a city that changed, read the primary.
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=15)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_database(url: str, number: int) -> str:
    """`url` on its server's database `number`."""
    return re.sub(r"(rediss?://[^/?#]*)(/\d*)?", rf"\g<1>/{number}", url, count=1)


# Three uses of Redis on three databases, or each on its own URL: the page cache may lose everything at any
# time (misses, evictions, a stop: pages are then built from PostgreSQL); the broker and the locks must keep
# every key. In production give the cache its own instance (maxmemory, allkeys-lru) and the broker and locks
# one that never evicts (noeviction) via CACHE_REDIS_URL, CELERY_BROKER_URL and LOCKS_REDIS_URL. The local
# server (scripts/devservices.py) has no memory limit and evicts nothing.
REDIS_URL = env("REDIS_URL")
CACHE_REDIS_URL = env("CACHE_REDIS_URL", default=redis_database(REDIS_URL, 0))
LOCKS_REDIS_URL = env("LOCKS_REDIS_URL", default=redis_database(REDIS_URL, 2))
CACHES = {
    "default": {
        "BACKEND": "cities.request_stats.MeteredRedisCache",  # django-redis, its reads counted
        "LOCATION": CACHE_REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="cv"),
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            "IGNORE_EXCEPTIONS": True,  # Redis down: every call a miss, logged; pages from PostgreSQL
            "CONNECTION_POOL_KWARGS": {"connection_class": FailFastConnection},
        },
    },
    # Locks that keep two runs of one job apart: an error here is an error (the job waits and retries).
    "locks": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": LOCKS_REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="cv"),
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", "SOCKET_CONNECT_TIMEOUT": 2,
                    "SOCKET_TIMEOUT": 2},
    },
}  # fmt: skip
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
LOCK_SECONDS = env.float("LOCK_SECONDS", default=120.0)  # a dead holder's lock is gone this soon (cities.locks)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 default, opted into now
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=redis_database(REDIS_URL, 1))
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a task whose process died is queued again at once (config/celery.py)
TASK_MAX_DELIVERIES = env.int("TASK_MAX_DELIVERIES", default=3)
# A task whose whole worker died (not just its process) comes back after the visibility timeout: longer than
# any task but a sync (minutes: 30 min), which its lock keeps from running twice if delivered again early.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Two queues: long ingestion (a city's sync, a minutes document) apart from the short rest (fan-outs,
# summaries, maintenance), so hours of syncing never hold up a refresh. Workers scale by being added to a
# queue (-Q); the per-city lock keeps two of them from syncing one city at once.
CELERY_TASK_DEFAULT_QUEUE = "default"
INGESTION_QUEUE = "ingestion"
CELERY_TASK_ROUTES = {
    "legistar.sync_city": {"queue": INGESTION_QUEUE},
    "meetings.ingest_minutes_document": {"queue": INGESTION_QUEUE},
}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "maintain-partitions": {
        "task": "cities.maintain_partitions",
        "schedule": crontab(hour=3, minute=7),
    },
    "expire-311-personal-data": {
        "task": "requests311.expire_personal_data",
        "schedule": crontab(hour=4, minute=17),
    },
    "refresh-member-voting-summary": {
        "task": "votes.refresh_member_voting_summary",
        "schedule": crontab(minute=23),
    },
}

# --- Partitions (kept by cities.partitions.partitions_maintain) ---------------------------------
PARTITION_MONTHS_AHEAD = env.int("PARTITION_MONTHS_AHEAD", default=3)
# Months of audit log to keep; older partitions are detached (never dropped). 0 keeps all.
AUDIT_RETENTION_MONTHS = env.int("AUDIT_RETENTION_MONTHS", default=0)
# Where detached partitions are archived before they may be dropped (cities.partition_archive).
PARTITION_ARCHIVE_DIR = env.path("PARTITION_ARCHIVE_DIR", default=BASE_DIR / "var" / "partition-archives")
# RANGE tables partitioned monthly: table -> {"ahead": months, "retention_months": N or 0}.
MONTHLY_PARTITIONED_TABLES = {
    "cities_auditentry": {"ahead": PARTITION_MONTHS_AHEAD, "retention_months": AUDIT_RETENTION_MONTHS},
}
MONTHLY_PARTITIONED_TABLES["meetings_meetingpage"] = {
    "ahead": PARTITION_MONTHS_AHEAD,
    "retention_months": env.int("MINUTES_RETENTION_MONTHS", default=0),
}
# LIST tables partitioned by city_id: one partition per city, made when the city is.
CITY_PARTITIONED_TABLES: list[str] = ["requests311_servicerequest"]

# --- Legistar ingestion (legistar.sync) ---------------------------------------------------
LEGISTAR_API_ROOT = env("LEGISTAR_API_ROOT", default="https://webapi.legistar.com/v1")
LEGISTAR_TIMEOUT_SECONDS = env.float("LEGISTAR_TIMEOUT_SECONDS", default=30.0)
LEGISTAR_MAX_ATTEMPTS = env.int("LEGISTAR_MAX_ATTEMPTS", default=5)
# One answer of the Web API (a page of 1,000 rows is a few MB): past this the transfer stops.
LEGISTAR_MAX_RESPONSE_BYTES = env.int("LEGISTAR_MAX_RESPONSE_BYTES", default=64_000_000)
LEGISTAR_BACKOFF_SECONDS = env.float("LEGISTAR_BACKOFF_SECONDS", default=2.0)
LEGISTAR_MIN_INTERVAL_SECONDS = env.float("LEGISTAR_MIN_INTERVAL_SECONDS", default=0.1)
# Roll-call requests in flight at once per sync (one request per acted-on item).
LEGISTAR_CONCURRENCY = env.int("LEGISTAR_CONCURRENCY", default=2)
LEGISTAR_LOOKBACK_DAYS = env.int("LEGISTAR_LOOKBACK_DAYS", default=14)
LEGISTAR_QUEUE_MINUTES = env.bool("LEGISTAR_QUEUE_MINUTES", default=True)  # a sync queues its meetings' minutes
# Recorded public data (../shared/realdata) replayed by the demo loader and the tests.
REALDATA_DIR = Path(env("REALDATA_DIR", default=str(BASE_DIR.parent / "shared" / "realdata")))
LEGISTAR_USER_AGENT = env("LEGISTAR_USER_AGENT", default="CityVotes/1.0 (civic transparency portal)")
CELERY_BEAT_SCHEDULE["sync-legistar-cities"] = {
    "task": "legistar.sync_all_cities",
    "schedule": crontab(minute=41, hour="*/6"),
}

# --- Minutes search (meetings.services.minutes, search) -------------------------------------------------
MINUTES_MAX_BYTES = env.int("MINUTES_MAX_BYTES", default=50_000_000)
MINUTES_DOWNLOAD_TIMEOUT_SECONDS = env.float("MINUTES_DOWNLOAD_TIMEOUT_SECONDS", default=60.0)
# A PDF is read in a child process under these limits (meetings.pdf_reader); a file over them is marked
# failed with the reason, never retried into a crash loop.
MINUTES_MAX_PAGES = env.int("MINUTES_MAX_PAGES", default=5000)
MINUTES_MAX_PAGE_CHARS = env.int("MINUTES_MAX_PAGE_CHARS", default=50_000)
MINUTES_PDF_MEMORY_MB = env.int("MINUTES_PDF_MEMORY_MB", default=1024)
MINUTES_PDF_SECONDS = env.float("MINUTES_PDF_SECONDS", default=300.0)
# Hosts the checked fetch (cities.fetch) may reach although they resolve to private addresses: a private
# deployment's own file server; the tests' loopback servers. Empty: public addresses only.
FETCH_ALLOWED_HOSTS = env.list("FETCH_ALLOWED_HOSTS", default=[])
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=120)

# --- 311 (requests311) ----------------------------------------------------------------------
# GeoReport v2 answers a created request with 200; some clients expect 201.
OPEN311_POST_201 = env.bool("OPEN311_POST_201", default=False)
# Map tiles for the resident pages (Leaflet is served from static/); empty: a map without tiles.
OPEN311_TILE_URL = env("OPEN311_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# Content-Security-Policy (django-csp): scripts, styles and frames only from this site; pages carry no inline
# script or style. Map tiles are the one outside source (OPEN311_TILE_URL's origin).
_tiles = urlsplit(OPEN311_TILE_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles.netloc else [])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}  # fmt: skip
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# "Near me" shows requests of the last N days (unless a start date is given).
OPEN311_NEAR_ME_DAYS = env.int("OPEN311_NEAR_ME_DAYS", default=365)
OPEN311_PHOTO_MAX_BYTES = env.int("OPEN311_PHOTO_MAX_BYTES", default=5_000_000)
OPEN311_PHOTO_MAX_PIXELS = env.int("OPEN311_PHOTO_MAX_PIXELS", default=50_000_000)  # a 48 MP phone photo fits
OPEN311_REPORTS_PER_IP_PER_HOUR = env.int("OPEN311_REPORTS_PER_IP_PER_HOUR", default=10)

# --- REST framework -------------------------------------------------------------------------
API_RATE_PER_IP = env("API_RATE_PER_IP", default="60/min")  # clients without a key; keys carry their own rate
# Per address, per minute (cities.clients): pages and feeds whose every request may cost a query.
SEARCH_RATE_PER_IP_PER_MINUTE = env.int("SEARCH_RATE_PER_IP_PER_MINUTE", default=30)
OPEN311_READS_PER_IP_PER_MINUTE = env.int("OPEN311_READS_PER_IP_PER_MINUTE", default=120)
# How many proxies in front of the web server append to X-Forwarded-For (cities.clients.client_address).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: the browsable API renders a form and a whole page per request (development adds it).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "EXCEPTION_HANDLER": "cities.api_base.api_exception_handler",
    # The API is public and read-only: clients are told apart by API key (cities.api_base), never by a
    # password or a session, so nobody can guess passwords through it.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # Rates per client IP (no key) and default per key; backed by the Redis cache.
    "DEFAULT_THROTTLE_RATES": {"per_ip": API_RATE_PER_IP, "api_key": "120/min"},
}
API_DESCRIPTION = """Read-only council, meeting, legislation and vote data for every city on CityVotes, the
minutes search, and each city's 311 requests.

**Cities** are named by their key, as in the site's addresses: `/api/cities/springfield/meetings/`.
Every list is paged by a cursor: follow the `next` link of a page for the one after it; a deep page costs
what the first does. Dates are ISO 8601; times are UTC.

**Without a key** each address may make 60 requests a minute. **With a key** (ask the site's operators),
send it as the `X-Api-Key` header and the key's own rate applies. Over the rate, the answer is a 429 with
`Retry-After`.

**Errors** are JSON: `{"error": {"code": "...", "message": "..."}}` with a 4xx status that says what was
wrong (an unknown city is a 404, a malformed filter or cursor a 400).

**Examples**

- `/api/cities/` : every city
- `/api/cities/springfield/members/` : the council and its former members
- `/api/cities/springfield/matters/?file=int+47-2024` : legislation by file number, however it is typed
- `/api/cities/springfield/member-votes/?member=12&vote_choice=No` : one member's No votes
- `/api/search/?q=budget+hearing&city=springfield` : minutes pages, best matches first, each hit with the
  address of its page

**Open311 GeoReport v2** (311 service requests), outside this schema, in the standard's own format (add
`.json` or `.xml`), with the city as `jurisdiction_id`:

- `/open311/v2/services.json?jurisdiction_id=springfield` : what can be reported
- `/open311/v2/services/<code>.json?jurisdiction_id=springfield` : a service's questions
- `/open311/v2/requests.json?jurisdiction_id=springfield&status=open` : requests (no reporter's contact
  details, ever)
- `/open311/v2/requests/<id>.json?jurisdiction_id=springfield` : one request
- `POST /open311/v2/requests.json` : report one (needs the city's Open311 `api_key`)
"""
SPECTACULAR_SETTINGS = {
    "TITLE": "CityVotes API",
    "DESCRIPTION": API_DESCRIPTION,
    "VERSION": "1.0.0",
    # Docs page assets come from the drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cities.request_stats.RequestIdFilter"}},
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "httpx": {"level": "WARNING"}},
}
