"""Writes the public pages and feeds of the seeded site, rendered under a fixed clock, into a folder,
so that two commits can be compared byte for byte (a refactoring must change no page):

    git worktree add /tmp/before <commit>
    (cd /tmp/before && ../path/to/.venv/bin/python /work/main/bench/snapshot_pages.py /tmp/pages-before)
    .venv/bin/python bench/snapshot_pages.py /tmp/pages-after
    diff -r /tmp/pages-before /tmp/pages-after

It runs the code of the folder it is started in, on a new SQLite database in a temporary folder,
with the page cache off (the pages as rendered, not as stored). The response headers that differ
on every request (request id, dates) are left out.
"""

import datetime
import os
import re
import sys
import tempfile
from pathlib import Path
from unittest import mock

PAGES = [
    "/",
    "/news/",
    "/news/?country=tj",
    "/news/new-port-control-units-opened-in-tajikistan-and-kazakhstan/",
    "/bulletins/",
    "/bulletins/milestones-september-december-2016/",
    "/events/",
    "/events/?country=uz&kind=training",
    "/events/?kind=training",
    "/events/?year=2016",
    "/events/sixth-expert-forum-criminal-justice-central-asia/",
    "/people/ashita-mittal/",
    "/programmes/",
    "/programmes/programme-for-central-asia/",
    "/facilities/",
    "/facilities/?country=tj",
    "/facilities/pcu-aktau-seaport/",
    "/donors/",
    "/donors/government-of-japan/",
    "/organisations/",
    "/organisations/caricc/",
    "/countries/",
    "/countries/uz/",
    "/countries/tj/",
    "/search/?q=border",
    "/search/?q=training+tajikistan",
    "/news/feed/",
    "/news/feed/atom/",
    "/events/feed/",
    "/events/feed/atom/",
    "/countries/uz/feed/",
    "/programmes/programme-for-central-asia/feed/",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/robots.txt",
    "/no-such-page/",
    # Issue 16 (appended, so that the pages above keep their file names across commits).
    "/themes/",
    "/themes/border-management/",
    "/themes/border-management/feed/",
    "/publications/",
    "/publications/feed/",
    "/events/?theme=border-management&country=uz",
]
# Headers that differ on every request whatever the code does.
VOLATILE_HEADERS = {"x-request-id", "date", "last-modified", "etag"}
FIXED_NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
# A feed with no items is dated by Django's feed generator with the real clock, which no mock of
# django.utils.timezone reaches: that one date is masked.
EMPTY_FEED_DATE = re.compile(rb"<(lastBuildDate|updated)>[^<]*</\1>")


def without_clock(content):
    if content.lstrip().startswith(b"<?xml") and b"<item>" not in content and b"<entry>" not in content:
        return EMPTY_FEED_DATE.sub(rb"<\1>(the time of the request)</\1>", content)
    return content


def main(out):
    sys.path.insert(0, os.getcwd())  # the code of the tree this is started in
    folder = Path(tempfile.mkdtemp(prefix="snapshot-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="unodc_portal.settings",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_PAGE_CACHE_SECONDS="0",
        DJANGO_COUNT_CACHE_SECONDS="0",
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, override_settings

    # Plain static addresses (hashed ones need collectstatic); the change stamp in the temporary folder.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        CONTENT_STAMP_FILE=folder / "content-changed",
    ).enable()

    call_command("migrate", verbosity=0)
    with mock.patch("django.utils.timezone.now", return_value=FIXED_NOW):
        call_command("load_seed", verbosity=0)
        client = Client(HTTP_HOST="127.0.0.1")
        out.mkdir(parents=True, exist_ok=True)
        for number, address in enumerate(PAGES):
            response = client.get(address)
            headers = "".join(
                f"{name}: {value}\n" for name, value in sorted(response.items()) if name.lower() not in VOLATILE_HEADERS
            )
            name = f"{number:02}-" + "".join(c if c.isalnum() else "_" for c in address)[:80]
            (out / f"{name}.txt").write_bytes(
                f"{address}\n{response.status_code}\n{headers}\n".encode() + without_clock(response.content)
            )
    print(f"{len(PAGES)} pages written to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]).resolve())
