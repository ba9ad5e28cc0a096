"""The three places that lean on Django's undocumented internals, each kept for a measured gain
(docs/performance.md, "Private APIs kept"). Each test fails when an upgrade changes what the code
relies on, so that the speed-up is never silently lost or, worse, turned into a bug."""

from django import forms
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import models

from programmes.models import Facility, LabelledChoicesModel
from tests import local_redis
from unodc_portal.facets import ReadChoices


def test_get_field_display_still_goes_through_the_overridden_method():
    """LabelledChoicesModel overrides Model._get_FIELD_display, which Django binds into each
    model's get_<field>_display() when the class is made."""
    generated = vars(Facility)["get_kind_display"]
    assert generated.func is LabelledChoicesModel._get_FIELD_display
    facility = Facility(kind="pcu")
    assert facility.get_kind_display() == models.Model._get_FIELD_display(facility, Facility._meta.get_field("kind"))
    assert facility.get_kind_display() == "Port Control Unit"


def test_choices_given_as_an_iterator_are_kept_as_they_are():
    """ReadChoices relies on Django leaving a BaseChoiceIterator alone instead of normalising the
    options again on every assignment (to the field and to its widget)."""
    options = ReadChoices([("uz", "Uzbekistan"), ("kz", "Kazakhstan")])
    field = forms.MultipleChoiceField()
    field.choices = options
    assert field.choices is options
    assert field.widget.choices is options
    assert list(field.choices) == [("uz", "Uzbekistan"), ("kz", "Kazakhstan")]


def test_the_redis_cache_reuses_one_client_per_connection_pool(settings):
    """ReusedClientRedisCache relies on RedisCache building its client from `_class`, and on the
    client's `_get_connection_pool()` and `_client`."""
    assert hasattr(RedisCacheClient, "_get_connection_pool")
    settings.CACHES = {
        "reused": {
            "BACKEND": "unodc_portal.redis_cache.ReusedClientRedisCache",
            "LOCATION": local_redis.url(local_redis.PAGE_CACHE),
        }
    }
    backend = caches["reused"]
    assert isinstance(backend, RedisCache)
    client = backend._cache  # RedisCache's own property, built from _class
    assert hasattr(client, "_client")
    assert client.get_client() is client.get_client()
    assert client.get_client(write=True) is client.get_client("key", write=True)
    backend.set("private-api-check", 1)
    assert backend.get("private-api-check") == 1
    backend.delete("private-api-check")
