"""Celery and what its tasks read: partitions, Legistar ingestion, minutes."""

from pathlib import Path

from celery.schedules import crontab

from .caches import REDIS_URL, redis_database
from .core import BASE_DIR, env

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
