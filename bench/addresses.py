"""Public addresses of a portal database, for the busy-day benchmark (bench/busy_day.py).

    DJANGO_SETTINGS_MODULE=unodc_portal.settings python -m bench.addresses OUT.json [--readers N]

Writes {"readers": [...], "crawler": [...]}:

- readers: at least N distinct addresses, most asked for first (the benchmark draws them from a
  Zipf distribution by that rank): home, the main lists and feeds, then lists with one or two
  filters, deep pages of lists, detail pages, searches and Russian twins, shuffled with a fixed
  seed so that each kind of page has popular and rare addresses.
- crawler: filter combinations that no reader address holds (three or four filters), which a
  crawler walking the facets' links would find: every one is a page no cache has seen.

Every address is one the portal answers with 200: the values come from the database's own rows,
as the pages' filter options and links do.
"""

import argparse
import itertools
import json
import random
import sys

MAIN = [
    "/",
    "/news/",
    "/events/",
    "/programmes/",
    "/facilities/",
    "/donors/",
    "/countries/",
    "/results/",
    "/bulletins/",
    "/news/feed/",
    "/events/feed/",
    "/organisations/",
    "/themes/",
    "/people/",
    "/quotes/",
    "/publications/",
]
# Words of the demo data's and the seed's texts, for searches (bench/faults.py asks for them too).
SEARCH_WORDS = ["border", "training", "drug", "police", "customs", "precursor", "heroin", "seized", "forum", "port"]


def shuffled(items, seed):
    """The same order on every run, so that runs compare: not a secret."""
    items = list(items)
    random.Random(seed).shuffle(items)  # noqa: S311
    return items


def reader_and_crawler_addresses(readers):
    from milestones.models import Event, EventKind, Story
    from programmes.models import Country, Facility, Organisation, Programme, Theme

    countries = list(Country.objects.order_by("iso2").values_list("iso2", flat=True))
    kinds = list(EventKind.objects.order_by("slug").values_list("slug", flat=True))
    programmes = list(Programme.objects.order_by("slug").values_list("slug", flat=True))
    themes = list(Theme.objects.order_by("slug").values_list("slug", flat=True))
    years = [str(year) for year in range(2008, 2027)]
    donors = Organisation.objects.filter(contributions__isnull=False).distinct().order_by("slug")
    donors = list(donors.values_list("slug", flat=True))
    facility_kinds = [kind for kind, _label in Facility.Kind.choices]

    one_or_two_filters = []
    for country in countries:
        one_or_two_filters += [f"/events/?country={country}", f"/news/?country={country}"]
        one_or_two_filters += [f"/facilities/?country={country}", f"/countries/{country}/"]
        one_or_two_filters += [f"/events/?country={country}&kind={kind}" for kind in kinds]
        one_or_two_filters += [f"/events/?country={country}&year={year}" for year in years]
    one_or_two_filters += [f"/events/?kind={kind}&year={year}" for kind in kinds for year in years]
    one_or_two_filters += [f"/events/?programme={slug}" for slug in programmes]
    one_or_two_filters += [f"/news/?programme={slug}" for slug in programmes]
    one_or_two_filters += [f"/news/?theme={slug}" for slug in themes]
    one_or_two_filters += [f"/events/?donor={slug}" for slug in donors]
    one_or_two_filters += [f"/facilities/?kind={kind}" for kind in facility_kinds]
    deep_pages = [f"/events/?page={page}" for page in range(2, 400, 7)]
    deep_pages += [f"/news/?page={page}" for page in range(2, 40)]
    details = [story.get_absolute_url() for story in Story.objects.published().only("slug")[:1500]]
    details += [event.get_absolute_url() for event in Event.objects.published().only("slug")[:2500]]
    details += [f"/programmes/{slug}/" for slug in programmes]
    details += [facility.get_absolute_url() for facility in Facility.objects.only("slug")[:500]]
    details += [f"/donors/{slug}/" for slug in donors]
    searches = [f"/search/?q={first}+{second}" for first, second in itertools.permutations(SEARCH_WORDS, 2)]
    searches += [f"/search/?q={word}" for word in SEARCH_WORDS]

    rest = list(dict.fromkeys(shuffled(one_or_two_filters + deep_pages + details + searches, 21)))
    russian = [f"/ru{address}" for address in MAIN + rest[: len(rest) // 5]]
    addresses = MAIN + shuffled(rest + russian, 22)
    if len(addresses) < readers:
        raise SystemExit(f"Only {len(addresses)} public addresses in this database; the benchmark asks for {readers}.")

    seen = set(addresses)
    crawler = []
    for country, kind, year, programme in itertools.product(countries, kinds, years, programmes):
        for address in (
            f"/events/?country={country}&kind={kind}&year={year}",
            f"/events/?country={country}&kind={kind}&year={year}&programme={programme}",
        ):
            if address not in seen:
                seen.add(address)
                crawler.append(address)
        if len(crawler) >= 20_000:
            break
    return addresses, shuffled(crawler, 23)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--readers", type=int, default=5000)
    args = parser.parse_args()
    import django

    django.setup()
    readers, crawler = reader_and_crawler_addresses(args.readers)
    with open(args.out, "w") as out:
        json.dump({"readers": readers, "crawler": crawler}, out)
    print(f"{len(readers)} reader addresses, {len(crawler)} crawler addresses", file=sys.stderr)


if __name__ == "__main__":
    main()
