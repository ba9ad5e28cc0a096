"""Marking content that reaches a reader in another language than the page's.

An item not yet translated shows its English on a Russian page; screen readers and browsers must
know that text is English (`lang="en"`), and readers get a short note saying so.
"""

from django import template
from django.utils import translation
from django.utils.html import format_html

from unodc_portal.translations import among_page_words, in_quotation_marks, language_shown

register = template.Library()


def shown_language(item, text=None):
    """The language `item` (or its text `text`) reaches the reader in; None for anything that is
    not translatable content. `item` may also be a text that knows its language (a ShownText: a
    breadcrumb, a filter's option)."""
    if text is not None and hasattr(item, "language_of"):
        return language_shown(item, text)
    return getattr(item, "shown_in", None)


def other_language(item, text=None):
    """The language `item` (or its text `text`) reaches the reader in when that is not the
    page's; None otherwise."""
    language = shown_language(item, text)
    if language is None or language == translation.get_language():
        return None
    return language


@register.filter
def lang_attr(item, text=None):
    """` lang="en"` for an element showing `item` (or only its text `text`) when that is not in
    the page's language; nothing otherwise: `<article{{ story|lang_attr }}>`."""
    language = other_language(item, text)
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def lang_span(item, text=None):
    """`item`'s text `text` (or `item` itself, a ShownText) for a place among words of the page's
    language, in a `<span lang="en">` when it is not in the page's language and as it is
    otherwise (so English pages get no span): `{% translate "Run by" %} {{ facility|lang_span:"place" }}`,
    `{% blocktranslate with parent=programme.parent|lang_span:"display_name" %}`. Where an
    element holds nothing but the text, put `lang_attr` on the element instead."""
    return among_page_words(item if text is None else getattr(item, text), shown_language(item, text))


@register.filter
def in_other_language(item):
    """Whether `item` reaches the reader in another language than the page's (for the note)."""
    return other_language(item) is not None


@register.filter
def quoted(text, language):
    """A quotation in the marks its language uses: «...» in Russian, “...” in English."""
    return in_quotation_marks(text, language)


@register.filter
def text_language(item, text):
    """The language `item`'s text `text` reaches the reader in."""
    return shown_language(item, text)
