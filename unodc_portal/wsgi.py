"""WSGI entry point, used by gunicorn (see gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unodc_portal.settings")

django_application = get_wsgi_application()

from unodc_portal.page_cache import PageCacheApplication  # noqa: E402  (needs Django set up)

# Stored pages are answered before Django (unodc_portal/page_cache.py).
application = PageCacheApplication(django_application)
