"""Reads that combine several models for the public pages."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from programmes.models import Country, Facility, Organisation, Programme

from .models import Bulletin, Event, Result, Story
from .search import SearchHit, highlight, matching, snippet

SEARCH_LIMIT_PER_KIND = 25


def homepage_sections(*, events_per_country=3, key_figures=6):
    """The latest edition with its stories in order, key figures, and recent events by country."""
    bulletin = Bulletin.objects.published().first()
    stories = []
    if bulletin is not None:
        stories = list(bulletin.stories.published().for_cards().order_by("position"))
    return {
        "bulletin": bulletin,
        "lead_story": stories[0] if stories else None,
        "stories": stories[1:],
        "key_figures": list(
            Result.objects.public().select_related("programme", "story").order_by("-as_of", "pk")[:key_figures]
        ),
        "events_by_country": recent_events_by_country(per_country=events_per_country),
        "latest_stories": list(Story.objects.published().for_cards()[:6]) if bulletin is None else [],
    }


def recent_events_by_country(*, per_country=3):
    """The latest published events concerning each country the office covers: one query for the
    countries and one per country, each reading the newest events from the date index and
    stopping at `per_country` (a single ranked query over all events is far slower at scale).
    Side events are left out: their main event stands for them.

    Returns a list of (country, [events]) in the countries' order.
    """
    EventCountry = Event.countries.through
    events = Event.objects.published().filter(parent__isnull=True).select_related("host_country")
    grouped = []
    for country in Country.objects.filter(region_role=Country.RegionRole.COVERED).order_by("name"):
        concerning = EventCountry.objects.filter(event=OuterRef("pk"), country=country)
        latest = list(events.filter(Exists(concerning)).order_by("-start_date", "-pk")[:per_country])
        if latest:
            grouped.append((country, latest))
    return grouped


def search_hits(query, *, limit_per_kind=SEARCH_LIMIT_PER_KIND):
    """One ranked list of stories, events, programmes, facilities and organisations matching
    the query, with the query's words highlighted in titles and snippets."""
    sources = [
        (
            _("Story"),
            matching(
                Story.objects.published().select_related("bulletin"),
                query,
                title_field="title",
                text_fields=("standfirst", "body"),
            ),
            lambda story: (story.standfirst or story.body, story.display_date),
        ),
        (
            _("Event"),
            matching(
                Event.objects.published().select_related("host_country"),
                query,
                title_field="title",
                text_fields=("summary", "city", "venue"),
            ),
            lambda event: (event.summary, f"{event.get_kind_display()} · {event.display_date} · {event.place}"),
        ),
        (
            _("Programme"),
            matching(
                Programme.objects.all(),
                query,
                title_field="title",
                text_fields=("short_title", "acronym", "summary", "description"),
            ),
            lambda programme: (programme.summary or programme.description, programme.get_kind_display()),
        ),
        (
            _("Facility"),
            matching(
                Facility.objects.select_related("country"),
                query,
                title_field="name",
                text_fields=("place", "description"),
            ),
            lambda facility: (facility.description, f"{facility.get_kind_display()} · {facility.country.name}"),
        ),
        (
            _("Organisation"),
            matching(
                Organisation.objects.select_related("country"),
                query,
                title_field="name",
                text_fields=("acronym", "description"),
            ),
            lambda organisation: (organisation.description, organisation.get_kind_display()),
        ),
    ]
    hits = []
    for kind, queryset, describe in sources:
        for item in queryset.order_by("-rank")[:limit_per_kind]:
            text, meta = describe(item)
            hits.append(
                SearchHit(
                    kind=kind,
                    title=highlight(str(item), query),
                    url=item.get_absolute_url(),
                    snippet=snippet(text, query),
                    rank=float(item.rank),
                    meta=meta,
                )
            )
    return sorted(hits, key=lambda hit: hit.rank, reverse=True)
