"""The Celery app: Redis broker, JSON only, late acks (settings under CELERY_ in Django settings)."""

from celery import Celery

from config.env import settings_module_default

settings_module_default()

app = Celery("cityvotes")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
