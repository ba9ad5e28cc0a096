from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from milestones.sitemaps import SITEMAPS
from unodc_portal import views
from unodc_portal.canonical import understands

admin.site.site_header = _("UNODC Central Asia · Milestones editors")
admin.site.site_title = _("Milestones editors")
admin.site.index_title = _("Bulletin, stories and programme data")

handler400 = "unodc_portal.views.bad_request"
handler404 = "unodc_portal.views.not_found"
handler500 = "unodc_portal.views.server_error"

# Every page in every language: English at these addresses, the others under their prefix
# (unodc_portal/languages.py). The sitemaps list each page in each language; robots.txt and the
# health check have no language.
urlpatterns = [
    *i18n_patterns(
        path(settings.ADMIN_PATH, admin.site.urls),
        path("", include("milestones.urls")),
        path("", include("milestones.reference_urls")),
        prefix_default_language=False,
    ),
    # The JSON API (milestones/api.py): one address for every language.
    path("api/v1/", include("milestones.api_urls")),
    # An index of one sitemap per section, each split into pages of 50,000 addresses.
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        understands("p")(sitemaps.sitemap),  # p: the page of a section's sitemap
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("healthz", views.healthz, name="healthz"),
]

if settings.SERVE_MEDIA:
    urlpatterns.insert(0, path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.serve_media, name="media"))
