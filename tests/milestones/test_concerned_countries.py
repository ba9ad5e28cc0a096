"""The countries an event is held in or concerns, kept by database triggers: whatever changes an
event's host or its countries, the country filter finds it under exactly those countries."""

import threading
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from milestones.concerned_countries import create_triggers, drop_triggers
from milestones.models import CountryConcerned, Event
from tests.factories import CountryFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def countries():
    return {code: CountryFactory(iso2=code) for code in ("uz", "kz", "tj", "af")}


def concerned(event):
    rows = CountryConcerned.objects.filter(event=event).values_list("country__iso2", flat=True)
    return sorted(rows)


def listed_under(client, code):
    return sorted(event.title for event in client.get(f"/events/?country={code}").context["events"])


def assert_table_matches_the_events():
    """Every event's rows are its host country and its countries concerned, nothing more."""
    expected = set(Event.objects.values_list("pk", "host_country_id"))
    expected |= set(Event.countries.through.objects.values_list("event_id", "country_id"))
    assert set(CountryConcerned.objects.values_list("event_id", "country_id")) == expected


def test_a_new_event_concerns_its_host_and_its_countries(client, countries):
    event = EventFactory(title="Forum", host_country=countries["uz"])
    event.countries.add(countries["kz"], countries["tj"])
    assert concerned(event) == ["kz", "tj", "uz"]
    assert [listed_under(client, code) for code in ("uz", "kz", "tj", "af")] == [["Forum"], ["Forum"], ["Forum"], []]


def test_moving_an_event_to_another_host_moves_it_in_the_filter(client, countries):
    event = EventFactory(title="Forum", host_country=countries["uz"])
    event.host_country = countries["kz"]
    event.save()
    assert concerned(event) == ["kz"]
    assert listed_under(client, "uz") == []
    assert listed_under(client, "kz") == ["Forum"]


def test_a_host_that_is_also_a_country_concerned_stays_when_either_goes(countries):
    event = EventFactory(host_country=countries["uz"])
    event.countries.add(countries["uz"], countries["kz"])
    event.countries.remove(countries["uz"])
    assert concerned(event) == ["kz", "uz"]  # still its host
    event.countries.add(countries["uz"])
    Event.objects.filter(pk=event.pk).update(host_country=countries["tj"])  # no save(), no signals
    assert concerned(event) == ["kz", "tj", "uz"]  # still concerned
    event.countries.clear()
    assert concerned(event) == ["tj"]
    assert_table_matches_the_events()


def test_replacing_the_countries_concerned(client, countries):
    event = EventFactory(title="Training", host_country=countries["uz"])
    event.countries.set([countries["kz"], countries["af"]])
    event.countries.set([countries["tj"]])
    assert concerned(event) == ["tj", "uz"]
    assert listed_under(client, "af") == []
    assert_table_matches_the_events()


def test_a_link_changed_in_place_is_followed(countries):
    """Django deletes and inserts links, but `update()` on the link table changes them in place."""
    event = EventFactory(host_country=countries["uz"])
    event.countries.add(countries["kz"], countries["uz"])
    links = Event.countries.through.objects.filter(event=event)
    links.filter(country=countries["kz"]).update(country=countries["tj"])
    links.filter(country=countries["uz"]).update(country=countries["af"])
    assert concerned(event) == ["af", "tj", "uz"]  # uz stays: it is the host
    assert_table_matches_the_events()


def test_deleting_events_and_countries_leaves_nothing_behind(countries):
    kept = EventFactory(host_country=countries["uz"])
    kept.countries.add(countries["af"])
    gone = EventFactory(host_country=countries["kz"])
    gone.countries.add(countries["tj"], countries["af"])
    gone.delete()
    countries["af"].delete()  # only a country concerned, so it may go
    assert concerned(kept) == ["uz"]
    assert_table_matches_the_events()


def test_bulk_inserts_are_kept_too(countries):
    events = Event.objects.bulk_create(
        [EventFactory.build(host_country=countries["uz"]), EventFactory.build(host_country=countries["kz"])]
    )
    Event.countries.through.objects.bulk_create([Event.countries.through(event=events[0], country=countries["tj"])])
    assert concerned(events[0]) == ["tj", "uz"]
    assert concerned(events[1]) == ["kz"]


@pytest.mark.django_db(transaction=True)  # SQLite changes its schema only outside a transaction
def test_recreating_the_triggers_refills_the_table_from_the_events(countries):
    event = EventFactory(host_country=countries["uz"])
    event.countries.add(countries["kz"])
    CountryConcerned.objects.all().delete()
    with connection.schema_editor() as editor:
        create_triggers(editor)
    assert concerned(event) == ["kz", "uz"]
    event.countries.add(countries["tj"])  # and the triggers work again
    assert concerned(event) == ["kz", "tj", "uz"]


