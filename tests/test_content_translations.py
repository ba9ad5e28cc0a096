"""Content in Russian beside the English (issue 17, items 3, 4 and 8): what readers get on each
language's pages, the translation's state editors see, and the standard names the seed has."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import set_script_prefix

from milestones.models import EventKind, Story
from programmes.models import Country, GlossaryTerm, Organisation, Theme
from tests.factories import (
    BulletinFactory,
    CountryFactory,
    EventFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    QuoteFactory,
    ResultFactory,
    StoryFactory,
    UserFactory,
)
from tests.milestones.test_editorial_workflow import edit_form
from unodc_portal.translations import TranslationState, reading_in

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def translated_story(**fields):
    texts = {
        "title": "New Port Control Unit opened in Aktau",
        "title_ru": "В Актау открыто новое подразделение портового контроля",
        "standfirst": "A new unit opened at the seaport.",
        "standfirst_ru": "В морском порту открылось новое подразделение.",
        "body": "The unit was renovated and equipped.",
        "body_ru": "Подразделение отремонтировано и оснащено.",
    }
    return StoryFactory(**{**texts, **fields})


@pytest.fixture
def publisher_client(client):
    user = UserFactory(username="publisher", is_staff=True)
    user.groups.add(Group.objects.get(name="Publisher"))
    client.force_login(user)
    return client


# --- What readers get ---------------------------------------------------------------------------


def test_a_translated_story_reads_in_russian_under_ru_and_in_english_at_its_own_address(client):
    story = translated_story()
    russian = text(client.get(f"/ru{story.get_absolute_url()}"))
    assert "В Актау открыто новое подразделение портового контроля" in russian
    assert "<p>Подразделение отремонтировано и оснащено.</p>" in russian
    assert "New Port Control Unit opened in Aktau" not in russian
    english = text(client.get(story.get_absolute_url()))
    assert "New Port Control Unit opened in Aktau" in english
    assert "Актау" not in english


def test_a_story_translated_in_part_reaches_russian_readers_in_english_not_as_a_mixture(client):
    story = StoryFactory(title="Training in Dushanbe", title_ru="Тренинг в Душанбе", body="Officers were trained.")
    assert story.translation_state("ru") == TranslationState.MISSING
    page = text(client.get(f"/ru{story.get_absolute_url()}"))
    assert "Training in Dushanbe" in page and "Officers were trained." in page
    assert "Тренинг в Душанбе" not in page


def test_lists_in_russian_keep_items_that_have_no_translation(client):
    translated_story(slug="translated")
    StoryFactory(title="Only in English", slug="only-in-english")
    page = text(client.get("/ru/news/"))
    assert "В Актау открыто новое подразделение портового контроля" in page
    assert "Only in English" in page


def test_a_name_reads_in_russian_as_soon_as_it_is_translated(client):
    """Names are shown translated one by one: a programme's Russian title before its description."""
    programme = ProgrammeFactory(
        title="Programme for Central Asia", title_ru="Программа для Центральной Азии", description="Long text."
    )
    assert programme.translation_state("ru") == TranslationState.MISSING
    page = text(client.get(f"/ru{programme.get_absolute_url()}"))
    assert "Программа для Центральной Азии" in page
    assert "Long text." in page


def test_filter_options_are_named_in_the_readers_language(client):
    CountryFactory(iso2="uz", name="Uzbekistan", name_ru="Узбекистан")
    EventFactory(title="Training in Tashkent", host_country=Country.objects.get(iso2="uz"), kind_id="training")
    russian = client.get("/ru/events/")
    facets = {facet.name: facet for facet in russian.context["facets"]}
    assert ("uz", "Узбекистан") in [(option.value, option.label) for option in facets["country"].options]
    assert ("training", "Тренинг") in [(option.value, option.label) for option in facets["kind"].options]
    english = client.get("/events/")
    facets = {facet.name: facet for facet in english.context["facets"]}
    assert ("uz", "Uzbekistan") in [(option.value, option.label) for option in facets["country"].options]


