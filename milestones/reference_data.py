"""The kinds of event and the roles of organisations at events that the portal starts with.

Publishers add to both lists in the admin; these are the terms the bulletins have used so far
and those the office's other news needs. The slugs are the values in addresses
(`/events/?kind=training`) and never change. Written here only: the data migration runs
`create_reference_terms`, and the tests make them again for a database a transactional test
emptied (tests/conftest.py). Models are read through the `apps` registry given, so that a
migration passes the models as they were then.
"""

from django.apps import apps as global_apps

from unodc_portal.translations import settle_translations

# (slug, name, plural, what it covers); listed in this order.
EVENT_KINDS = [
    ("signing", "Signing", "Signings", "An agreement, memorandum or exchange of notes signed."),
    ("opening", "Opening", "Openings", "A facility, office or unit opened."),
    ("training", "Training", "Trainings", "A course or training, in person or online."),
    ("forum", "Forum", "Forums", "An expert forum: a recurring regional platform."),
    ("side-event", "Side event", "Side events", "Held alongside another event: choose that event as 'part of'."),
    ("study-visit", "Study visit", "Study visits", "Officials visiting another country to learn from it."),
    ("meeting", "Meeting", "Meetings", "Steering committees, working groups, council meetings."),
    ("accession", "Joining a programme", "Countries joining a programme", "A country joins a programme."),
    ("conference", "Conference", "Conferences", "Conferences, seminars and workshops."),
    ("handover", "Handover", "Handovers", "Equipment or premises handed over."),
    ("launch", "Launch", "Launches", "A report or a programme launched."),
    ("press-briefing", "Press briefing", "Press briefings", "A briefing for journalists."),
    ("other", "Other", "Other events", "Anything the other kinds do not describe."),
]

# (slug, name, what it covers); listed in this order.
EVENT_ROLES = [
    ("organiser", "Organiser", "Organised the event."),
    ("partner", "Partner", "Organised it with the organiser."),
    ("signatory", "Signatory", "Signed the agreement."),
    ("host", "Host", "Hosted the event on its premises."),
    ("participant", "Participant", "Sent people to take part."),
    ("guest", "Guest", "Attended as a guest of honour."),
    ("recipient", "Recipient", "Received equipment, premises or funds."),
    ("trainer", "Trainer", "Trained the participants."),
    ("speaker", "Speaker or expert", "Spoke or gave expert advice."),
    ("observer", "Observer", "Attended as an observer."),
    ("funder", "Funder of the event", "Paid for the event."),
]


# Russian names (and plurals) of the terms above: the interface's own words, written with the
# interface's catalogue (docs/translation-notes.md). Descriptions are left to editors.
EVENT_KINDS_RU = {
    "signing": ("Подписание", "Подписания"),
    "opening": ("Открытие", "Открытия"),
    "training": ("Тренинг", "Тренинги"),
    "forum": ("Форум", "Форумы"),
    "side-event": ("Параллельное мероприятие", "Параллельные мероприятия"),
    "study-visit": ("Ознакомительный визит", "Ознакомительные визиты"),
    "meeting": ("Заседание", "Заседания"),
    "accession": ("Присоединение к программе", "Присоединения к программам"),
    "conference": ("Конференция", "Конференции"),
    "handover": ("Передача", "Передачи"),
    "launch": ("Презентация", "Презентации"),
    "press-briefing": ("Брифинг для прессы", "Брифинги для прессы"),
    "other": ("Другое", "Другие мероприятия"),
}
EVENT_ROLES_RU = {
    "organiser": "Организатор",
    "partner": "Партнер",
    "signatory": "Сторона, подписавшая документ",
    "host": "Принимающая сторона",
    "participant": "Участник",
    "guest": "Почетный гость",
    "recipient": "Получатель",
    "trainer": "Тренер",
    "speaker": "Докладчик или эксперт",
    "observer": "Наблюдатель",
    "funder": "Спонсор мероприятия",
}


def add_russian_names(apps=global_apps, schema_editor=None):
    """Fills the Russian names above where they are empty (an editor's are kept) and sets the
    terms' translation states."""
    EventKind = apps.get_model("milestones", "EventKind")
    EventRole = apps.get_model("milestones", "EventRole")
    kinds = list(EventKind.objects.filter(slug__in=EVENT_KINDS_RU, name_ru=""))
    for kind in kinds:
        kind.name_ru, kind.plural_name_ru = EVENT_KINDS_RU[kind.slug]
    EventKind.objects.bulk_update(
        settle_translations(kinds, ["name", "plural_name", "description"]),
        ["name_ru", "plural_name_ru", "translation_state_ru", "translation_source_ru"],
    )
    roles = list(EventRole.objects.filter(slug__in=EVENT_ROLES_RU, name_ru=""))
    for role in roles:
        role.name_ru = EVENT_ROLES_RU[role.slug]
    EventRole.objects.bulk_update(
        settle_translations(roles, ["name", "description"]),
        ["name_ru", "translation_state_ru", "translation_source_ru"],
    )


def create_reference_terms(apps=global_apps, schema_editor=None):
    """Adds the terms above that are missing; terms publishers changed or added are kept."""
    EventKind = apps.get_model("milestones", "EventKind")
    EventRole = apps.get_model("milestones", "EventRole")
    EventKind.objects.bulk_create(
        [
            EventKind(slug=slug, name=name, plural_name=plural, description=description, order=10 * (i + 1))
            for i, (slug, name, plural, description) in enumerate(EVENT_KINDS)
        ],
        ignore_conflicts=True,
    )
    EventRole.objects.bulk_create(
        [
            EventRole(slug=slug, name=name, description=description, order=10 * (i + 1))
            for i, (slug, name, description) in enumerate(EVENT_ROLES)
        ],
        ignore_conflicts=True,
    )
