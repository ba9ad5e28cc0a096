"""Content in more than one language: the Russian version of an item's texts, beside the English.

English is what every item is written in first and what its own columns hold; every query, index,
search vector and trigger reads those columns as before. A model names the texts readers see with
`@translated("title", "summary")`, which adds, for each language in CONTENT_LANGUAGES, a column per
text (`title_ru`, `summary_ru`) and two columns of bookkeeping:

- `translation_state_ru`: missing (some text that has English has no Russian), up to date, or out
  of date (the English changed after the Russian was written; an editor who only mended a typo in
  the English can say the Russian still stands). Kept on every save, so the admin filters on it.
- `translation_source_ru`: a fingerprint of the English texts the Russian was written from.

On public pages in Russian (`reading_in("ru")`, set by unodc_portal.languages for every public
address), each row a query reads is put in Russian as it is loaded (`Translatable.from_db`):
`story.title` is then the Russian text where the item has it (an article only when all of its
texts are translated, a name as soon as it is), and the English otherwise; `shown_in` and
`language_of()` say which, and templates write `lang="en"` and a note for English on a Russian
page. An instance read so refuses to be saved, so no Russian text ever reaches an English column;
the admin, commands and saves read the stored English.

Why not django-modeltranslation or django-parler: modeltranslation writes whichever language is
active into the original column on save and rewrites queries to per-language columns (our search
vectors, triggers and `values()` facets read the original columns); parler moves the English into a
joined table. Both would change every query the pages make. These columns are plain fields, so
migrations, `defer()`, constraints and PostgreSQL's Russian search vectors work as for any other.

Content languages are fixed here, not read from the environment: each is a set of columns. An
interface language (settings.LANGUAGES) without content columns shows content in English.
"""

import contextlib
import contextvars
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.html import conditional_escape, format_html
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CONTENT_LANGUAGES = ("ru",)


class TranslationState(models.TextChoices):
    MISSING = "missing", _("missing")
    UP_TO_DATE = "up-to-date", _("up to date")
    OUT_OF_DATE = "out-of-date", _("out of date")


# The language public pages read content in; None reads the stored English.
_reading_language = contextvars.ContextVar("reading_language", default=None)


@contextlib.contextmanager
def reading_in(language):
    """Model texts read in `language` (with English where the item has no complete translation)
    inside the block; None, or the default language, reads the stored English."""
    token = _reading_language.set(language if language in CONTENT_LANGUAGES else None)
    try:
        yield
    finally:
        _reading_language.reset(token)


def reading_language():
    return _reading_language.get()


def column(name, language):
    return f"{name}_{language}"


def in_reading_language(name):
    """A text column as pages read it, for `values()` and `order_by()` (filter options, their
    order): the translation where there is one, the English otherwise."""
    language = _reading_language.get()
    if language is None:
        return F(name)
    return Coalesce(NullIf(F(column(name, language)), Value("")), F(name))


def language_in_reading(name):
    """The language `in_reading_language(name)` gives each row's text in, for `values()` beside
    it: the reading language where the row has the translation, English otherwise (what
    `language_of()` says of a loaded row)."""
    language = _reading_language.get()
    if language is None:
        return Value(settings.LANGUAGE_CODE)
    return Case(When(**{column(name, language): ""}, then=Value(settings.LANGUAGE_CODE)), default=Value(language))


def choices_in_reading_language(queryset, key, name):
    """A form's options from `queryset`: (`key`, text `name` as pages read it) pairs, in one
    query, each text a ShownText that knows its language, so that a filter's options are marked
    like the items' own texts."""
    rows = queryset.values_list(key, in_reading_language(name), language_in_reading(name))
    return [(value, ShownText(text, language)) for value, text, language in rows]


class ShownText(str):
    """A text taken from an item for a page (a breadcrumb, a filter's option, a search hit's
    title) that keeps the language it reaches the reader in, `shown_in`, as the item's own texts
    do: templates mark it the same way (`{{ label|lang_attr }}`). Otherwise a plain string."""

    def __new__(cls, text, language=None):
        # `language` has a default for pickling (cached filter options), which calls cls(text)
        # and then restores the attributes.
        shown = super().__new__(cls, text)
        shown.shown_in = language
        return shown

    @classmethod
    def of(cls, item, name, text=None):
        """`item`'s text `name` (or `text` made from it, a shortened title), with its language."""
        return cls(getattr(item, name) if text is None else text, language_shown(item, name))


def language_shown(item, name):
    """The language `item`'s text `name` reaches the reader in, as `item.language_of(name)` says;
    also for a text an item makes of its own (a programme's `display_name`, its short title or
    else its title): the language of the translated text it is. A text of no translated column
    (a person's name) is the stored English. Reads only what the query loaded."""
    if name not in item.translated_texts:
        value, loaded = getattr(item, name), item.__dict__
        name = next((text for text in item.translated_texts if value and loaded.get(text) == value), name)
    return item.language_of(name)


