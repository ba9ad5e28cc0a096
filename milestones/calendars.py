"""Events as iCalendar (RFC 5545) for calendar apps: /events/ical/ takes the events list's
filters and can be subscribed to; /events/<slug>/ical/ is one event ("Add to calendar").

Written with the icalendar library. Which events and why:

- Only events known to the day, as all-day events: `DTSTART;VALUE=DATE` on the first day and
  `DTEND` on the day after the last (RFC 5545 makes the end of a date exclusive). The office
  reports no times of day, so none is invented.
- Events known only to the month or the year, or whose date the source does not give, are left
  out: a calendar has no way to say "sometime in October", and putting them on the 1st would
  invent a day that readers (and reminders) would take for the date. The calendar's description
  (`X-WR-CALDESC`) says how many were left out, and so does the events list beside the link.
- At most CALENDAR_LENGTH events: the latest-dated of the filtered list (upcoming ones first,
  then the most recent), as the list orders them. A calendar app reads the whole file on every
  refresh, so it is built in memory and kept small; the description says when it was cut. A
  complete list is the CSV's job.
- UID `event-<id>@<host>`: the id never changes, so a subscribed app updates an event in place
  when it is edited, even if its slug changes. DTSTAMP and LAST-MODIFIED are the event's last
  change, so the file is the same until something changes (and the page cache can keep it).
"""

import datetime

from django.utils.translation import gettext, ngettext
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from unodc_portal.partial_dates import DatePrecision

CALENDAR_LENGTH = 1000
PRODID = "-//UNODC Regional Office for Central Asia//Milestones//EN"


def calendar_event(event, *, host, absolute):
    """One VEVENT: an all-day event from the first day to the day after the last."""
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@{host}")
    entry.add("dtstamp", event.updated_at)
    entry.add("last-modified", event.updated_at)
    entry.add("dtstart", event.start_date)
    entry.add("dtend", (event.end_date or event.start_date) + datetime.timedelta(days=1))
    entry.add("summary", event.title)
    place = ", ".join(part for part in (event.venue, str(event.place)) if part)
    if place:
        entry.add("location", place)
    url = absolute(event.get_absolute_url())
    entry.add("url", url)
    entry.add("description", "\n\n".join(part for part in (event.summary, url) if part))
    entry.add("categories", [event.kind.name])
    return entry


def calendar_of(events, *, name, host, absolute, left_out=0, cut=False):
    """A VCALENDAR of these events (each known to the day), named `name`; its description says
    how many events of the list were `left_out` for lack of a day, and whether it was `cut` at
    CALENDAR_LENGTH."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    notes = [gettext("Events of the UNODC Regional Office for Central Asia (Milestones).")]
    if left_out:
        notes.append(
            ngettext(
                "%(count)s event known only to the month or year is not in this calendar.",
                "%(count)s events known only to the month or year are not in this calendar.",
                left_out,
            )
            % {"count": left_out}
        )
    if cut:
        notes.append(
            gettext("Only the %(count)s latest events are in this calendar; the CSV file has them all.")
            % {"count": CALENDAR_LENGTH}
        )
    calendar.add("x-wr-caldesc", " ".join(notes))
    for event in events:
        calendar.add_component(calendar_event(event, host=host, absolute=absolute))
    return calendar


def day_dated(queryset):
    return queryset.filter(date_precision=DatePrecision.DAY)
