from django.conf import settings
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import truncatewords
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, npgettext, npgettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from programmes.filters import FacilityFilter
from programmes.models import Country, Facility, Programme
from unodc_portal import page_rows
from unodc_portal.api import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from unodc_portal.canonical import understands
from unodc_portal.exports import invalid_filters_response
from unodc_portal.fragments import kept_part_of_rows, kept_section
from unodc_portal.lists import FilteredListView
from unodc_portal.partial_dates import DatePrecision
from unodc_portal.translations import ShownText, reading_language

from . import calendars, queries
from .filters import EventFilter, PersonFilter, PublicationFilter, QuoteFilter, ResultFilter, StoryFilter
from .models import (
    Bulletin,
    Event,
    EventKind,
    EventOrganisation,
    EventPlace,
    Person,
    Publication,
    Quote,
    Result,
    Story,
)
from .tracker import reports_for_tracker, tracked_figures


class BreadcrumbsMixin:
    """A page's trail below Home, shown by includes/_breadcrumbs.html: `breadcrumbs()` returns
    (label, address) pairs, the last one the page itself, without an address. A label taken from
    an item is its `crumb()`, which the trail marks with the item's language."""

    def breadcrumbs(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=self.breadcrumbs(), **kwargs)


def crumb(item, name, *, words=None):
    """`item`'s text `name` as a label of the trail, with its language; cut to `words` words."""
    text = getattr(item, name)
    return ShownText.of(item, name, truncatewords(text, words) if words else text)


class PreviewableDetailView(DetailView):
    """A detail page of published items; staff who may change the item also see drafts.

    Draft previews are never cached, so a preview cannot leak to the public through a cache.
    """

    def get_queryset(self):
        queryset = self.model.objects.all()
        if not self.can_preview():
            queryset = queryset.published()
        return queryset

    def can_preview(self):
        opts = self.model._meta
        user = self.request.user
        return user.is_staff and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if self.can_preview():
            # What staff see may include drafts: never let a cache keep it.
            add_never_cache_headers(response)
        return response


class ShowsRowsMixin:
    """A detail page that says, before it reads anything, which rows of stories, events and
    publications it shows (`rows_shown`, a function of its slug returning querysets): the page
    cache then checks those rows after a save, instead of rendering the page again
    (unodc_portal/page_rows.py, which says what the function must return).

    The page's body (`part_template`, given the item) and its schema.org data (with
    `gives_schema_org`) are made of those rows and reference data alone, so they are kept under
    the rows' versions (fragments.kept_part_of_rows()), and the links the body shows
    (`part_prefetches()`, made on each request: published() compares with the time of the moment)
    are read only when it is made, and only those of which its rows hold some. A stored page
    checked by its rows never asks for the body. A page rendered while its rows and reference
    data are as they were takes it: without the page cache, for a reader signed in, or after the
    stored page ended sooner than its body (a scheduled item's time ends stored pages early;
    another encoding of the page; an eviction). A draft's preview is made afresh."""

    rows_shown = None
    part_template = None
    gives_schema_org = False
    rows_versions = None  # read by get_object()

    def get_object(self, queryset=None):
        self.rows_versions = page_rows.shows_rows(self.rows_shown, self.kwargs["slug"])
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        # The item is in the key: two pages may show the same rows (an event and its follow-up).
        # The addresses of the schema.org data are full ones: their scheme, host and script
        # prefix are part of what the part is made with.
        where = self.request.build_absolute_uri(get_script_prefix())
        part = kept_part_of_rows(
            (self.part_template, self.object.pk, where, translation.get_language(), reading_language()),
            self.make_part,
            shown=self.rows_versions if self.object.is_live else None,
        )
        return super().get_context_data(part=part, **kwargs)

    def part_prefetches(self):
        return []

    def ids_shown(self, model):
        """The ids of the rows of `model` the page shows (of `rows_shown`'s query of that model,
        each model once), when they were read: the body need not ask for links of which they
        hold none (`unless_none_found`). None when unknown: not read (nothing kept and the page
        not recorded), read for another item (the slug passed to it meanwhile), or a model's rows
        found by two queries."""
        if not self.rows_versions:
            return None
        found = dict(self.rows_versions)
        if len(found) < len(self.rows_versions):
            return None  # a model twice: which of its queries a link belongs to is not known
        if self.object.pk not in {row[0] for row in found.get(self.model._meta.label, ())}:
            return None
        return {row[0] for row in found[model._meta.label]}

    def make_part(self):
        item = self.object
        prefetch_related_objects([item], *self.part_prefetches())
        return {
            "body": render_to_string(self.part_template, {self.context_object_name: item}),
            "structured_data": item.schema_org(self.request.build_absolute_uri) if self.gives_schema_org else None,
        }


