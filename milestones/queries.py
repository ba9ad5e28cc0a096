"""Reads that combine several models for the public pages."""

import datetime
import functools

from django.db.models import Exists, Min, OuterRef, Q
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from programmes.ledger import Ledger, LedgerChart
from programmes.models import Country, Facility, Organisation, Programme, Theme
from programmes.queries import programme_ids_with_descendants
from unodc_portal.fragments import topics_of_models
from unodc_portal.remembered import remembered_each
from unodc_portal.translations import in_reading_language, reading_language

from .models import Bulletin, Event, EventKind, EventPlace, Publication, Result, Story
from .search import SearchHit, highlight, ranked, search_terms, snippet

SEARCH_LIMIT_PER_KIND = 25


def latest_edition():
    return Bulletin.objects.published().first()


def edition_section():
    """The home page's latest edition with its stories in order, or the latest stories while no
    edition is published."""
    bulletin = latest_edition()
    stories = []
    if bulletin is not None:
        stories = list(bulletin.stories.published().for_cards().order_by("position"))
    return {
        "bulletin": bulletin,
        "lead_story": stories[0] if stories else None,
        "stories": stories[1:],
        "latest_stories": list(Story.objects.published().for_cards()[:6]) if bulletin is None else [],
    }


def key_figures(count=6):
    return list(Result.objects.public().select_related("programme", "story").newest_figures(count))


def recent_events_by_country(*, per_country=3, candidates=60):
    """The latest published events concerning each country the office covers, newest first.
    Side events are left out: their main event stands for them.

    One walk down the date index over the covered countries' events reads the newest
    `candidates` (event, country) pairs, which at any scale normally hold `per_country` events
    for every country; then the events themselves. A country with fewer among them (one where
    nothing has happened for a long time, say) gets a query of its own. Three queries in all,
    where one per country took twice as long.

    Returns a list of (country, [events]) in the countries' order.
    """
    EventCountry = Event.countries.through
    covered = Country.objects.filter(region_role=Country.RegionRole.COVERED)
    countries = list(covered.order_by(in_reading_language("name")))
    main_events = Event.objects.published().filter(parent__isnull=True)
    newest_pairs = list(
        EventCountry.objects.filter(country__in=countries, event__in=main_events)
        .order_by("-event__start_date", "-event_id")
        .values_list("event_id", "country_id")[:candidates]
    )
    latest_ids = {country.pk: [] for country in countries}
    for event_id, country_id in newest_pairs:
        if len(latest_ids[country_id]) < per_country:
            latest_ids[country_id].append(event_id)
    if len(newest_pairs) == candidates:  # the walk stopped early: someone may have been left short
        for country in countries:
            if len(latest_ids[country.pk]) < per_country:
                latest_ids[country.pk] = list(
                    main_events.filter(countries=country)
                    .order_by("-start_date", "-pk")
                    .values_list("pk", flat=True)[:per_country]
                )
    events = main_events.for_lines().in_bulk({pk for ids in latest_ids.values() for pk in ids})
    grouped = []
    for country in countries:
        latest = [events[pk] for pk in latest_ids[country.pk] if pk in events]
        if latest:
            grouped.append((country, latest))
    return grouped


def search_sources():
    """What the search looks in, in the order equal ranks come: (label, the rows searched,
    describe(row) giving the field its snippet is taken from and the line above its title, the
    models of every row a hit shows, for the topics it is kept under)."""
    return [
        (
            _("Story"),
            # The snippet shows what a reader reads of the body: its stored plain text.
            Story.objects.published().select_related("bulletin").defer(*Story.translations_of("body", "body_html")),
            lambda story: ("standfirst" if story.standfirst else "body_text", str(story.when)),
            (Story, Bulletin),
        ),
        (
            _("Event"),
            Event.objects.published().for_lines(),
            lambda event: ("summary", f"{event.kind.name} · {event.when} · {event.place}"),
            (Event, EventKind, EventPlace, Country),
        ),
        (
            _("Publication"),
            Publication.objects.published(),
            lambda publication: (
                "summary",
                " · ".join(filter(None, [str(publication.when), publication.language_names])),
            ),
            (Publication,),
        ),
        (
            _("Programme"),
            Programme.objects.all(),
            lambda programme: ("summary" if programme.summary else "description", programme.get_kind_display()),
            (Programme,),
        ),
        (
            _("Facility"),
            Facility.objects.select_related("country"),
            lambda facility: ("description", f"{facility.get_kind_display()} · {facility.country.name}"),
            (Facility, Country),
        ),
        (
            _("Organisation"),
            Organisation.objects.select_related("country"),
            lambda organisation: ("description", organisation.get_kind_display()),
            (Organisation,),
        ),
        (
            _("Theme"),
            Theme.objects.all(),
            lambda theme: ("description", ""),
            (Theme,),
        ),
    ]


def hits_of(rows, *, label, describe, query, limit):
    """The best `limit` rows of `rows` for `query`, as SearchHits."""
    hits = []
    for item in ranked(rows, query)[:limit]:
        snippet_text, meta = describe(item)
        hits.append(
            SearchHit(
                kind=label,
                title=highlight(str(item), query),
                url=item.get_absolute_url(),
                snippet=snippet(getattr(item, snippet_text), query),
                rank=float(item.rank),
                meta=meta,
                item=item,
                snippet_text=snippet_text,
            )
        )
    return hits


