import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unodc_portal.settings")
from django.core.wsgi import get_wsgi_application
django_app = get_wsgi_application()
store = {}
def application(environ, start_response):
    key = environ["PATH_INFO"] + "?" + environ.get("QUERY_STRING", "")
    hit = store.get(key)
    if hit is None:
        chunks = []
        def capture(status, headers, exc_info=None):
            capture.status, capture.headers = status, headers
            return start_response(status, headers, exc_info)
        result = django_app(environ, capture)
        body = b"".join(result)
        result.close()
        store[key] = (capture.status, capture.headers, body)
        return [body]
    status, headers, body = hit
    start_response(status, headers)
    return [body]