def unless_none_found(ids, queryset):
    """`queryset` for a body's prefetch, or an empty one (which runs no query) when `ids`, the
    page's rows of its model, is an empty set. The body is kept under the rows' versions, so a
    row that comes later makes it again, with the prefetch. `ids` None: unknown, `queryset`."""
    return queryset.none() if ids is not None and not ids else queryset


def story_page_rows(slug):
    """What a story's page shows of stories and events: the story (with its quotes and figures,
    which are parts of it) and the events it reports."""
    return [Story.objects.filter(slug=slug), Event.objects.filter(stories__slug=slug)]


def publication_page_rows(slug):
    """What a publication's page shows of publications and events: the publication and its events."""
    return [Publication.objects.filter(slug=slug), Event.objects.filter(publications__slug=slug)]


def event_page_rows(slug):
    """What an event's page shows of events, stories and publications: the event, its parent,
    the event it follows, its follow-ups and side events and its series' sessions; the stories
    that report it, the quotes said and the figures reported at it; its publications."""
    found = Event.objects.filter(slug=slug).order_by().values("pk", "parent_id", "follows_id", "series_id")
    if not found:
        return []
    event = found[0]
    pk = event["pk"]
    near = Q(pk__in=[pk, event["parent_id"], event["follows_id"]]) | Q(parent=pk) | Q(follows=pk)
    if event["series_id"] is not None:
        near |= Q(series=event["series_id"])
    return [
        Event.objects.filter(near),
        Story.objects.filter(events=pk),
        Quote.objects.filter(event=pk),
        Result.objects.filter(event=pk),
        Publication.objects.filter(events=pk),
    ]


def home(request):
    """The latest edition, key figures and events by country: sections kept apart, so that a
    save of a story leaves the events, and a save of an event the edition and the figures."""
    return render(
        request,
        "milestones/home.html",
        {
            "bulletin": queries.latest_edition(),
            "edition": kept_section(
                "milestones/_home_edition.html", queries.edition_section, models=[Bulletin, Story, Country]
            ),
            "key_figures": kept_section(
                "milestones/_home_key_figures.html",
                lambda: {"key_figures": queries.key_figures()},
                models=[Result, Story, Programme],
            ),
            "recent_events": kept_section(
                "milestones/_home_recent_events.html",
                lambda: {"events_by_country": queries.recent_events_by_country()},
                models=[Event, EventPlace, EventKind, Country],
            ),
        },
    )


class StoryListView(FilteredListView):
    filterset_class = StoryFilter
    feed_url_names = ("milestones:story-feed-rss", "milestones:story-feed-atom")
    feed_title = gettext_lazy("Milestones: news")
    results_count = npgettext_lazy("number of stories in a list", "%(count)s result", "%(count)s results", "count")
    export_url_name = "milestones:story-csv"
    export_link_text = npgettext_lazy(
        "link to the news list as a CSV file",
        "Download this %(count)s story as CSV",
        "Download these %(count)s stories as CSV",
        "count",
    )
    context_object_name = "stories"
    template_name = "milestones/story_list.html"

    def get_queryset(self):
        return Story.objects.published().for_cards()


class StoryDetailView(ShowsRowsMixin, BreadcrumbsMixin, PreviewableDetailView):
    model = Story
    context_object_name = "story"
    rows_shown = staticmethod(story_page_rows)
    part_template = "milestones/_story_body.html"
    gives_schema_org = True

    def part_prefetches(self):
        events = self.ids_shown(Event)
        return [
            "countries",
            Prefetch("programmes", queryset=Programme.objects.select_related("parent")),
            Prefetch("events", queryset=unless_none_found(events, Event.objects.published().for_lines())),
            Prefetch("facilities", queryset=Facility.objects.select_related("country")),
            Prefetch("quotes", queryset=Quote.objects.select_related("person__organisation")),
            Prefetch("results", queryset=Result.objects.select_related("programme")),
            "themes",
        ]

    def breadcrumbs(self):
        return [(_("News"), reverse("milestones:story-list")), (crumb(self.object, "title", words=8), None)]

    def get_queryset(self):
        return super().get_queryset().select_related("bulletin", "signed_by")


class BulletinListView(ListView):
    paginate_by = 20
    context_object_name = "bulletins"

    def get_queryset(self):
        return Bulletin.objects.published()


