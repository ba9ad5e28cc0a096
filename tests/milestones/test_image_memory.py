"""How much memory one image upload may take in a worker (security test, issue 14, item 7).

Each upload is processed in a fresh Python process, so that its peak resident memory is its own
and not the test runner's: the growth from the moment the upload is in memory to the end of what
the admin does with it (Django's form check, `cleaned_upload`, storing, `make_renditions`).
The peak is Linux's VmHWM, not `getrusage().ru_maxrss`: a child started by a large process (this
test runner, after making the pictures) reports the parent's peak as its own ru_maxrss.
"""

import io
import json
import math
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from milestones import images

# The most that processing one upload may add to a worker's resident memory, in MB. Measured when
# this bound was set: 217 MB for the RGBA PNG (in its renditions: Pillow premultiplies the alpha into
# a second full-size copy before resizing), 213 for the WebP and 186 for the turned JPEG. The code
# before it took 460, 438 and 442 MB for the same pictures, and let through 40-million-pixel ones
# (the limit then, for every format) that took 766 (PNG), 729 (JPEG) and 1,465 MB (WebP).
PEAK_BOUND_MB = 280

PROCESS = """
import json, sys
import django

django.setup()
from django import forms
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from milestones import images

def peak_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

path, media = sys.argv[1:]
with open(path, "rb") as handle:
    upload = SimpleUploadedFile(path.rsplit("/", 1)[-1], handle.read())
storage = FileSystemStorage(location=media)
before = peak_kib()
forms.ImageField().clean(upload)
name = storage.save("upload", images.cleaned_upload(upload))
renditions = images.make_renditions(name, storage=storage)
print(json.dumps({"peak_mb": (peak_kib() - before) / 1024, "renditions": len(renditions)}))
"""


def largest_allowed(kind):
    """The largest 3:2 picture (a camera's shape) within the pixel limit for its format."""
    height = math.isqrt(images.pixel_limit(kind) * 2 // 3)
    return height * 3 // 2, height


def encoded(image, kind, **options):
    buffer = io.BytesIO()
    image.save(buffer, format=kind, **options)
    return buffer.getvalue()


def worst_uploads():
    """The costliest picture of each format that the limits let through.

    RGBA is the widest mode for PNG and WebP. The JPEG carries EXIF orientation 6, as a camera held
    upright writes it, so it is turned, which holds two copies for a moment; its pixels are a
    gradient, as a photo's content changes the time taken but hardly the memory.
    """
    exif = Image.Exif()
    exif[0x0112] = 6
    yield "png", encoded(Image.new("RGBA", largest_allowed("PNG"), (0, 120, 200, 128)), "PNG")
    gradient = Image.linear_gradient("L").resize(largest_allowed("JPEG")).convert("RGB")
    yield "jpg", encoded(gradient, "JPEG", quality=90, exif=exif.tobytes())
    yield "webp", encoded(Image.new("RGBA", largest_allowed("WEBP"), (0, 120, 200, 128)), "WEBP", quality=90)


def test_the_largest_uploads_allowed_stay_under_the_memory_bound(tmp_path):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "unodc_portal.settings"}
    running = {}
    for extension, data in worst_uploads():
        path = tmp_path / f"largest.{extension}"
        path.write_bytes(data)
        (tmp_path / extension).mkdir()
        running[extension] = subprocess.Popen(
            [sys.executable, "-c", PROCESS, str(path), str(tmp_path / extension)],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    results = {}
    for extension, process in running.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results[extension] = json.loads(out)
    peaks = {extension: round(result["peak_mb"]) for extension, result in results.items()}
    assert max(peaks.values()) < PEAK_BOUND_MB, peaks
    # Every step ran: 480, 800, 1200 and 1600 wide, in WebP and JPEG.
    assert {result["renditions"] for result in results.values()} == {8}


def over_the_limit(kind, size):
    mode = "1" if kind == "PNG" else "RGB"  # "1": one bit a pixel, quick to make
    return SimpleUploadedFile("large", encoded(Image.new(mode, size), kind))


@pytest.mark.parametrize(
    ("kind", "size", "message"),
    [
        (
            "PNG",
            (6001, 4000),
            "The image is 6001 × 4000 pixels (24 million); images can have at most 24 million pixels, "
            "for example 6000 × 4000. Save a smaller copy and upload that",
        ),
        (
            "WEBP",
            (4243, 2829),
            "The image is 4243 × 2829 pixels (12 million); WebP images can have at most 12 million pixels, "
            "for example 4242 × 2828. Save a smaller copy, or save it as a JPEG, and upload that",
        ),
    ],
)
def test_a_picture_over_the_pixel_limit_is_refused_with_the_limit_in_words(kind, size, message):
    assert settings.IMAGE_MAX_PIXELS == 24_000_000
    with pytest.raises(ValidationError) as refused:
        images.cleaned_upload(over_the_limit(kind, size))
    assert refused.value.code == "too_many_pixels"
    assert message in refused.value.messages[0]
