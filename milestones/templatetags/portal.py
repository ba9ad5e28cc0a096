"""Template filters for the public site."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import floatformat
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from programmes.models import AmountQualifier

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
    the source gave for readers, the ISO value for machines. Nothing when there is no date."""
    if not when:
        return ""
    return format_html('<time datetime="{}">{}</time>', when.iso, when.display)


@register.simple_tag
def facet_options(facet):
    """A facet's checkboxes, one a line. Written here rather than by a template because the events
    list offers hundreds of options and the template engine takes about fifty times as long for
    them (docs/performance.md). Every text is escaped; counts are whole numbers, written plainly."""
    name = escape(facet.name)
    return mark_safe(  # noqa: S308  # nosec B308 B703
        "\n".join(
            f'<li class="filters__option"><input type="checkbox" name="{name}" value="{escape(option.value)}"'
            f' id="filter-{name}-{number}"{" checked" if option.selected else ""}>'
            f' <label for="filter-{name}-{number}">{escape(option.label)}'
            f' <span class="filters__count">({option.count})</span></label></li>'
            for number, option in enumerate(facet.options, 1)
        )
    )


@register.simple_tag
def amount(reported, column=""):
    """An amount as the source reports it (a Contribution or a FacilityFunding): the words such as
    "approximately" kept, in its own currency, with the USD equivalent only as the source gives it.

    In running text (no column): "more than 10,000,000 KGS (147,000 USD)", "2,500,000 USD" when only
    the USD equivalent is known, nothing when the source names no amount; `{% amount item as money %}`
    lets the sentence read differently then. A table gives each figure its own column:
    column="amount" is "263,000,000 JPY" or "not reported", column="usd" the USD figure or "—".
    """
    original = reported_figure(reported.amount, reported.amount_qualifier, reported.get_amount_qualifier_display)
    if original:
        original = f"{original} {reported.currency}"
    usd = reported_figure(reported.amount_usd, reported.amount_usd_qualifier, reported.get_amount_usd_qualifier_display)
    if column == "amount":
        return original or gettext("not reported")
    if column == "usd":
        return usd or "—"
    if original and usd:
        return f"{original} ({usd} USD)"
    return original or (f"{usd} USD" if usd else "")


def reported_figure(value, qualifier, qualifier_display):
    """'approximately 2,500,000': the number as the site writes it, after the source's qualifier."""
    if value is None:
        return ""
    number = floatformat(value, "-2g")
    return number if qualifier == AmountQualifier.EXACT else f"{qualifier_display()} {number}"


@register.simple_tag
def participants(event):
    """An event's participants as the source counts them, written like an amount: "19",
    "about 30", "more than 1,200", and the breakdown the source gives after it ("about 30: 15
    prosecutors and 15 police investigators"). Nothing when the source gives no number."""
    number = reported_figure(
        event.participant_count, event.participant_count_qualifier, event.get_participant_count_qualifier_display
    )
    if number and event.participant_breakdown:
        return f"{number}: {event.participant_breakdown}"
    return number
