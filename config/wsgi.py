import os

from django.core.wsgi import get_wsgi_application

from config.env import settings_module_default

settings_module_default()
os.environ.setdefault("PROCESS_ROLE", "web")  # the web's statement timeout (settings.base)
application = get_wsgi_application()
