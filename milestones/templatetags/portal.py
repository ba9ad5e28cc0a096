"""Template filters for the public site."""

import html
import json
from html import escape

import markdown as markdown_lib
import nh3
from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

# What a story body may contain after Markdown: text structure and links, nothing that runs
# or restyles the page. Everything else is removed, whatever an editor pastes in.
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "sup",
    "sub",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Characters that could end the <script> element or confuse an HTML parser inside it.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def render_markdown(text):
    """Markdown to HTML that is safe to show on a public page."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def markdown_as_text(text):
    """What a reader reads of Markdown text, without its markup (search snippets)."""
    return html.unescape(strip_tags(render_markdown(text)))


@register.filter(name="markdown")
def markdown_filter(text):
    return mark_safe(render_markdown(text))  # noqa: S308  # nosec B308 B703


@register.filter
def jsonld(data):
    """A <script type="application/ld+json"> block, escaped like Django's json_script."""
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    # JSON with <, > and & escaped cannot end the script element or open another.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308  # nosec B308 B703


@register.simple_tag
def facet_options(facet):
    """A facet's checkboxes. Written here rather than as a loop in the template because the
    events list offers hundreds of options: the template engine took about ten times as long per
    value, and so did format_html() and localize() (about 15 ms for the 300 options of the events
    list, a fifth of its rendering), hence plain escaping and one look at the number format."""
    name = escape(facet.name)
    format_count = count_formatter()
    return mark_safe(  # noqa: S308  # nosec B308 B703  (all text escaped; counts are numbers)
        "\n".join(
            f'<li class="filters__option"><input type="checkbox" name="{name}" value="{escape(option.value)}"'
            f' id="filter-{name}-{number}"{" checked" if option.selected else ""}>'
            f' <label for="filter-{name}-{number}">{escape(option.label)}'
            f' <span class="filters__count">({format_count(option.count)})</span></label></li>'
            for number, option in enumerate(facet.options, 1)
        )
    )


def count_formatter():
    """What localize() does to a whole number, with the formats looked up once rather than per
    number. Without thousand separators a whole number is written as str() writes it."""
    if not settings.USE_THOUSAND_SEPARATOR:
        return str
    grouping, separator = get_format("NUMBER_GROUPING"), get_format("THOUSAND_SEPARATOR")
    return lambda count: numberformat.format(count, "", None, grouping, separator, force_grouping=True)
