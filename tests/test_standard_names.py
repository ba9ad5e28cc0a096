"""The data steps that fill standard Russian names list each model's translated texts again.

They run inside migrations, on historical models that lack `translated_texts`, so they cannot
read the `@translated(...)` declaration. If a text is added to a declaration and not to the
step, the step would mark a row's translation up to date without looking at that text.
"""

import pytest

import milestones.reference_data
import programmes.standard_names
from milestones.models import EventKind, EventRole
from programmes.models import Country, Organisation, Theme
from unodc_portal.translations import TranslationState, settle_translations

STEPS = [
    (programmes.standard_names, programmes.standard_names.add_standard_russian_names),
    (milestones.reference_data, milestones.reference_data.add_russian_names),
]


@pytest.mark.django_db
def test_the_data_steps_settle_exactly_the_texts_each_model_declares(seed, monkeypatch):
    models = [Country, Organisation, Theme, EventKind, EventRole]
    for model in models:
        model.objects.update(**{"name_ru": "", "translation_state_ru": "", "translation_source_ru": ""})
    settled = {}

    def recording(rows, names):
        for row in rows:
            settled.setdefault(type(row), set()).add(tuple(names))
        return settle_translations(rows, names)

    for module, step in STEPS:
        monkeypatch.setattr(module, "settle_translations", recording)
        step()

    assert set(settled) == set(models), "every model with standard Russian names went through a step"
    for model, name_lists in settled.items():
        assert name_lists == {tuple(model.translated_texts)}, model.__name__


@pytest.mark.django_db
def test_a_standard_name_counts_as_translated_only_where_every_text_is(seed):
    kazakhstan = Country.objects.get(iso2="kz")
    assert kazakhstan.name_ru == "Казахстан"
    assert kazakhstan.translation_state_ru == TranslationState.UP_TO_DATE
    # A kind of event with a description has no Russian description yet: its name alone is not
    # the whole translation.
    training = EventKind.objects.get(slug="training")
    assert training.name_ru and not training.description_ru
    assert training.translation_state_ru != TranslationState.UP_TO_DATE
