"""Template filters and tags every page may use: dates, structured data, facet options."""

import html
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from unodc_portal import fragments

register = template.Library()

# Characters that could end the <script> element or confuse an HTML parser inside it.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data):
    """A <script type="application/ld+json"> block, escaped like Django's json_script."""
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    # JSON with <, > and & escaped cannot end the script element or open another.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308  # nosec B308 B703


@register.filter
def time_element(when):
    """A PartialDate or PartialDateRange as `<time datetime="2016-10">October 2016</time>`: what
    the source gave for readers, the ISO value for machines; "date not stated" when the source
    gives none. Nothing when there is no date."""
    if not when.stated:
        return format_html('<span class="date-not-stated">{}</span>', when.display)
    if not when:
        return ""
    return format_html('<time datetime="{}">{}</time>', when.iso, when.display)


@register.simple_tag
def cards(items, heading="h2"):
    """Each item's card as an <li>, kept across changes to other items (unodc_portal/fragments.py)."""
    return fragments.cards(items, heading)


@register.simple_tag
def facet_options(facet):
    """A facet's checkboxes, one a line. Written here rather than by a template because the events
    list offers hundreds of options and the template engine takes about fifty times as long for
    them (docs/performance.md). Every text is escaped; counts are whole numbers, written plainly."""
    # The standard library's escape, which Django's wraps: Django's adds a lazy-text check and a
    # SafeString per call, a noticeable share of the events list (docs/performance.md). The
    # output is the same.
    name = html.escape(facet.name)
    page_language = translation.get_language()
    return mark_safe(  # noqa: S308  # nosec B308 B703
        "\n".join(
            f'<li class="filters__option"><input type="checkbox" name="{name}" value="{html.escape(option.value)}"'
            f' id="filter-{name}-{number}"{" checked" if option.selected else ""}>'
            f' <label for="filter-{name}-{number}">{option_label(option, page_language)}'
            f' <span class="filters__count">({option.count})</span></label></li>'
            for number, option in enumerate(facet.options, 1)
        )
    )


def option_label(option, page_language):
    """An option's label, escaped; a name in another language than the page's in a span that
    says so (as `lang_span` writes it), the count beside it staying in the page's language."""
    label = html.escape(option.label)
    if option.language is None or option.language == page_language:
        return label
    return f'<span lang="{html.escape(option.language)}">{label}</span>'
