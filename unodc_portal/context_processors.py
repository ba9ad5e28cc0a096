from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.translation import gettext, gettext_noop

from unodc_portal.languages import language_versions

# settings.SITE_NAME is the site's name in English; the catalogue has it in the other languages
# (marked here so that makemessages finds it). A name set differently shows as it is written.
gettext_noop("Milestones · UNODC Regional Office for Central Asia")


def site(request):
    """Values every page's head and navigation use."""
    try:
        canonical_url = request.build_absolute_uri(request.path)
        versions = language_versions(request)
    except DisallowedHost:
        # The 400 page for a forged Host header is rendered with this processor too.
        canonical_url, versions = "", []
    match = request.resolver_match
    return {
        "canonical_url": canonical_url,
        # The page in each language: the switcher and the hreflang alternates.
        "language_versions": versions,
        "site_name": gettext(settings.SITE_NAME),
        # URL names read "<section>-list", "<section>-detail", ...: the first word marks the
        # navigation item of the page.
        "nav_section": match.url_name.split("-")[0] if match and match.url_name else "",
    }
