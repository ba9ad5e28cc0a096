"""What editors publish: editions of the bulletin, their stories, the events they report, the
people quoted in them and the figures they give."""

import datetime
import html
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import PurePath
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, ExtractYear, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import classproperty
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programmes.iso_codes import CURRENCIES
from programmes.models import (
    QUALIFIER_SIGNS,
    SOURCE_NOTE_HELP,
    AmountQualifier,
    AuditedModel,
    Contribution,
    Country,
    Facility,
    FacilityFunding,
    NaturalKeyManager,
    Organisation,
    Programme,
    Theme,
    qualifier_words,
    reported_figure,
    written_number,
)
from programmes.queries import programme_ids_with_descendants
from unodc_portal.addresses import detail_url
from unodc_portal.other_names import KnownByOtherNames, other_names_field, parse_other_names
from unodc_portal.partial_dates import DatePrecision, PartialDate, partial_date, precision_constraint
from unodc_portal.translations import (
    CONTENT_LANGUAGES,
    Translatable,
    among_page_words,
    column,
    in_quotation_marks,
    language_shown,
    marked_text,
    translated,
)

from . import documents, images
from .importing import ImportRefused, content_hash, read_source
from .importing.text import CAPTION, block_holding, mark_words, read_articles, unescaped
from .markdown import render_markdown
from .search import words_columns


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """Items the public may see: published, with a publication time that has come.

        Every public page, feed, sitemap and search starts from this one rule, so a
        scheduled item appears the moment its time comes, with no job to run.
        """
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def of_programmes(self, programme_ids):
        """Items linked to any of these programmes (give the ids of those below them too). An
        uncorrelated subquery on the link table: PostgreSQL hashes it once or starts from its
        index, where a correlated EXISTS probed the link table for every item walked."""
        link = self.model.programmes.through
        item_id = f"{self.model._meta.model_name}_id"
        return self.filter(pk__in=link.objects.filter(programme__in=programme_ids).values(item_id))


class EventQuerySet(PublishableQuerySet):
    def for_cards(self):
        """What an event card shows: its kind, date, place and the countries it concerns."""
        return self.for_lines().prefetch_related("countries")

    def for_lines(self):
        """What a line naming an event shows: its kind, date and place (with its other places:
        one query for the whole list, and none for most events, which have none)."""
        return self.select_related("kind", "host_country").prefetch_related(
            models.Prefetch("places", queryset=EventPlace.objects.select_related("country"))
        )

    def funded_by(self, donor_slugs):
        """Events of programmes the donors fund (with everything below them), and events at
        facilities built with money from programme components the donors fund."""
        funded = Contribution.objects.filter(donor__slug__in=donor_slugs).values_list("programme_id", flat=True)
        by_programme = self.model.programmes.through.objects.filter(
            programme__in=programme_ids_with_descendants(funded)
        )
        by_facility = self.model.facilities.through.objects.filter(
            facility__fundings__component_donors__slug__in=donor_slugs
        )
        return self.filter(Q(pk__in=by_programme.values("event_id")) | Q(pk__in=by_facility.values("event_id")))

    def concerning(self, country_ids):
        """Events held in, or concerning, any of these countries.

        Ids as values, not a subquery, so that PostgreSQL plans for these countries: probing the
        newest events one by one for a busy country, starting from a rare country's few events
        (given a subquery, it planned for an average country and walked every event for a rare one).
        """
        concerned = CountryConcerned.objects.filter(country__in=country_ids)
        return self.filter(pk__in=concerned.values("event_id"))


class StoryQuerySet(PublishableQuerySet):
    def for_cards(self):
        """What a story card shows: its edition's date and its country tags. Cards never show
        the body, so neither it nor its renderings are read."""
        return self.select_related("bulletin").prefetch_related("countries").defer(*BODY_FIELDS)

    def relist(self):
        """Set the listing time of these stories from the dates it follows, for rows written
        without Story.save(): loaddata (load_seed and restore run this), bulk_create(),
        update() of their dates, SQL."""
        self.filter(first_published__isnull=True).update(listed_at=F("published_at"))
        archive = list(self.filter(first_published__isnull=False).only("pk", "first_published", "published_at"))
        for story in archive:
            story.listed_at = story.listing_time()
        self.model.objects.bulk_update(archive, ["listed_at"], batch_size=500)

    def rerender_bodies(self, *, check=False, batch_size=500):
        """Store the renderings of these stories' bodies again wherever they differ from what
        `body_renderings()` makes of the body now; returns how many differed (with `check`, only
        counts them). `manage.py rerender_bodies` runs it, after a change to the sanitiser's rules
        or after any write of bodies that skips `Story.save()`: `QuerySet.update()`,
        `bulk_create()`, loaddata (whose raw saves leave the renderings empty) or SQL.

        It writes with `bulk_update()`, which starts no new content version: the caller does.
        """
        stale = 0
        last_pk = 0
        while True:
            # Batches by id, not a streaming cursor: SQLite cannot write to a table while a
            # cursor still reads it on the same connection.
            stories = list(self.filter(pk__gt=last_pk).order_by("pk").only("pk", *BODY_FIELDS)[:batch_size])
            if not stories:
                return stale
            last_pk = stories[-1].pk
            changed = []
            for story in stories:
                stored = [getattr(story, name) for name in RENDERED_COLUMNS]
                story.render_body()
                if [getattr(story, name) for name in RENDERED_COLUMNS] != stored:
                    changed.append(story)
            stale += len(changed)
            if changed and not check:
                self.model.objects.bulk_update(changed, RENDERED_COLUMNS)

    def concerning(self, country_ids):
        """Stories tagged with any of these countries."""
        tagged = self.model.countries.through.objects.filter(country__in=country_ids)
        return self.filter(pk__in=tagged.values("story_id"))


class QuoteQuerySet(models.QuerySet):
    def public(self):
        """Quotes belong to their story: they are public when the story is."""
        return self.filter(story__status=Status.PUBLISHED, story__published_at__lte=timezone.now())

    def for_cards(self):
        """What a quote card shows: its speaker, and its story with the story's edition (for the
        date). Cards never show the story's body, so neither it nor its renderings are read."""
        story_body = [f"story__{name}" for name in BODY_FIELDS]
        return self.select_related("person", "story__bulletin").defer(*story_body)

    def concerning(self, country_ids):
        """Quotes of stories tagged with any of these countries (Story's rule)."""
        return self.filter(story__in=Story.objects.concerning(country_ids))

    def of_programmes(self, programme_ids):
        """Quotes of stories linked to any of these programmes (give those below them too)."""
        return self.filter(story__in=Story.objects.of_programmes(programme_ids))

    def newest_first(self):
        """In the order of their stories, newest first (as the news list), then as each story
        gives them; the id last, so that pages keep one order."""
        return self.order_by("-story__listed_at", "story__position", "story_id", "position", "pk")


class PersonQuerySet(models.QuerySet):
    def public(self):
        """People the public sees named: quoted in a published story, or signing one. (People
        take part in events only through their quotes: an event's participants are organisations.)"""
        return self.appearing_in(Story.objects.published())

    def appearing_in(self, stories):
        """People quoted in, or signing, any of these stories (a Story queryset)."""
        quoted = Quote.objects.filter(story__in=stories).values("person_id")
        return self.filter(Q(pk__in=quoted) | Q(pk__in=stories.values("signed_by_id")))

    def appearances(self):
        """(person id, story id) of each published story these people are quoted in or sign:
        what the people list's filters by country and year read."""
        quoted = Quote.objects.public().filter(person__in=self).values_list("person_id", "story_id")
        signed = Story.objects.published().filter(signed_by__in=self).values_list("signed_by_id", "pk")
        return {*quoted, *signed}


# The milestone tracker lists figures, not reports: an indicator's reports are one figure, a report
# of no indicator a figure of its own. This names each figure: its indicator's id negated (to
# stay apart from the reports' ids), or the report's own id.
TRACKER_ROW = Coalesce(-F("indicator_id"), F("id"), output_field=models.BigIntegerField())


class ResultQuerySet(models.QuerySet):
    def public(self):
        """Figures belong to the story that reports them: they are public when the story is."""
        return self.filter(story__status=Status.PUBLISHED, story__published_at__lte=timezone.now())

    def concerning(self, country_ids):
        """Figures about any of these countries."""
        through = self.model.countries.through
        return self.filter(pk__in=through.objects.filter(country_id__in=country_ids).values("result_id"))

    def of_programmes(self, programme_ids):
        return self.filter(programme_id__in=programme_ids)

    def newest_first(self):
        """Lists of figures: the newest first; those of one date in the order they were entered
        (a story's figures in its order)."""
        return self.order_by(F("as_of").desc(nulls_last=True), "pk")

    def oldest_first(self):
        """An indicator's history: by date (undated first), and for one date in the order entered,
        so that the later of two reports of one month is the newer."""
        return self.order_by(F("as_of").asc(nulls_first=True), "pk")

    def latest_of_each_figure(self):
        """One row per figure of the milestone tracker: each figure reported once, and the newest
        report of each indicator among these figures: the last of its history in oldest_first().
        Ranked in one pass (a correlated subquery per row had SQLite walk every published story
        for each report of an indicator). Read ids from it, not whole rows: ranking rows with
        their related ones sorts those too (newest_figures(), and the lists' paginator, do)."""
        newest_first = [F("as_of").desc(nulls_last=True), F("pk").desc()]
        ranked = self.annotate(figure_rank=Window(RowNumber(), partition_by=[TRACKER_ROW], order_by=newest_first))
        return ranked.filter(figure_rank=1)

    def newest_figures(self, limit):
        """The newest `limit` figures, newest first: their ids ranked, then their rows."""
        ids = list(self.latest_of_each_figure().newest_first().values_list("pk", flat=True)[:limit])
        rows = {row.pk: row for row in self.filter(pk__in=ids)}
        return [rows[pk] for pk in ids]


