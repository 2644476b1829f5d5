"""Development and the demo (`make run`): the base settings plus the development tools app."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
