from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from programmes.models import Country, Facility, Organisation, Programme, Theme
from programmes.queries import donors

from .models import Bulletin, Event, Person, Publication, Quote, Story


class PortalSitemap(Sitemap):
    """Each page once in each language, with the others as its alternates (and English as the
    default for a reader whose language the site does not have)."""

    i18n = True
    alternates = True
    x_default = True


class PublishedSitemap(PortalSitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class StorySitemap(PublishedSitemap):
    model = Story
    priority = 0.8


class BulletinSitemap(PublishedSitemap):
    model = Bulletin
    priority = 0.7


class EventSitemap(PublishedSitemap):
    model = Event
    priority = 0.6


class PublicationSitemap(PublishedSitemap):
    model = Publication
    priority = 0.6


class QuoteSitemap(PortalSitemap):
    """Each published quote's own page (its story's rule: milestones.models.QuoteQuerySet)."""

    priority = 0.4

    def items(self):
        return Quote.objects.public().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PersonSitemap(PortalSitemap):
    """The people the public sees named: quoted in or signing a published story."""

    priority = 0.4

    def items(self):
        return Person.objects.public().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ReferenceSitemap(PortalSitemap):
    queryset = None
    priority = 0.5

    def items(self):
        return self.queryset.order_by("pk")


class ProgrammeSitemap(ReferenceSitemap):
    queryset = Programme.objects.all()

    def lastmod(self, item):
        return item.updated_at


class FacilitySitemap(ReferenceSitemap):
    queryset = Facility.objects.all()

    def lastmod(self, item):
        return item.updated_at


class CountrySitemap(ReferenceSitemap):
    queryset = Country.objects.all()


class OrganisationSitemap(ReferenceSitemap):
    queryset = Organisation.objects.all()


class ThemeSitemap(ReferenceSitemap):
    # No lastmod: a theme's page changes with the items tagged with it far more than with the
    # theme's own row (whose time, set when a migration seeds it, would say nothing useful).
    queryset = Theme.objects.all()


class DonorSitemap(PortalSitemap):
    priority = 0.5

    def items(self):
        return donors().order_by("pk")

    def location(self, item):
        return reverse("programmes:donor-detail", args=[item.slug])


class SectionSitemap(PortalSitemap):
    priority = 0.9
    url_names = [
        "milestones:home",
        "milestones:story-list",
        "milestones:bulletin-list",
        "milestones:event-list",
        "milestones:result-list",
        "programmes:facility-list",
        "programmes:programme-list",
        "programmes:donor-list",
        "programmes:country-list",
        "programmes:organisation-list",
        "milestones:publication-list",
        "programmes:theme-list",
        "milestones:person-list",
        "milestones:quote-list",
        "milestones:api-guide",
    ]

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "sections": SectionSitemap,
    "news": StorySitemap,
    "bulletins": BulletinSitemap,
    "events": EventSitemap,
    "programmes": ProgrammeSitemap,
    "facilities": FacilitySitemap,
    "countries": CountrySitemap,
    "donors": DonorSitemap,
    "organisations": OrganisationSitemap,
    "publications": PublicationSitemap,
    "themes": ThemeSitemap,
    "people": PersonSitemap,
    "quotes": QuoteSitemap,
}
