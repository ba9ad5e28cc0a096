"""Pieces written once for every page that shows them: the breadcrumb trail
(includes/_breadcrumbs.html), a facet's checkboxes ({% facet_options %}) and the structured data
of detail pages."""

import json
import re

import pytest
from django.template import Context, Template

from tests.factories import EventFactory, PersonFactory, ProgrammeFactory, QuoteFactory
from unodc_portal.facets import Facet, FacetOption

pytestmark = pytest.mark.django_db


def breadcrumbs(page):
    return re.search(r'<nav class="container breadcrumbs".*?</nav>', page, re.S).group(0)


def test_event_page_breadcrumbs_lead_home_and_to_the_events(client):
    EventFactory(slug="forum", title="Sixth Expert Forum on Criminal Justice for Central Asia in Tashkent")
    assert breadcrumbs(client.get("/events/forum/").content.decode()) == (
        '<nav class="container breadcrumbs" aria-label="Breadcrumb"><ol>\n'
        '  <li><a href="/">Home</a></li>\n'
        '  <li><a href="/events/">Events</a></li>\n'
        '  <li aria-current="page">Sixth Expert Forum on Criminal Justice for Central …</li>\n'
        "</ol></nav>"
    )


def test_sub_programme_breadcrumbs_pass_through_its_parent(client):
    parent = ProgrammeFactory(slug="pca", title="Programme for Central Asia", short_title="")
    ProgrammeFactory(slug="sub", parent=parent, title="Sub-programme 1", short_title="")
    trail = breadcrumbs(client.get("/programmes/sub/").content.decode())
    assert '  <li><a href="/programmes/">Programmes</a></li>\n' in trail
    assert '  <li><a href="/programmes/pca/">Programme for Central Asia</a></li>\n' in trail
    assert trail.endswith('  <li aria-current="page">Sub-programme 1</li>\n</ol></nav>')


def test_person_without_an_organisation_has_a_trail_of_home_and_themselves(client):
    QuoteFactory(person=PersonFactory(slug="someone", name="Someone Else", organisation=None))
    assert breadcrumbs(client.get("/people/someone/").content.decode()) == (
        '<nav class="container breadcrumbs" aria-label="Breadcrumb"><ol>\n'
        '  <li><a href="/">Home</a></li>\n'
        '  <li aria-current="page">Someone Else</li>\n'
        "</ol></nav>"
    )


def test_list_pages_have_no_breadcrumbs(client):
    assert 'class="container breadcrumbs"' not in client.get("/events/").content.decode()


def test_event_page_carries_event_structured_data(client):
    EventFactory(slug="forum", title="Sixth Expert Forum")
    page = client.get("/events/forum/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert (data["@type"], data["name"], data["url"]) == (
        "Event",
        "Sixth Expert Forum",
        "http://testserver/events/forum/",
    )


def facet_options(facet):
    return Template("{% load portal %}{% facet_options facet %}").render(Context({"facet": facet}))


def test_facet_checkboxes_are_one_a_line_with_escaped_names_and_values():
    facet = Facet(
        "donor",
        "Donor",
        [
            FacetOption("mofat", "Ministry of <Foreign> Affairs & Trade", 2, True),
            FacetOption('a"b', "O'Neil", 1, False),
        ],
    )
    assert facet_options(facet) == (
        '<li class="filters__option"><input type="checkbox" name="donor" value="mofat" id="filter-donor-1" checked>'
        ' <label for="filter-donor-1">Ministry of &lt;Foreign&gt; Affairs &amp; Trade'
        ' <span class="filters__count">(2)</span></label></li>\n'
        '<li class="filters__option"><input type="checkbox" name="donor" value="a&quot;b" id="filter-donor-2">'
        ' <label for="filter-donor-2">O&#x27;Neil <span class="filters__count">(1)</span></label></li>'
    )


def test_facet_counts_are_written_as_plain_whole_numbers():
    facet = Facet("kind", "Type", [FacetOption("training", "Training", 12345, True)])
    assert '<span class="filters__count">(12345)</span>' in facet_options(facet)
