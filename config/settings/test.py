"""Test settings: the same real PostgreSQL and Redis, with a Redis database per xdist worker."""

import os
import re

from .local import *  # noqa: F403
from .local import CACHES, REDIS_URL, REST_FRAMEWORK, redis_database

DEBUG = False
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ["rest_framework.renderers.JSONRenderer"]  # as in production
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Each pytest-xdist worker gets its own three Redis databases (cache, broker, locks), so clearing the cache
# in one test never touches another worker's keys or the development data in databases 0-2.
_worker = int(re.sub(r"\D", "", os.environ.get("PYTEST_XDIST_WORKER", "gw0")) or 0)
_first = 3 + 3 * (_worker % 4)
TEST_REDIS_URL = redis_database(REDIS_URL, _first)
CACHES["default"]["LOCATION"] = TEST_REDIS_URL
CACHES["default"]["KEY_PREFIX"] = "cv-test"
CACHES["locks"]["LOCATION"] = redis_database(REDIS_URL, _first + 2)
CACHES["locks"]["KEY_PREFIX"] = "cv-test"

CELERY_TASK_ALWAYS_EAGER = True
OPEN311_TILE_URL = ""  # tests never fetch map tiles
# The tests' own servers listen on loopback and are fetched by the name "localhost"; the address 127.0.0.1
# written as such stands for a host inside the network and stays refused (tests/inside_host.py).
FETCH_ALLOWED_HOSTS = ["localhost"]
CELERY_BROKER_URL = redis_database(REDIS_URL, _first + 1)
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
# Test data is mostly uncommitted (a transaction per test), which a replica never sees: reads go to the
# primary unless a test of the replica turns this on (tests/cities/test_replica.py).
REPLICA_READS = False
WHITENOISE_AUTOREFRESH = True  # serve from finders: tests never run collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
