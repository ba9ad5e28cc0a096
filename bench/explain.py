"""EXPLAIN ANALYZE of the main filtered lists on the benchmark database, to check that they read
an index rather than scanning the big tables.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/unodc_bench .venv/bin/python bench/explain.py
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unodc_portal.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402

from milestones.filters import EventFilter, StoryFilter  # noqa: E402
from milestones.models import Event, Story  # noqa: E402
from programmes.filters import FacilityFilter  # noqa: E402
from programmes.models import Facility  # noqa: E402

LISTS = [
    ("events by country", EventFilter, Event.objects.published(), "country=uz"),
    ("events by a rare country", EventFilter, Event.objects.published(), "country=ru"),
    ("events by kind", EventFilter, Event.objects.published(), "kind=training"),
    ("events by year", EventFilter, Event.objects.published(), "year=2016"),
    ("events by programme", EventFilter, Event.objects.published(), "programme=demo-programme-042"),
    ("events by country and kind", EventFilter, Event.objects.published(), "country=uz&kind=training"),
    ("facilities by country and kind", FacilityFilter, Facility.objects.all(), "country=kz&kind=pcu"),
    ("news by country", StoryFilter, Story.objects.published(), "country=tj"),
]


def main():
    if connection.vendor != "postgresql":
        raise SystemExit("EXPLAIN plans are checked on PostgreSQL (set DATABASE_URL).")
    for name, filterset_class, queryset, query in LISTS:
        page = filterset_class(QueryDict(query), queryset=queryset).qs[:20]
        plan = page.explain(analyze=True)
        big_scans = [
            line.strip()
            for line in plan.splitlines()
            if "Seq Scan on milestones_event " in line or "Seq Scan on milestones_story " in line
        ]
        print(f"\n== {name} ({query}): {'INDEX' if not big_scans else 'SEQUENTIAL SCAN'}")
        print(plan)


if __name__ == "__main__":
    main()