class BulletinDetailView(BreadcrumbsMixin, PreviewableDetailView):
    """An edition with its stories in order. Staff previewing it see its unpublished stories too,
    marked as such, so that the whole edition can be checked before it goes out."""

    model = Bulletin
    context_object_name = "bulletin"

    def breadcrumbs(self):
        return [(_("Bulletins"), reverse("milestones:bulletin-list")), (crumb(self.object, "title"), None)]

    def get_queryset(self):
        stories = Story.objects.all() if self.can_preview() else Story.objects.published()
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "stories",
                    queryset=stories.select_related("bulletin", "signed_by")
                    .prefetch_related("countries", Prefetch("quotes", queryset=Quote.objects.select_related("person")))
                    .order_by("position"),
                    to_attr="published_stories",
                )
            )
        )


class EventListView(FilteredListView):
    filterset_class = EventFilter
    feed_url_names = ("milestones:event-feed-rss", "milestones:event-feed-atom")
    feed_title = gettext_lazy("Milestones: events")
    results_count = npgettext_lazy("number of events in a list", "%(count)s result", "%(count)s results", "count")
    export_url_name = "milestones:event-csv"
    export_link_text = npgettext_lazy(
        "link to the events list as a CSV file",
        "Download this %(count)s event as CSV",
        "Download these %(count)s events as CSV",
        "count",
    )
    context_object_name = "events"
    template_name = "milestones/event_list.html"

    def get_queryset(self):
        return Event.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "csv_url" in context:
            # The same filters as a calendar, and how many events it leaves out for lack of a day.
            context["calendar_url"] = context["csv_url"].replace(
                reverse("milestones:event-csv"), reverse("milestones:event-calendar"), 1
            )
            left_out = events_without_day(self.filterset)
            if left_out:
                context["calendar_note"] = npgettext(
                    "note beside the calendar link of the events list",
                    "%(count)s event without a day left out",
                    "%(count)s events without a day left out",
                    left_out,
                ) % {"count": left_out}
        return context


def events_without_day(filterset):
    """How many events of a filtered list the calendar leaves out (calendars.py says why): those
    not known to the day, read from the list's tally, which counts them by their date's precision
    (EventFilter.tallied_columns) with its length."""
    tally = filterset.tally()
    return tally.count - tally.columns["date_precision"].get(DatePrecision.DAY.value, 0)


class EventCalendarView(EventListView):
    """The events list as an iCalendar file (/events/ical/?country=uz): the list's filters and
    order, the events known to the day, at most calendars.CALENDAR_LENGTH of them."""

    paginate_by = None

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        if self.filterset.is_bound and not self.filterset.is_valid():
            return invalid_filters_response(request, self.filterset.error_messages())
        dated = calendars.day_dated(self.filterset.qs)
        events = list(dated.select_related("kind", "host_country")[: calendars.CALENDAR_LENGTH + 1])
        summary = self.filterset.summary()
        calendar = calendars.calendar_of(
            events[: calendars.CALENDAR_LENGTH],
            name=_("Milestones: events") + (f" — {summary}" if summary else ""),
            host=request.get_host(),
            absolute=request.build_absolute_uri,
            left_out=events_without_day(self.filterset),
            cut=len(events) > calendars.CALENDAR_LENGTH,
        )
        return calendar_response(calendar, "events.ics")


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_calendar(request, slug):
    """One event known to the day as an iCalendar file: the event page's "Add to calendar"."""
    events = calendars.day_dated(Event.objects.published().for_lines())
    event = get_object_or_404(events, slug=slug)
    calendar = calendars.calendar_of(
        [event], name=event.title, host=request.get_host(), absolute=request.build_absolute_uri
    )
    return calendar_response(calendar, f"{event.slug}.ics")


