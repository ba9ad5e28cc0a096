"""Reference data that the published items point at: countries, organisations, programmes,
the money that funds them, and the facilities they build."""

import functools
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.template.defaultfilters import floatformat
from django.utils.choices import BaseChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from unodc_portal.addresses import detail_url
from unodc_portal.other_names import KnownByOtherNames, other_names_field
from unodc_portal.partial_dates import DatePrecision, partial_date, precision_constraint
from unodc_portal.translations import Translatable, in_reading_language, translated

from .iso_codes import COUNTRIES, CURRENCIES


class LabelledChoicesModel(models.Model):
    """Base of the models with fields that have choices: get_<field>_display() without Django's
    cost per call. Django builds a dictionary of all the field's options on every call,
    translating each label to hash it, and a list page asks 20 to 40 times (docs/performance.md);
    here the dictionary is built once per field and only the label shown is translated, in the
    language of the moment."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        if isinstance(field.choices, BaseChoiceIterator):
            # Options from a callable may change: Django's own way reads them each time.
            return super()._get_FIELD_display(field)
        value = getattr(self, field.attname)
        return force_str(labels_of_choices(field).get(make_hashable(value), value), strings_only=True)


@functools.cache
def labels_of_choices(field):
    """{value: label} for a field's options; the labels stay lazy (translated when shown)."""
    return {make_hashable(value): label for value, label in field.flatchoices}


