"""The API against its own OpenAPI document (schemathesis): every operation, with parameters
generated from the document (valid ones, then invalid ones), gives no server error, and every
answer is one the document describes, valid against its schema. Runs on the seed content,
through the site's WSGI application (the page cache's fast lane included), on SQLite and on
PostgreSQL.

CI-sized: a few examples per operation and kind of data, derandomized, so that a run takes the
same path each time; CONTRACT_EXAMPLES=200 searches longer."""

import os
import re

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from milestones.api_urls import urlpatterns
from unodc_portal.wsgi import application

EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "10"))


def operations():
    """The API's addresses as the document writes them (/api/v1/events/{slug}/), from its
    URL configuration: the document itself reads the database, which collection cannot."""
    paths = []
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        if route.endswith(".json"):
            continue  # the document itself
        path = re.sub(r"<\w+:(\w+)>", lambda m: "{id}" if m[1] == "pk" else f"{{{m[1]}}}", route)
        paths.append(f"/api/v1/{path}")
    return paths


@pytest.fixture
def api_schema(transactional_db):
    # Committed, not in a test's transaction: the WSGI application ends its connections after
    # each request, as a server does.
    call_command("load_seed", verbosity=0)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def test_the_document_has_every_operation_and_only_those(api_schema):
    assert sorted(api_schema.raw_schema["paths"]) == sorted(operations())


@pytest.mark.parametrize("path", operations())
def test_operation_keeps_to_the_document(api_schema, path):
    operation = api_schema[path]["GET"]
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def keeps_to_the_document(case):
            # Uncompressed: schemathesis's WSGI client, unlike an HTTP client, does not unpack gzip.
            case.call_and_validate(headers={"Host": "127.0.0.1", "Accept-Encoding": "identity"})

        try:
            keeps_to_the_document()
        except Unsatisfiable:
            # A detail's only parameter is its key in the path: any value that breaks the
            # key's pattern is another address, so no invalid request can be made of it.
            assert mode is GenerationMode.NEGATIVE and "{" in path, path
