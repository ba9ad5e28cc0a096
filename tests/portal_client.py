"""The test client, in front of the page cache's fast lane as the site is served."""

from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.test import Client
from django.test.client import ClientHandler

from unodc_portal.page_cache import PageCacheApplication


class FastLaneClientHandler(ClientHandler):
    """Django's test handler behind the page cache's WSGI fast lane, as gunicorn serves the site
    (unodc_portal/wsgi.py): stored pages are answered by the fast lane, the rest by Django."""

    def __call__(self, environ):
        fast_lane = PageCacheApplication(lambda environ, start_response: None)
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer.update(status=int(status[:3]), headers=headers)

        body = fast_lane(environ, start_response)
        if body is None:  # not stored: Django answers
            return super().__call__(environ)
        response = HttpResponse(b"".join(body), status=answer["status"])
        del response["Content-Type"]  # the stored headers say it
        for name, value in answer["headers"]:
            response[name] = value
        response.wsgi_request = WSGIRequest(environ)
        return response


class PortalClient(Client):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.handler = FastLaneClientHandler(self.handler.enforce_csrf_checks)
