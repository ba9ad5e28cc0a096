"""Uploaded images: checked for real, cleaned of metadata, and resized for the page.

An upload must decode as a JPEG, PNG or WebP within the size and pixel limits; anything else is
refused with a message that says why. The file kept is re-encoded from the pixels alone, after
turning it upright by its EXIF orientation, so no EXIF, GPS position, camera serial or comment
survives. Renditions in a few widths (WebP, with JPEG for older browsers) feed `srcset`.
"""

import io
import uuid
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_FORMATS = {"webp": "WEBP", "jpg": "JPEG"}
JPEG_QUALITY = 85
WEBP_QUALITY = 80


def cleaned_upload(upload):
    """A metadata-free copy of an uploaded image, or ValidationError saying what is wrong."""
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; images can be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            kind = image.format
            if kind not in FORMATS:
                raise ValidationError(
                    _("This is a %(kind)s file; upload a JPEG, PNG or WebP image."),
                    code="format",
                    params={"kind": kind},
                )
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _("The image is %(width)s × %(height)s pixels; the limit is %(limit)s million pixels."),
                    code="too_many_pixels",
                    params={"width": width, "height": height, "limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The image is too large to open safely."), code="too_many_pixels") from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not an image we can read; upload a JPEG, PNG or WebP image."), code="not_an_image"
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The image file is damaged or incomplete; save it again from the original and upload that."),
            code="damaged",
        ) from None
    upright = ImageOps.exif_transpose(image)
    return ContentFile(_encode(upright, kind), name=f"{uuid.uuid4().hex}.{FORMATS[kind]}")


def _encode(image, kind):
    """The pixels alone, in the given format: no EXIF, XMP, ICC profile or comments.

    A new image built from the raw pixels carries no `info`, so Pillow has no metadata to
    write back, whatever the format's defaults.
    """
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "L" if image.mode == "L" else "RGBA" if has_alpha and kind != "JPEG" else "RGB"
    image = image.convert(mode)
    pixels = Image.frombytes(mode, image.size, image.tobytes())
    options = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 90}}
    buffer = io.BytesIO()
    pixels.save(buffer, format=kind, **options[kind])
    return buffer.getvalue()


def rendition_widths(original_width):
    """The widths made for an image: the standard ones below its own width, and its own width
    (up to the largest standard one) so that the sharpest copy is never upscaled."""
    if not original_width:
        return []
    widths = [width for width in RENDITION_WIDTHS if width < original_width]
    return [*widths, min(original_width, RENDITION_WIDTHS[-1])]


def rendition_name(name, width, extension):
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-{width}w.{extension}"))


def rendition_names(name, original_width):
    return [
        rendition_name(name, width, extension)
        for width in rendition_widths(original_width)
        for extension in RENDITION_FORMATS
    ]


def make_renditions(name, *, storage=default_storage):
    """Write every rendition of a stored image; returns their names."""
    with storage.open(name) as stored:
        image = Image.open(stored)
        image.load()
    written = []
    for width in rendition_widths(image.width):
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        for extension, kind in RENDITION_FORMATS.items():
            copy = resized.convert("RGB") if kind == "JPEG" and resized.mode != "RGB" else resized
            buffer = io.BytesIO()
            quality = JPEG_QUALITY if kind == "JPEG" else WEBP_QUALITY
            copy.save(buffer, format=kind, quality=quality, optimize=kind == "JPEG")
            target = rendition_name(name, width, extension)
            if storage.exists(target):
                storage.delete(target)
            written.append(storage.save(target, ContentFile(buffer.getvalue())))
    return written


def delete_image_files(name, original_width, *, storage=default_storage):
    """Remove an image and its renditions, so that a replaced or deleted image leaves no file behind."""
    if not name:
        return
    for target in [name, *rendition_names(name, original_width)]:
        if storage.exists(target):
            storage.delete(target)


def srcset(name, original_width, extension, *, storage=default_storage):
    """The `srcset` value for one format: 'url 480w, url 800w, ...'."""
    return ", ".join(
        f"{storage.url(rendition_name(name, width, extension))} {width}w" for width in rendition_widths(original_width)
    )