def waiting_for_a_lock(pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer at a time")
@pytest.mark.django_db(transaction=True)
def test_a_link_removed_while_the_host_moves_leaves_the_right_rows(countries):
    """Two editors at once: one moves the event from Uzbekistan to Kazakhstan while the other
    takes Uzbekistan off its countries. Without the wait in the link trigger, each saw the
    other's country still there, and Uzbekistan stayed in the filter for good."""
    event = EventFactory(host_country=countries["uz"])
    event.countries.add(countries["uz"])
    backend = {}

    def remove_the_link():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backend["pid"] = cursor.fetchone()[0]
            event.countries.remove(countries["uz"])
        finally:
            connection.close()  # this thread's own connection, or the test database stays in use

    with transaction.atomic():
        Event.objects.filter(pk=event.pk).update(host_country=countries["kz"])
        other = threading.Thread(target=remove_the_link)
        other.start()
        deadline = time.monotonic() + 10
        # Commit only once the other transaction has removed its link or waits for this one.
        while other.is_alive() and not ("pid" in backend and waiting_for_a_lock(backend["pid"])):
            assert time.monotonic() < deadline, "the other transaction neither finished nor waited"
            time.sleep(0.01)
    other.join(timeout=10)
    assert concerned(event) == ["kz"]
    assert_table_matches_the_events()


def written_by_hand(sql, params):
    """A change made past Django (psql, a script): no signal, no new content version."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_repair_command_leaves_a_matching_table_alone(countries):
    event = EventFactory(host_country=countries["uz"])
    event.countries.add(countries["kz"])
    out = StringIO()
    call_command("rebuild_concerned_countries", "--check", stdout=out)
    assert "match the events (2 rows)" in out.getvalue()


def test_the_repair_command_check_reports_rows_changed_by_hand_and_changes_nothing(countries):
    event = EventFactory(host_country=countries["uz"])
    event.countries.add(countries["kz"])
    written_by_hand(
        "DELETE FROM milestones_country_concerned WHERE event_id = %s AND country_id = %s",
        [event.pk, countries["kz"].pk],
    )
    written_by_hand(
        "INSERT INTO milestones_country_concerned (event_id, country_id) VALUES (%s, %s)",
        [event.pk, countries["af"].pk],
    )
    with pytest.raises(CommandError, match="rows missing: 1, rows no event explains: 1"):
        call_command("rebuild_concerned_countries", "--check", stdout=StringIO())
    assert concerned(event) == ["af", "uz"]


@pytest.mark.django_db(transaction=True)  # SQLite changes its schema only outside a transaction
def test_the_repair_command_rebuilds_the_table_and_readers_see_it_at_once(client, countries):
    event = EventFactory(title="Forum", host_country=countries["uz"])
    event.countries.add(countries["kz"])
    written_by_hand("DELETE FROM milestones_country_concerned WHERE event_id = %s", [event.pk])
    assert "Forum" not in client.get("/events/?country=kz").content.decode()  # and kept in the page cache
    out = StringIO()
    call_command("rebuild_concerned_countries", stdout=out)
    assert "Rebuilt the concerned countries (rows missing: 2, rows no event explains: 0; 2 rows now)" in out.getvalue()
    assert_table_matches_the_events()
    assert "Forum" in client.get("/events/?country=kz").content.decode()
    event.countries.add(countries["tj"])  # the triggers work again
    assert concerned(event) == ["kz", "tj", "uz"]


@pytest.mark.django_db(transaction=True)  # SQLite changes its schema only outside a transaction
def test_the_repair_command_puts_back_dropped_triggers(countries):
    with connection.schema_editor() as editor:
        drop_triggers(editor)
    try:
        with pytest.raises(CommandError, match="triggers missing: milestones_event_concerns_host, "):
            call_command("rebuild_concerned_countries", "--check", stdout=StringIO())
        call_command("rebuild_concerned_countries", stdout=StringIO())
        event = EventFactory(host_country=countries["uz"])  # written by the triggers again
        assert concerned(event) == ["uz"]
    finally:
        with connection.schema_editor() as editor:  # whatever happened, the next tests have them
            create_triggers(editor)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no disabled triggers")
@pytest.mark.django_db(transaction=True)
def test_the_repair_command_finds_disabled_triggers_and_enables_them(countries):
    written_by_hand("ALTER TABLE milestones_event DISABLE TRIGGER USER", [])
    try:
        with pytest.raises(CommandError, match="triggers missing: milestones_event_concerns_host, "):
            call_command("rebuild_concerned_countries", "--check", stdout=StringIO())
        call_command("rebuild_concerned_countries", stdout=StringIO())
        assert concerned(EventFactory(host_country=countries["uz"])) == ["uz"]
    finally:
        written_by_hand("ALTER TABLE milestones_event ENABLE TRIGGER USER", [])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer at a time")
@pytest.mark.django_db(transaction=True)
def test_the_repair_gives_way_to_an_editor_saving_an_event(countries):
    """An editor's save under way (its event changed, its links next) is neither deadlocked nor
    kept waiting: the repair gives up after its lock timeout, changes nothing, and works later."""
    event = EventFactory(host_country=countries["uz"])
    written_by_hand("DELETE FROM milestones_country_concerned WHERE event_id = %s", [event.pk])
    event_changed, carry_on, errors = threading.Event(), threading.Event(), []

    def editor_saves():
        try:
            with transaction.atomic():
                Event.objects.filter(pk=event.pk).update(title="Renamed")
                event_changed.set()
                carry_on.wait(10)
                event.countries.add(countries["kz"])
        except Exception as error:  # reported to the test below
            errors.append(error)
        finally:
            connection.close()

    editor = threading.Thread(target=editor_saves)
    editor.start()
    try:
        assert event_changed.wait(10)
        with pytest.raises(CommandError, match="nothing changed, run it again"):
            call_command("rebuild_concerned_countries", "--lock-timeout", "0.3", stdout=StringIO())
    finally:
        carry_on.set()
        editor.join(10)
    assert errors == []
    assert concerned(event) == ["kz"]  # the editor's link went in; the host's row is still missing
    call_command("rebuild_concerned_countries", stdout=StringIO())
    assert concerned(event) == ["kz", "uz"]
