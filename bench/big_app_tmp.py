import os
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path
DEBUG = False
SECRET_KEY = "x"
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = __name__
MIDDLEWARE = []
INSTALLED_APPS = []
BODY = b"<p>hello</p>" * 1790
def minimal(request):
    return HttpResponse(BODY, content_type="text/html")
urlpatterns = [path("", minimal)]
application = get_wsgi_application()
