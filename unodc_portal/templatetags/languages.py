"""Marking content that reaches a reader in another language than the page's.

An item not yet translated shows its English on a Russian page; screen readers and browsers must
know that text is English (`lang="en"`), and readers get a short note saying so.
"""

from django import template
from django.utils import translation
from django.utils.html import format_html

register = template.Library()


def shown_language(item, text=None):
    """The language `item` (or its text `text`) reaches the reader in; None for anything that is
    not translatable content."""
    if text is not None and hasattr(item, "language_of"):
        return item.language_of(text)
    return getattr(item, "shown_in", None)


@register.filter
def lang_attr(item, text=None):
    """` lang="en"` for an element showing `item` (or only its text `text`) when that is not in
    the page's language; nothing otherwise: `<article{{ story|lang_attr }}>`."""
    language = shown_language(item, text)
    if language is None or language == translation.get_language():
        return ""
    return format_html(' lang="{}"', language)


@register.filter
def in_other_language(item):
    """Whether `item` reaches the reader in another language than the page's (for the note)."""
    language = shown_language(item)
    return language is not None and language != translation.get_language()


@register.filter
def quoted(text, language):
    """A quotation in the marks its language uses: «...» in Russian, “...” in English."""
    opening, closing = QUOTATION_MARKS.get(language, QUOTATION_MARKS["en"])
    return f"{opening}{text}{closing}"


QUOTATION_MARKS = {"en": ("“", "”"), "ru": ("«", "»")}


@register.filter
def text_language(item, text):
    """The language `item`'s text `text` reaches the reader in."""
    return shown_language(item, text)
