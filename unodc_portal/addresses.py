"""Addresses of the detail pages, which every card, tag and feed entry links to."""

import functools
import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

STAND_IN = "stand-in-for-the-key"  # passes the slug and str converters; never part of a route
PLAIN_KEY = re.compile(r"[-a-zA-Z0-9_]+")  # what the slug converter accepts


def detail_url(view_name, key):
    """reverse(view_name, args=[key]) for a detail page whose key is a slug or a country code.

    A list page links to 60 to 100 items, and reverse() took about 70 us each (a tenth of the
    home page): the address is reversed once per worker with a stand-in for the key, which is
    then put in its place. Keys are slugs and ISO codes, which need no quoting and pass the
    routes' converters; anything else (a slug written into the database by hand, say) goes
    through reverse(), to be checked and quoted. Kept per language: the address of a page in
    Russian has the /ru/ prefix (unodc_portal/languages.py)."""
    if not PLAIN_KEY.fullmatch(key or ""):
        return reverse(view_name, args=[key])
    before, after = address_around_key(view_name, get_urlconf(), get_script_prefix(), get_language())
    return f"{before}{key}{after}"


@functools.cache
def address_around_key(view_name, urlconf, script_prefix, language):
    """The address before and after the key; `language` is part of the cache key only (reverse()
    reads the active language itself)."""
    before, found, after = reverse(view_name, urlconf=urlconf, args=[STAND_IN]).partition(STAND_IN)
    if not found:
        raise ValueError(f"The address of {view_name} does not contain its key")
    return before, after


@receiver(setting_changed)
def forget_addresses(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        address_around_key.cache_clear()