class Publishable(AuditedModel):
    """What bulletins, stories and events share: a title, an address and a publication state."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The last part of the address. Filled in from the title; keep it once published."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("Shown on the public site only from this time on, and only if the status is Published."),
    )
    # Counts saves, so that a form opened before someone else's save can be refused
    # instead of silently overwriting their work.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = NaturalKeyManager.from_queryset(PublishableQuerySet)()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_time",
                violation_error_message=_("A published item needs a publication time."),
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    @property
    def is_live(self):
        """published() for one row already loaded: the same rule, read without a query."""
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()

    @classmethod
    def publish_permission(cls):
        """The permission that allows publishing, scheduling and unpublishing this kind of item."""
        return f"{cls._meta.app_label}.publish_{cls._meta.model_name}"

    # The workflow: draft -> in review -> published (now, or scheduled for later) -> draft again.
    # Each step changes the row in memory; the caller saves it, so the admin records who did it.

    def submit_for_review(self):
        self.status = Status.IN_REVIEW

    def publish(self, *, at=None):
        """Publish now, or at a later time to schedule it; the public sees it from that moment."""
        self.status = Status.PUBLISHED
        self.published_at = at or timezone.now()

    def unpublish(self):
        """Take the item off every public page, feed, sitemap and search at once."""
        self.status = Status.DRAFT


# A count of people is reported with the same qualifiers as an amount (one vocabulary, one
# `reported_figure()` to write them), worded as one speaks of people: "about 30 participants".
PARTICIPANT_COUNT_QUALIFIERS = [
    (AmountQualifier.EXACT, _("exactly")),
    (AmountQualifier.APPROXIMATELY, _("about")),
    (AmountQualifier.MORE_THAN, _("more than")),
    (AmountQualifier.UP_TO, _("up to")),
]


@translated("title", "period_label", "summary", as_a_whole=True)
class Bulletin(Translatable, Publishable):
    """One edition of "Milestones"."""

    # Text, as printed: "03(2015)", "No. 12". No number is NULL, never '' (Django's own exception
    # for a unique text field that may be empty): editions without one never collide in the rule
    # that a number is unique within its year, and rows stored before, fixtures and backups
    # that say null load as they are.
    number = models.CharField(  # noqa: DJ001
        _("number as printed"),
        max_length=30,
        null=True,
        blank=True,
        help_text=_(
            "Exactly as the edition prints it, for example '03(2015)' or 'No. 12'. Unique within the year "
            "of issue; leave empty if the edition has none."
        ),
    )
    period_label = models.CharField(
        _("period covered"),
        max_length=100,
        blank=True,
        help_text=_("As printed, for example 'September–December 2016'."),
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    issue_date_precision = models.CharField(
        _("issue date known to"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    when = partial_date("issue_date", "issue_date_precision")
    summary = models.TextField(_("summary"), blank=True)
    source_note = models.TextField(_("source note"), blank=True, help_text=SOURCE_NOTE_HELP)

    class Meta(Publishable.Meta):
        verbose_name = _("bulletin edition")
        verbose_name_plural = _("bulletin editions")
        # By date: an edition without a date goes last on every database (PostgreSQL puts NULL
        # first). Numbers are text as printed ("03(2015)", "No. 12") and do not sort as numbers.
        ordering = [F("issue_date").desc(nulls_last=True), F("published_at").desc(nulls_last=True), "-id"]
        permissions = [("publish_bulletin", _("Can publish, schedule and unpublish editions"))]
        constraints = [
            *Publishable.Meta.constraints,
            precision_constraint("issue_date", "issue_date_precision", "bulletin_issue_date_matches_precision"),
            # An expression index, the same on SQLite and PostgreSQL; undated editions have no year
            # (NULL), so their numbers are not compared.
            models.UniqueConstraint(
                ExtractYear("issue_date"),
                "number",
                name="bulletin_number_unique_in_year",
                violation_error_message=_("Another edition of the same year already has this number."),
            ),
            models.CheckConstraint(
                condition=~Q(number=""),
                name="bulletin_number_not_empty",
                violation_error_message=_("Leave the number empty rather than blank."),
            ),
        ]

    def get_absolute_url(self):
        return detail_url("milestones:bulletin-detail", self.slug)

    def shift_stories_after(self, position, by):
        """Move the stories after `position` by `by` places (-1 to close the gap a story taken out
        there left, 1 to make room for a new one); only those move, and each gets a new version
        (a page open on one of them is then stale). Returns the stories moved."""
        later = list(self.stories.filter(position__gt=position).order_by("position" if by < 0 else "-position"))
        for story in later:  # in this order no two share a position on the way (they are unique)
            story.position += by
            story.version += 1
            story.save(update_fields=["position", "version"])
        return later


class ReferenceTerm(models.Model):
    """A term of a list that publishers keep in the admin (kinds of event, roles at an event).

    The slug is the primary key and the value in addresses (`/events/?kind=training`), so that
    the events table stores the slug itself: filtering needs no join, and an address never
    changes with a row's id. A term in use cannot be deleted (PROTECT)."""

    slug = models.SlugField(
        _("slug"),
        max_length=20,
        primary_key=True,
        help_text=_(
            "Its name in addresses and exports: lower-case letters, digits and hyphens. "
            "It cannot be changed once saved."
        ),
    )
    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.CharField(
        _("what it covers"), max_length=300, blank=True, help_text=_("For editors choosing a term.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Lower numbers are listed first."))

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


@translated("name", "plural_name", "description")
class EventKind(Translatable, ReferenceTerm):
    plural_name = models.CharField(_("plural name"), max_length=80, help_text=_("For example 'Trainings'."))

    class Meta(ReferenceTerm.Meta):
        verbose_name = _("kind of event")
        verbose_name_plural = _("kinds of event")


@translated("name", "description")
class EventRole(Translatable, ReferenceTerm):
    class Meta(ReferenceTerm.Meta):
        verbose_name = _("role at an event")
        verbose_name_plural = _("roles at events")


class AttendanceMode(models.TextChoices):
    """How people took part (issue 16, item 4); the filter's values are these slugs."""

    IN_PERSON = "in-person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


@translated("title")
class EventSeries(Translatable, models.Model):
    """Sessions that belong together (issue 16, item 5): the meetings of a working group, the
    modules of a training course. A name only: the sessions are the events, each with its own
    date and place, and each session's page lists the others."""

    title = models.CharField(
        _("title"), max_length=255, help_text=_("For example 'Expert working group on precursors'.")
    )
    slug = models.SlugField(_("slug"), max_length=255, unique=True)

    class Meta:
        verbose_name = _("series of events")
        verbose_name_plural = _("series of events")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # No page of its own: its sessions, in words on each session's page, are the series.
        return f"{reverse('milestones:event-list')}?{urlencode({'series': self.slug})}"