def test_reading_russian_never_writes_it_into_the_english_columns():
    story = translated_story()
    with reading_in("ru"):
        read = Story.objects.select_related("bulletin").get(pk=story.pk)
        assert read.title == "В Актау открыто новое подразделение портового контроля"
        with pytest.raises(ValueError, match="load it afresh"):
            read.save()
    Story.objects.get(pk=story.pk).save()  # read outside a Russian page: saved as it is
    stored = Story.objects.values("title", "title_ru").get(pk=story.pk)
    assert stored == {
        "title": "New Port Control Unit opened in Aktau",
        "title_ru": "В Актау открыто новое подразделение портового контроля",
    }


def test_a_russian_list_costs_the_same_queries_as_the_english_one(client):
    for n in range(3):
        translated_story(slug=f"story-{n}")
    client.get("/news/")
    client.get("/ru/news/")  # options and counts remembered for each language
    with CaptureQueriesContext(connection) as english:
        client.get("/news/?page=1", HTTP_COOKIE="sessionid=x")
    with CaptureQueriesContext(connection) as russian:
        client.get("/ru/news/?page=1", HTTP_COOKIE="sessionid=x")
    assert len(russian) == len(english)


# --- The translation's state -----------------------------------------------------------------


def test_a_translation_is_up_to_date_then_out_of_date_when_the_english_changes():
    story = translated_story()
    assert story.translation_state("ru") == TranslationState.UP_TO_DATE
    story.title = "New Port Control Unit opened at the Aktau seaport"
    story.save()
    assert story.translation_state("ru") == TranslationState.OUT_OF_DATE
    # Still shown to Russian readers: the best Russian there is.
    assert story.has_translation("ru")
    # The editor brings the changed text up to date and says the translation stands.
    story.title_ru = "В морском порту Актау открыто новое подразделение портового контроля"
    story.confirmed_translations = {"ru"}
    story.save()
    assert story.translation_state("ru") == TranslationState.UP_TO_DATE


def test_the_admin_shows_the_state_and_an_editor_can_say_the_translation_still_stands(publisher_client):
    story = translated_story(status="draft", published_at=None)
    page = text(publisher_client.get(f"/admin/milestones/story/{story.pk}/change/"))
    assert "Russian" in page and "up to date" in page
    assert 'name="title_ru"' in page and 'name="body_ru"' in page

    publisher_client.post(
        f"/admin/milestones/story/{story.pk}/change/", edit_form(story, title="New Port Control Unit in Aktau")
    )
    story.refresh_from_db()
    assert story.translation_state("ru") == TranslationState.OUT_OF_DATE

    publisher_client.post(
        f"/admin/milestones/story/{story.pk}/change/",
        edit_form(story, translation_still_current_ru="on", **russian_fields(story)),
    )
    story.refresh_from_db()
    assert story.translation_state("ru") == TranslationState.UP_TO_DATE


def russian_fields(story):
    return {
        name: getattr(story, name) for name in Story.translations_of(*Story.translated_texts) if name.endswith("_ru")
    }


def test_the_admin_lists_filter_by_translation_state(publisher_client):
    translated_story(title="Translated one", slug="translated-one")  # its Russian title is the default
    StoryFactory(title="Untranslated one", slug="untranslated-one")
    up_to_date = text(publisher_client.get("/admin/milestones/story/?translation_state_ru__exact=up-to-date"))
    missing = text(publisher_client.get("/admin/milestones/story/?translation_state_ru__exact=missing"))
    assert "Translated one" in up_to_date and "Untranslated one" not in up_to_date
    assert "Untranslated one" in missing and "Translated one" not in missing


def test_the_glossary_is_shown_beside_the_translation_fields(publisher_client):
    story = translated_story()
    page = text(publisher_client.get(f"/admin/milestones/story/{story.pk}/change/"))
    assert 'Border Liaison Office (BLO) — <span lang="ru">Офис пограничного взаимодействия (ОПВ)</span>' in page


