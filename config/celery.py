"""The Celery app: Redis broker, JSON only, late acks (settings under CELERY_ in Django settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("cityvotes")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
