"""Uploaded images: checked for real, cleaned of metadata, and resized for the page.

An upload must decode as a JPEG, PNG or WebP within the size and pixel limits; anything else is
refused with a message that says why. The file kept is re-encoded from the pixels alone, after
turning it upright by its EXIF orientation, so no EXIF, GPS position, camera serial or comment
survives. Renditions in a few widths (WebP, with JPEG for older browsers) feed `srcset`.

Memory: Pillow holds 4 bytes a pixel for RGB as for RGBA, so one decoded picture at the 24-million
pixel limit is about 96 MB, and no step on a JPEG or PNG holds more than two at once. The upload is
decoded once, then turned upright, converted and stripped in place (a turn or a conversion makes the
second copy). Renditions decode a JPEG at the smallest scale that still covers the widest rendition
(`draft`), resize the full picture once (for RGBA, Pillow first premultiplies the alpha into a second
copy) and make the narrower widths from the widest. WebP takes about twice as much (see
`pixel_limit`), so a WebP may have half as many pixels. tests/milestones/test_image_memory.py holds
the peak of the largest uploads allowed under a bound.
"""

import io
import math
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
            if width * height > pixel_limit(kind):
                raise _too_many_pixels(width, height, kind)
            image.load()
            if kind == "WEBP":
                # Pillow's WebP decoder keeps two full-size canvases and the decoded bytes for as
                # long as the image lives; a plain copy lets all three go before encoding.
                image = image.copy()
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
    # Rebinding `image` lets the decoded original go as soon as a converted copy replaces it.
    image = _upright_without_metadata(image, kind)
    return ContentFile(_encode(image, kind), name=f"{uuid.uuid4().hex}.{FORMATS[kind]}")


def pixel_limit(kind):
    """The most pixels an upload of this format may have.

    Decoding a WebP holds four copies of the picture for a moment (Pillow goes through libwebp's
    animation decoder: two canvases, the decoded bytes, the picture) and encoding one about four
    more, against one to two for JPEG and PNG; half the pixels keeps its peak near theirs.
    """
    return settings.IMAGE_MAX_PIXELS // 2 if kind == "WEBP" else settings.IMAGE_MAX_PIXELS


def _too_many_pixels(width, height, kind):
    """The refusal of a picture over the pixel limit, with an example size that fits (a 3:2 photo)."""
    limit = pixel_limit(kind)
    example_height = math.isqrt(limit * 2 // 3)
    if kind == "WEBP":
        message = _(
            "The image is %(width)s × %(height)s pixels (%(pixels)s million); WebP images can have at most "
            "%(limit)s million pixels, for example %(example_width)s × %(example_height)s. Save a smaller "
            "copy, or save it as a JPEG, and upload that: pages show images at most %(shown)s pixels wide."
        )
    else:
        message = _(
            "The image is %(width)s × %(height)s pixels (%(pixels)s million); images can have at most "
            "%(limit)s million pixels, for example %(example_width)s × %(example_height)s. Save a smaller "
            "copy and upload that: pages show images at most %(shown)s pixels wide."
        )
    return ValidationError(
        message,
        code="too_many_pixels",
        params={
            "width": width,
            "height": height,
            "pixels": f"{width * height / 1_000_000:.3g}",
            "limit": limit // 1_000_000,
            "example_width": example_height * 3 // 2,
            "example_height": example_height,
            "shown": RENDITION_WIDTHS[-1],
        },
    )


def _upright_without_metadata(image, kind):
    """The decoded upload turned upright, in a mode the format keeps, with no EXIF, XMP, ICC profile
    or comments left to write.

    Changes `image` in place and copies it only for a mode conversion: each copy is another ~96 MB
    at the pixel limit. Pillow writes metadata only from `info` and from the arguments to `save()`,
    so an emptied `info` leaves it nothing to write back, whatever the format's defaults.
    """
    # Turned before any conversion: a palette or greyscale picture is a quarter of the size of RGB.
    ImageOps.exif_transpose(image, in_place=True)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "L" if image.mode == "L" else "RGBA" if has_alpha and kind != "JPEG" else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    image.info.clear()
    return image


def _encode(image, kind):
    options = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 90}}
    buffer = io.BytesIO()
    image.save(buffer, format=kind, **options[kind])
    return buffer.getvalue()


def rendition_widths(original_width):
    """The widths made for an image: the standard ones below its own width, and its own width
    (up to the largest standard one) so that the sharpest copy is never upscaled."""
    if not original_width:
        return []
    # The largest standard width is left to the last item, or a wide picture would list it twice.
    widths = [width for width in RENDITION_WIDTHS[:-1] if width < original_width]
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
        full_width, full_height = image.size
        widths = rendition_widths(full_width)
        # A JPEG decodes at 1/2, 1/4 or 1/8 scale for far less memory; draft() never goes below the
        # size asked for, so the widest rendition is still made from at least its own width.
        image.draft(None, (widths[-1], math.ceil(full_height * widths[-1] / full_width)))
        image.load()
    written = []
    for width in reversed(widths):
        height = round(full_height * width / full_width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        # The narrower widths are made from the widest rendition, not from the full picture again.
        image = resized
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
