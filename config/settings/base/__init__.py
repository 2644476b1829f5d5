"""Settings shared by every environment; everything that varies comes from the environment.

Not a settings module to run with: `config.settings.production` (the entry points' default), `.local`
(development and the demo) and `.test` build on it. `.env` (generated per checkout by
scripts/devservices.py) is read when present, so `manage.py` in a checkout that `make run` or `make test`
set up needs no extra variables.
"""

from .caches import *  # noqa: F403
from .core import *  # noqa: F403
from .databases import *  # noqa: F403
from .public import *  # noqa: F403
from .tasks import *  # noqa: F403
