"""A story's Markdown body is converted once, when it is saved (issue 15, item 5): pages and
search read the stored HTML and plain text, and `manage.py rerender_bodies` repairs the rows
written without `Story.save()`."""

import io
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from milestones.models import Story, body_renderings
from tests.factories import BulletinFactory, StoryFactory

pytestmark = pytest.mark.django_db

BODY = "**Bold** move & more.\n\n<script>alert(1)</script>[UNODC](https://www.unodc.org/zebrafish)"


@contextmanager
def markdown_cannot_be_converted():
    """Any conversion of Markdown or sanitising of HTML fails while this is active."""

    def refuse(*args, **kwargs):
        raise AssertionError("Markdown converted while reading")

    with mock.patch("markdown.markdown", refuse), mock.patch("nh3.clean", refuse):
        yield


def rerender(*args):
    out = io.StringIO()
    call_command("rerender_bodies", *args, stdout=out)
    return out.getvalue()


def test_saving_a_story_stores_its_body_as_sanitised_html_and_plain_text():
    story = StoryFactory(body=BODY)
    story.refresh_from_db()
    assert "<strong>Bold</strong>" in story.body_html
    assert "<script>" not in story.body_html
    assert 'href="https://www.unodc.org/zebrafish"' in story.body_html
    assert story.body_text == "Bold move & more.\n\nUNODC"


def test_saving_only_the_body_stores_its_renderings_too():
    story = StoryFactory(body="Old words.")
    story.body = "*New* words."
    story.save(update_fields=["body"])
    story.refresh_from_db()
    assert (story.body_html, story.body_text) == ("<p><em>New</em> words.</p>", "New words.")


def test_saving_other_fields_does_not_convert_the_body():
    story = StoryFactory()
    story.title = "A new title"
    with markdown_cannot_be_converted():
        story.save(update_fields=["title"])


def test_story_page_shows_the_stored_html_without_converting_markdown(client):
    StoryFactory(slug="s", body=BODY)
    with markdown_cannot_be_converted():
        page = client.get("/news/s/").content.decode()
    assert '<div class="prose"><p><strong>Bold</strong> move &amp; more.</p>' in page
    assert "<script>alert(1)" not in page


def test_edition_page_shows_the_stored_html_without_converting_markdown(client):
    StoryFactory(bulletin=BulletinFactory(slug="e"), position=1, body=BODY)
    with markdown_cannot_be_converted():
        page = client.get("/bulletins/e/").content.decode()
    assert "<p><strong>Bold</strong> move &amp; more.</p>" in page


def test_search_snippets_read_the_stored_plain_text_without_converting_markdown(client):
    StoryFactory(standfirst="", body="The **Aktau** seaport unit.")
    with markdown_cannot_be_converted():
        results = client.get("/search/?q=aktau").context["results"]
    assert len(results) == 1 and "<p>The <mark>Aktau</mark> seaport unit.</p>" in results[0]


def test_search_does_not_find_words_only_in_a_links_address(client):
    StoryFactory(body=BODY)
    assert client.get("/search/?q=zebrafish").context["results"] == []
    assert len(client.get("/search/?q=unodc").context["results"]) == 1


def test_rerender_bodies_stores_the_renderings_of_bodies_written_with_update():
    story = StoryFactory(body="Old words.")
    Story.objects.filter(pk=story.pk).update(body="*New* words.")
    assert "Stored the body of 1 stories again" in rerender()
    story.refresh_from_db()
    assert (story.body_html, story.body_text) == body_renderings("*New* words.")


def test_rerender_bodies_check_fails_on_a_stale_row_and_changes_nothing():
    story = StoryFactory(body="Words.")
    Story.objects.filter(pk=story.pk).update(body_html="<p>Stale</p>")
    with pytest.raises(CommandError, match="1 stories have a stored body that differs"):
        rerender("--check")
    story.refresh_from_db()
    assert story.body_html == "<p>Stale</p>"


def test_rerender_bodies_check_passes_when_every_rendering_is_current():
    StoryFactory.create_batch(3)
    assert "matches its Markdown" in rerender("--check")


def test_rerender_bodies_stores_what_a_changed_sanitiser_makes_of_every_body():
    StoryFactory.create_batch(3, body="Plain words.")
    with mock.patch("milestones.models.render_markdown", lambda text: f"<div>{text}</div>"):
        assert "Stored the body of 3 stories again" in rerender()
        rerender("--check")
    assert set(Story.objects.values_list("body_html", flat=True)) == {"<div>Plain words.</div>"}


def test_rerender_bodies_ends_the_cached_pages_it_changes(client):
    story = StoryFactory(slug="s", body="Old words.")
    client.get("/news/s/")
    assert client.get("/news/s/")["X-Cache"] == "hit"
    Story.objects.filter(pk=story.pk).update(body="New words.")
    rerender()
    response = client.get("/news/s/")
    assert response["X-Cache"] == "miss" and "New words." in response.content.decode()


def test_the_seed_loaded_by_load_seed_has_every_body_rendered(seed):
    stories = Story.objects.all()
    assert stories and not stories.filter(body_html="") and not stories.filter(body_text="")
    assert Story.objects.rerender_bodies(check=True) == 0


def test_reloading_the_seed_renders_the_seeds_bodies_again(seed):
    story = Story.objects.get(position=1)
    story.body = "An editor's words."
    story.save()
    call_command("load_seed", "--force", verbosity=0)
    story.refresh_from_db()
    assert story.body != "An editor's words."
    assert (story.body_html, story.body_text) == body_renderings(story.body)


@pytest.mark.django_db(transaction=True)
def test_generate_demo_data_stores_the_renderings_of_its_bodies():
    small = ["--events", "50", "--stories", "30", "--programmes", "10", "--facilities", "20"]
    small += ["--organisations", "15", "--editions", "2"]
    call_command("generate_demo_data", *small, stdout=io.StringIO(), stderr=io.StringIO())
    assert Story.objects.count() == 30
    assert Story.objects.rerender_bodies(check=True) == 0
