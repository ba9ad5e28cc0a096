"""Realistic synthetic content at scale, for measuring the portal as it will be after years of use.

Every row it creates has a slug starting with "demo-" (or belongs to one that has), so it never
touches anything else and `--remove` takes away exactly what it made. The same --seed gives the
same data. Rows go in with bulk inserts; a progress bar shows each table.
"""

import datetime
import random
import sys
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from milestones.models import (
    Bulletin,
    CountryConcerned,
    Event,
    EventOrganisation,
    EventPlace,
    EventSeries,
    Indicator,
    Person,
    Publication,
    Quote,
    Result,
    Status,
    Story,
)
from milestones.reference_data import EVENT_KINDS_RU, EVENT_ROLES
from programmes.iso_codes import COUNTRIES
from programmes.models import (
    AmountQualifier,
    Contribution,
    Country,
    ExchangeRate,
    Facility,
    FacilityFunding,
    Organisation,
    Programme,
    Theme,
)
from unodc_portal.content_version import bulk_changes
from unodc_portal.translations import settle_translations

PREFIX = "demo-"
# The demo's exchange rates are told from real ones by their source.
DEMO_RATE_SOURCE = "Demo rate, not a real one"
BATCH = 2000

REGION = {
    "kz": ["Almaty", "Astana", "Aktau", "Shymkent", "Kostanay"],
    "kg": ["Bishkek", "Osh", "Karakol", "Batken", "Jalal-Abad"],
    "tj": ["Dushanbe", "Khujand", "Khorog", "Kulob", "Bokhtar"],
    "tm": ["Ashgabat", "Turkmenabat", "Mary", "Dashoguz", "Turkmenbashi"],
    "uz": ["Tashkent", "Samarkand", "Termez", "Bukhara", "Andijan"],
    "af": ["Mazar-i-Sharif", "Kunduz", "Herat"],
    "az": ["Baku", "Ganja", "Astara"],
}
COVERED = ["kz", "kg", "tj", "tm", "uz"]
# Where demo facilities are put on the map: a box (south, north, west, east) inside each
# covered country, roughly. Demo data only: real facilities' coordinates come with a source.
MAP_BOXES = {
    "kz": (44.5, 50.5, 60.0, 80.0),
    "kg": (40.8, 42.5, 72.0, 78.0),
    "tj": (37.5, 39.2, 68.0, 71.5),
    "tm": (38.5, 41.0, 56.0, 61.5),
    "uz": (40.0, 43.0, 60.0, 66.0),
}
# Regions an event can concern that are not one country (issue 16, item 4).
REGIONS_CONCERNED = ["Southern Caucasus", "northern regions of Kyrgyzstan", "Ferghana Valley", "Caspian Sea ports"]
# Of every 50 events, three are sessions of one series and one follows up the event before it.
SESSIONS, FOLLOW_UP = (11, 12, 13), 21
TOPICS = [
    "new psychoactive substances",
    "precursor control",
    "container profiling",
    "criminal intelligence analysis",
    "border liaison cooperation",
    "anti-money laundering",
    "HIV prevention among people who use drugs",
    "drug treatment standards",
    "prison reform",
    "countering human trafficking",
    "cybercrime investigation",
    "forensic laboratory methods",
    "controlled deliveries",
    "risk management at border crossings",
    "juvenile justice",
    "countering terrorist financing",
    "wildlife and forest crime",
    "asset recovery",
]
AGENCIES = [
    "customs",
    "border guard",
    "police",
    "drug control agency",
    "prosecutors'",
    "judges'",
    "financial intelligence",
]
ORG_KINDS = [
    (Organisation.Kind.NATIONAL_AGENCY, "{country} {agency} service", 60),
    (Organisation.Kind.GOVERNMENT, "Government partner office {n} of {country}", 10),
    (Organisation.Kind.NGO, "{topic} network {n}", 12),
    (Organisation.Kind.ACADEMIC, "{country} academy of {agency} training {n}", 8),
    (Organisation.Kind.INTERGOVERNMENTAL, "Regional {topic} centre {n}", 5),
    (Organisation.Kind.DIPLOMATIC_MISSION, "Embassy office {n} in {country}", 5),
]
# Slugs of milestones/reference_data.py: the kinds the office's news uses, in roughly its mix.
EVENT_KINDS = [
    ("training", 36),
    ("meeting", 16),
    ("conference", 8),
    ("forum", 6),
    ("study-visit", 7),
    ("opening", 7),
    ("handover", 5),
    ("signing", 7),
    ("side-event", 3),
    ("launch", 2),
    ("press-briefing", 1),
    ("accession", 2),
    ("other", 4),
]
EVENT_ROLE_SLUGS = [slug for slug, *_ in EVENT_ROLES]
EVENT_TITLES = {
    "training": "Training on {topic} for {agency} officers in {city}",
    "meeting": "Regional meeting on {topic} in {city}",
    "conference": "Regional conference on {topic} in {city}",
    "forum": "Expert forum on {topic}",
    "study-visit": "Study visit on {topic} for {country} officials",
    "opening": "Opening of a new {facility} in {city}",
    "handover": "Equipment for a {facility} handed over in {city}",
    "signing": "Agreement signed on {topic} with {country}",
    "side-event": "Side event on {topic} in {city}",
    "launch": "Report on {topic} launched in {city}",
    "press-briefing": "Press briefing on {topic} in {city}",
    "accession": "{country} joins the programme on {topic}",
    "other": "Workshop on {topic} in {city}",
}
FACILITY_KINDS = [
    (Facility.Kind.BORDER_LIAISON_OFFICE, Facility.PlaceKind.BORDER_CROSSING, 45),
    (Facility.Kind.PORT_CONTROL_UNIT, Facility.PlaceKind.DRY_PORT, 20),
    (Facility.Kind.BORDER_CROSSING_POINT, Facility.PlaceKind.BORDER_CROSSING, 15),
    (Facility.Kind.BUILDING, Facility.PlaceKind.CITY, 10),
    (Facility.Kind.TRAINING_CENTRE, Facility.PlaceKind.CITY, 6),
    (Facility.Kind.LABORATORY, Facility.PlaceKind.CITY, 4),
]
# Who took part, as sources break a number down ("15 prosecutors and 15 police investigators").
PARTICIPANT_GROUPS = [
    "prosecutors",
    "police investigators",
    "customs officers",
    "border guards",
    "judges",
    "drug control officers",
]
COUNT_QUALIFIERS = [
    AmountQualifier.EXACT,
    AmountQualifier.APPROXIMATELY,
    AmountQualifier.MORE_THAN,
    AmountQualifier.UP_TO,
]
SENTENCES = [
    "Participants from {agency} units of {country} shared practical cases on {topic}.",
    "The activity was organised by the UNODC Regional Office for Central Asia with national counterparts.",
    "Experts presented international standards and the tools the programme has introduced since {year}.",
    "The event strengthened cooperation between agencies on both sides of the border.",
    "Officers practised with equipment delivered under the programme, including mobile test kits.",
    "National partners agreed on next steps for {topic} in the coming year.",
    "The programme will continue to support {country} with training, equipment and expert advice.",
]


