"""The reader's language is the address's prefix, and nothing else.

English is served at the addresses without a prefix (the addresses every earlier release
promised), each other language in settings.LANGUAGES under its code: `/ru/events/?kind=training`
is `/events/?kind=training` in Russian. Paths and query parameters are the same in every
language, so switching language swaps the prefix and keeps the rest.

Django's LocaleMiddleware would also read the language cookie and the browser's Accept-Language
for addresses outside `i18n_patterns` (the sitemaps, robots.txt) and mark every English page
`Vary: Accept-Language`. The page cache, which keys pages by address before Django runs, and any
proxy cache in front would then either serve one reader's language to another or keep a copy per
browser language. The prefix being the only state also means no cookie, and no cookie banner.
"""

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.encoding import escape_uri_path

from unodc_portal.translations import reading_in


def language_of_address(path):
    """The language an address is in: its prefix's, or the default language's."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def without_prefix(path):
    """The address as the default language has it: "/ru/events/" → "/events/"."""
    language = translation.get_language_from_path(path)
    if language is None or language == settings.LANGUAGE_CODE:
        return path
    return path[len(language) + 1 :]


def in_language(path, language):
    """The same address in another language: "/events/" → "/ru/events/" and back."""
    path = without_prefix(path)
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


def language_versions(request):
    """The page in each language, for the switcher and the hreflang alternates: (code, name in
    that language, the address with the reader's query string, the canonical address)."""
    query = request.META.get("QUERY_STRING", "")
    # From the path within the site, then under the prefix the site is served at (/portal/...).
    prefix = get_script_prefix().rstrip("/")
    versions = []
    for code, _name in settings.LANGUAGES:
        path = escape_uri_path(prefix + in_language(request.path_info, code))
        versions.append(
            {
                "code": code,
                "name": LANG_INFO[code]["name_local"],
                "url": f"{path}?{query}" if query else path,
                "canonical": request.build_absolute_uri(path),
            }
        )
    return versions


class LanguageFromAddressMiddleware:
    """Activates the language of the address for everything below it (views, templates, the
    admin, error pages) and says so in Content-Language. Public pages also read content in it
    (unodc_portal/translations.py); the admin edits the stored texts, each language in its field."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_path = f"/{settings.ADMIN_PATH}"

    def __call__(self, request):
        language = language_of_address(request.path_info)
        request.LANGUAGE_CODE = language
        public = not without_prefix(request.path_info).startswith(self.admin_path)
        # Both end with the response: the thread's next work (a request without this
        # middleware, a test) starts in the default language.
        with translation.override(language), reading_in(language if public else None):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