def among_page_words(text, language):
    """`text`, which reaches the reader in `language`, for HTML among the page's own words:
    escaped, and in a `<span lang="...">` when that is not the page's language (None: the
    page's), so that screen readers switch voice for it."""
    if language is None or language == get_language():
        return conditional_escape(text)
    return format_html('<span lang="{}">{}</span>', language, text)


QUOTATION_MARKS = {"en": ("“", "”"), "ru": ("«", "»")}


def in_quotation_marks(text, language):
    """A quotation in the marks its language uses: «...» in Russian, “...” in English."""
    opening, closing = QUOTATION_MARKS.get(language, QUOTATION_MARKS["en"])
    return f"{opening}{text}{closing}"


def marked_text(item, name):
    """`item`'s text `name` for HTML among the page's own words (`among_page_words`)."""
    return among_page_words(getattr(item, name), language_shown(item, name))


class Translatable(models.Model):
    """An item whose texts readers may get in another language; `@translated(...)` says which."""

    translated_texts = ()
    derived_texts = ()
    # An article (a story, an event) reaches readers in another language only once all of its
    # texts have been translated, never as a mixture; a name (a country, a programme) as soon as
    # it has been, its longer texts following one by one.
    translated_as_a_whole = False
    # The language `read_in()` put the texts in; None while they are the stored English.
    read_in_language = None

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if self.read_in_language is not None:
            # Its English attributes hold another language's texts: saving would store them as English.
            raise ValueError(f"{self!r} was read in {self.read_in_language!r} for a page; load it afresh to save it.")
        self.note_new_translations()
        self.update_translation_states()
        if update_fields is not None:
            update_fields = {*update_fields, *bookkeeping_columns()}
        super().save(*args, update_fields=update_fields, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        # Every row a query reads (select_related and prefetch_related included) comes through
        # here: on a public page in another language, its texts are put in that language at once,
        # so that templates, feeds and structured data read `story.title` as they always have.
        instance = super().from_db(db, field_names, values)
        language = _reading_language.get()
        if language is not None:
            instance.read_in(language)
        return instance

    def refresh_from_db(self, *args, **kwargs):
        # Django reloads through from_db(), which would put the reloaded texts in the page's
        # language whatever this instance holds: reload the stored texts, then put them in this
        # instance's own language (a deferred text loaded on a Russian page, say).
        with reading_in(None):
            super().refresh_from_db(*args, **kwargs)
        if self.read_in_language is not None:
            self.read_in(self.read_in_language)

    def read_in(self, language):
        """Put the texts this item has in `language` in place of the English ones, for reading only
        (an article only when all its texts are translated)."""
        if self.translated_as_a_whole and not self.has_translation(language):
            return
        loaded = self.__dict__
        for name in (*self.translated_texts, *self.derived_texts):
            translation = loaded.get(column(name, language))
            if translation and name in loaded:
                loaded[name] = translation
        self.read_in_language = language

    @classmethod
    def translations_of(cls, *names):
        """These texts' columns in every language: for `defer()`, and with `state_columns()` for
        `only()`."""
        return [*names, *(column(name, code) for name in names for code in CONTENT_LANGUAGES)]

    @classmethod
    def state_columns(cls):
        """What reading a text in another language needs besides its column."""
        return [column("translation_state", code) for code in CONTENT_LANGUAGES]

    def has_translation(self, language):
        """Whether readers get this item in `language`: its translation is complete (up to date,
        or out of date but still the best Russian there is). Read from what the query loaded: a
        query that leaves the state out (`only()`) gets the English, not a query per row."""
        state = self.__dict__.get(column("translation_state", language), TranslationState.MISSING)
        return state != TranslationState.MISSING

    def language_of(self, name):
        """The language the text `name` reaches the reader in: the reading language where it has
        been translated (for an article, with all its texts), English otherwise."""
        language = self.read_in_language
        if language is None:
            return settings.LANGUAGE_CODE
        return language if self.__dict__.get(column(name, language)) else settings.LANGUAGE_CODE

    @property
    def shown_in(self):
        """The language the item reaches the reader in: an article's, or its first text's (a name)."""
        return self.language_of(self.translated_texts[0])

    def english_fingerprint(self):
        return english_fingerprint(self, self.translated_texts)

    def mark_translated(self, language):
        """The texts in `language` are the translation of the English as it is now: written or
        checked by an editor just now."""
        mark_translated(self, self.translated_texts, language)

    def update_translation_states(self):
        update_translation_states(self, self.translated_texts)

    def translation_state(self, language):
        return TranslationState(getattr(self, column("translation_state", language)))

    def note_new_translations(self):
        """Whether this save makes the translation one of the English as it is now: an editor
        confirmed it (`confirmed_translations`, the admin's "still stands" box), wrote its first
        complete version, or rewrote every text that has English. Editing some of its texts
        only (a typo, or the one paragraph whose English changed) keeps its state: an out-of-date
        translation stays on the editors' list until they confirm it."""
        if getattr(self, "restored_translations", False):
            # A restored version (unodc_portal/revisions.py) brings back its translations with the
            # record of the English each was made from: the state follows from those.
            return
        confirmed = getattr(self, "confirmed_translations", ())
        columns = [
            column(name, code) for code in CONTENT_LANGUAGES for name in (*self.translated_texts, "translation_source")
        ]
        stored = {}
        if not self._state.adding and self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).values(*columns).first() or {}
        for code in CONTENT_LANGUAGES:
            edited = {
                name
                for name in self.translated_texts
                if same_text(getattr(self, column(name, code))) != same_text(stored.get(column(name, code)))
            }
            never_marked = not stored.get(column("translation_source", code))
            rewritten = edited >= {name for name in self.translated_texts if getattr(self, name)}
            if code in confirmed or (edited and (never_marked or rewritten)):
                self.mark_translated(code)


