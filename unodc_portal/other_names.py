"""Names that vary (issue 16, item 7): other spellings and former names of a facility, an
organisation, a programme or a person, kept in one text field on the row.

One name per line; a note may follow a semicolon; a line starting with "formerly:" is a former
name, any other line another spelling:

    Nijniy Pyanj
    Nizhny Panj; Russian transliteration
    formerly: Programme for Central Asia 2015–2019; until its extension in 2019

Kept on the row, not in a table of its own, so that PostgreSQL's stored search vector (which
reads only its own row) and the admin's autocomplete find a row by any of its names. Pages show
the names as "Also written: …" and "Formerly: …" (templates/includes/_other_names.html).
"""

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

FORMERLY = re.compile(r"^\s*formerly\s*:\s*", re.IGNORECASE)

OTHER_NAMES_HELP = _(
    "Other spellings and former names seen in sources, one per line; search and the admin's "
    "lookups find the row by them. A note may follow a semicolon. Start a former name with "
    "'formerly:', for example 'formerly: Programme for Central Asia 2015–2019; until 2019'."
)


@dataclass(frozen=True, slots=True)
class OtherName:
    name: str
    note: str = ""
    former: bool = False

    def __str__(self):
        return f"{self.name} ({self.note})" if self.note else self.name


def parse_other_names(text):
    """The names of an `other_names` text, in the order written; blank lines are skipped."""
    names = []
    for line in (text or "").splitlines():
        former = bool(FORMERLY.match(line))
        name, _separator, note = FORMERLY.sub("", line).partition(";")
        if name.strip():
            names.append(OtherName(name.strip(), note.strip(), former))
    return names


def other_names_field():
    """The `other_names` field: declared in each model where it belongs in the editors' form."""
    return models.TextField(_("other names"), blank=True, help_text=OTHER_NAMES_HELP)


class KnownByOtherNames:
    """What pages read of a model's `other_names` (a mixin: the field itself is declared in each
    model with `other_names_field()`)."""

    @property
    def also_written(self):
        """Other spellings, as pages list them after "Also written:"."""
        return [name for name in parse_other_names(self.other_names) if not name.former]

    @property
    def former_names(self):
        """Former names, as pages list them after "Formerly:"."""
        return [name for name in parse_other_names(self.other_names) if name.former]