@translated("title", "summary", "venue", "city", "region", "participant_breakdown", as_a_whole=True)
class Event(Translatable, Publishable):
    card_template = "includes/_event_card.html"  # kept across changes (unodc_portal/fragments.py)
    words_columns = classproperty(words_columns)  # unodc_portal/content_version.py, WORDS
    # The column keeps its name and its values (the kind's slug): indexes and addresses stay.
    kind = models.ForeignKey(
        EventKind,
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        db_column="kind",
        db_index=False,  # event_kind_newest_first starts with it
        related_name="events",
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences shown in lists."))
    # For an event whose date the source does not give ("not stated"), the 1st of the month it is
    # listed under: the date of the edition or news item that reports it. Lists sort and filter
    # it there; pages say "date not stated" and which month it is listed under.
    start_date = models.DateField(
        _("date"),
        help_text=_(
            "The first day, or the 1st of the month or year if that is all that is known. If the source "
            "gives no date, choose 'Not stated' below and give the 1st of the month of the edition or news "
            "item that reports it: the event is listed there, and readers see 'date not stated'."
        ),
    )
    end_date = models.DateField(_("last day"), null=True, blank=True, help_text=_("Only for events over several days."))
    date_precision = models.CharField(
        _("date known to"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    when = partial_date("start_date", "date_precision", end_field="end_date")
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    city = models.CharField(_("city or place"), max_length=120, blank=True)
    host_country = models.ForeignKey(
        Country,
        verbose_name=_("held in"),
        on_delete=models.PROTECT,
        related_name="hosted_events",
        help_text=_(
            "The country it was held in; for an event in several places, the first (the others go under "
            "'Other places'). For an online event, the country it was run from: the organiser's or the "
            "partner's, as the source says; leave the city blank."
        ),
    )
    attendance_mode = models.CharField(
        _("attendance"),
        max_length=10,
        choices=AttendanceMode.choices,
        default=AttendanceMode.IN_PERSON,
        help_text=_("Online: people took part only over the internet. Hybrid: some in the room, some online."),
    )
    region = models.CharField(
        _("region concerned"),
        max_length=200,
        blank=True,
        help_text=_(
            "When the event is for a region that is not one country, as the source names it: "
            "'Southern Caucasus', 'northern regions of Kyrgyzstan'. Also tick its countries under "
            "'Countries concerned', so that readers find it by country."
        ),
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries concerned"),
        blank=True,
        related_name="events",
        help_text=_("Countries whose people or institutions the event is for, wherever it was held."),
    )
    programmes = models.ManyToManyField(Programme, verbose_name=_("programmes"), blank=True, related_name="events")
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisations"),
        through="EventOrganisation",
        blank=True,
        related_name="events",
    )
    facilities = models.ManyToManyField(Facility, verbose_name=_("facilities"), blank=True, related_name="events")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="side_events",
        help_text=_("For a side event: the event it was held alongside."),
    )
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("session of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("For one session of a series (working group meetings, modules of a course): the series."),
    )
    follows = models.ForeignKey(
        "self",
        verbose_name=_("follow-up to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text=_("For a follow-up, the earlier event it builds on: a training after a handover of equipment."),
    )
    participant_count = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    participant_count_qualifier = models.CharField(
        _("number of participants is"),
        max_length=20,
        choices=PARTICIPANT_COUNT_QUALIFIERS,
        default=AmountQualifier.EXACT,
        help_text=_("As the source gives it: 'about 30', 'more than 100', 'up to 25'."),
    )
    participant_breakdown = models.CharField(
        _("participants by group"),
        max_length=300,
        blank=True,
        help_text=_(
            "As the source gives it, for example '15 prosecutors and 15 police investigators'. "
            "Shown after the number, which it needs."
        ),
    )
    source_note = models.TextField(_("source note"), blank=True, help_text=SOURCE_NOTE_HELP)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="events")

    objects = NaturalKeyManager.from_queryset(EventQuerySet)()

    class Meta(Publishable.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "-id"]
        indexes = [
            # Lists show the newest first; filters by kind and the publication rule narrow them.
            models.Index(fields=["-start_date", "-id"], name="event_newest_first"),
            models.Index(fields=["kind", "-start_date"], name="event_kind_newest_first"),
            models.Index(fields=["status", "published_at"], name="event_publication"),
            # The public list's ids read from the index alone, however deep the page
            # (CountRememberingPaginator reads ids first); published_at is in it for the
            # publication rule, as a last key column so that SQLite builds the same index.
            models.Index(
                fields=["-start_date", "-id", "published_at"],
                condition=Q(status="published"),
                name="event_published_newest_first",
            ),
        ]
        permissions = [("publish_event", _("Can publish, schedule and unpublish events"))]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="event_ends_after_it_starts",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            precision_constraint(
                "start_date", "date_precision", "event_start_date_matches_precision", listed_when_not_stated=True
            ),
            precision_constraint("end_date", "date_precision", "event_end_date_matches_precision"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="event_not_its_own_parent"),
            models.CheckConstraint(
                condition=~Q(follows=F("pk")),
                name="event_not_its_own_follow_up",
                violation_error_message=_("An event cannot be a follow-up to itself."),
            ),
            models.CheckConstraint(
                condition=Q(attendance_mode__in=AttendanceMode.values), name="event_attendance_mode_valid"
            ),
            models.CheckConstraint(
                condition=Q(participant_count__isnull=False) | Q(participant_count_qualifier=AmountQualifier.EXACT),
                name="event_participant_qualifier_needs_number",
                violation_error_message=_("'About', 'more than' or 'up to' needs the number of participants."),
            ),
            models.CheckConstraint(
                condition=Q(participant_count__isnull=False) | Q(participant_breakdown=""),
                name="event_participant_breakdown_needs_number",
                violation_error_message=_("A breakdown of the participants needs their number."),
            ),
        ]

    def get_absolute_url(self):
        return detail_url("milestones:event-detail", self.slug)

    @property
    def public_parent(self):
        """The event it was held alongside, if the public may see it (read with select_related)."""
        return self.parent if self.parent_id and self.parent.is_live else None

    @property
    def public_follows(self):
        """The earlier event it follows up, if the public may see it (read with select_related)."""
        return self.follows if self.follows_id and self.follows.is_live else None

    @property
    def is_online(self):
        return self.attendance_mode == AttendanceMode.ONLINE

    @property
    def is_hybrid(self):
        return self.attendance_mode == AttendanceMode.HYBRID

    def place_in_words(self, written=getattr, words=str):
        """Where it took place, in words: 'Almaty, Kazakhstan and Bishkek, Kyrgyzstan';
        'Online, from Kazakhstan'; 'Dushanbe, Tajikistan and online'. `written(item, name)` writes
        each name, `words` our own words around them: as stored (`place`), or for a page's HTML
        (`place_html`). Reads the other places from their prefetch (EventQuerySet.for_lines)."""
        places = [(self, self.host_country), *((place, place.country) for place in self.places.all())]
        named = [
            ", ".join(written(item, name) for item, name in ((where, "city"), (country, "name")) if getattr(item, name))
            for where, country in places
        ]
        # Places name their country after a comma: a semicolon parts three or more.
        in_words = named[0] if len(named) == 1 else f"{'; '.join(named[:-1])} {words(_('and'))} {named[-1]}"
        if self.is_online:
            return words(_("Online, from %(place)s")) % {"place": in_words}
        if self.is_hybrid:
            return words(_("%(place)s and online")) % {"place": in_words}
        return in_words

    @property
    def place(self):
        return self.place_in_words()

    @property
    def place_html(self):
        """`place` for a page: a city or country left in English on a Russian page is marked so."""
        # Every name is escaped by marked_text, and our own words by conditional_escape.
        return mark_safe(self.place_in_words(marked_text, conditional_escape))  # noqa: S308  # nosec B308 B703

    @property
    def other_sessions(self):
        """The published sessions of its series but this one, oldest first, from the prefetch
        of the event's page (`series__events`)."""
        if self.series_id is None:
            return []
        return [session for session in self.series.events.all() if session.pk != self.pk]

    def concern_place_countries(self):
        """The countries of the other places join the countries concerned, which the country
        filter reads (CountryConcerned): the admin calls it on saving, after the places."""
        self.countries.add(*{place.country_id for place in self.places.all()})

    def schema_org(self, absolute_uri):
        """schema.org data for search engines; `absolute_uri` turns a path into a full address."""
        organisers = [
            {"@type": "Organization", "name": p.organisation.name}
            for p in self.participations.all()
            if p.role_id == EventOrganisation.ORGANISER
        ]
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.summary,
            "inLanguage": self.shown_in,
            "url": absolute_uri(self.get_absolute_url()),
            # No dates where the source gives none.
            **({"startDate": self.when.iso, "endDate": self.when.last.iso} if self.when.stated else {}),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": SCHEMA_ATTENDANCE_MODES[self.attendance_mode],
            "location": self.schema_org_location(absolute_uri),
        }
        if organisers:
            data["organizer"] = organisers
        themes = [theme.name for theme in self.themes.all()]
        if themes:
            data["keywords"] = themes
        return data

    def schema_org_location(self, absolute_uri):
        """One Place, as for every event before issue 16; a list when there are several places or
        the event was also online; a VirtualLocation (the event's page: the link to join is gone
        once it is over) for online and hybrid events."""
        first = {
            "@type": "Place",
            "name": self.venue or self.city or self.host_country.name,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": self.city,
                "addressCountry": self.host_country.iso2.upper(),
            },
        }
        places = [] if self.is_online and not self.city and not self.venue else [first]
        places += [place.schema_org() for place in self.places.all()]
        if self.is_online or self.is_hybrid:
            places.append({"@type": "VirtualLocation", "url": absolute_uri(self.get_absolute_url())})
        return places[0] if len(places) == 1 else places


