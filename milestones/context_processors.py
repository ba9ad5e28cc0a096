from django.conf import settings


def site(request):
    """Values every page's head and navigation use."""
    match = request.resolver_match
    return {
        "canonical_url": request.build_absolute_uri(request.path),
        "site_name": settings.SITE_NAME,
        # URL names read "<section>-list", "<section>-detail", ...: the first word marks the
        # navigation item of the page.
        "nav_section": match.url_name.split("-")[0] if match and match.url_name else "",
    }
