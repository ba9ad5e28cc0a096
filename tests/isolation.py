"""The settings every test runs under (tests/conftest.py), also entered by fixtures shared by a
module's tests, which the per-test fixtures do not reach."""

from django.test import override_settings

REPLICA_MIDDLEWARE = "unodc_portal.middleware.ReplicaReadsMiddleware"


def isolated(stamp_dir):
    """What every test runs under, as settings to enter (override_settings): its own change stamp
    in `stamp_dir`, plain static files (hashed ones need `collectstatic`), a quick password
    hasher, and the primary database alone, even when the suite runs with DATABASE_REPLICA_URL
    set (the replica's own tests turn it on: tests/test_replica_reads.py). The cache is emptied
    first: stored pages, kept values and rate counts alike. Also for the data a module's tests
    share (tests/test_query_counts.py)."""
    from django.conf import settings
    from django.core.cache import cache

    from unodc_portal.content_version import _undelivered, guard

    cache.clear()
    guard.down_until = 0.0
    _undelivered["retry_at"] = None
    overrides = {
        "CONTENT_STAMP_FILE": stamp_dir / "content-changed",
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    }
    if settings.DATABASE_ROUTERS:
        overrides["DATABASE_ROUTERS"] = []
        overrides["MIDDLEWARE"] = [name for name in settings.MIDDLEWARE if name != REPLICA_MIDDLEWARE]
    return override_settings(**overrides)