SCHEMA_ATTENDANCE_MODES = {
    AttendanceMode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


@translated("city", "venue")
class EventPlace(Translatable, models.Model):
    """A further place an event was held in, after its first (Event.city and host_country):
    the working groups that met in Almaty and in Bishkek."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="places")
    city = models.CharField(_("city or place"), max_length=120, blank=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="event_places"
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Places are named in this order."))

    class Meta:
        verbose_name = _("other place")
        verbose_name_plural = _("other places")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "country", "city"],
                name="event_place_unique",
                violation_error_message=_("This place is already named for the event."),
            ),
        ]

    def __str__(self):
        return ", ".join(part for part in (self.city, self.country.name) if part)

    def get_absolute_url(self):
        return self.event.get_absolute_url()

    def schema_org(self):
        return {
            "@type": "Place",
            "name": self.venue or self.city or self.country.name,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": self.city,
                "addressCountry": self.country.iso2.upper(),
            },
        }


class CountryConcerned(models.Model):
    """A country an event is held in or concerns: its host country and its countries concerned,
    one row each, written by database triggers (milestones/concerned_countries.py), never by
    the application.

    Filtering events by country reads this one table. Asked for the host country or the linked
    countries, PostgreSQL could only hash every id of a country's events on each request (30,000
    for a busy country), or walk the whole table for a rare one; from one table it reads
    the newest events and checks each against the primary key, or reads a rare country's few
    rows first, whichever the country's statistics favour.
    """

    pk = models.CompositePrimaryKey("event", "country")
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.CASCADE, db_index=False, related_name="+"
    )

    class Meta:
        verbose_name = _("country concerned")
        verbose_name_plural = _("countries concerned")
        db_table = "milestones_country_concerned"
        ordering = ["event_id", "country_id"]  # the columns: not the events' and countries' own orders
        indexes = [models.Index(fields=["country", "event"], name="country_concerned_by_country")]

    def __str__(self):
        return f"{self.event}: {self.country}"


class EventOrganisation(models.Model):
    """The part an organisation played in an event."""

    ORGANISER = "organiser"  # named in the event's structured data

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.ForeignKey(
        EventRole,
        verbose_name=_("role"),
        on_delete=models.PROTECT,
        db_column="role",
        db_index=False,  # read through the event; a role is looked up only when one is deleted
        related_name="participations",
    )

    class Meta:
        verbose_name = _("organisation at the event")
        verbose_name_plural = _("organisations at the event")
        # By the role's slug, as before roles became a list of their own (no join to order by).
        ordering = ["role_id", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation", "role"], name="event_organisation_role_unique"),
        ]

    def __str__(self):
        return f"{self.organisation.short_name}: {self.role}"


# A story's body in each language, with its two renderings: (Markdown, HTML, text) columns.
BODY_COLUMNS = [
    ("body", "body_html", "body_text"),
    *((column("body", code), column("body_html", code), column("body_text", code)) for code in CONTENT_LANGUAGES),
]
RENDERED_COLUMNS = [name for _body, *rendered in BODY_COLUMNS for name in rendered]
BODY_FIELDS = [name for names in BODY_COLUMNS for name in names]  # what cards never read


def body_renderings(body):
    """The one conversion of a story's Markdown body: (sanitised HTML, plain text).

    The HTML is what the story's page shows; the text is what a reader reads of it, for search
    and its snippets. Both are stored on the row (`Story.save()`, `manage.py rerender_bodies`),
    so no page or search hit converts Markdown.
    """
    body_html = render_markdown(body)
    return body_html, html.unescape(strip_tags(body_html))


@translated(
    "title",
    "standfirst",
    "body",
    "image_alt",
    "image_caption",
    "signed_by_position",
    derived=("body_html", "body_text"),
    as_a_whole=True,
)
class Story(Translatable, Publishable):
    card_template = "includes/_story_card.html"  # kept across changes (unodc_portal/fragments.py)

    @classproperty
    def words_columns(cls):
        """The searched columns (unodc_portal/content_version.py, WORDS), with the body and its
        HTML, from which the searched text is made."""
        return words_columns(cls) | set(BODY_FIELDS)

    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("The introduction in bold under the headline: one to three sentences.")
    )
    body = models.TextField(
        _("body"), help_text=_("Markdown: blank line between paragraphs, **bold**, *italic*, [link](https://...).")
    )
    # Derived from the body by body_renderings() whenever the body is saved (see save()).
    body_html = models.TextField(
        _("body as shown"),
        blank=True,
        editable=False,
        help_text=_("The body as the public page shows it, cleaned of anything unsafe. Filled in on saving."),
    )
    body_text = models.TextField(
        _("body as plain text"),
        blank=True,
        editable=False,
        help_text=_("The words of the body without its formatting, for search. Filled in on saving."),
    )
    bulletin = models.ForeignKey(
        Bulletin,
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
    )
    position = models.PositiveSmallIntegerField(
        _("position in edition"), null=True, blank=True, help_text=_("1 is the lead story.")
    )
    image = models.ImageField(
        _("image"),
        upload_to="stories/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text=_(
            "A JPEG, PNG or WebP photo of up to 10 MB. Its location data and other metadata are removed on upload."
        ),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Required with an image."),
    )
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    image_credit = models.CharField(_("image credit"), max_length=150, blank=True)
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="stories")
    programmes = models.ManyToManyField(Programme, verbose_name=_("programmes"), blank=True, related_name="stories")
    events = models.ManyToManyField(Event, verbose_name=_("events"), blank=True, related_name="stories")
    facilities = models.ManyToManyField(Facility, verbose_name=_("facilities"), blank=True, related_name="stories")
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), blank=True, related_name="stories"
    )
    # Funding is recorded in `programmes`; which story reports it is news, so the link lives here.
    contributions = models.ManyToManyField(
        Contribution,
        verbose_name=_("contributions reported"),
        blank=True,
        related_name="reports",
        help_text=_("Donors' funding this story reports."),
    )
    facility_fundings = models.ManyToManyField(
        FacilityFunding,
        verbose_name=_("facility funding reported"),
        blank=True,
        related_name="reports",
        help_text=_("A programme's money for a facility that this story reports."),
    )
    source_note = models.TextField(_("source note"), blank=True, help_text=SOURCE_NOTE_HELP)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="stories")
    byline = models.CharField(
        _("byline"),
        max_length=200,
        blank=True,
        help_text=_("As printed, for example 'By the UNODC Regional Office'. Shown under the headline."),
    )
    signed_by = models.ForeignKey(
        "Person",
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_stories",
        help_text=_(
            "For a foreword or another text signed by someone: shown under it with their name and position, "
            "and given to search engines as its author. A signed text has no byline."
        ),
    )
    signed_by_position = models.CharField(
        _("signer's position at the time"),
        max_length=300,
        blank=True,
        help_text=_(
            "As printed under the signature. Leave empty to use the signer's position when the story is "
            "saved; it is kept when their position later changes."
        ),
    )

    # The archive (issue 16, item 2): the office published this story before this site did.
    first_published = models.DateField(
        _("first published by the office"),
        null=True,
        blank=True,
        help_text=_(
            "For a story from the archive: when the office first published it (the 1st of the month or "
            "year if that is all that is known). Readers see this date and lists sort by it. If the source "
            "gives no date, choose 'Not stated' and give the 1st of the month it is listed under. Leave "
            "empty for news published here first."
        ),
    )
    first_published_precision = models.CharField(
        _("first published, known to"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    own_date = partial_date("first_published", "first_published_precision")
    # What lists and feeds sort by: the start of the day the office first published it, or this
    # site's publication time. Kept by save(), so that an archive added today is not "latest".
    listed_at = models.DateTimeField(_("listed at"), null=True, editable=False)

    objects = NaturalKeyManager.from_queryset(StoryQuerySet)()

    class Meta(Publishable.Meta):
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        # The id last: stories listed at the same moment must keep one order across pages. Only
        # stories never published and not from the archive have no listing time; public lists
        # never show them.
        ordering = ["-listed_at", "position", "id"]
        indexes = [
            models.Index(fields=["-listed_at", "position"], name="story_newest_first"),
            models.Index(fields=["status", "published_at"], name="story_publication"),
            # published_at last, for the publication rule, as in event_published_newest_first.
            models.Index(
                fields=["-listed_at", "position", "id", "published_at"],
                condition=Q(status="published"),
                name="story_published_newest_first",
            ),
        ]
        permissions = [("publish_story", _("Can publish, schedule and unpublish stories"))]
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(
                fields=["bulletin", "position"],
                name="story_position_unique_in_bulletin",
                violation_error_message=_("Another story already has this position in the edition."),
            ),
            models.CheckConstraint(
                condition=Q(position__isnull=True) | Q(bulletin__isnull=False),
                name="story_position_needs_bulletin",
                violation_error_message=_("A position only makes sense within an edition."),
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="story_image_has_alt_text",
                violation_error_message=_("Describe the image for readers who cannot see it."),
            ),
            precision_constraint(
                "first_published",
                "first_published_precision",
                "story_first_published_matches_precision",
                listed_when_not_stated=True,
            ),
            # An archive story whose date the source does not give is listed under a month, as
            # events are: without one it would be listed at the moment it was added, as news.
            models.CheckConstraint(
                condition=~Q(first_published_precision=DatePrecision.NOT_STATED) | Q(first_published__isnull=False),
                name="story_not_stated_has_listing_month",
                violation_error_message=_(
                    "For a date not stated, give the 1st of the month the story is listed under."
                ),
            ),
            models.CheckConstraint(
                condition=Q(byline="") | Q(signed_by__isnull=True),
                name="story_byline_or_signature",
                violation_error_message=_("A story has a byline or a signature, not both."),
            ),
            models.CheckConstraint(
                condition=Q(signed_by_position="") | Q(signed_by__isnull=False),
                name="story_signer_position_needs_signer",
                violation_error_message=_("A position at the time of signing needs the person who signed."),
            ),
        ]

    def get_absolute_url(self):
        return detail_url("milestones:story-detail", self.slug)

    @property
    def paragraphs(self):
        """The body's paragraphs (Markdown), as a blank line parts them."""
        return split_paragraphs(self.body)

    def save(self, *args, **kwargs):
        # The renderings are columns of this row derived from its own body, not a side effect
        # elsewhere: working them out here, where every save through the ORM passes (the admin,
        # forms, factories, scripts), is the simplest way to keep them from lagging behind the
        # body. Writes that skip save() (QuerySet.update() or bulk_create() of bodies, loaddata,
        # SQL) must be followed by `manage.py rerender_bodies`.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {body for body, _html, _text in BODY_COLUMNS} & set(update_fields):
            self.render_body()
            if update_fields is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], *RENDERED_COLUMNS}
        self.listed_at = self.listing_time()
        if update_fields is not None and {"published_at", "first_published"} & set(update_fields):
            kwargs["update_fields"] = {*kwargs["update_fields"], "listed_at"}
        # The signer's position as it was when the story was signed (issue 16, item 7): taken
        # from the person once, so that a later promotion does not rewrite the signature.
        if self.signed_by_id and not self.signed_by_position:
            self.signed_by_position = self.signed_by.position
            self.signed_by_position_ru = self.signed_by.position_ru  # and as it was translated then
            if update_fields is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "signed_by_position", "signed_by_position_ru"}
        super().save(*args, **kwargs)

    def listing_time(self):
        """The start of the day the office first published the story, else this site's
        publication time."""
        if self.first_published:
            return timezone.make_aware(datetime.datetime.combine(self.first_published, datetime.time.min))
        return self.published_at

    def render_body(self):
        """Fill `body_html` and `body_text` from the body, and the same in each language (saving
        does it by itself)."""
        for body, body_html, body_text in BODY_COLUMNS:
            html_rendering, text_rendering = body_renderings(getattr(self, body))
            setattr(self, body_html, html_rendering)
            setattr(self, body_text, text_rendering)

    @property
    def public_bulletin(self):
        """The story's edition if the public may see it, else None.

        A story can be published before its edition (issue 14, item 8): until the edition is
        live, its date, title and address are embargoed, so every public page asks this
        rather than `bulletin`. Views load the edition with select_related("bulletin").
        """
        if self.bulletin_id and self.bulletin.is_live:
            return self.bulletin
        return None

    @property
    def when(self):
        """The date readers see: when the office first published the story, for the archive;
        else the published edition's date for bulletin stories (the source dates editions, not
        stories, and only a published edition's date may be shown); else the day this site
        published it."""
        if self.first_published:
            return self.own_date  # 'date not stated' when the office's date is not known
        edition = self.public_bulletin
        if edition is not None and edition.issue_date:
            return edition.when
        return PartialDate(timezone.localdate(self.published_at) if self.published_at else None)

    @property
    def feed_time(self):
        """The publication time a feed gives: a full date and time, so none for an archive story
        whose first publication is known only to the month or year (a feed would need a day)."""
        if not self.first_published:
            return self.published_at
        if self.first_published_precision != DatePrecision.DAY:
            return None
        # The office's day where it is: midnight here is the evening before in UTC.
        return timezone.localtime(self.listed_at)

    @property
    def image_sources(self):
        """`srcset` values of the image's renditions, by format, for a <picture> element."""
        if not self.image:
            return {}
        return {
            extension: images.srcset(self.image.name, self.image_width, extension)
            for extension in images.RENDITION_FORMATS
        }

    def schema_org(self, absolute_uri):
        """schema.org NewsArticle data; `absolute_uri` turns a path into a full address."""
        office = {"@type": "Organization", "name": "UNODC Regional Office for Central Asia"}
        url = absolute_uri(self.get_absolute_url())
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.standfirst,
            "inLanguage": self.shown_in,
            "url": url,
            "mainEntityOfPage": url,
            # None when the office's date is not stated: no date is given then.
            "datePublished": (self.own_date.iso or None) if self.first_published else self.published_at,
            "dateModified": self.updated_at,
            "author": self.signed_by.schema_org(absolute_uri, position=self.signed_by_position)
            if self.signed_by_id
            else office,
            "publisher": office,
            "about": [country.name for country in self.countries.all()],
        }
        if data["datePublished"] is None:
            del data["datePublished"]
        if self.image:
            data["image"] = absolute_uri(self.image.url)
        themes = [theme.name for theme in self.themes.all()]
        if themes:
            data["keywords"] = themes
        return data