class EventDetailView(ShowsRowsMixin, BreadcrumbsMixin, PreviewableDetailView):
    model = Event
    context_object_name = "event"
    rows_shown = staticmethod(event_page_rows)
    part_template = "milestones/_event_body.html"
    gives_schema_org = True

    def part_prefetches(self):
        near = self.ids_shown(Event)
        # Its follow-ups and side events are among the events near it (event_page_rows).
        others_near = None if near is None else near - {self.object.pk}
        stories, quotes, results, publications = (
            self.ids_shown(model) for model in (Story, Quote, Result, Publication)
        )
        return [
            "countries",
            Prefetch("follow_ups", queryset=unless_none_found(others_near, Event.objects.published())),
            # The other sessions of its series (the template leaves out this one).
            Prefetch("series__events", queryset=Event.objects.published().for_lines().order_by("start_date", "id")),
            "programmes",
            Prefetch("facilities", queryset=Facility.objects.select_related("country")),
            Prefetch("participations", queryset=EventOrganisation.objects.select_related("organisation", "role")),
            Prefetch("side_events", queryset=unless_none_found(others_near, Event.objects.published())),
            Prefetch(
                "stories", queryset=unless_none_found(stories, Story.objects.published().select_related("bulletin"))
            ),
            Prefetch(
                "quotes", queryset=unless_none_found(quotes, Quote.objects.public().select_related("person", "story"))
            ),
            Prefetch("results", queryset=unless_none_found(results, Result.objects.public())),
            "themes",
            Prefetch(
                "publications",
                queryset=unless_none_found(publications, Publication.objects.published().for_cards()),
            ),
        ]

    def breadcrumbs(self):
        return [(_("Events"), reverse("milestones:event-list")), (crumb(self.object, "title", words=8), None)]

    def get_queryset(self):
        # Its places are in the page's description too, outside the body.
        return (
            super()
            .get_queryset()
            .select_related("kind", "host_country", "parent", "series", "follows")
            .prefetch_related(Prefetch("places", queryset=EventPlace.objects.select_related("country")))
        )


class PersonDetailView(BreadcrumbsMixin, PreviewableDetailView):
    """Someone the public sees named (Person.objects.public()). Staff who may preview stories
    also see people named only in draft or scheduled stories, whose previews link here."""

    model = Person
    context_object_name = "person"

    def can_preview(self):
        user = self.request.user
        return user.is_staff and user.has_perm("milestones.change_story")

    def breadcrumbs(self):
        organisation = self.object.organisation
        if organisation is None:
            return [(crumb(self.object, "name"), None)]
        return [
            (_("Organisations"), reverse("programmes:organisation-list")),
            (crumb(organisation, "short_name"), organisation.get_absolute_url()),
            (crumb(self.object, "name"), None),
        ]

    def get_queryset(self):
        people = Person.objects.all() if self.can_preview() else Person.objects.public()
        return people.select_related("organisation").prefetch_related(
            Prefetch("quotes", queryset=Quote.objects.public().select_related("story", "event"))
        )


class PersonListView(FilteredListView):
    """Everyone quoted in a published story or signing one, by name."""

    filterset_class = PersonFilter
    results_count = npgettext_lazy("number of people in a list", "%(count)s person", "%(count)s people", "count")
    context_object_name = "people"
    template_name = "milestones/person_list.html"

    def get_queryset(self):
        return Person.objects.public().select_related("organisation").order_by("name", "pk")


class QuoteListView(FilteredListView):
    filterset_class = QuoteFilter
    results_count = npgettext_lazy("number of quotes in a list", "%(count)s quote", "%(count)s quotes", "count")
    context_object_name = "quotes"
    template_name = "milestones/quote_list.html"

    def get_queryset(self):
        return Quote.objects.public().for_cards().newest_first()


class QuoteDetailView(BreadcrumbsMixin, DetailView):
    """A quote's own address, to cite it by: with its speaker, story and event. Quotes are
    public with their story; there is no preview (staff see a draft story's quotes on its page)."""

    context_object_name = "quote"

    def breadcrumbs(self):
        return [(_("Quotes"), reverse("milestones:quote-list")), (crumb(self.object, "text", words=8), None)]

    def get_queryset(self):
        return Quote.objects.public().for_cards().select_related("event")

    def get_context_data(self, **kwargs):
        # The full address, for the "cite this" line.
        return super().get_context_data(
            permalink=self.request.build_absolute_uri(self.object.get_absolute_url()), **kwargs
        )


class ResultListView(FilteredListView):
    """The milestone tracker: every figure published stories report, the newest first; an
    indicator's reports are one row with their history. Filtered like the other lists."""

    filterset_class = ResultFilter
    results_count = npgettext_lazy("number of figures in a list", "%(count)s figure", "%(count)s figures", "count")
    context_object_name = "figures"
    template_name = "milestones/result_list.html"

    def get_queryset(self):
        return reports_for_tracker(Result.objects.public())

    def paginate_queryset(self, queryset, page_size):
        """Pages of figures, not of reports; each with its whole history."""
        paginator, page, heads, is_paginated = super().paginate_queryset(
            self.filterset.listed_rows(queryset).newest_first(), page_size
        )
        return paginator, page, tracked_figures(heads), is_paginated


