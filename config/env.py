"""How the entry points (manage.py, WSGI, Celery) pick their settings, before Django is set up.

A checkout's `.env` (written by scripts/devservices.py) may name the settings module; without one, the
default is production, the only one safe to deploy.
"""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent


def settings_module_default() -> None:
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