@translated("position")
class Person(Translatable, KnownByOtherNames, AuditedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    honorific = models.CharField(
        _("honorific"), max_length=30, blank=True, help_text=_("For example Mr., Ms., Dr, H.E.")
    )
    position = models.CharField(_("position"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    other_names = other_names_field()

    objects = NaturalKeyManager.from_queryset(PersonQuerySet)()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("milestones:person-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    def schema_org(self, absolute_uri, *, position=None):
        """schema.org Person data, for the stories they sign: with their `position` at the time
        if given, else the current one."""
        data = {"@type": "Person", "name": self.name, "url": absolute_uri(self.get_absolute_url())}
        position = self.position if position is None else position
        if position:
            data["jobTitle"] = position
        return data


@translated("text", "position_at_the_time")
class Quote(Translatable, AuditedModel):
    text = models.TextField(_("quotation"), help_text=_("The speaker's exact words, without quotation marks."))
    person = models.ForeignKey(
        Person, verbose_name=_("speaker"), on_delete=models.PROTECT, null=True, blank=True, related_name="quotes"
    )
    attribution = models.CharField(
        _("unnamed speaker"),
        max_length=300,
        blank=True,
        help_text=_(
            "Only when the source does not name the speaker, for example 'A participant from the Ministry of Interior'."
        ),
    )
    story = models.ForeignKey(Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="quotes")
    position_at_the_time = models.CharField(
        _("speaker's position at the time"),
        max_length=300,
        blank=True,
        help_text=_(
            "As the source gives it. Leave empty to use the speaker's position when the quote is saved; "
            "it is kept when their position later changes, and replaced when you choose another speaker."
        ),
    )
    event = models.ForeignKey(
        Event, verbose_name=_("said at"), on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["story", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(attribution=""),
                name="quote_has_speaker",
                violation_error_message=_("Choose the speaker, or describe them if the source does not name them."),
            ),
            models.CheckConstraint(
                condition=Q(position_at_the_time="") | Q(person__isnull=False),
                name="quote_position_needs_speaker",
                violation_error_message=_("A position at the time needs the speaker it belongs to."),
            ),
        ]

    def __str__(self):
        return f"{self.speaker_name}: “{self.text[:60]}…”"

    def save(self, *args, **kwargs):
        # The speaker's position as it was when the quote was recorded (issue 16, item 7), as
        # Story.save() does for a signature.
        if self.person_id and not self.position_at_the_time:
            self.position_at_the_time = self.person.position
            self.position_at_the_time_ru = self.person.position_ru
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "position_at_the_time", "position_at_the_time_ru"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # reverse(): the stand-in of detail_url() cannot pass the route's number converter.
        return reverse("milestones:quote-detail", args=[self.pk])

    @property
    def speaker_name(self):
        return self.person.name if self.person_id else self.attribution

    @property
    def when(self):
        """The quote's date: its story's, where it was published (a quote has no date of its
        own; the event it was said at, if any, has its own)."""
        return self.story.when

    @property
    def citation(self):
        """The line to cite the quote by, in the usual form author (date). “Words.” In: story,
        source, office; as HTML for the page, each text marked when it is in another language
        than the page's. "n.d." when the source gives no date; the source is the story's edition
        while the public may see it, else the bulletin's name (a brand, in English everywhere).
        Reads the story and its edition (select_related("story__bulletin"))."""
        when = self.when
        date = when.display if when.stated and when else gettext("n.d.")
        language = language_shown(self, "text")
        words = among_page_words(in_quotation_marks(self.text, language), language)
        # The quote's own full stop ends the sentence: no second one after the closing mark.
        end = "" if self.text.rstrip().endswith((".", "!", "?", "…")) else "."
        edition = self.story.public_bulletin
        source = marked_text(edition, "title") if edition else among_page_words("Milestones", "en")
        return format_html(
            "{} ({}). {}{} {} {}, {}, {}.",
            marked_text(self, "speaker_name"),
            date,
            words,
            end,
            gettext("In:"),
            marked_text(self.story, "title"),
            source,
            gettext("UNODC Regional Office for Central Asia"),
        )

    @property
    def public_event(self):
        """Where it was said, if recorded and the public may see it (read with select_related)."""
        return self.event if self.event_id and self.event.is_live else None


def record_positions_at_the_time():
    """Give quotes and signed stories that have none the person's current position as their
    position at the time: what Quote.save() and Story.save() do, for rows written without them
    (loaddata, which load_seed and restore run; bulk_create())."""

    def position_of(person_field, name="position"):
        return Subquery(Person.objects.filter(pk=OuterRef(person_field)).values(name)[:1])

    Quote.objects.filter(person__isnull=False, position_at_the_time="").update(
        position_at_the_time=position_of("person_id"), position_at_the_time_ru=position_of("person_id", "position_ru")
    )
    Story.objects.filter(signed_by__isnull=False, signed_by_position="").update(
        signed_by_position=position_of("signed_by_id"),
        signed_by_position_ru=position_of("signed_by_id", "position_ru"),
    )


class FigureKind(models.TextChoices):
    QUANTITY = "quantity", _("A quantity (with a unit)")
    MONEY = "money", _("Money (in a currency)")


def tracker_url(**filters):
    """The milestone tracker's address with these filters: /results/?programme=blo."""
    return f"{reverse('milestones:result-list')}?{urlencode(filters)}"


@translated("title")
class Indicator(Translatable, models.Model):
    """A figure reported again and again (issue 20, item 2): "Border Liaison Offices established"
    in 2014, 2015 and 2016. A name only, like a series of events: each report is a Result with its
    own figure, target, date and story; the milestone tracker draws them as the figure's history."""

    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_("What is counted, for example 'Border Liaison Offices established and fully operational'."),
    )
    slug = models.SlugField(_("slug"), max_length=255, unique=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # No page of its own: its reports, drawn as one history, are a row of the tracker.
        return tracker_url(indicator=self.slug)


@translated("label", "unit")
class Result(Translatable, AuditedModel):
    """A figure a programme reports: a quantity and its unit, or an amount of money in its
    currency, with the date or the period it refers to."""

    Kind = FigureKind

    label = models.CharField(
        _("what was achieved"),
        max_length=300,
        help_text=_(
            "Completes the figure and its unit: for '150 kg', 'of narcotic substances seized by BLO officers'."
        ),
    )
    value = models.DecimalField(
        _("figure"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    value_qualifier = models.CharField(
        _("figure is"), max_length=20, choices=AmountQualifier.choices, default=AmountQualifier.EXACT
    )
    unit = models.CharField(
        _("unit"),
        max_length=60,
        blank=True,
        help_text=_("For example kg, trainings, officers, % of patients. Money takes its currency instead."),
    )
    kind = models.CharField(_("kind of figure"), max_length=10, choices=Kind.choices, default=Kind.QUANTITY)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        choices=sorted(CURRENCIES.items()),
        help_text=_("Money only: ISO 4217 code of the amount as reported, for example USD, EUR, KGS."),
    )
    target = models.DecimalField(
        _("out of (target)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("When the figure is part of a plan, for example 12 of 13 planned offices."),
    )
    as_of = models.DateField(
        _("as of"),
        null=True,
        blank=True,
        help_text=_("The date the figure refers to; for a figure over a period, the period's first day."),
    )
    as_of_precision = models.CharField(
        _("date known to"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    period_end = models.DateField(
        _("until"),
        null=True,
        blank=True,
        help_text=_(
            "Only for a figure over a period, such as trainings held in 2015–2019: its last day, "
            "or the 1st of its last month or year, known to the same precision as the first."
        ),
    )
    when = partial_date("as_of", "as_of_precision", end_field="period_end")
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, null=True, blank=True, related_name="results"
    )
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="results")
    # A figure goes public with its story and away with it: deleting a draft story must not
    # leave its embargoed figures behind, public.
    story = models.ForeignKey(Story, verbose_name=_("reported in"), on_delete=models.CASCADE, related_name="results")
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.SET_NULL, null=True, blank=True, related_name="results"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("report of the indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
        help_text=_(
            "When the same figure has been reported before (offices established, officers trained): its "
            "indicator, so that the reports are shown as one figure's history. Same unit or currency as the "
            "indicator's other reports."
        ),
    )
    source_note = models.TextField(_("source note"), blank=True, help_text=SOURCE_NOTE_HELP)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["-as_of", "label"]
        # The home page's key figures: the newest figures of published stories, read from this
        # index and stopping at six, not all of them sorted.
        indexes = [models.Index(fields=["-as_of", "id"], name="result_newest_first")]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="result_value_not_negative",
                violation_error_message=_("A figure cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0),
                name="result_target_not_negative",
                violation_error_message=_("A target cannot be negative."),
            ),
            precision_constraint("as_of", "as_of_precision", "result_as_of_matches_precision"),
            models.CheckConstraint(
                condition=Q(kind=FigureKind.MONEY, currency__in=sorted(CURRENCIES), unit="")
                | (Q(kind=FigureKind.QUANTITY, currency="") & ~Q(unit="")),
                name="result_money_has_currency",
                violation_error_message=_(
                    "Money needs its ISO 4217 currency (and no other unit); any other figure needs a unit "
                    "and no currency."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(as_of__isnull=False, period_end__gte=F("as_of")),
                name="result_period_in_order",
                violation_error_message=_("A period needs its first date, and cannot end before it starts."),
            ),
            precision_constraint("period_end", "as_of_precision", "result_period_end_matches_precision"),
        ]

    def __str__(self):
        return f"{self.display_value} {self.label}"

    def get_absolute_url(self):
        return self.story.get_absolute_url()

    def clean(self):
        """An indicator's reports are one figure over time: drawn on one axis, so in one unit."""
        super().clean()
        if not self.indicator_id:
            return
        others = self.indicator.results.exclude(pk=self.pk)
        other = others.exclude(**self.unit_fields).first()
        if other is not None:
            raise ValidationError(
                {
                    "indicator": _(
                        "This indicator's other reports are in %(unit)s: give this figure in the same unit, "
                        "or choose another indicator."
                    )
                    % {"unit": other.unit_shown}
                }
            )

    @property
    def progress_percent(self):
        """How far the figure has come to its target, for the progress bar: at most 100, None
        without a target (or with a target of 0, which nothing can be a share of)."""
        if not self.target:
            return None
        return min(self.value / self.target * 100, Decimal(100))

    @property
    def progress_shown(self):
        """The share in words' numbers, rounded down: 199 of 200 is 99 %, not a 100 % it is not."""
        percent = self.progress_percent
        return None if percent is None else int(percent)

    @property
    def target_reached(self):
        """Only what the source says: "13 of 13" or "more than 13 of 13" reach it; "approximately"
        or "up to 13 of 13" do not say so."""
        exact_or_more = self.value_qualifier in (AmountQualifier.EXACT, AmountQualifier.MORE_THAN)
        return bool(self.target) and exact_or_more and self.value >= self.target

    @property
    def value_signed(self):
        """The figure with its qualifier as a sign, for a chart's labels: "≈ 2,600,000"."""
        return QUALIFIER_SIGNS[self.value_qualifier] + self.number_shown

    @property
    def is_money(self):
        return self.kind == self.Kind.MONEY

    @property
    def public_event(self):
        """The event the figure belongs to, if the public may see it (read with select_related)."""
        return self.event if self.event_id and self.event.is_live else None

    @property
    def unit_fields(self):
        """What an indicator's reports share, to be drawn on one axis: kind, unit and currency."""
        return {"kind": self.kind, "unit": self.unit, "currency": self.currency}

    @property
    def unit_shown(self):
        """What follows the number: the unit, or for money its currency."""
        return self.currency if self.is_money else self.unit

    # A figure card sets the qualifier apart from the number; elsewhere they are one phrase.
    @property
    def qualifier_shown(self):
        return qualifier_words(self.value_qualifier, self.get_value_qualifier_display)

    @property
    def number_shown(self):
        return written_number(self.value, grouped=self.is_money)

    @property
    def value_shown(self):
        """The figure as reported, without its unit: "more than 150", "2,500,000" (money is
        written as amounts are everywhere)."""
        return reported_figure(
            self.value, self.value_qualifier, self.get_value_qualifier_display, grouped=self.is_money
        )

    @property
    def target_shown(self):
        return "" if self.target is None else written_number(self.target, grouped=self.is_money)

    @property
    def display_value(self):
        return f"{self.value_shown} {self.unit_shown}".strip()


# --- Publications ----------------------------------------------------------------------------


class PublicationQuerySet(PublishableQuerySet):
    def for_cards(self):
        """What a publication card shows: its date, languages and the countries it concerns."""
        return self.prefetch_related("countries")

    def concerning(self, country_ids):
        """Publications tagged with any of these countries."""
        tagged = self.model.countries.through.objects.filter(country__in=country_ids)
        return self.filter(pk__in=tagged.values("publication_id"))


@translated("title", "summary", as_a_whole=True)
class Publication(Translatable, Publishable):
    """A report or other document the office publishes: a PDF kept here, or a link to where it
    is published elsewhere (never both, never neither)."""

    card_template = "includes/_publication_card.html"  # kept across changes (unodc_portal/fragments.py)
    words_columns = classproperty(words_columns)  # unodc_portal/content_version.py, WORDS

    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences shown in lists."))
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("When the office published it: the 1st of the month or year if that is all that is known."),
    )
    date_precision = models.CharField(
        _("date known to"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    when = partial_date("date", "date_precision")
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[documents.validate_language_codes],
        help_text=_("The languages the document is available in."),
    )
    file = models.FileField(
        _("PDF file"),
        upload_to=documents.publication_upload_to,
        blank=True,
        max_length=200,
        help_text=documents.PDF_HELP,
    )
    link = models.URLField(
        _("outside link"),
        max_length=500,
        blank=True,
        help_text=_("Where the document is published, if not uploaded here: give a PDF file or a link, not both."),
    )
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("programmes"), blank=True, related_name="publications"
    )
    events = models.ManyToManyField(
        Event,
        verbose_name=_("events"),
        blank=True,
        related_name="publications",
        help_text=_("For example the event where the report was launched."),
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="publications")
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="publications")
    source_note = models.TextField(_("source note"), blank=True, help_text=SOURCE_NOTE_HELP)

    objects = NaturalKeyManager.from_queryset(PublicationQuerySet)()

    class Meta(Publishable.Meta):
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        # Undated ones last on every database; the id keeps one order across pages.
        ordering = [F("date").desc(nulls_last=True), "-id"]
        permissions = [("publish_publication", _("Can publish, schedule and unpublish publications"))]
        constraints = [
            *Publishable.Meta.constraints,
            precision_constraint("date", "date_precision", "publication_date_matches_precision"),
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="publication_file_or_link",
                violation_error_message=_("Give either a PDF file or an outside link, not both and not neither."),
            ),
        ]

    def get_absolute_url(self):
        return detail_url("milestones:publication-detail", self.slug)

    @property
    def download_url(self):
        """Where readers get the document: the download of the uploaded PDF, or the outside link."""
        if self.file:
            return detail_url("milestones:publication-download", self.slug)
        return self.link

    @property
    def file_size(self):
        """The PDF's size in bytes, or None when there is none (or it is missing from the storage:
        the page still shows, without the size)."""
        if not self.file:
            return None
        try:
            return self.file.size
        except OSError:
            return None

    @property
    def language_names(self):
        """The languages by name, in the order editors are offered them: 'English, Russian'."""
        return documents.language_names(self.languages)


class BulletinImport(models.Model):
    """An edition imported from its PDF or its extracted text (issue 18): the file it came from,
    known by the SHA-256 of its bytes (of a text file's text, line ends made alike) so that the same
    file is never imported twice, and the text
    read from each page, which the review of the draft stories shows beside them."""

    bulletin = models.OneToOneField(
        Bulletin, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="source_import"
    )
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, unique=True, editable=False)
    file_name = models.CharField(_("file name"), max_length=255, editable=False)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    pages = models.JSONField(_("text of each page"), default=list, editable=False)
    pages_numbered = models.BooleanField(
        _("page numbers known"),
        default=True,
        editable=False,
        help_text=_("A text file without page breaks does not say which page anything was printed on."),
    )

    class Meta:
        verbose_name = _("bulletin import")
        verbose_name_plural = _("bulletin imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return self.bulletin.get_absolute_url()

    @classmethod
    def import_file(cls, data, *, file_name, title="", issue_date=None, user=None):
        """Make a draft edition with one draft story per article of the file (the bytes `data`,
        named `file_name`), or raise ImportRefused with a message for the editor; nothing is
        written then. `issue_date` is a PartialDate from the editor; without one the edition's
        date is 'not stated'. Nothing an import makes is published."""
        digest = content_hash(data, file_name)
        cls.refuse_if_imported(digest)
        pages, numbered = read_source(data, file_name)
        articles = read_articles(pages, numbered=numbered)
        if not articles:
            raise ImportRefused(gettext("No articles were found in this file."))
        try:
            with transaction.atomic():
                bulletin = Bulletin.objects.create(
                    title=(title or PurePath(file_name).stem)[:300],
                    slug=unique_slug(Bulletin, title or PurePath(file_name).stem),
                    status=Status.DRAFT,
                    issue_date=issue_date.date if issue_date else None,
                    issue_date_precision=issue_date.precision if issue_date else DatePrecision.NOT_STATED,
                    source_note=f"Imported from {file_name}."
                    + ("" if issue_date else " No date of issue was given on import."),
                    created_by=user,
                    updated_by=user,
                )
                record = cls.objects.create(
                    bulletin=bulletin,
                    content_hash=digest,
                    file_name=file_name[:255],
                    imported_by=user,
                    pages=pages,
                    pages_numbered=numbered,
                )
                taken, made = set(), []
                for position, article in enumerate(articles, start=1):
                    story = Story.objects.create(
                        title=article.headline[:300],
                        slug=unique_slug(Story, article.headline, taken),
                        status=Status.DRAFT,
                        standfirst=article.standfirst,
                        body="\n\n".join(markdown_paragraph(paragraph) for paragraph in article.paragraphs),
                        bulletin=bulletin,
                        position=position,
                        image_caption=article.captions[0][:300] if article.captions else "",
                        source_note=imported_story_note(file_name, article.pages, bool(article.captions)),
                        created_by=user,
                        updated_by=user,
                    )
                    taken.add(story.slug)
                    made.append(story)
                    ImportedStory.objects.create(
                        bulletin_import=record,
                        story=story,
                        pages=article.pages,
                        source=[block.as_dict() for block in article.blocks],
                        unsure=[mark.as_dict() for mark in article.unsure],
                    )
                LinkSuggestion.suggest_for(made)
        except IntegrityError:
            cls.refuse_if_imported(digest)  # imported at the same moment by someone else
            raise
        return record

    @classmethod
    def refuse_if_imported(cls, digest):
        earlier = cls.objects.filter(content_hash=digest).select_related("bulletin").first()
        if earlier is not None:
            raise ImportRefused(
                gettext(
                    "This file was imported before, on %(date)s, as the edition “%(edition)s” (%(slug)s); "
                    "it was not imported again."
                )
                % {
                    "date": timezone.localdate(earlier.imported_at).isoformat(),
                    "edition": earlier.bulletin.title,
                    "slug": earlier.bulletin.slug,
                }
            )


# A story's links to other rows (what a merge would lose with the story it deletes).
STORY_LINKS = (
    "countries",
    "programmes",
    "events",
    "facilities",
    "organisations",
    "contributions",
    "facility_fundings",
    "themes",
)


class ImportedStory(models.Model):
    """A draft story as the importer made it: the printed blocks it was read from (with their
    pages and the role each was given) and the places the importer was unsure of, for the
    review screen to show beside the story."""

    bulletin_import = models.ForeignKey(
        BulletinImport, verbose_name=_("bulletin import"), on_delete=models.CASCADE, related_name="stories"
    )
    story = models.OneToOneField(Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="imported_from")
    pages = models.JSONField(_("pages"), default=list, editable=False)
    source = models.JSONField(_("source text"), default=list, editable=False)
    unsure = models.JSONField(_("unsure places"), default=list, editable=False)

    class Meta:
        verbose_name = _("imported story")
        verbose_name_plural = _("imported stories")
        ordering = ["bulletin_import", "story__position", "id"]

    def __str__(self):
        return str(self.story)

    def get_absolute_url(self):
        return self.story.get_absolute_url()

    # --- The review screen (issue 18, item 3) -----------------------------------------------
    # Each change below writes the stories and their source; the admin's review view runs it in
    # one transaction and one revision, and refuses it unless every story concerned is a draft.

    def marks_in(self, text):
        """The unsure marks whose words are in `text`."""
        return [mark for mark in self.unsure if mark_words(mark) and mark_words(mark) in unescaped(text)]

    def review_paragraphs(self):
        """The story's paragraphs as the review screen lists them: (number, text, unsure marks)."""
        return [(number, text, self.marks_in(text)) for number, text in enumerate(self.story.paragraphs, 1)]

    def take_source(self, blocks, marks):
        self.source = [*self.source, *(block for block in blocks if block not in self.source)]
        self.unsure = [*self.unsure, *(mark for mark in marks if mark not in self.unsure)]
        self.source_changed()

    def give_source(self, blocks, marks):
        self.source = [block for block in self.source if block not in blocks]
        self.unsure = [mark for mark in self.unsure if mark not in marks]
        self.source_changed()

    def has_caption(self):
        return any(block["role"] == CAPTION for block in self.source)

    def source_changed(self):
        """Its pages, and the story's public source note (which gives them), from its source."""
        self.pages = sorted({block["page"] for block in self.source if block["page"] is not None})
        self.story.source_note = imported_story_note(self.bulletin_import.file_name, self.pages, self.has_caption())

    def save_story(self, user):
        self.story.updated_by = user
        self.story.version += 1
        self.story.save()
        self.save()

    def added_since_import(self):
        """What an editor gave the story beyond its imported text, in words: a merge would delete
        it with the story, so it is refused while there is any (empty list: nothing)."""
        story = self.story
        found = [
            (story.quotes.exists(), _("quotes")),
            (story.results.exists(), _("figures")),
            (bool(story.image or story.image_credit), _("an image")),
            (story.first_published is not None, _("a date of first publication")),
            (bool(story.byline or story.signed_by_id or story.signed_by_position), _("a byline or signature")),
            (
                any(
                    getattr(story, column(name, code)) for name in story.translated_texts for code in CONTENT_LANGUAGES
                ),
                _("a translation"),
            ),
        ]
        found += [(getattr(story, field).exists(), _("links")) for field in STORY_LINKS]
        return list(dict.fromkeys(str(words) for present, words in found if present))

    def merge(self, other, *, user):
        """Append the other story's headline and standfirst (as paragraphs: the printed words are
        kept) and paragraphs to this one's; its source blocks and unsure marks come along. The
        caller deletes the other story, after checking added_since_import()."""
        printed = [other.story.title, other.story.standfirst]
        added = [markdown_paragraph(text) for text in printed if text] + other.story.paragraphs
        self.story.body = "\n\n".join([*self.story.paragraphs, *added])
        self.story.image_caption = self.story.image_caption or other.story.image_caption
        self.take_source(other.source, other.unsure)
        self.save_story(user)

    def split(self, number, headline, *, user):
        """A new draft story of this edition, right after this one, from paragraph `number` (2 or
        more) on, with the given headline. It takes the source blocks from the one its first
        paragraph was printed in (that one is kept by both when this story's text goes on in it)."""
        paragraphs = self.story.paragraphs
        kept, moved = paragraphs[: number - 1], paragraphs[number - 1 :]
        start = block_holding(moved[0], self.source)
        blocks = self.source[start:] if start is not None else []
        shared = start is not None and block_holding(kept[-1], self.source) == start
        marks = self.marks_in("\n\n".join(moved))
        self.story.bulletin.shift_stories_after(self.story.position, 1)
        new = Story(
            title=headline[:300],
            slug=unique_slug(Story, headline),
            status=Status.DRAFT,
            body="\n\n".join(moved),
            bulletin=self.story.bulletin,
            position=self.story.position + 1,
            created_by=user,
            updated_by=user,
        )
        imported = ImportedStory(bulletin_import=self.bulletin_import, story=new)
        imported.take_source(blocks, marks)
        self.story.body = "\n\n".join(kept)
        self.give_source(blocks[1:] if shared else blocks, marks)
        if imported.has_caption() and not self.has_caption():
            # The caption's block went to the new story: so does the caption.
            new.image_caption, self.story.image_caption = self.story.image_caption, ""
        new.save()
        imported.save()
        self.save_story(user)
        return imported

    def move_paragraph(self, number, other, *, user):
        """Move paragraph `number` to the end of the other story, with its unsure marks; the other
        story also gets the source block it was printed in (this one keeps it while another of its
        paragraphs was printed there)."""
        paragraphs = self.story.paragraphs
        paragraph = paragraphs.pop(number - 1)
        start = block_holding(paragraph, self.source)
        blocks = [self.source[start]] if start is not None else []
        marks = self.marks_in(paragraph)
        other.story.body = "\n\n".join([*other.story.paragraphs, paragraph])
        other.take_source(blocks, marks)
        other.save_story(user)
        self.story.body = "\n\n".join(paragraphs)
        still_here = any(block_holding(text, self.source) == start for text in paragraphs)
        self.give_source([] if still_here else blocks, marks)
        self.save_story(user)


PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t]*\r?\n")


def split_paragraphs(body):
    """A Markdown body's paragraphs; a blank line parts them, whatever the line ends."""
    return [paragraph.strip() for paragraph in PARAGRAPH_BREAK.split(body) if paragraph.strip()]


# --- Link suggestions (issue 18, item 6) -----------------------------------------------------


class LinkKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    ORGANISATION = "organisation", _("Organisation")
    PROGRAMME = "programme", _("Programme")
    FACILITY = "facility", _("Facility")


# Each kind of suggestion, the story's link it makes and the model linked.
LINKED_AS = {
    LinkKind.COUNTRY: ("countries", Country),
    LinkKind.ORGANISATION: ("organisations", Organisation),
    LinkKind.PROGRAMME: ("programmes", Programme),
    LinkKind.FACILITY: ("facilities", Facility),
}


class Decision(models.TextChoices):
    PENDING = "", _("Not decided")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


@dataclass(frozen=True)
class KnownName:
    """A name the portal knows a row by, and how to find it in a text: whole words, an acronym
    with its capitals as written, any other name in any case."""

    kind: str
    pk: int
    shown: str
    name: str
    acronym: bool = False

    @cached_property
    def pattern(self):
        flags = 0 if self.acronym else re.IGNORECASE
        return re.compile(rf"(?<!\w){re.escape(self.name)}(?!\w)", flags)


def known_names():
    """Every name of the countries, organisations, programmes and facilities (in English and
    Russian, acronyms and other spellings), longest first."""
    russian = {field: column(field, "ru") for field in ("name", "title", "acronym", "short_title")}
    names = []

    def add(kind, pk, shown, *texts, acronyms=()):
        names.extend(KnownName(kind, pk, shown, text) for text in texts if text and len(text) > 2)
        names.extend(KnownName(kind, pk, shown, text, acronym=True) for text in acronyms if text and len(text) > 1)

    for pk, name, name_ru in Country.objects.values_list("pk", "name", russian["name"]):
        add(LinkKind.COUNTRY, pk, name, name, name_ru)
    for row in Organisation.objects.values("pk", "name", russian["name"], "acronym", russian["acronym"], "other_names"):
        other = [name.name for name in parse_other_names(row["other_names"])]
        add(
            LinkKind.ORGANISATION,
            row["pk"],
            row["name"],
            row["name"],
            row[russian["name"]],
            *other,
            acronyms=(row["acronym"], row[russian["acronym"]]),
        )
    for row in Programme.objects.values(
        "pk", "title", russian["title"], "short_title", russian["short_title"], "acronym", "other_names"
    ):
        other = [name.name for name in parse_other_names(row["other_names"])]
        add(
            LinkKind.PROGRAMME,
            row["pk"],
            row["title"],
            row["title"],
            row[russian["title"]],
            row["short_title"],
            row[russian["short_title"]],
            *other,
            acronyms=(row["acronym"],),
        )
    for pk, name, name_ru, other_names in Facility.objects.values_list("pk", "name", russian["name"], "other_names"):
        add(LinkKind.FACILITY, pk, name, name, name_ru, *(name.name for name in parse_other_names(other_names)))
    return sorted(names, key=lambda known: -len(known.name))


class LinkSuggestion(models.Model):
    """A country, organisation, programme or facility whose name was found in an imported story:
    the review screen offers the link until the editor accepts it (the link is made) or rejects
    it (it is not offered again). Nothing is linked without the editor's click."""

    story = models.ForeignKey(Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="link_suggestions")
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices)
    object_id = models.PositiveBigIntegerField(_("id of the row suggested"))
    name = models.CharField(_("name"), max_length=300)
    found = models.CharField(_("as written in the story"), max_length=300)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("link suggestion")
        verbose_name_plural = _("link suggestions")
        ordering = ["story", "kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["story", "kind", "object_id"], name="link_suggestion_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"

    def get_absolute_url(self):
        return self.story.get_absolute_url()

    @classmethod
    def suggest_for(cls, stories):
        """Find the known names in each story's texts and offer the links it does not have yet;
        a suggestion already decided is kept as it is, one no longer found is withdrawn. Run on
        import and after each change of the review screen (recomputable at any time)."""
        names = known_names()
        for story in stories:
            text = cls.searched_text(story)
            linked = {
                (kind, pk)
                for kind, (field, _model) in LINKED_AS.items()
                for pk in getattr(story, field).values_list("pk", flat=True)
            }
            decided = set(story.link_suggestions.exclude(decision=Decision.PENDING).values_list("kind", "object_id"))
            found = {}
            for known in names:
                key = (known.kind, known.pk)
                if key in linked or key in decided or key in found:
                    continue
                match = known.pattern.search(text)
                if match:
                    found[key] = cls(
                        story=story,
                        kind=known.kind,
                        object_id=known.pk,
                        name=known.shown[:300],
                        found=match.group()[:300],
                    )
            pending = story.link_suggestions.filter(decision=Decision.PENDING)
            pending.exclude(pk__in=[s.pk for s in pending if (s.kind, s.object_id) in found]).delete()
            offered = set(pending.values_list("kind", "object_id"))
            cls.objects.bulk_create([s for key, s in found.items() if key not in offered])

    @staticmethod
    def searched_text(story):
        return "\n".join([story.title, story.standfirst, unescaped(story.body), story.image_caption])

    def still_mentioned(self):
        """Whether the story's text still names the row: it may have been corrected on the story's
        own page since the suggestion was made (that page does not redo the suggestions)."""
        text = self.searched_text(self.story)
        return any(
            known.pattern.search(text)
            for known in known_names()
            if (known.kind, known.pk) == (self.kind, self.object_id)
        )

    def row_exists(self):
        _field, model = LINKED_AS[self.kind]
        return model.objects.filter(pk=self.object_id).exists()

    def accept(self, *, user):
        """Make the link (the story is saved by the caller, after checking row_exists() and
        still_mentioned())."""
        field, _model = LINKED_AS[self.kind]
        getattr(self.story, field).add(self.object_id)
        self.decide(Decision.ACCEPTED, user)

    def reject(self, *, user):
        self.decide(Decision.REJECTED, user)

    def decide(self, decision, user):
        self.decision, self.decided_by, self.decided_at = decision, user, timezone.now()
        self.save(update_fields=["decision", "decided_by", "decided_at"])


# Russian letters in Latin, as the admin writes a slug from a title (Django's URLify): slugs
# are ASCII, and slugify() alone would drop every Cyrillic letter.
CYRILLIC_TO_LATIN = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфхыэ", "abvgdezijklmnoprstufhye", strict=True)),
        **{"ё": "yo", "ж": "zh", "ц": "c", "ч": "ch", "ш": "sh", "щ": "sh", "ю": "yu", "я": "ya"},
        **{"ъ": "", "ь": ""},
    }
)


