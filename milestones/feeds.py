"""RSS and Atom feeds of news, events and publications.

Every feed takes the same query string as the list it follows, so "/events/feed/?country=tj&kind=training"
follows trainings in Tajikistan.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from programmes.models import Country, Programme, Theme
from unodc_portal.lists import uncached_if_invalid
from unodc_portal.partial_dates import DatePrecision

from .filters import EventFilter, PublicationFilter, StoryFilter
from .models import Event, Publication, Story

FEED_LENGTH = 50


class FilteredFeed(Feed):
    """A feed of a filtered list: the list's FilterSet reads the query string."""

    filterset_class = None
    list_url_name = None

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        uncached_if_invalid(response, request.feed_filterset)
        # The feed generator writes the XML in thousands of small pieces; joined once, the
        # response goes out (and into the page cache) as one piece instead of thousands.
        response.content = response.content
        return response

    def get_object(self, request, **kwargs):
        data = request.GET.copy()
        for key, value in self.preset_for(**kwargs).items():
            data.setlist(key, [value])
        # The feed object serves every request (and thread): what belongs to this request
        # travels on the FilterSet and the request, never on self.
        request.feed_filterset = self.filterset_class(data, queryset=self.published(), request=request)
        return request.feed_filterset

    def published(self):
        """What the feed may show: the same published() rule as every public page."""
        raise NotImplementedError

    def preset_for(self, **kwargs):
        """Filters fixed by the address itself, such as the country of a country's feed."""
        return {}

    def items(self, filterset):
        return filterset.qs[:FEED_LENGTH]

    def link(self, filterset):
        query = filterset.request.GET.urlencode()
        return reverse(self.list_url_name) + (f"?{query}" if query else "")

    def description(self, filterset):
        # RSS readers render the channel's description as HTML, and the title carries the
        # visitor's search words.
        return escape(self.title(filterset))

    def subtitle(self, filterset):
        # Atom sends the subtitle as text (RSS has none), so it is not escaped.
        return self.title(filterset)

    def item_description(self, item):
        # Both feeds declare the description HTML (RSS by custom, Atom as <summary type="html">)
        # and Django escapes it only for the XML, so a reader would render an editor's
        # "<img ...>" as markup. Escaped once more, it reads as it was typed.
        return escape(self.item_text(item))

    def item_text(self, item):
        """What the feed says about an item, as plain text."""
        raise NotImplementedError

    def item_title(self, item):
        return item.title

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class StoryFeed(FilteredFeed):
    filterset_class = StoryFilter
    list_url_name = "milestones:story-list"

    def published(self):
        return Story.objects.published().for_cards()

    def item_pubdate(self, item):
        # Archive stories keep the office's date, so that adding them does not make them new.
        return item.feed_time

    def title(self, filterset):
        summary = filterset.summary()
        return _("Milestones: news") + (f" — {summary}" if summary else "")

    def item_text(self, item):
        return item.standfirst

    def item_categories(self, item):
        return [country.name for country in item.countries.all()]


class AtomStoryFeed(StoryFeed):
    feed_type = Atom1Feed


class EventFeed(FilteredFeed):
    filterset_class = EventFilter
    list_url_name = "milestones:event-list"

    def published(self):
        return Event.objects.published().for_cards()

    def title(self, filterset):
        summary = filterset.summary()
        return _("Milestones: events") + (f" — {summary}" if summary else "")

    def item_text(self, item):
        # The place as the event's page gives it: venue, city, country.
        where = ", ".join(part for part in (item.venue, item.place) if part)
        return f"{item.kind.name}, {item.when}, {where}. {item.summary}"

    def item_categories(self, item):
        return [item.kind.name, *(country.name for country in item.countries.all())]


class AtomEventFeed(EventFeed):
    feed_type = Atom1Feed


class CountryStoryFeed(StoryFeed):
    def preset_for(self, iso2):
        try:
            return {"country": Country.objects.for_address(iso2).iso2}
        except Country.DoesNotExist:
            raise Http404("No such country") from None

    def link(self, filterset):
        return reverse("programmes:country-detail", args=[filterset.data["country"]])


class AtomCountryStoryFeed(CountryStoryFeed):
    feed_type = Atom1Feed


class ProgrammeStoryFeed(StoryFeed):
    def preset_for(self, slug):
        programme = get_object_or_404(Programme, slug=slug)
        return {"programme": programme.slug}

    def link(self, filterset):
        return reverse("programmes:programme-detail", args=[filterset.data["programme"]])


class AtomProgrammeStoryFeed(ProgrammeStoryFeed):
    feed_type = Atom1Feed


class ThemeStoryFeed(StoryFeed):
    """The news of a theme (/themes/<slug>/feed/), linked from the theme's page."""

    def preset_for(self, slug):
        theme = get_object_or_404(Theme, slug=slug)
        return {"theme": theme.slug}

    def link(self, filterset):
        return reverse("programmes:theme-detail", args=[filterset.data["theme"]])


class AtomThemeStoryFeed(ThemeStoryFeed):
    feed_type = Atom1Feed


class PublicationFeed(FilteredFeed):
    filterset_class = PublicationFilter
    list_url_name = "milestones:publication-list"

    def published(self):
        return Publication.objects.published().for_cards()

    def title(self, filterset):
        summary = filterset.summary()
        return _("Milestones: publications") + (f" — {summary}" if summary else "")

    def item_text(self, item):
        parts = [str(item.when), item.language_names, item.summary]
        return ". ".join(part for part in parts if part)

    def item_pubdate(self, item):
        # The report's own date, so that adding older reports does not make them new; a feed
        # needs a day, so none when the office gives only the month or year.
        if item.date and item.date_precision == DatePrecision.DAY:
            return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time.min))
        return None

    def item_categories(self, item):
        return [country.name for country in item.countries.all()]


class AtomPublicationFeed(PublicationFeed):
    feed_type = Atom1Feed