class PublicationListView(FilteredListView):
    filterset_class = PublicationFilter
    feed_url_names = ("milestones:publication-feed-rss", "milestones:publication-feed-atom")
    feed_title = gettext_lazy("Milestones: publications")
    results_count = npgettext_lazy("number of publications in a list", "%(count)s result", "%(count)s results", "count")
    context_object_name = "publications"
    template_name = "milestones/publication_list.html"

    def get_queryset(self):
        return Publication.objects.published().for_cards()


class PublicationDetailView(ShowsRowsMixin, BreadcrumbsMixin, PreviewableDetailView):
    model = Publication
    context_object_name = "publication"
    rows_shown = staticmethod(publication_page_rows)
    part_template = "milestones/_publication_body.html"

    def part_prefetches(self):
        events = self.ids_shown(Event)
        return [
            "countries",
            "themes",
            Prefetch("programmes", queryset=Programme.objects.select_related("parent")),
            Prefetch("events", queryset=unless_none_found(events, Event.objects.published().for_lines())),
        ]

    def breadcrumbs(self):
        return [
            (_("Publications"), reverse("milestones:publication-list")),
            (crumb(self.object, "title", words=8), None),
        ]


@require_GET
def publication_download(request, slug):
    """A publication's uploaded PDF, as a download: `attachment`, the PDF type whatever the file
    name says, and a policy that forbids running anything, so that a browser saves it rather than
    showing it as a page of the site. Drafts' files only for staff who may change them, never
    cached (a streamed response is never stored by the page cache either)."""
    publications = Publication.objects.exclude(file="")
    user = request.user
    preview = user.is_staff and user.has_perm("milestones.change_publication")
    if not preview:
        publications = publications.published()
    publication = get_object_or_404(publications, slug=slug)
    try:
        handle = publication.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file of this publication is missing") from None
    response = FileResponse(handle, as_attachment=True, filename=f"{publication.slug}.pdf")
    response["Content-Type"] = "application/pdf"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if preview:
        add_never_cache_headers(response)
    else:
        response["Cache-Control"] = "public, max-age=3600"
    return response


class ApiEndpoint:
    """A list of the JSON API as its page for people names it: address, items, filters."""

    def __init__(self, url_name, items, filterset_class=None):
        self.url_name = url_name
        self.items = items
        self.filters = filterset_class.parameter_order() if filterset_class else []

    @property
    def address(self):
        return reverse(self.url_name)


API_ENDPOINTS = [
    ApiEndpoint("api:story-list", gettext_lazy("Stories (the news)"), StoryFilter),
    ApiEndpoint("api:event-list", gettext_lazy("Events"), EventFilter),
    ApiEndpoint("api:bulletin-list", gettext_lazy("Editions of the bulletin")),
    ApiEndpoint("api:publication-list", gettext_lazy("Publications"), PublicationFilter),
    ApiEndpoint("api:programme-list", gettext_lazy("Programmes, sub-programmes, projects and segments")),
    ApiEndpoint("api:facility-list", gettext_lazy("Facilities"), FacilityFilter),
    ApiEndpoint("api:organisation-list", gettext_lazy("Organisations, donors among them")),
    ApiEndpoint("api:donor-list", gettext_lazy("Donors")),
    ApiEndpoint("api:contribution-list", gettext_lazy("Donors' contributions to programmes")),
    ApiEndpoint("api:country-list", gettext_lazy("Countries")),
    ApiEndpoint("api:theme-list", gettext_lazy("Themes")),
    ApiEndpoint("api:person-list", gettext_lazy("People")),
    ApiEndpoint("api:quote-list", gettext_lazy("Quotes")),
    ApiEndpoint("api:figure-list", gettext_lazy("Figures (results)")),
]


def api_guide(request):
    """The API's page for people (/api/): what it gives, with examples at this site's address.
    Code (addresses, JSON names) is marked as English on a page in another language: its words are."""
    english = translation.get_language() == settings.LANGUAGE_CODE
    return render(
        request,
        "api_guide.html",
        {
            "site": request.build_absolute_uri("/").rstrip("/"),
            "code_lang_attr": "" if english else mark_safe(f' lang="{settings.LANGUAGE_CODE}"'),  # noqa: S308  # nosec B308 B703
            "endpoints": API_ENDPOINTS,
            "default_page_size": DEFAULT_PAGE_SIZE,
            "max_page_size": MAX_PAGE_SIZE,
            "licence_name": settings.OPEN_DATA_LICENCE_NAME,
            "licence_url": settings.OPEN_DATA_LICENCE_URL,
        },
    )


@understands("q")
def search(request):
    query = request.GET.get("q", "")[:200]
    results = queries.kept_search_results(query) if query.strip() else []
    return render(request, "milestones/search.html", {"search_query": query, "results": results})