# --- The seed: standard names only ---------------------------------------------------------------


def test_the_seed_has_standard_russian_names_and_no_invented_article_text(seed):
    assert Country.objects.get(iso2="kg").name_ru == "Кыргызстан"
    assert Organisation.objects.get(slug="unodc").acronym_ru == "УНП ООН"
    assert Theme.objects.get(slug="criminal-justice").name_ru == "Уголовное правосудие"
    assert EventKind.objects.get(slug="study-visit").name_ru == "Ознакомительный визит"
    assert GlossaryTerm.objects.filter(english="Port Control Unit (PCU)").exists()
    assert not Story.objects.exclude(title_ru="").exists()
    assert not Story.objects.exclude(translation_state_ru=TranslationState.MISSING).exists()


# --- Marked for readers and their tools ------------------------------------------------------


def test_an_untranslated_story_is_marked_english_with_a_note_in_russian(client):
    story = StoryFactory(title="Training in Dushanbe", standfirst="Officers were trained.")
    page = text(client.get(f"/ru{story.get_absolute_url()}"))
    assert '<h1 lang="en">Training in Dushanbe</h1>' in page
    assert '<p class="lead" lang="en">Officers were trained.</p>' in page
    assert "Этот материал доступен только на английском языке." in page
    card = text(client.get("/ru/news/"))
    assert 'class="card__title" lang="en"><a href="/ru/news/' in card
    assert '<span class="label label--language">на английском</span>' in card


def test_a_translated_story_carries_no_english_marks_in_russian_nor_in_english(client):
    story = translated_story()
    for address in (f"/ru{story.get_absolute_url()}", story.get_absolute_url(), "/ru/news/", "/news/"):
        page = text(client.get(address))
        assert 'lang="en">' not in page.split("</header>", 1)[1].split("<footer", 1)[0], address
        assert "label--language" not in page and "note--language" not in page


def test_structured_data_names_the_language_the_reader_gets(client):
    story = StoryFactory(title="Training in Dushanbe")
    event = EventFactory(title="Training in Dushanbe")

    def ld(address):
        page = client.get(address).content.decode()
        return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))

    assert ld(story.get_absolute_url())["inLanguage"] == "en"
    assert ld(f"/ru{story.get_absolute_url()}")["inLanguage"] == "en"  # not translated yet
    translated = translated_story(slug="translated")
    assert ld(f"/ru{translated.get_absolute_url()}")["inLanguage"] == "ru"
    assert ld(f"/ru{event.get_absolute_url()}")["inLanguage"] == "en"


def test_the_home_pages_edition_lead_story_figures_and_events_are_marked_english_until_translated(client):
    edition = BulletinFactory(title="Milestones: September–December 2016")
    lead = StoryFactory(
        title="Japan funds mobile teams", standfirst="A grant was signed.", bulletin=edition, position=1
    )
    ResultFactory(story=lead, label="narcotic substances seized", unit="kg")
    EventFactory(title="Forum in Tashkent").countries.add(CountryFactory(iso2="uz"))
    page = text(client.get("/ru/"))
    assert '<h1 lang="en">Milestones: September–December 2016</h1>' in page
    assert '<span class="label label--language">на английском</span>' in page.split('class="lead-story"', 1)[1]
    assert '<h2 class="lead-story__title" lang="en"><a' in page
    assert '<p class="lead" lang="en">A grant was signed.</p>' in page
    assert '<span class="figure__unit" lang="en">kg</span>' in page
    assert '<span class="figure__label" lang="en">Narcotic substances seized</span>' in page
    assert re.search(r'<a href="/ru/events/[^"]+" lang="en">Forum in Tashkent</a>', page)
    english = text(client.get("/"))
    assert 'lang="en">' not in english.split("</header>", 1)[1].split("<footer", 1)[0]


