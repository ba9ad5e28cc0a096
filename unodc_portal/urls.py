from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from milestones.sitemaps import SITEMAPS
from milestones.views import serve_media

admin.site.site_header = "UNODC Central Asia · Milestones editors"
admin.site.site_title = "Milestones editors"
admin.site.index_title = "Bulletin, stories and programme data"

handler500 = "milestones.views.server_error"

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("milestones.urls")),
    path("", include("programmes.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.insert(0, path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"))
