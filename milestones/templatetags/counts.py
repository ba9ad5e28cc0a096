"""Counts of people as the sources give them, written like amounts."""

from django import template

from programmes.models import reported_figure

register = template.Library()


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