def test_texts_that_have_no_translation_are_marked_english_in_a_translated_story(client):
    """A source note, a byline and an unnamed speaker have no Russian column: they stay English."""
    story = translated_story(source_note="Spelling corrected from the printed text.", byline="By the regional office")
    QuoteFactory(story=story, person=None, text="We know what to look for.", attribution="A customs officer")
    page = text(client.get(f"/ru{story.get_absolute_url()}"))
    assert '<p class="byline" lang="en">By the regional office</p>' in page
    assert '<span lang="en">Spelling corrected from the printed text.</span>' in page
    assert '<blockquote lang="en"><p>“We know what to look for.”</p></blockquote>' in page
    assert '<span class="quote__speaker" lang="en">A customs officer</span>' in page
    english = text(client.get(story.get_absolute_url()))
    assert 'lang="en">' not in english.split("</header>", 1)[1].split("<footer", 1)[0]


def test_a_programme_is_marked_english_where_a_page_names_it_until_its_name_is_translated(client):
    story = translated_story()
    story.programmes.add(
        ProgrammeFactory(title="Container Control Programme", slug="ccp"),
        ProgrammeFactory(title="Programme for Central Asia", short_title="PCA", short_title_ru="ПЦА", slug="pca"),
    )
    page = text(client.get(f"/ru{story.get_absolute_url()}"))
    assert '<a href="/ru/programmes/ccp/" lang="en">Container Control Programme</a>' in page
    assert '<a href="/ru/programmes/pca/">ПЦА</a>' in page


# --- After the review ----------------------------------------------------------------------------


def test_the_language_switch_keeps_the_prefix_the_site_is_served_under(client):
    """Behind a proxy that serves the portal under /portal/ (SCRIPT_NAME, which Django's WSGI
    handler sets as the script prefix; the test client does not)."""
    set_script_prefix("/portal/")
    try:
        english = client.get("/events/", SCRIPT_NAME="/portal")
        versions = {version["code"]: version["url"] for version in english.context["language_versions"]}
        assert versions == {"en": "/portal/events/", "ru": "/portal/ru/events/"}
        russian = client.get("/ru/events/", {"kind": "training"}, SCRIPT_NAME="/portal")
        versions = {version["code"]: version["url"] for version in russian.context["language_versions"]}
        assert versions == {"en": "/portal/events/?kind=training", "ru": "/portal/ru/events/?kind=training"}
    finally:
        set_script_prefix("/")


def test_the_language_switch_keeps_an_address_escaped(client):
    page = client.get("/ru/a%3Fb/")
    versions = {version["code"]: version["url"] for version in page.context["language_versions"]}
    assert versions["en"] == "/a%3Fb/"


def test_mending_one_russian_text_keeps_an_out_of_date_translation_on_the_list():
    story = translated_story()
    story.body = "The unit was renovated, equipped and staffed."
    story.save()
    assert story.translation_state("ru") == TranslationState.OUT_OF_DATE
    story.title_ru = "В Актау открылось новое подразделение портового контроля"  # not the changed text
    story.save()
    assert story.translation_state("ru") == TranslationState.OUT_OF_DATE
    story.body_ru = "Подразделение отремонтировано, оснащено и укомплектовано."
    story.confirmed_translations = {"ru"}
    story.save()
    assert story.translation_state("ru") == TranslationState.UP_TO_DATE


def test_a_translation_finished_over_two_saves_is_up_to_date():
    story = StoryFactory(title="Training", standfirst="Officers trained.", body="", title_ru="Тренинг")
    assert story.translation_state("ru") == TranslationState.MISSING
    story.standfirst_ru = "Офицеры прошли обучение."
    story.save()
    assert story.translation_state("ru") == TranslationState.UP_TO_DATE


def test_line_ends_sent_by_a_browser_change_nothing():
    story = translated_story(body="First paragraph.\n\nSecond.", body_ru="Первый абзац.\n\nВторой.")
    story.body = "First paragraph.\r\n\r\nSecond.  "
    story.body_ru = "Первый абзац.\r\n\r\nВторой."
    story.save()
    assert story.translation_state("ru") == TranslationState.UP_TO_DATE
    assert story.translation_source_ru == Story.objects.get(pk=story.pk).translation_source_ru