class AuditedModel(LabelledChoicesModel):
    """Who created and last changed a row, and when. The admin fills the user fields."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True


SOURCE_NOTE_HELP = _(
    "Where the source leaves something implied (a year, a day, a spelling), say here what was "
    "inferred and from what. Shown to readers as a footnote."
)


class NaturalKeyManager(models.Manager):
    """Lets fixtures refer to rows by slug (or code) instead of by database id."""

    natural_key_field = "slug"

    def get_by_natural_key(self, key):
        return self.get(**{self.natural_key_field: key})


class OrganisationQuerySet(models.QuerySet):
    def grouped_by_kind(self):
        """In the order the kinds are offered to editors (governments first), then by the name
        the reader gets: what the organisations list groups under one heading per kind."""
        kind_order = models.Case(
            *(models.When(kind=kind, then=models.Value(index)) for index, kind in enumerate(Organisation.Kind.values)),
            default=models.Value(len(Organisation.Kind.values)),
        )
        return self.order_by(kind_order, in_reading_language("name"))


# --- Countries -----------------------------------------------------------------------------


class CountryManager(NaturalKeyManager):
    natural_key_field = "iso2"

    def ids_of(self, codes):
        """The ids of the countries with these ISO codes, read now: queries given ids as values
        are planned for those countries (a busy one and a rare one want different plans)."""
        return list(self.filter(iso2__in=codes).values_list("pk", flat=True))

    def for_address(self, code):
        """The country an address names (/countries/uz/); DoesNotExist for a code that is not an
        ISO code, which is never looked up: PostgreSQL refuses some of them (uz%00) outright."""
        if code not in COUNTRIES:
            raise self.model.DoesNotExist(f"{code!r} is not an ISO 3166-1 code.")
        return self.get(iso2=code)


@translated("name")
class Country(Translatable, LabelledChoicesModel):
    class RegionRole(models.TextChoices):
        COVERED = "covered", _("Covered by the Regional Office")
        NEIGHBOUR = "neighbour", _("Neighbour the programmes involve")
        OTHER = "other", _("Outside the region")

    # The choices name one country's role; a list of countries is headed in the plural.
    REGION_HEADINGS = {
        RegionRole.COVERED: _("Covered by the Regional Office"),
        RegionRole.NEIGHBOUR: _("Neighbours the programmes involve"),
        RegionRole.OTHER: _("Outside the region"),
    }

    iso2 = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        help_text=_("Two-letter ISO 3166-1 code in lower case, for example 'uz'. Used in addresses: /countries/uz/."),
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region_role = models.CharField(
        _("place in the region"),
        max_length=20,
        choices=RegionRole.choices,
        default=RegionRole.OTHER,
        help_text=_("Countries covered by the office are listed first on the public site."),
    )

    objects = CountryManager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(iso2__in=sorted(COUNTRIES)),
                name="country_iso2_is_iso_3166",
                violation_error_message=_("Use an ISO 3166-1 alpha-2 code in lower case, for example 'uz'."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("programmes:country-detail", self.iso2)

    def natural_key(self):
        return (self.iso2,)


# --- Organisations -------------------------------------------------------------------------


@translated("name", "acronym", "description")
class Organisation(Translatable, KnownByOtherNames, AuditedModel):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        NATIONAL_AGENCY = "national-agency", _("Ministry, agency or court")
        LOCAL_GOVERNMENT = "local-government", _("Regional or local government")
        DIPLOMATIC_MISSION = "diplomatic-mission", _("Embassy or diplomatic mission")
        UNITED_NATIONS = "un", _("United Nations")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organisation")
        NGO = "ngo", _("Non-governmental organisation")
        ACADEMIC = "academic", _("Academic or training institution")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255, unique=True)
    other_names = other_names_field()
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True, help_text=_("For example INL, WCO, CARICC."))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("The country the organisation belongs to. Leave empty for international bodies."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        help_text=_("The larger body this one belongs to, for example INL is part of the U.S. Department of State."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = NaturalKeyManager.from_queryset(OrganisationQuerySet)()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="organisation_not_its_own_parent"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return detail_url("programmes:organisation-detail", self.slug)

    def get_donor_url(self):
        """The page of what the organisation funds (/donors/<slug>/)."""
        return detail_url("programmes:donor-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def short_name(self):
        return self.acronym or self.name


# --- Programmes ----------------------------------------------------------------------------


# The years the portal's dates and programmes may fall in: a year outside them is a typing mistake.
# Programme years, the lists' year filter and the donor report's years read these.
FIRST_YEAR, LAST_YEAR = 1990, 2100


@translated("title", "short_title", "summary", "description")
class Programme(Translatable, KnownByOtherNames, AuditedModel):
    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programme")
        SUB_PROGRAMME = "sub-programme", _("Sub-programme")
        PROJECT = "project", _("Project")
        SEGMENT = "segment", _("Regional segment")

    title = models.CharField(_("title"), max_length=300, unique=True)
    other_names = other_names_field()
    short_title = models.CharField(
        _("short title"),
        max_length=120,
        blank=True,
        help_text=_("Used in lists and tags where the full title is too long."),
    )
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROGRAMME)
    code = models.CharField(
        _("number"),
        max_length=30,
        blank=True,
        help_text=_("As the programme numbers it, for example 'Sub-programme 1'."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The programme this sub-programme, project or segment belongs to."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("first year"), null=True, blank=True, validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences shown in lists."))
    description = models.TextField(_("description"), blank=True)
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="programmes")
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="partner_programmes",
        help_text=_("National counterparts and partner agencies named as working with the programme."),
    )
    source_note = models.TextField(_("source note"), blank=True, help_text=SOURCE_NOTE_HELP)
    themes = models.ManyToManyField(
        "Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="programmes",
        help_text=_("The office's thematic areas this programme works in."),
    )

    objects = NaturalKeyManager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="programme_ends_after_it_starts",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
            models.CheckConstraint(
                condition=(Q(start_year__isnull=True) | Q(start_year__range=(FIRST_YEAR, LAST_YEAR)))
                & (Q(end_year__isnull=True) | Q(end_year__range=(FIRST_YEAR, LAST_YEAR))),
                name="programme_years_plausible",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="programme_not_its_own_parent"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_url("programmes:programme-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def display_name(self):
        return self.short_title or self.title

    @property
    def period(self):
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        if self.start_year:
            return _("from %(year)s") % {"year": self.start_year}
        return ""


# --- Money ---------------------------------------------------------------------------------


class AmountQualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    APPROXIMATELY = "approximately", _("approximately")
    MORE_THAN = "more-than", _("more than")
    LESS_THAN = "less-than", _("less than")
    # "Up to 30 participants", "up to 1 million USD": a ceiling the source gives, not an estimate.
    UP_TO = "up-to", _("up to")


# The qualifiers as signs, where a chart has room for a number only: "≈ 2,600,000", "> 150".
QUALIFIER_SIGNS = {
    AmountQualifier.EXACT: "",
    AmountQualifier.APPROXIMATELY: "≈\u202f",
    AmountQualifier.MORE_THAN: ">\u202f",
    AmountQualifier.LESS_THAN: "<\u202f",
    AmountQualifier.UP_TO: "≤\u202f",
}


def written_number(value, *, grouped=True):
    """A number as the site writes it: amounts grouped, with decimals only when there are some
    ("2,500,000", "0.50"); measures and counts as reported (grouped=False: "1.5", "150")."""
    return floatformat(value, "-2g") if grouped else f"{value.normalize():f}"


def qualifier_words(qualifier, qualifier_display):
    """The words a source puts before a number ("approximately", "more than"); none when exact."""
    return "" if qualifier == AmountQualifier.EXACT else qualifier_display()


def reported_figure(value, qualifier, qualifier_display, *, grouped=True):
    """'approximately 2,500,000': the number as the site writes it, after the source's qualifier;
    nothing when the source gives no number. Amounts, counts of people and results all use it."""
    if value is None:
        return ""
    words = qualifier_words(qualifier, qualifier_display)
    number = written_number(value, grouped=grouped)
    return f"{words} {number}" if words else number


class ReportedAmount(models.Model):
    """An amount as the source reports it: in its own currency, with the USD equivalent the
    source gives (never converted by us), and words such as "approximately" kept."""

    amount = models.DecimalField(
        _("amount"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("In the original currency. Leave empty when the source names the funding but no amount."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        choices=sorted(CURRENCIES.items()),
        help_text=_("ISO 4217 code of the original amount, for example JPY, KGS, USD."),
    )
    amount_qualifier = models.CharField(
        _("amount is"), max_length=20, choices=AmountQualifier.choices, default=AmountQualifier.EXACT
    )
    amount_usd = models.DecimalField(
        _("USD equivalent"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("As the source reports it. Leave empty rather than converting it yourself."),
    )
    amount_usd_qualifier = models.CharField(
        _("USD equivalent is"), max_length=20, choices=AmountQualifier.choices, default=AmountQualifier.EXACT
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(amount_usd__isnull=True) | Q(amount_usd__gte=0),
                name="%(app_label)s_%(class)s_amount_usd_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True, currency="")
                | Q(amount__isnull=False, currency__in=sorted(CURRENCIES)),
                name="%(app_label)s_%(class)s_currency_is_iso_4217",
                violation_error_message=_(
                    "An amount needs its ISO 4217 currency code, and a currency needs an amount."
                ),
            ),
            # "About", "more than", "up to": words about a number, never without one.
            models.CheckConstraint(
                condition=Q(amount__isnull=False) | Q(amount_qualifier=AmountQualifier.EXACT),
                name="%(app_label)s_%(class)s_qualifier_needs_amount",
                violation_error_message=_("A qualifier such as 'about' or 'up to' needs an amount."),
            ),
            models.CheckConstraint(
                condition=Q(amount_usd__isnull=False) | Q(amount_usd_qualifier=AmountQualifier.EXACT),
                name="%(app_label)s_%(class)s_usd_qualifier_needs_amount",
                violation_error_message=_("A qualifier such as 'about' or 'up to' needs a USD amount."),
            ),
        ]


@translated("description")
class Contribution(Translatable, AuditedModel, ReportedAmount):
    """A donor's funding of a programme."""

    donor = models.ForeignKey(
        Organisation, verbose_name=_("donor"), on_delete=models.PROTECT, related_name="contributions"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="contributions"
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date known to"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    when = partial_date("date", "date_precision")
    description = models.CharField(
        _("description"), max_length=300, blank=True, help_text=_("For example 'Exchange of Notes signed in Tashkent'.")
    )
    source_note = models.TextField(_("source note"), blank=True, help_text=SOURCE_NOTE_HELP)

    class Meta(ReportedAmount.Meta):
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-date", "donor__name"]
        constraints = [
            *ReportedAmount.Meta.constraints,
            precision_constraint("date", "date_precision", "contribution_date_matches_precision"),
        ]

    def __str__(self):
        # Two grants of one donor to one programme must be told apart where editors pick one.
        label = f"{self.donor.short_name} → {self.programme.display_name}"
        detail = self.when.display or Truncator(self.description).chars(60)
        return f"{label} ({detail})" if detail else label

    def get_absolute_url(self):
        return self.programme.get_absolute_url()


class ExchangeRate(AuditedModel):
    """What one unit of a currency was worth in US dollars on a day (or over a month or a year), as
    a named source publishes it: the reference data the funding ledger converts amounts with when
    the source of a contribution gives no USD equivalent (programmes/ledger.py). Entered by hand,
    never fetched: a rate on the page must be one a person can look up."""

    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=sorted((code, name) for code, name in CURRENCIES.items() if code != "USD"),
        help_text=_("ISO 4217 code of the currency converted, for example JPY."),
    )
    usd_per_unit = models.DecimalField(
        _("USD per unit"),
        max_digits=20,
        decimal_places=10,
        validators=[MinValueValidator(Decimal("0.0000000001"))],
        help_text=_("What one unit of the currency is worth in US dollars, for example 0.0083 for one yen."),
    )
    date = models.DateField(
        _("applies from"),
        help_text=_(
            "The day of the rate; for a monthly or yearly average, the 1st of the month or 1 January. "
            "A contribution is converted at the latest rate on or before its date."
        ),
    )
    date_precision = models.CharField(
        _("rate is for"),
        max_length=10,
        choices=[(choice, label) for choice, label in DatePrecision.choices if choice != DatePrecision.NOT_STATED],
        default=DatePrecision.DAY,
        help_text=_("A day's rate, or an average over the month or the year."),
    )
    when = partial_date("date", "date_precision")
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_(
            "Who publishes the rate, for example 'UN Operational Rates of Exchange'. Shown beside every conversion."
        ),
    )
    source_url = models.URLField(_("source address"), blank=True, help_text=_("Where the rate can be checked."))
    note = models.TextField(_("note"), blank=True, help_text=_("Anything a reader should know about the rate."))

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "date"],
                name="exchange_rate_one_per_currency_and_date",
                violation_error_message=_("This currency already has a rate for this date."),
            ),
            models.CheckConstraint(
                condition=Q(currency__in=sorted(code for code in CURRENCIES if code != "USD")),
                name="exchange_rate_currency_is_iso_4217_not_usd",
                violation_error_message=_("Use the ISO 4217 code of a currency other than the US dollar."),
            ),
            models.CheckConstraint(
                condition=Q(usd_per_unit__gt=0),
                name="exchange_rate_positive",
                violation_error_message=_("A rate must be more than 0."),
            ),
            models.CheckConstraint(
                condition=~Q(date_precision=DatePrecision.NOT_STATED),
                name="exchange_rate_date_stated",
                violation_error_message=_("A rate applies from a known day, month or year."),
            ),
            precision_constraint("date", "date_precision", "exchange_rate_date_matches_precision"),
        ]

    def __str__(self):
        return f"1 {self.currency} = {self.usd_per_unit.normalize():f} USD ({self.when.display}, {self.source})"

    def in_usd(self, amount):
        """The amount in whole US dollars: a conversion is never more precise than a dollar."""
        return (amount * self.usd_per_unit).quantize(Decimal(1))


