"""The framework's ceiling on this machine: a minimal Django project with one view returning a
short text response, served by the same gunicorn settings as the portal. Throughput of the
portal's pages is reported as a ratio to this, measured in the same run.

Run with DJANGO_SETTINGS_MODULE=bench.minimal_app (bench/run.py does).
"""

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

# Settings: this module is its own settings module and URLconf.
DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "benchmark-only")
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = __name__
MIDDLEWARE = []
INSTALLED_APPS = []


def minimal(request):
    return HttpResponse("Hello from Django", content_type="text/plain")


urlpatterns = [path("", minimal)]
application = get_wsgi_application()