def unique_slug(model, text, taken=()):
    """A slug from `text` that no row of `model` (nor any of `taken`) has: `-2`, `-3` added.
    Russian is written in Latin letters ("Новые подразделения": "novye-podrazdeleniya")."""
    base = slugify(text.lower().translate(CYRILLIC_TO_LATIN))[:100].strip("-") or model._meta.model_name
    slug, number = base, 1
    while slug in taken or model._base_manager.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


# A paragraph that starts like a Markdown heading, quote or list is meant as text.
MARKDOWN_BLOCK_START = re.compile(r"^(#|>|[-*+]\s)")
# A numbered list's start ("1. ", "2) "): the punctuation is escaped, not the number (a backslash
# before a digit is no escape in Markdown, and would be shown).
MARKDOWN_NUMBERED_START = re.compile(r"^(\d+)([.)])(\s)")


def markdown_paragraph(text):
    """Printed text as a Markdown paragraph: characters Markdown would read as formatting escaped."""
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
    text = MARKDOWN_NUMBERED_START.sub(r"\1\\\2\3", text)
    return MARKDOWN_BLOCK_START.sub(r"\\\1", text)


def imported_story_note(file_name, pages, captioned):
    """Where an imported story was printed, and what the importer inferred."""
    if not pages:
        where = f"Imported from {file_name} (the text marks no pages)."
    elif len(pages) == 1:
        where = f"Imported from {file_name}, page {pages[0]}."
    else:
        where = f"Imported from {file_name}, pages {pages[0]}–{pages[-1]}."
    if captioned:
        where += " The photo caption was printed with the story; the photo itself was not imported."
    return where
