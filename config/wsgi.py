import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Gunicorn runs no system checks: production refuses to start here without the audit key.
from mandate.core.audit_keys import require_key_for_production  # noqa: E402

require_key_for_production()
