"""Counts of people as the sources give them, written like amounts."""

from django import template
from django.utils.html import format_html

from programmes.models import reported_figure
from unodc_portal.templatetags.languages import lang_span

register = template.Library()


@register.simple_tag
def participants(event):
    """An event's participants as the source counts them, written like an amount: "19",
    "about 30", "more than 1,200", and the breakdown the source gives after it ("about 30: 15
    prosecutors and 15 police investigators"), marked with its language where that is not the
    page's. Nothing when the source gives no number."""
    number = reported_figure(
        event.participant_count, event.participant_count_qualifier, event.get_participant_count_qualifier_display
    )
    if number and event.participant_breakdown:
        return format_html("{}: {}", number, lang_span(event, "participant_breakdown"))
    return number
