import os
import sys

from django.core.wsgi import get_wsgi_application

from config.env import settings_module_default

settings_module_default()
os.environ.setdefault("PROCESS_ROLE", "web")  # the web's statement timeout (settings.base)
# A web worker's threads each give up the GIL at every query and cache read, and wait to get it back from a
# thread that is building a page: at Python's default of 5 ms that wait comes several times per request.
sys.setswitchinterval(0.001)
application = get_wsgi_application()