def kept_search_results(query, *, limit_per_kind=SEARCH_LIMIT_PER_KIND):
    """The search page's results, best first: the stories, events, publications, programmes,
    facilities, organisations and themes matching every word of the query in their searched
    fields (milestones.search.SEARCHED_FIELDS), at most `limit_per_kind` of each, as list items
    with the words highlighted in titles and snippets.

    Each kind's are kept, rendered, under the tokens of the topics of what they show (issue 21):
    a saved story ranks only the stories again, a saved event only the events; a change of
    reference data (which stories show through their edition's date) all but the publications.
    The kept kinds come from the cache in one round trip. Kept by the query's words, not its
    spelling: "Border  TRAINING" finds what "border training" does."""
    asked = (tuple(search_terms(query)), limit_per_kind, get_script_prefix(), get_language(), reading_language())
    entries = [
        (
            ("search", rows.model._meta.label, *asked),
            functools.partial(rendered_hits, rows, label=label, describe=describe, query=query, limit=limit_per_kind),
            topics_of_models(models),
        )
        for label, rows, describe, models in search_sources()
    ]
    results = [result for kind in remembered_each(entries) for result in kind]
    return [html for _rank, html in sorted(results, key=lambda result: result[0], reverse=True)]


def rendered_hits(rows, **search):
    """(rank, list item) of each hit of hits_of(rows, **search): what kept_search_results() keeps."""
    template = get_template("milestones/_search_hit.html")
    return [(hit.rank, template.render({"hit": hit})) for hit in hits_of(rows, **search)]


def donor_report(donor, *, first=None, last=None, items_shown=100):
    """What a donor report shows for the years first to last (both included; None leaves an end
    open): the ledger of the contributions dated in them, with a chart by programme; the events
    of what the donor funds under way in them; the facilities of the programmes it funds (or of
    the components it is a main donor of) opened in them; the published stories naming it or its
    contributions, listed in them. At most `items_shown` of each list, and whether there are more."""
    contributions = donor.contributions.select_related("programme").order_by("date", "pk")
    events = Event.objects.published().for_lines().funded_by([donor.slug]).order_by("start_date", "pk")
    # What the programmes it funds did before the year of its first dated contribution is not the
    # donor's: their events and facilities count from that year (a grant dated in June funds the
    # year's work; those with no date stay, as in the report for all years).
    first_dated = contributions.filter(date__isnull=False).aggregate(first=Min("date"))["first"]
    funded_since = None if first_dated is None else datetime.date(first_dated.year, 1, 1)
    of_its_programmes = Q(
        programme__in=programme_ids_with_descendants(contributions.values_list("programme_id", flat=True))
    )
    if funded_since is not None:
        events = events.filter(Q(end_date__gte=funded_since) | Q(end_date__isnull=True, start_date__gte=funded_since))
        of_its_programmes &= Q(opened_on__gte=funded_since) | Q(opened_on__isnull=True)
    facilities = (
        Facility.objects.filter(Q(fundings__component_donors=donor) | of_its_programmes)
        .select_related("country")
        .distinct()
    )
    stories = Story.objects.published().filter(
        Q(Exists(Story.contributions.through.objects.filter(story=OuterRef("pk"), contribution__donor=donor)))
        | Q(Exists(Story.organisations.through.objects.filter(story=OuterRef("pk"), organisation=donor)))
    )
    # A period leaves out the contributions with no date: the report says how many.
    undated = contributions.filter(date__isnull=True).count() if (first, last) != (None, None) else 0
    if first is not None:
        contributions = contributions.filter(date__year__gte=first)
        # A two-day forum that ends in the first year counts: what was under way in the period.
        events = events.filter(Q(end_date__year__gte=first) | Q(end_date__isnull=True, start_date__year__gte=first))
        facilities = facilities.filter(opened_on__year__gte=first)
        stories = stories.filter(listed_at__year__gte=first)
    if last is not None:
        contributions = contributions.filter(date__year__lte=last)
        events = events.filter(start_date__year__lte=last)
        facilities = facilities.filter(opened_on__year__lte=last)
        stories = stories.filter(listed_at__year__lte=last)
    ledger = Ledger(contributions)
    events = list(events[: items_shown + 1])
    stories = list(stories.for_cards().order_by("listed_at", "pk")[: items_shown + 1])
    facilities = list(facilities.order_by("opened_on", "name", "pk")[: items_shown + 1])
    return {
        "first": first,
        "last": last,
        "ledger": ledger,
        "chart": LedgerChart.by_programme("report-by-programme", _("US dollars by programme"), ledger),
        "undated_count": undated,
        "events": events[:items_shown],
        "more_events": len(events) > items_shown,
        "facilities": facilities[:items_shown],
        "more_facilities": len(facilities) > items_shown,
        "stories": stories[:items_shown],
        "more_stories": len(stories) > items_shown,
    }
