"""Development and the demo (`make run`): the base settings plus the development tools app and, with DEBUG,
the browsable API."""

from .base import *  # noqa: F403
from .base import DEBUG, INSTALLED_APPS, REST_FRAMEWORK

INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ]