@translated("name", "place", "equipment", "description")
class Facility(Translatable, KnownByOtherNames, AuditedModel):
    card_template = "includes/_facility_card.html"  # kept across changes (unodc_portal/fragments.py)

    class Kind(models.TextChoices):
        PORT_CONTROL_UNIT = "pcu", _("Port Control Unit")
        BORDER_LIAISON_OFFICE = "blo", _("Border Liaison Office")
        BORDER_CROSSING_POINT = "bcp", _("Border crossing point")
        BUILDING = "building", _("Administrative building")
        TRAINING_CENTRE = "training-centre", _("Training centre")
        LABORATORY = "laboratory", _("Laboratory")
        OTHER = "other", _("Other")

    class PlaceKind(models.TextChoices):
        CITY = "city", _("City")
        DRY_PORT = "dry-port", _("Dry port")
        SEAPORT = "seaport", _("Seaport")
        AIRPORT = "airport", _("Airport")
        BORDER_CROSSING = "border-crossing", _("Border crossing point")
        RAILWAY_STATION = "railway-station", _("Railway station")
        OTHER = "other", _("Other")

    class CoordinatesPrecision(models.TextChoices):
        NOT_STATED = "not-stated", _("not stated")
        EXACT = "exact", _("the facility's own position")
        TOWN = "town", _("the town or city: approximate")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_CONSTRUCTION = "under-construction", _("Under construction")
        OPERATIONAL = "operational", _("Operational")
        CLOSED = "closed", _("Closed")
        NOT_REPORTED = "not-reported", _("Status not reported")

    name = models.CharField(_("name"), max_length=255)
    other_names = other_names_field()
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="facilities")
    place = models.CharField(
        _("place"), max_length=200, help_text=_("Town, port or crossing point, for example 'Nizhniy Pyanj'.")
    )
    place_kind = models.CharField(_("kind of place"), max_length=20, choices=PlaceKind.choices)
    border_country = models.ForeignKey(
        Country,
        verbose_name=_("on the border with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="border_facilities",
        help_text=_("For a crossing point or a border office: the country on the other side."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    coordinates_precision = models.CharField(
        _("coordinates give"),
        max_length=10,
        choices=CoordinatesPrecision.choices,
        default=CoordinatesPrecision.NOT_STATED,
        help_text=_(
            "Where only the town or city is known, give its coordinates and choose 'the town': the map "
            "says the position is approximate. Name the source of the coordinates in the source note."
        ),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_REPORTED)
    opened_on = models.DateField(_("opened"), null=True, blank=True)
    opened_on_precision = models.CharField(
        _("opening date known to"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    opened = partial_date("opened_on", "opened_on_precision")
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilities",
        help_text=_("The programme that set up or supports the facility."),
    )
    operator = models.ForeignKey(
        Organisation,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilities",
    )
    equipment = models.TextField(_("equipment"), blank=True, help_text=_("One item per line."))
    description = models.TextField(_("description"), blank=True)
    source_note = models.TextField(_("source note"), blank=True, help_text=SOURCE_NOTE_HELP)

    objects = NaturalKeyManager()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        # The id last: facilities of the same name keep one order across pages.
        ordering = ["country__name", "name", "id"]
        indexes = [
            models.Index(fields=["kind", "status"], name="facility_kind_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__range=(-90, 90)),
                name="facility_latitude_in_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__range=(-180, 180)),
                name="facility_longitude_in_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="facility_coordinates_complete",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(border_country__isnull=True) | ~Q(border_country=F("country")),
                name="facility_border_with_another_country",
                violation_error_message=_("A border runs between two different countries."),
            ),
            precision_constraint("opened_on", "opened_on_precision", "facility_opened_on_matches_precision"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("programmes:facility-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def approximately_placed(self):
        return self.latitude is not None and self.coordinates_precision == self.CoordinatesPrecision.TOWN

    @property
    def equipment_list(self):
        return [line.strip() for line in self.equipment.splitlines() if line.strip()]


@translated("description")
class FacilityFunding(Translatable, AuditedModel, ReportedAmount):
    """Money a programme put into a facility. This is spending, not a donor's grant: the donors
    behind that part of the programme are named separately, without amounts, as sources do."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="facility_fundings"
    )
    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="fundings"
    )
    description = models.CharField(_("what it paid for"), max_length=300, blank=True)
    component_donors = models.ManyToManyField(
        Organisation,
        verbose_name=_("main donors of this component"),
        blank=True,
        related_name="funded_components",
        help_text=_("Donors the source names as funding this part of the programme."),
    )
    source_note = models.TextField(_("source note"), blank=True, help_text=SOURCE_NOTE_HELP)

    class Meta(ReportedAmount.Meta):
        verbose_name = _("programme funding for a facility")
        verbose_name_plural = _("programme funding for facilities")
        ordering = ["facility__name"]

    def __str__(self):
        label = f"{self.programme.display_name} → {self.facility}"
        return f"{label} ({Truncator(self.description).chars(60)})" if self.description else label

    def get_absolute_url(self):
        return self.facility.get_absolute_url()


# --- Themes --------------------------------------------------------------------------------


@translated("name", "description")
class Theme(Translatable, AuditedModel):
    """One of the office's thematic areas (border management, criminal justice...): reference
    data that programmes, stories, events and publications are tagged with."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Used in addresses and filters: /themes/criminal-justice/, /events/?theme=criminal-justice."),
    )
    description = models.TextField(
        _("short description"), blank=True, help_text=_("One or two sentences saying what the theme covers.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Themes are listed by this number, then by name.")
    )

    objects = NaturalKeyManager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("programmes:theme-detail", self.slug)

    def natural_key(self):
        return (self.slug,)


class GlossaryTerm(AuditedModel):
    """A term of the programmes' work and the way it is written in Russian (Border Liaison Office:
    Офис пограничного взаимодействия), shown to editors beside every translation field so that the
    same term is translated the same way everywhere."""

    english = models.CharField(_("English"), max_length=200, unique=True)
    russian = models.CharField(_("Russian"), max_length=200)
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("Where it applies, an abbreviation, a source.")
    )

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["english"]

    def __str__(self):
        return f"{self.english}: {self.russian}"
