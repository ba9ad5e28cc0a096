"""The framework's ceiling on this machine, and the issue's reference for a plain list page: a
small Django project served by the same gunicorn settings as the portal. Throughput of the
portal's pages is reported as a ratio to the minimal view, measured in the same run.

- `/`: one view returning a short text response, nothing else (no middleware, no database).
- `/list/`: a plain template listing 20 rows of 10,000 with pagination (the issue's reference
  point, "about 0.07-0.1 of the minimal view"): a ListView over the first 10,000 rows of the
  portal's events table, counted on every request, and the same persistent database connection
  as the portal; no middleware, no filters, no related rows.

Run with DJANGO_SETTINGS_MODULE=bench.minimal_app (bench/run.py does).
"""

import os

import dj_database_url
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path
from django.views.generic import ListView

# Settings: this module is its own settings module and URLconf.
DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "benchmark-only")
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = __name__
MIDDLEWARE = []
INSTALLED_APPS = ["bench"]
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:"), conn_max_age=600)}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
USE_TZ = True


def minimal(request):
    return HttpResponse("Hello from Django", content_type="text/plain")


class PlainList(ListView):
    paginate_by = 20
    context_object_name = "events"
    template_name = "bench/plain_list.html"

    def get_queryset(self):
        from bench.models import PlainEvent

        return PlainEvent.objects.order_by("id")[:10_000]


urlpatterns = [path("", minimal), path("list/", PlainList.as_view())]
application = get_wsgi_application()
