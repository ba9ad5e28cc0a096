"""Public pages as readers see them: what each shows, what it hides, and how it answers bad addresses."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from milestones.models import Status
from programmes.models import Country
from tests.factories import (
    BulletinFactory,
    ContributionFactory,
    CountryFactory,
    EventFactory,
    EventOrganisationFactory,
    FacilityFactory,
    FacilityFundingFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    QuoteFactory,
    ResultFactory,
    StoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- Stories --------------------------------------------------------------------------------


def test_story_shows_its_quotes_with_speaker_name_and_position(client):
    person = PersonFactory(name="Damir Sagynbaev", position="Head of the Department of Defense")
    story = StoryFactory(slug="karakol")
    QuoteFactory(story=story, person=person, text="The Kyrgyz Republic will continue strengthening cooperation")
    page = text(client.get("/news/karakol/"))
    assert "“The Kyrgyz Republic will continue strengthening cooperation”" in page
    assert "Damir Sagynbaev" in page
    assert "Head of the Department of Defense" in page


def test_story_shows_what_it_concerns(client):
    story = StoryFactory(slug="pcus")
    story.countries.add(CountryFactory(iso2="tj"))
    story.programmes.add(ProgrammeFactory(title="Container Control Programme"))
    story.facilities.add(FacilityFactory(name="Port Control Unit at Aktau seaport"))
    story.events.add(EventFactory(title="Opening of the Port Control Unit"))
    ResultFactory(story=story, value=Decimal("3"), value_qualifier="exact", unit="Port Control Units", label="opened")
    page = text(client.get("/news/pcus/"))
    for shown in (
        "Tajikistan",
        "Container Control Programme",
        "Port Control Unit at Aktau seaport",
        "Opening of the Port Control Unit",
        "Port Control Units",
        "Opened",
    ):
        assert shown in page


def test_story_body_markdown_is_rendered_and_script_is_removed(client):
    StoryFactory(slug="s", body="**Bold** move.\n\n<script>alert(1)</script>[link](javascript:alert(2))")
    page = client.get("/news/s/").content.decode()
    assert "<strong>Bold</strong>" in page
    assert "<script>alert(1)" not in page
    assert "javascript:alert" not in page


def test_story_carries_article_structured_data(client):
    StoryFactory(slug="s", title="New building for the State Service on Drug Control")
    page = client.get("/news/s/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "New building for the State Service on Drug Control"
    assert data["url"] == "http://testserver/news/s/"


def test_page_head_has_description_canonical_and_open_graph(client):
    StoryFactory(slug="s", standfirst="A new Port Control Unit opened at the seaport.")
    redirect = client.get("/news/s/?utm_source=x")  # a parameter the page does not read
    assert (redirect.status_code, redirect["Location"]) == (302, "/news/s/")
    page = client.get("/news/s/").content.decode()
    assert '<meta name="description" content="A new Port Control Unit opened at the seaport.">' in page
    assert '<link rel="canonical" href="http://testserver/news/s/">' in page
    assert '<meta property="og:type" content="article">' in page


def test_draft_story_is_not_found_by_the_public(client):
    StoryFactory(slug="draft", status=Status.DRAFT)
    assert client.get("/news/draft/").status_code == 404


def test_scheduled_story_is_not_found_until_its_time(client):
    StoryFactory(slug="later", published_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get("/news/later/").status_code == 404


def test_staff_who_may_change_stories_preview_a_draft_uncached(client):
    StoryFactory(slug="draft", status=Status.DRAFT)
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_story"))
    client.force_login(editor)
    response = client.get("/news/draft/")
    assert response.status_code == 200
    assert "Preview: this story is not public" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_staff_without_permission_do_not_see_drafts(client):
    StoryFactory(slug="draft", status=Status.DRAFT)
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/news/draft/").status_code == 404


def test_story_list_filters_by_country_programme_edition_and_year(client):
    uz, kz = CountryFactory(iso2="uz"), CountryFactory(iso2="kz")
    programme = ProgrammeFactory(slug="pca")
    edition = BulletinFactory(slug="2016")
    first = StoryFactory(title="First", bulletin=edition, position=1)
    first.countries.add(uz)
    first.programmes.add(ProgrammeFactory(parent=programme))
    second = StoryFactory(title="Second", published_at=timezone.make_aware(datetime.datetime(2015, 5, 1)))
    second.countries.add(kz)

    def titles(query):
        return sorted(story.title for story in client.get(f"/news/?{query}").context["stories"])

    assert titles("country=uz") == ["First"]
    assert titles("programme=pca") == ["First"]
    assert titles("bulletin=2016") == ["First"]
    assert titles("year=2015") == ["Second"]
    assert titles("country=kz&country=uz") == ["First", "Second"]


# --- Editions ------------------------------------------------------------------------------


def test_edition_lists_its_published_stories_in_order(client):
    edition = BulletinFactory(slug="edition")
    StoryFactory(title="Third", bulletin=edition, position=3)
    StoryFactory(title="First", bulletin=edition, position=1)
    StoryFactory(title="Draft", bulletin=edition, position=2, status=Status.DRAFT)
    page = text(client.get("/bulletins/edition/"))
    assert page.index("First") < page.index("Third")
    assert "Draft" not in page


def test_home_shows_the_latest_editions_lead_story(client):
    edition = BulletinFactory(issue_date=datetime.date(2016, 12, 1))
    StoryFactory(title="The lead", bulletin=edition, position=1)
    StoryFactory(title="The second", bulletin=edition, position=2)
    response = client.get("/")
    assert response.context["lead_story"].title == "The lead"
    assert [story.title for story in response.context["stories"]] == ["The second"]


def events_by_country(response):
    return {
        country.iso2: [event.title for event in events] for country, events in response.context["events_by_country"]
    }


def test_home_shows_the_latest_three_main_events_of_each_covered_country(client):
    uz, kz = CountryFactory(iso2="uz"), CountryFactory(iso2="kz")
    spain = CountryFactory(iso2="es", region_role=Country.RegionRole.OTHER)
    for month in range(1, 6):
        EventFactory(title=f"Uzbekistan {month}", start_date=datetime.date(2016, month, 1)).countries.add(uz)
    main = EventFactory(title="Forum in Almaty", start_date=datetime.date(2016, 1, 1))
    main.countries.add(kz)
    EventFactory(title="Side event", parent=main, start_date=datetime.date(2016, 2, 1)).countries.add(kz)
    EventFactory(title="Draft", status=Status.DRAFT, start_date=datetime.date(2016, 9, 1)).countries.add(kz)
    EventFactory(title="Study visit to Madrid", start_date=datetime.date(2016, 6, 1)).countries.add(spain, uz)
    shown = events_by_country(client.get("/"))
    assert list(shown) == ["kz", "uz"]  # covered countries, by name; Spain is not one
    assert shown["kz"] == ["Forum in Almaty"]
    assert shown["uz"] == ["Study visit to Madrid", "Uzbekistan 5", "Uzbekistan 4"]


def test_home_shows_a_quiet_countrys_latest_events_however_busy_the_others_are(client):
    """The newest events of the region are read in one walk; a country with none among them
    still shows its own latest three."""
    uz, tm = CountryFactory(iso2="uz"), CountryFactory(iso2="tm")
    for number in range(70):
        EventFactory(title=f"Uzbekistan {number}", start_date=datetime.date(2020, 1, 1)).countries.add(uz)
    # Same day: the latest created (the highest id) come first, as on the events list.
    for year in (2010, 2011, 2012, 2013):
        EventFactory(title=f"Turkmenistan {year}", start_date=datetime.date(year, 6, 1)).countries.add(tm)
    shown = events_by_country(client.get("/"))
    assert shown["tm"] == ["Turkmenistan 2013", "Turkmenistan 2012", "Turkmenistan 2011"]
    assert shown["uz"] == ["Uzbekistan 69", "Uzbekistan 68", "Uzbekistan 67"]


# --- Events, facilities, programmes, donors, countries --------------------------------------


def test_event_page_shows_its_organisations_and_their_roles(client):
    event = EventFactory(slug="training", participant_count=19)
    EventOrganisationFactory(event=event, organisation=OrganisationFactory(name="CARICC"), role_id="organiser")
    page = text(client.get("/events/training/"))
    assert "CARICC" in page
    assert "Organiser" in page
    assert "19" in page


def test_event_date_known_only_to_the_month_is_shown_so(client):
    EventFactory(slug="october", start_date=datetime.date(2016, 10, 1), date_precision="month")
    page = client.get("/events/october/").content.decode()
    assert '<time datetime="2016-10">October 2016</time>' in page


def test_facility_page_shows_place_border_status_and_funding(client):
    uz, af = CountryFactory(iso2="uz"), CountryFactory(iso2="af")
    facility = FacilityFactory(
        slug="blo",
        name="Border Liaison Office at Ayritom",
        kind="blo",
        country=uz,
        border_country=af,
        place="Ayritom",
        place_kind="border-crossing",
    )
    FacilityFundingFactory(facility=facility, amount=Decimal("10000000"), currency="KGS", amount_qualifier="more-than")
    page = text(client.get("/facilities/blo/"))
    assert "Uzbekistan–Afghanistan border" in page
    assert "More than 10,000,000 KGS" in page


def test_facility_list_filters(client):
    uz, tj = CountryFactory(iso2="uz"), CountryFactory(iso2="tj")
    FacilityFactory(name="BLO Oybek", kind="blo", country=uz, status="not-reported")
    FacilityFactory(name="PCU Dushanbe-2", kind="pcu", country=tj, status="operational")

    def names(query):
        return sorted(f.name for f in client.get(f"/facilities/?{query}").context["facilities"])

    assert names("country=tj") == ["PCU Dushanbe-2"]
    assert names("kind=blo") == ["BLO Oybek"]
    assert names("status=operational") == ["PCU Dushanbe-2"]
    assert names("kind=blo&kind=pcu") == ["BLO Oybek", "PCU Dushanbe-2"]
    assert client.get("/facilities/?kind=%3Cb%3E").status_code == 200


def test_programme_funding_table_shows_original_currency_and_usd(client):
    programme = ProgrammeFactory(slug="imt")
    ContributionFactory(
        programme=programme,
        donor=OrganisationFactory(name="Government of Japan"),
        amount=Decimal("263000000"),
        currency="JPY",
        amount_usd=Decimal("2500000"),
        amount_usd_qualifier="approximately",
    )
    page = text(client.get("/programmes/imt/"))
    assert "Government of Japan" in page
    assert "263,000,000 JPY" in page
    assert "approximately 2,500,000" in page


def test_programme_page_includes_funding_of_its_sub_programmes(client):
    parent = ProgrammeFactory(slug="pca")
    child = ProgrammeFactory(parent=parent, short_title="Interagency Mobile Teams")
    ContributionFactory(programme=child, donor=OrganisationFactory(name="Government of Japan"))
    page = text(client.get("/programmes/pca/"))
    assert "Government of Japan" in page
    assert "Interagency Mobile Teams" in page


def test_donor_page_lists_contributions_and_components(client):
    donor = OrganisationFactory(slug="russia", name="Government of the Russian Federation")
    FacilityFundingFactory(facility=FacilityFactory(name="Karakol building")).component_donors.add(donor)
    ContributionFactory(donor=donor, amount=None, currency="", amount_usd=None, amount_usd_qualifier="exact")
    page = text(client.get("/donors/russia/"))
    assert "Karakol building" in page
    assert "not reported" in page


def test_organisation_page_has_a_side_column_only_with_something_in_it(client):
    lonely = OrganisationFactory(slug="lonely")
    with_people = OrganisationFactory(slug="with-people")
    QuoteFactory(person=PersonFactory(name="Ashita Mittal", organisation=with_people))
    assert "<aside" not in client.get("/organisations/lonely/").content.decode()
    page = client.get("/organisations/with-people/").content.decode()
    assert '<aside aria-label="Related">' in page and "Ashita Mittal" in page
    assert lonely.name in client.get("/organisations/").content.decode()


def test_person_page_says_which_link_is_the_story_and_which_the_event(client):
    event = EventFactory(title="Sixth Expert Forum")
    story = StoryFactory(title="Sixth Expert Forum")
    QuoteFactory(story=story, event=event, person=PersonFactory(slug="speaker"), text="Justice for all.")
    caption = re.sub(r"<[^>]+>", "", text(client.get("/people/speaker/")))
    assert "Story: Sixth Expert Forum · Event: Sixth Expert Forum" in caption


def test_person_page_breadcrumb_leads_to_their_organisation(client):
    organisation = OrganisationFactory(name="UNODC Regional Office for Central Asia", acronym="ROCA", slug="unodc-roca")
    QuoteFactory(person=PersonFactory(name="Ashita Mittal", slug="ashita-mittal", organisation=organisation))
    page = client.get("/people/ashita-mittal/").content.decode()
    breadcrumb = page.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert '<a href="/organisations/unodc-roca/">ROCA</a>' in breadcrumb
    assert '<li aria-current="page">Ashita Mittal</li>' in breadcrumb


def test_organisation_page_names_only_people_named_in_published_stories(client):
    organisation = OrganisationFactory(slug="customs")
    QuoteFactory(person=PersonFactory(name="Quoted Publicly", organisation=organisation))
    draft = StoryFactory(status=Status.DRAFT, published_at=None)
    QuoteFactory(person=PersonFactory(name="Only In A Draft", organisation=organisation), story=draft)
    page = client.get("/organisations/customs/").content.decode()
    assert "Quoted Publicly" in page and "Only In A Draft" not in page


def test_organisation_that_funds_nothing_has_no_donor_page(client):
    OrganisationFactory(slug="ngo")
    assert client.get("/donors/ngo/").status_code == 404
    assert client.get("/organisations/ngo/").status_code == 200


def test_organisations_list_has_one_heading_per_kind_in_the_editors_order(client):
    from programmes.models import Organisation

    Kind = Organisation.Kind
    for name, kind in [
        ("Asia Foundation", Kind.NGO),
        ("Border Guard", Kind.NATIONAL_AGENCY),
        ("CARICC", Kind.INTERGOVERNMENTAL),
        ("Drug Control Agency", Kind.NATIONAL_AGENCY),
        ("Eurasian Group", Kind.INTERGOVERNMENTAL),
        ("Government of Japan", Kind.GOVERNMENT),
    ]:
        OrganisationFactory(name=name, kind=kind)
    page = client.get("/organisations/").content.decode()
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings == [
        "Government",
        "Ministry, agency or court",
        "Intergovernmental organisation",
        "Non-governmental organisation",
    ]
    agencies = page.split("<h2>Ministry, agency or court</h2>")[1].split("<h2>")[0]
    assert agencies.index("Border Guard") < agencies.index("Drug Control Agency")


def test_countries_list_heads_each_group_of_countries_in_the_plural(client):
    CountryFactory(iso2="uz", region_role=Country.RegionRole.COVERED)
    CountryFactory(iso2="af", region_role=Country.RegionRole.NEIGHBOUR)
    CountryFactory(iso2="ir", region_role=Country.RegionRole.NEIGHBOUR)
    page = client.get("/countries/").content.decode()
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings == ["Covered by the Regional Office", "Neighbours the programmes involve"]


def test_every_region_role_has_a_heading_for_the_countries_list():
    assert set(Country.REGION_HEADINGS) == set(Country.RegionRole)


def test_country_page_gathers_stories_events_facilities_and_figures(client):
    tj = CountryFactory(iso2="tj")
    StoryFactory(title="Story in Tajikistan").countries.add(tj)
    EventFactory(title="Held in Tajikistan", host_country=tj)
    FacilityFactory(name="PCU Nizhniy Pyanj", country=tj)
    ResultFactory(label="opened in Tajikistan").countries.add(tj)
    page = text(client.get("/countries/tj/"))
    for shown in ("Story in Tajikistan", "Held in Tajikistan", "PCU Nizhniy Pyanj", "kg opened in Tajikistan"):
        assert shown in page


def test_country_address_in_capitals_redirects_to_lower_case(client):
    CountryFactory(iso2="uz")
    response = client.get("/countries/UZ/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/uz/"


@pytest.mark.parametrize(
    "path",
    [
        "/countries/xx/",
        "/countries/uzb/",
        "/news/no-such-story/",
        "/events/%3Cb%3E/",
        "/programmes/nothing/",
        "/facilities/nothing/",
        "/donors/nothing/",
        "/bulletins/nothing/",
        "/people/nobody/",
    ],
)
def test_unknown_addresses_are_not_found_with_the_sites_navigation(client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert 'aria-label="Main"' in page
    assert "Page not found" in page


def test_programme_page_covers_the_events_facilities_and_figures_of_its_sub_programmes(client):
    parent = ProgrammeFactory(slug="pca")
    child = ProgrammeFactory(parent=parent)
    EventFactory(title="Opening in Karakol").programmes.add(child)
    FacilityFactory(name="Karakol building", programme=child)
    ResultFactory(label="trained in Bishkek", programme=child)
    page = text(client.get("/programmes/pca/"))
    for shown in ("Opening in Karakol", "Karakol building", "kg trained in Bishkek"):
        assert shown in page


def test_programme_page_leaves_out_other_programmes_events(client):
    ProgrammeFactory(slug="pca")
    EventFactory(title="Another programme's training").programmes.add(ProgrammeFactory())
    assert "Another programme's training" not in text(client.get("/programmes/pca/")).replace("&#x27;", "'")


def test_country_page_leaves_out_other_countries(client):
    CountryFactory(iso2="tj")
    kz = CountryFactory(iso2="kz")
    EventFactory(title="Held in Kazakhstan", host_country=kz)
    StoryFactory(title="About Kazakhstan").countries.add(kz)
    page = text(client.get("/countries/tj/"))
    assert "Held in Kazakhstan" not in page and "About Kazakhstan" not in page


def test_a_published_story_does_not_reveal_its_draft_edition(client):
    edition = BulletinFactory(title="Next edition, not out yet", status=Status.DRAFT, published_at=None)
    StoryFactory(slug="early", bulletin=edition, position=1)
    page = client.get("/news/early/").content.decode()
    assert "Next edition, not out yet" not in page


def test_a_side_event_does_not_reveal_its_draft_main_event(client):
    main = EventFactory(title="Forum still in draft", status=Status.DRAFT, published_at=None)
    EventFactory(slug="side", parent=main, kind_id="side-event")
    assert "Forum still in draft" not in client.get("/events/side/").content.decode()


def test_an_edition_without_a_date_is_not_the_latest(client):
    BulletinFactory(title="Undated edition", issue_date=None)
    BulletinFactory(title="December edition", issue_date=datetime.date(2016, 12, 1))
    assert client.get("/").context["bulletin"].title == "December edition"
