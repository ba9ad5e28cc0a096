"""Uploaded documents (publications' PDFs): checked for real, size-limited, stored under a name
of our own, and served only as downloads.

An upload must start with the PDF signature (`%PDF-`): a file named .pdf that is anything else
(a page, a script, an image) is refused with a message that says why, whatever its name or the
type the browser claimed. It is stored as `publications/<name>.pdf` and served by the
publication's download address with `Content-Type: application/pdf` and `Content-Disposition:
attachment`, so a browser saves it rather than rendering it as part of the site.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

PDF_SIGNATURE = b"%PDF-"

# The languages the office publishes in: the UN's working ones here and the region's own.
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("ky", _("Kyrgyz")),
    ("tg", _("Tajik")),
    ("tk", _("Turkmen")),
    ("uz", _("Uzbek")),
    ("fa", _("Dari")),
    ("ps", _("Pashto")),
    ("az", _("Azerbaijani")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("es", _("Spanish")),
]
LANGUAGE_NAMES = dict(LANGUAGES)

PDF_HELP = _("A PDF document of up to 10 MB. Give a PDF file or an outside link, not both.")


def validate_pdf(file):
    """A PDF within the size limit, or ValidationError saying what is wrong. For new uploads
    (the admin's form checks each one): a stored file is not read again on every save."""
    limit = settings.PUBLICATION_UPLOAD_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            gettext("The file is %(size)s; PDF documents can be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    file.seek(0)
    start = file.read(len(PDF_SIGNATURE))
    file.seek(0)
    if start != PDF_SIGNATURE:
        raise ValidationError(
            gettext("This file is not a PDF document (whatever its name says); upload a PDF."), code="not_pdf"
        )


def publication_upload_to(instance, filename):
    """publications/<name>.pdf: the name from the upload, made safe, and always .pdf (the storage
    adds a suffix when the name is taken)."""
    stem = slugify(PurePosixPath(filename).stem)[:80] or "document"
    return f"publications/{stem}.pdf"


def validate_language_codes(value):
    if not isinstance(value, list) or any(code not in LANGUAGE_NAMES for code in value):
        raise ValidationError(
            gettext("Choose languages from the list (codes such as %(example)s)."),
            code="language",
            params={"example": "en, ru"},
        )


def language_names(codes):
    """'English, Russian' for ['ru', 'en']: in the list's order, unknown codes left as they are."""
    order = {code: index for index, (code, _label) in enumerate(LANGUAGES)}
    ordered = sorted(codes or [], key=lambda code: order.get(code, len(order)))
    return ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in ordered)