class Progress:
    """A one-line progress bar on stderr: 'Events  [#####.....]  50,000/100,000'."""

    def __init__(self, label, total, stream):
        self.label, self.total, self.stream, self.done = label, total, stream, 0

    def advance(self, count):
        self.done += count
        filled = int(30 * self.done / self.total) if self.total else 30
        self.stream.write(f"\r{self.label:<22}[{'#' * filled}{'.' * (30 - filled)}] {self.done:,}/{self.total:,}")
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def other_names(number, *, spelling="", former=""):
    """Another spelling or a former name for every third row (issue 16, item 7): from the row's
    number, not the generator, so that everything else stays the same data for the same seed."""
    if number % 3:
        return ""
    return f"formerly: {former}" if former else spelling


def transliterated(place):
    """Another romanisation of a place name, as sources have them (Nizhniy, Nijniy)."""
    for letters, other in (("zh", "j"), ("kh", "h"), ("sh", "sch"), ("y", "i"), ("u", "ou")):
        place = place.replace(letters, other)
    return place


def weighted(rng, choices):
    values, weights = zip(
        *[(choice[:-1] if len(choice) > 2 else choice[0], choice[-1]) for choice in choices], strict=True
    )
    return rng.choices(values, weights)[0]


class Command(BaseCommand):
    help = "Fill the database with realistic synthetic content (slugs starting 'demo-'), or remove it again."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=100_000)
        parser.add_argument("--stories", type=int, default=20_000)
        parser.add_argument("--programmes", type=int, default=200)
        parser.add_argument("--facilities", type=int, default=2_000)
        parser.add_argument("--organisations", type=int, default=500)
        parser.add_argument("--editions", type=int, default=40)
        parser.add_argument("--publications", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=2016, help="Same seed, same data.")
        parser.add_argument("--remove", action="store_true", help="Delete every row this command created.")

    def handle(self, *args, **options):
        started = time.monotonic()
        with bulk_changes():
            if options["remove"]:
                self.remove()
            else:
                if Event.objects.filter(slug__startswith=PREFIX).exists():
                    raise CommandError("Demo data is already there; remove it first with --remove.")
                self.generate(options)
        if connection.vendor == "postgresql":
            # Statistics for the planner, and the visibility map: rows just bulk-inserted are not
            # yet marked all-visible, so until autovacuum came by, index-only scans (the ids of a
            # deep page) would read the table as well. A database in use has been vacuumed.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.0f} s."))

    # --- Creating -----------------------------------------------------------------------------

    def bulk(self, label, model, rows):
        """Insert rows in batches, with a progress bar; returns the saved objects (with ids)."""
        progress = Progress(label, len(rows), sys.stderr)
        saved = []
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            saved += model.objects.bulk_create(batch, batch_size=BATCH)
            progress.advance(len(batch))
        return saved

    def links(self, label, through, pairs):
        """Insert many-to-many rows from (owner id, target id) pairs, without duplicates."""
        owner, target = [f.attname for f in through._meta.fields if f.attname != "id"]
        rows = [through(**{owner: a, target: b}) for a, b in dict.fromkeys(pairs)]
        self.bulk(label, through, rows)

    @transaction.atomic
    def generate(self, options):
        # Synthetic content, not secrets: a seeded generator makes it repeatable.
        rng = random.Random(options["seed"])  # noqa: S311  # nosec B311
        now = timezone.now()
        countries = self.countries()
        covered = [countries[code] for code in COVERED]

        organisations = self.bulk(
            "Organisations",
            Organisation,
            [self.organisation(rng, number, countries) for number in range(1, options["organisations"] + 1)],
        )
        donors = [
            org
            for org in organisations
            if org.kind in (Organisation.Kind.GOVERNMENT, Organisation.Kind.NATIONAL_AGENCY)
        ][:60]

        top_count = max(1, options["programmes"] // 5)
        tops = self.bulk(
            "Programmes", Programme, [self.programme(rng, number, None) for number in range(1, top_count + 1)]
        )
        children = self.bulk(
            "Sub-programmes",
            Programme,
            [
                self.programme(rng, number, rng.choice(tops))
                for number in range(top_count + 1, options["programmes"] + 1)
            ],
        )
        programmes = tops + children
        self.links(
            "Programme countries",
            Programme.countries.through,
            [(p.pk, c.pk) for p in programmes for c in rng.sample(covered, rng.randint(1, 5))],
        )
        self.links(
            "Programme partners",
            Programme.partners.through,
            [(p.pk, o.pk) for p in programmes for o in rng.sample(organisations, rng.randint(1, 4))],
        )
        self.bulk(
            "Contributions",
            Contribution,
            [
                self.contribution(rng, rng.choice(donors), programme)
                for programme in programmes
                for _ in range(rng.randint(0, 4))
            ],
        )

        facilities = self.bulk(
            "Facilities",
            Facility,
            [self.facility(rng, number, countries, programmes) for number in range(1, options["facilities"] + 1)],
        )
        self.bulk(
            "Facility funding",
            FacilityFunding,
            [
                FacilityFunding(
                    programme=facility.programme,
                    facility=facility,
                    amount=Decimal(rng.randint(10, 900) * 1000),
                    currency="USD",
                    amount_usd=None,
                    description="Renovation and equipment",
                )
                for facility in rng.sample(facilities, len(facilities) // 4)
            ],
        )

        # Issue 16, item 5: series made first, for their sessions to name them.
        series = self.bulk(
            "Event series",
            EventSeries,
            [
                EventSeries(title=f"Expert working group {block + 1}", slug=f"{PREFIX}series-{block:05d}")
                for block in range(options["events"] // 50 + 1)
            ],
        )
        events = self.bulk(
            "Events",
            Event,
            [self.event(rng, number, countries, now, series) for number in range(1, options["events"] + 1)],
        )
        follow_ups = self.follow_ups(events)
        places = self.bulk("Event places", EventPlace, self.places(events, countries))
        self.links(
            "Event countries",
            Event.countries.through,
            [(e.pk, c.pk) for e in events for c in rng.sample(covered, rng.choices([1, 2, 3], [60, 30, 10])[0])]
            # The other places' countries are countries concerned, as the admin makes them.
            + [(place.event_id, place.country_id) for place in places],
        )
        Event.objects.bulk_update(follow_ups, ["follows"], batch_size=BATCH)
        self.links(
            "Event programmes",
            Event.programmes.through,
            [(e.pk, p.pk) for e in events for p in rng.sample(programmes, rng.choices([1, 2], [80, 20])[0])],
        )
        self.links(
            "Event facilities",
            Event.facilities.through,
            [(e.pk, rng.choice(facilities).pk) for e in events if e.kind_id in ("opening", "handover")],
        )
        self.bulk(
            "Event organisations",
            EventOrganisation,
            [
                EventOrganisation(event=event, organisation=organisation, role_id=role)
                for event in events
                for organisation, role in {
                    rng.choice(organisations): rng.choice(EVENT_ROLE_SLUGS) for _ in range(rng.randint(1, 3))
                }.items()
            ],
        )

        editions = self.bulk(
            "Editions",
            Bulletin,
            [self.edition(number, options["editions"], now) for number in range(1, options["editions"] + 1)],
        )
        stories = self.bulk(
            "Stories",
            Story,
            [self.story(rng, number, editions, countries, now) for number in range(1, options["stories"] + 1)],
        )
        self.links(
            "Story countries",
            Story.countries.through,
            [(s.pk, c.pk) for s in stories for c in rng.sample(covered, rng.choices([1, 2, 3], [60, 30, 10])[0])],
        )
        self.links("Story programmes", Story.programmes.through, [(s.pk, rng.choice(programmes).pk) for s in stories])
        self.links(
            "Story events",
            Story.events.through,
            [(s.pk, rng.choice(events).pk) for s in stories for _ in range(rng.randint(1, 2))],
        )

        people = self.bulk(
            "People",
            Person,
            [
                Person(
                    name=f"Demo Speaker {number}",
                    slug=f"{PREFIX}person-{number:04d}",
                    position=f"Head of the {rng.choice(AGENCIES)} department",
                    organisation=rng.choice(organisations),
                    other_names=other_names(number, spelling=f"Demo Spiker {number}"),
                )
                for number in range(1, 301)
            ],
        )
        # Forewords: each edition opens with a text signed by someone (stories in position 1).
        forewords = [story for story in stories if story.position == 1]
        for index, story in enumerate(forewords):
            story.signed_by, story.byline = people[index % len(people)], ""
            story.signed_by_position = story.signed_by.position
        Story.objects.bulk_update(forewords, ["signed_by", "byline", "signed_by_position"], batch_size=BATCH)
        quotes = [
            Quote(
                text=f"This cooperation on {rng.choice(TOPICS)} brings results we can see at the border.",
                person=rng.choice(people),
                story=story,
                position=1,
            )
            for story in rng.sample(stories, len(stories) // 4)
        ]
        for index, quote in enumerate(quotes):
            # The position when quoted (Quote.save() is not run); every tenth speaker has been
            # promoted since. From the position, not the generator, as above.
            quote.position_at_the_time = quote.person.position
            if index % 10 == 0:
                quote.position_at_the_time = quote.person.position.replace("Head", "Deputy head")
        self.bulk("Quotes", Quote, quotes)
        results = [
            Result(
                label=f"in {rng.choice(TOPICS)}",
                value=Decimal(rng.randint(1, 500)),
                unit="officers trained",
                as_of=datetime.date(rng.randint(2012, 2026), rng.randint(1, 12), 1),
                as_of_precision="month",
                programme=programme,
                story=rng.choice(stories),
            )
            for programme in programmes
            for _ in range(rng.randint(1, 5))
        ]
        for index, result in enumerate(results):
            # Every fourth figure is money spent over a period of years. Made from the position,
            # not the generator, so that everything else is the same data as before.
            if index % 4 == 0:
                first_year = result.as_of.year
                result.kind, result.currency, result.unit = Result.Kind.MONEY, "USD", ""
                result.label = "spent on equipment and training"
                result.value *= 1000
                result.value_qualifier = COUNT_QUALIFIERS[index // 4 % len(COUNT_QUALIFIERS)]
                result.as_of, result.as_of_precision = datetime.date(first_year, 1, 1), "year"
                result.period_end = datetime.date(first_year + 1 + index % 3, 1, 1)
        self.indicators(self.bulk("Results", Result, results))
        self.themes_and_publications(options, programmes, events, stories, covered, now)
        self.ledger_cases(options, donors, programmes)

    def indicators(self, results):
        """Issue 20's milestone tracker: a programme's figures of the same unit and words, reported
        more than once, are one indicator's reports. Made from the figures already there, not
        from a generator."""
        by_figure = {}
        for result in results:
            key = (result.programme, result.kind, result.unit, result.currency, result.label)
            by_figure.setdefault(key, []).append(result)
        series = {key: reports for key, reports in by_figure.items() if len(reports) > 1}
        indicators = self.bulk(
            "Indicators",
            Indicator,
            [
                Indicator(
                    title=f"{(unit or currency).capitalize()} {label}: {programme.short_title or programme.title}",
                    slug=f"{programme.slug}-indicator-{number}",
                )
                for number, (programme, _, unit, currency, label) in enumerate(series)
            ],
        )
        for indicator, reports in zip(indicators, series.values(), strict=True):
            for report in reports:
                report.indicator = indicator
        Result.objects.bulk_update(
            [report for reports in series.values() for report in reports], ["indicator"], batch_size=BATCH
        )

    def themes_and_publications(self, options, programmes, events, stories, covered, now):
        """Issue 16's themes on programmes, events and stories, and publications. A generator of
        their own, so that everything made before stays exactly as it was for the same seed."""
        rng = random.Random(options["seed"] + 16)  # noqa: S311  # nosec B311
        # The site's themes (programmes/0002_themes seeds them); demo ones only if there are none.
        themes = list(Theme.objects.all()) or self.bulk(
            "Themes",
            Theme,
            [Theme(name=f"Demo theme {n}", slug=f"{PREFIX}theme-{n}", order=n) for n in range(1, 8)],
        )

        def some_themes():
            # Most items carry one theme, some two, and a share of the archive none.
            return rng.sample(themes, min(len(themes), rng.choices([0, 1, 2], [25, 60, 15])[0]))

        self.links(
            "Programme themes", Programme.themes.through, [(p.pk, t.pk) for p in programmes for t in some_themes()]
        )
        self.links("Event themes", Event.themes.through, [(e.pk, t.pk) for e in events for t in some_themes()])
        self.links("Story themes", Story.themes.through, [(s.pk, t.pk) for s in stories for t in some_themes()])

        publications = self.bulk(
            "Publications",
            Publication,
            [self.publication(rng, number, now) for number in range(1, options["publications"] + 1)],
        )
        self.links(
            "Publication themes",
            Publication.themes.through,
            [(p.pk, t.pk) for p in publications for t in some_themes()],
        )
        self.links(
            "Publication countries",
            Publication.countries.through,
            [(p.pk, c.pk) for p in publications for c in rng.sample(covered, rng.choices([1, 2, 5], [60, 30, 10])[0])],
        )
        self.links(
            "Publication programmes",
            Publication.programmes.through,
            [(p.pk, rng.choice(programmes).pk) for p in publications],
        )
        self.links(
            "Publication events",
            Publication.events.through,
            [(p.pk, rng.choice(events).pk) for p in publications if rng.random() < 0.3],
        )

    def ledger_cases(self, options, donors, programmes):
        """What the funding ledger must handle (issue 20, item 3), added after everything else
        with a generator of its own, so that the rows above stay as the seed made them: grants in
        euros and pounds (converted at demo rates), in yen (for which no rate is made), and grants
        with no amount stated. The rates are plainly marked as no real ones."""
        rng = random.Random(options["seed"] + 3)  # noqa: S311  # nosec B311
        self.bulk(
            "Demo exchange rates",
            ExchangeRate,
            [
                ExchangeRate(
                    currency=currency,
                    usd_per_unit=Decimal(base) + Decimal(rng.randint(-80, 80)) / 1000,
                    date=datetime.date(year, 1, 1),
                    date_precision="year",
                    source=DEMO_RATE_SOURCE,
                )
                for currency, base in [("EUR", "1.12"), ("GBP", "1.30")]
                for year in range(2010, 2027)
            ],
        )
        grants = []
        for programme in rng.sample(programmes, min(len(programmes), 12)):
            currency = rng.choice(["EUR", "GBP", "JPY", ""])
            amount = None if not currency else Decimal(rng.randint(50, 3000) * (100_000 if currency == "JPY" else 1000))
            grants.append(
                Contribution(
                    donor=rng.choice(donors),
                    programme=programme,
                    amount=amount,
                    currency=currency,
                    amount_qualifier=rng.choice([AmountQualifier.EXACT, AmountQualifier.APPROXIMATELY])
                    if amount
                    else AmountQualifier.EXACT,
                    date=datetime.date(rng.randint(2010, 2026), 1, 1),
                    date_precision="year",
                    description="Grant agreement",
                )
            )
        self.bulk("Contributions in other currencies", Contribution, grants)

    def publication(self, rng, number, now):
        """A report with an outside link: no files written for demo rows (they would outlive
        --remove in the media folder)."""
        topic = rng.choice(TOPICS)
        precision = rng.choices(["day", "month", "year"], [40, 40, 20])[0]
        day = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randint(0, 6150))
        date = (
            day if precision == "day" else day.replace(day=1) if precision == "month" else day.replace(day=1, month=1)
        )
        status = rng.choices([Status.PUBLISHED, Status.DRAFT], [95, 5])[0]
        published = min(now, timezone.make_aware(datetime.datetime.combine(date, datetime.time(9))))
        return Publication(
            title=f"Report on {topic} in Central Asia ({number})",
            slug=f"{PREFIX}publication-{number:05d}",
            status=status,
            published_at=published if status == Status.PUBLISHED else None,
            summary=f"An assessment of {topic} with recommendations for national agencies.",
            date=date,
            date_precision=precision,
            languages=rng.choice([["en"], ["en", "ru"], ["ru"], ["en", "ru", "uz"], ["en", "ru", "kk", "ky", "tg"]]),
            link=f"https://publications.example.org/{PREFIX}{number:05d}.pdf",
        )

    def countries(self):
        """The region's countries, making any that are missing (marked as this command's own)."""
        existing = {country.iso2: country for country in Country.objects.filter(iso2__in=REGION)}
        missing = [
            Country(
                iso2=code,
                name=COUNTRIES[code],
                slug=f"{PREFIX}country-{code}",
                region_role=Country.RegionRole.COVERED if code in COVERED else Country.RegionRole.NEIGHBOUR,
            )
            for code in REGION
            if code not in existing
        ]
        for country in Country.objects.bulk_create(missing):
            existing[country.iso2] = country
        return existing

    def organisation(self, rng, number, countries):
        kind, template = weighted(rng, ORG_KINDS)
        code = rng.choice(COVERED)
        name = template.format(
            country=countries[code].name, agency=rng.choice(AGENCIES), topic=rng.choice(TOPICS), n=number
        ).capitalize()
        return Organisation(
            name=f"{name} ({number})",
            slug=f"{PREFIX}organisation-{number:04d}",
            kind=kind,
            country=countries[code],
            description=f"Works on {rng.choice(TOPICS)}.",
            other_names=other_names(number, former=f"State committee {number}; until 2018"),
        )

    def programme(self, rng, number, parent):
        topic = rng.choice(TOPICS)
        start = rng.randint(2008, 2024)
        kind = (
            Programme.Kind.PROGRAMME
            if parent is None
            else rng.choice([Programme.Kind.SUB_PROGRAMME, Programme.Kind.PROJECT, Programme.Kind.SEGMENT])
        )
        programme = Programme(
            title=f"Programme {number}: countering {topic} in Central Asia",
            short_title=f"{topic.capitalize()} ({number})",
            slug=f"{PREFIX}programme-{number:03d}",
            kind=kind,
            parent=parent,
            start_year=start,
            end_year=start + rng.randint(1, 6),
            summary=f"Supports national agencies in {topic} with training, equipment and expert advice.",
        )
        # Renamed when extended, as programmes are: the title of its first years.
        programme.other_names = other_names(
            number, former=f"Programme {number} ({start}–{programme.end_year - 1}); until its extension"
        )
        return programme

    def contribution(self, rng, donor, programme):
        amount = Decimal(rng.randint(50, 5000) * 1000)
        return Contribution(
            donor=donor,
            programme=programme,
            amount=amount,
            currency="USD",
            amount_usd=amount,
            date=datetime.date(rng.randint(2010, 2026), 1, 1),
            date_precision="year",
            description="Grant agreement",
        )

    def facility(self, rng, number, countries, programmes):
        kind, place_kind = weighted(rng, FACILITY_KINDS)
        code = rng.choice(COVERED)
        city = rng.choice(REGION[code])
        on_border = place_kind == Facility.PlaceKind.BORDER_CROSSING
        neighbour = rng.choice([c for c in REGION if c != code]) if on_border else None
        return Facility(
            name=f"{Facility.Kind(kind).label} {number} near {city}",
            other_names=other_names(
                number, spelling=f"{Facility.Kind(kind).label} {number} near {transliterated(city)}"
            ),
            slug=f"{PREFIX}facility-{number:04d}",
            kind=kind,
            country=countries[code],
            place=city,
            place_kind=place_kind,
            border_country=countries[neighbour] if neighbour else None,
            status=rng.choice(list(Facility.Status)),
            opened_on=datetime.date(rng.randint(2010, 2026), rng.randint(1, 12), 1),
            opened_on_precision="month",
            programme=rng.choice(programmes),
            equipment="Computers\nSearch and detection equipment",
            **self.coordinates(number, code),
        )

    @staticmethod
    def coordinates(number, code):
        """A place in the facility's country for nine facilities in ten, from the facility's
        number (not the generator, so that the other rows stay as they were)."""
        if number % 10 == 7:
            return {}
        place = random.Random(number)  # noqa: S311  # nosec B311
        south, north, west, east = MAP_BOXES[code]
        return {
            "latitude": Decimal(f"{place.uniform(south, north):.5f}"),
            "longitude": Decimal(f"{place.uniform(west, east):.5f}"),
        }

    def places(self, events, countries):
        """A second city for one event in 20, in the next covered country (issue 16, item 4):
        from the event's number, not the generator, so that the other rows stay as they were."""
        rows = []
        for number, event in enumerate(events, start=1):
            if number % 20 == 9:
                code = (
                    COVERED[(COVERED.index(event.host_country.iso2) + 1) % len(COVERED)]
                    if event.host_country.iso2 in COVERED
                    else "kg"
                )
                rows.append(
                    EventPlace(
                        event=event, city=REGION[code][number % len(REGION[code])], country=countries[code], order=1
                    )
                )
        return rows

    def follow_ups(self, events):
        """One event in 50 follows up the one before it (issue 16, item 5)."""
        chosen = []
        for number, event in enumerate(events, start=1):
            if number % 50 == FOLLOW_UP:
                event.follows = events[number - 2]
                chosen.append(event)
        return chosen

    def event(self, rng, number, countries, now, series):
        kind = weighted(rng, EVENT_KINDS)
        code = rng.choices([*COVERED, "af", "az"], [19, 19, 19, 19, 19, 3, 2])[0]
        city = rng.choice(REGION[code])
        day = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randint(0, 6150))
        precision = rng.choices(["day", "month", "year"], [70, 25, 5])[0]
        start = (
            day if precision == "day" else day.replace(day=1) if precision == "month" else day.replace(day=1, month=1)
        )
        end = start + datetime.timedelta(days=rng.randint(1, 4)) if precision == "day" and rng.random() < 0.3 else None
        topic = rng.choice(TOPICS)
        published = min(now, timezone.make_aware(datetime.datetime.combine(start, datetime.time(9))))
        status = rng.choices([Status.PUBLISHED, Status.DRAFT, Status.IN_REVIEW], [95, 3, 2])[0]
        event = Event(
            title=EVENT_TITLES[kind].format(
                topic=topic,
                agency=rng.choice(AGENCIES),
                city=city,
                country=countries[code].name,
                facility="Border Liaison Office",
            ),
            slug=f"{PREFIX}event-{number:06d}",
            kind_id=kind,
            status=status,
            published_at=published if status == Status.PUBLISHED else None,
            summary=rng.choice(SENTENCES).format(
                agency=rng.choice(AGENCIES), country=countries[code].name, topic=topic, year=start.year
            ),
            start_date=start,
            end_date=end,
            date_precision=precision,
            city=city,
            host_country=countries[code],
            participant_count=rng.randint(8, 80) if kind == "training" else None,
        )
        # Counts as sources give them, made from the number, not the generator (same data as before).
        if event.participant_count:
            event.participant_count_qualifier = COUNT_QUALIFIERS[number % len(COUNT_QUALIFIERS)]
            if number % 3 == 0:
                first = event.participant_count // 2
                groups = PARTICIPANT_GROUPS[number % 6], PARTICIPANT_GROUPS[(number + 1) % 6]
                event.participant_breakdown = f"{first} {groups[0]} and {event.participant_count - first} {groups[1]}"
        # Online and hybrid events, regions and series (issue 16, items 4 and 5), from the number.
        if number % 10 == 3:
            event.attendance_mode, event.city = "online", ""  # run from the host country
        elif number % 10 == 6:
            event.attendance_mode = "hybrid"
        if number % 25 == 4:
            event.region = REGIONS_CONCERNED[number // 25 % len(REGIONS_CONCERNED)]
        if number % 50 in SESSIONS:
            event.series = series[number // 50]
        if number % 40 == 7:
            # The source gives no date (issue 16, item 1): listed under the month it was reported.
            event.date_precision, event.start_date, event.end_date = "not-stated", start.replace(day=1), None
        if number % 2 == 0:
            # Half the events in Russian too (issue 17), so that Russian pages read translations.
            # Demo text, not a translation: place names are left as they are.
            event.title_ru = f"Мероприятие {number}: {EVENT_KINDS_RU[kind][0].lower()}"
            event.summary_ru = f"Краткое описание мероприятия {number} ({start.year} г.)."
            event.city_ru, event.region_ru = event.city, event.region
            event.participant_breakdown_ru = event.participant_breakdown
        settle_translations([event], Event.translated_texts)
        return event

    def edition(self, number, total, now):
        months_back = (total - number) * 3
        month = (now.year * 12 + now.month - 1) - months_back
        issue = datetime.date(month // 12, month % 12 + 1, 1)
        # Numbers as editions print them: by quarter within the year ("03(2015)"), or running
        # ("No. 12") in even years.
        printed = f"No. {number}" if issue.year % 2 == 0 else f"{(issue.month - 1) // 3 + 1:02d}({issue.year})"
        return Bulletin(
            number=printed,
            title=f"Milestones: {issue:%B %Y} (demo {number})",
            slug=f"{PREFIX}edition-{number:02d}",
            status=Status.PUBLISHED,
            published_at=timezone.make_aware(datetime.datetime.combine(issue, datetime.time(9))),
            issue_date=issue,
            issue_date_precision="month",
            period_label=f"{issue:%B %Y}",
            summary="Programme news of the quarter.",
        )

    def story(self, rng, number, editions, countries, now):
        code = rng.choice(COVERED)
        topic = rng.choice(TOPICS)
        edition = editions[(number - 1) // 20] if number <= len(editions) * 20 else None
        published = (
            edition.published_at
            if edition
            else timezone.make_aware(datetime.datetime(2010, 1, 1, 9)) + datetime.timedelta(days=rng.randint(0, 6150))
        )
        body = "\n\n".join(
            rng.choice(SENTENCES).format(
                agency=rng.choice(AGENCIES), country=countries[code].name, topic=topic, year=published.year
            )
            + " "
            + rng.choice(SENTENCES).format(
                agency=rng.choice(AGENCIES), country=countries[code].name, topic=topic, year=published.year
            )
            for _ in range(4)
        )
        story = Story(
            title=f"{countries[code].name}: progress on {topic} ({number})",
            slug=f"{PREFIX}story-{number:06d}",
            status=Status.PUBLISHED if rng.random() < 0.97 else Status.DRAFT,
            published_at=min(published, now),
            standfirst=f"Agencies in {countries[code].name} took further steps on {topic}.",
            body=body,
            bulletin=edition,
            position=((number - 1) % 20) + 1 if edition else None,
            byline="By the UNODC Regional Office for Central Asia" if number % 5 == 0 else "",
        )
        if not edition and number % 7 == 3:
            # From the archive: first published by the office years ago, added to the site lately.
            precision = ("day", "month", "year")[number % 3]
            day = published.date()
            story.first_published = (
                day if precision == "day" else day.replace(day=1, month=1 if precision == "year" else day.month)
            )
            story.first_published_precision = precision
            story.published_at = now - datetime.timedelta(days=number % 30, minutes=number)
        if number % 2 == 0:
            # Half the stories in Russian too (issue 17): demo text, not a translation.
            story.title_ru = f"Новость {number}: ход работы"
            story.standfirst_ru = "Ведомства страны сделали новые шаги."
            story.body_ru = "\n\n".join(
                f"Абзац {paragraph} новости {number}: ведомства продолжили работу." for paragraph in range(4)
            )
        # bulk_create() skips Story.save(), which does these otherwise.
        settle_translations([story], Story.translated_texts)
        story.render_body()
        story.listed_at = story.listing_time()
        return story

    # --- Removing -----------------------------------------------------------------------------

    @transaction.atomic
    def remove(self):
        """Delete this command's rows, links first, with plain DELETEs (fast at any size)."""
        demo = {"slug__startswith": PREFIX}
        steps = [
            # Issue 16: publications, and the themes of demo items (the themes themselves are the
            # site's, unless this command had to make its own).
            (Publication.themes.through, {"publication__slug__startswith": PREFIX}),
            (Publication.countries.through, {"publication__slug__startswith": PREFIX}),
            (Publication.programmes.through, {"publication__slug__startswith": PREFIX}),
            (Publication.events.through, {"publication__slug__startswith": PREFIX}),
            (Publication, demo),
            (Story.themes.through, {"story__slug__startswith": PREFIX}),
            (Event.themes.through, {"event__slug__startswith": PREFIX}),
            (Programme.themes.through, {"programme__slug__startswith": PREFIX}),
            (Story.countries.through, {"story__slug__startswith": PREFIX}),
            (Story.programmes.through, {"story__slug__startswith": PREFIX}),
            (Story.events.through, {"story__slug__startswith": PREFIX}),
            (Story.facilities.through, {"story__slug__startswith": PREFIX}),
            (Story.organisations.through, {"story__slug__startswith": PREFIX}),
            (Story.contributions.through, {"story__slug__startswith": PREFIX}),
            (Story.facility_fundings.through, {"story__slug__startswith": PREFIX}),
            (Quote, {"story__slug__startswith": PREFIX}),
            (Result, {"programme__slug__startswith": PREFIX}),
            (Indicator, demo),
            (Story, demo),
            (Bulletin, demo),
            (Event.countries.through, {"event__slug__startswith": PREFIX}),
            (Event.programmes.through, {"event__slug__startswith": PREFIX}),
            (Event.facilities.through, {"event__slug__startswith": PREFIX}),
            (EventOrganisation, {"event__slug__startswith": PREFIX}),
            (EventPlace, {"event__slug__startswith": PREFIX}),
            # What the triggers did not remove with the links: the events' host countries. By event,
            # in batches: SQLite cannot take thousands of composite keys in one condition.
            (CountryConcerned, {"event__slug__startswith": PREFIX}, "event_id"),
            (Event, demo),
            (EventSeries, demo),
            (Person, demo),
            (FacilityFunding.component_donors.through, {"facilityfunding__facility__slug__startswith": PREFIX}),
            # An editor's story may report demo funding: the link goes with the funding.
            (Story.facility_fundings.through, {"facilityfunding__facility__slug__startswith": PREFIX}),
            (Story.contributions.through, {"contribution__programme__slug__startswith": PREFIX}),
            (FacilityFunding, {"facility__slug__startswith": PREFIX}),
            (Facility, demo),
            (Contribution, {"programme__slug__startswith": PREFIX}),
            (ExchangeRate, {"source": DEMO_RATE_SOURCE}),
            (Programme.countries.through, {"programme__slug__startswith": PREFIX}),
            (Programme.partners.through, {"programme__slug__startswith": PREFIX}),
            (Programme, {**demo, "parent__isnull": False}),
            (Programme, demo),
            (Organisation, demo),
            (Country, demo),
            (Theme, demo),
        ]
        for model, condition, *by in steps:
            key = by[0] if by else "pk"
            ids = list(model.objects.filter(**condition).order_by().values_list(key, flat=True).distinct())
            removed = 0
            field = model._meta.pk if key == "pk" else model._meta.get_field(key)
            table, column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(field.column)
            for start in range(0, len(ids), BATCH):
                # Plain DELETEs: these rows are this command's own, and nothing else points at
                # them. Model.delete() would load each row first, to send its signals.
                batch = ids[start : start + BATCH]
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"DELETE FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(batch))})",  # noqa: S608  # nosec B608
                        batch,
                    )
                    removed += cursor.rowcount
            if removed:
                self.stderr.write(f"Removed {removed:,} {model._meta.verbose_name_plural}\n")
