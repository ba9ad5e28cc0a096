"""The kinds of event and the roles of organisations at events that the portal starts with.

Publishers add to both lists in the admin; these are the terms the bulletins have used so far
and those the office's other news needs. The slugs are the values in addresses
(`/events/?kind=training`) and never change. Written here only: the data migration runs
`create_reference_terms`, and the tests make them again for a database a transactional test
emptied (tests/conftest.py). Models are read through the `apps` registry given, so that a
migration passes the models as they were then.
"""

from django.apps import apps as global_apps

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