# The bookkeeping, as functions of a row and its texts' names: migrations run them on historical
# models, which have none of Translatable's methods.


def same_text(text):
    """A text as compared: browsers send a form's line ends as CRLF and Django trims its edges,
    while imports and scripts write LF; neither is a change of the text."""
    return "\n".join((text or "").splitlines()).strip()


def english_fingerprint(row, names):
    texts = [same_text(getattr(row, name)) for name in names]
    return hashlib.sha256("\x1f".join(texts).encode()).hexdigest()


def translation_is_complete(row, names, language):
    """Every text that has English has a translation (a row with no text has nothing to
    translate, and is complete)."""
    return all(getattr(row, column(name, language)) or not getattr(row, name) for name in names)


def mark_translated(row, names, language):
    setattr(row, column("translation_source", language), english_fingerprint(row, names))


def update_translation_states(row, names):
    fingerprint = english_fingerprint(row, names)
    nothing_to_translate = not any(getattr(row, name) for name in names)
    for language in CONTENT_LANGUAGES:
        if not translation_is_complete(row, names, language):
            state = TranslationState.MISSING
        elif nothing_to_translate or getattr(row, column("translation_source", language)) == fingerprint:
            state = TranslationState.UP_TO_DATE
        else:
            state = TranslationState.OUT_OF_DATE
        setattr(row, column("translation_state", language), state)


def settle_translations(rows, names):
    """For rows written without Model.save() (loaddata, bulk_create, a migration): a complete
    translation with no record of the English it was made from counts as made from the English
    as it is now; every row's state is worked out. Returns the rows, for `bulk_update()`."""
    for row in rows:
        for language in CONTENT_LANGUAGES:
            if not getattr(row, column("translation_source", language)) and translation_is_complete(
                row, names, language
            ):
                mark_translated(row, names, language)
        update_translation_states(row, names)
    return rows


def bookkeeping_columns():
    return [column(name, code) for code in CONTENT_LANGUAGES for name in ("translation_state", "translation_source")]


def translation_column(field, language):
    """A column for `field`'s text in `language`: the same kind of field, optional, never unique."""
    _name, _path, args, kwargs = field.deconstruct()
    for option in ("unique", "db_index", "primary_key", "null", "default", "help_text", "validators"):
        kwargs.pop(option, None)
    kwargs.update(verbose_name=format_lazy("{} ({})", field.verbose_name, language), blank=True, default="")
    return field.__class__(*args, **kwargs)


def translated(*names, derived=(), as_a_whole=False):
    """Class decorator for a Translatable model: the texts `names` get a column per content
    language, and their attributes read the reader's language. `derived` texts are made from the
    others on saving (a story's rendered body): translated, but neither entered by editors nor
    counted when telling whether a translation is complete. `as_a_whole`: see Translatable."""

    def decorate(model):
        if not issubclass(model, Translatable):
            raise TypeError(f"{model.__name__} must be Translatable to be @translated")
        for name in (*names, *derived):
            field = model._meta.get_field(name)
            for language in CONTENT_LANGUAGES:
                model.add_to_class(column(name, language), translation_column(field, language))
        for language in CONTENT_LANGUAGES:
            model.add_to_class(
                column("translation_state", language),
                models.CharField(
                    format_lazy("{} ({})", _("translation"), language),
                    max_length=12,
                    choices=TranslationState.choices,
                    default=TranslationState.MISSING,
                    editable=False,
                ),
            )
            model.add_to_class(
                column("translation_source", language),
                models.CharField(max_length=64, blank=True, default="", editable=False),
            )
        model.translated_texts = tuple(names)
        model.derived_texts = tuple(derived)
        model.translated_as_a_whole = as_a_whole
        return model

    return decorate