def test_a_row_with_no_text_has_nothing_to_translate():
    place = EventFactory().places.create(country=CountryFactory(iso2="kz"), city="", venue="")
    assert place.translation_state("ru") == TranslationState.UP_TO_DATE


def test_a_quote_keeps_the_speakers_position_in_both_languages():
    person = PersonFactory(position="Head of unit", position_ru="Начальник подразделения")
    quote = QuoteFactory(person=person, text="We learned a lot.", text_ru="Мы многому научились.")
    person.position, person.position_ru = "Director", "Директор"
    person.save()
    quote.refresh_from_db()
    assert (quote.position_at_the_time, quote.position_at_the_time_ru) == ("Head of unit", "Начальник подразделения")
    assert quote.translation_state("ru") == TranslationState.UP_TO_DATE


def test_a_text_loaded_later_on_a_russian_page_comes_in_the_items_language():
    story = translated_story()
    with reading_in("ru"):
        read = Story.objects.defer("standfirst").get(pk=story.pk)
        assert read.standfirst == "В морском порту открылось новое подразделение."
        english = Story.objects.defer("standfirst").get(pk=StoryFactory(standfirst="Only English.").pk)
        assert english.standfirst == "Only English."
    fresh = Story.objects.get(pk=story.pk)
    with reading_in("ru"):
        fresh.refresh_from_db()
    assert fresh.title == "New Port Control Unit opened in Aktau"
    fresh.save()  # read in English: may be saved


def test_russian_quotations_take_russian_marks_and_english_ones_stay_english(client):
    story = translated_story()
    QuoteFactory(story=story, text="We know what to look for.", text_ru="Мы знаем, что искать.")
    QuoteFactory(story=story, text="Only in English.")
    russian = text(client.get(f"/ru{story.get_absolute_url()}"))
    assert "<blockquote><p>«Мы знаем, что искать.»</p></blockquote>" in russian
    assert '<blockquote lang="en"><p>“Only in English.”</p></blockquote>' in russian
    english = text(client.get(story.get_absolute_url()))
    assert "<blockquote><p>“We know what to look for.”</p></blockquote>" in english


def test_russian_lists_are_in_the_order_of_the_russian_names(client):
    CountryFactory(iso2="af", name="Afghanistan", name_ru="Афганистан")
    CountryFactory(iso2="az", name="Azerbaijan", name_ru="Азербайджан")
    CountryFactory(iso2="kz", name="Kazakhstan", name_ru="Казахстан")
    ProgrammeFactory(title="Alpha programme", title_ru="Программа Я", slug="alpha")
    ProgrammeFactory(title="Zeta programme", title_ru="Программа А", slug="zeta")
    russian = [country.iso2 for group in client.get("/ru/countries/").context["country_groups"] for country in group[1]]
    english = [country.iso2 for group in client.get("/countries/").context["country_groups"] for country in group[1]]
    assert russian == ["az", "af", "kz"] and english == ["af", "az", "kz"]
    assert [p.slug for p in client.get("/ru/programmes/").context["programmes"]] == ["zeta", "alpha"]
    assert [p.slug for p in client.get("/programmes/").context["programmes"]] == ["alpha", "zeta"]
    OrganisationFactory(name="Agency of Alpha", name_ru="Ягодное агентство", slug="alpha-agency")
    OrganisationFactory(name="Zeta Service", name_ru="Агентство Зета", slug="zeta-service")
    ours = {"alpha-agency", "zeta-service"}
    russian = [o.slug for o in client.get("/ru/organisations/").context["organisations"] if o.slug in ours]
    english = [o.slug for o in client.get("/organisations/").context["organisations"] if o.slug in ours]
    assert russian == ["zeta-service", "alpha-agency"] and english == ["alpha-agency", "zeta-service"]
