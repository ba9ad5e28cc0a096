from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save


class MilestonesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "milestones"
    verbose_name = "Milestones"

    def ready(self):
        from django.apps import apps
        from django.conf import settings

        from unodc_portal.content_version import invalidate_on_change, remember_columns_before_save
        from unodc_portal.fragments import remember_item_before_save, touch_items
        from unodc_portal.revisions import keep_history
        from unodc_portal.signals import loading_backup, restored

        from . import models

        # Revision history (unodc_portal/revisions.py): a story's versions hold its quotes and
        # figures, an event's its other places and organisations.
        keep_history(models.Story, parts=["quotes", "results"])
        keep_history(models.Event, parts=["places", "participations"])
        for part, item in [
            (models.Quote, "story"),
            (models.Result, "story"),
            (models.EventPlace, "event"),
            (models.EventOrganisation, "event"),
        ]:
            keep_history(part, part_of=item)
        for model in [
            models.Bulletin,
            models.Publication,
            models.EventKind,
            models.EventRole,
            models.EventSeries,
            models.Indicator,
            models.Person,
        ]:
            keep_history(model)

        # Cards, and pages checked by their rows, are kept under their items' last change, which
        # a change to a part or a link sets. Connected first: outside a transaction a change is
        # announced at once (below), and a request in between would find the old last change
        # under the new tokens, and keep what it read as current.
        for model in apps.get_models():
            if model._meta.label in settings.PAGE_CACHE_PARTS:
                pre_save.connect(
                    remember_item_before_save, sender=model, dispatch_uid=f"item-before-{model._meta.label}"
                )
            if {model._meta.label} & {*settings.PAGE_CACHE_TOPICS, *settings.PAGE_CACHE_PARTS}:
                post_save.connect(touch_items, sender=model, dispatch_uid=f"touch-items-save-{model._meta.label}")
                post_delete.connect(touch_items, sender=model, dispatch_uid=f"touch-items-del-{model._meta.label}")
        m2m_changed.connect(touch_items, dispatch_uid="touch-items-links")
        # Cached pages must follow every change of what they show, whoever makes it. Links
        # (many-to-many rows) report through m2m_changed; listening to them by model as well
        # would stop Django from deleting them in bulk.
        for model in apps.get_models():
            if model._meta.app_label in settings.PAGE_CACHE_APPS and not model._meta.auto_created:
                post_save.connect(
                    invalidate_on_change, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}"
                )
                post_delete.connect(
                    invalidate_on_change, sender=model, dispatch_uid=f"page-cache-del-{model._meta.label}"
                )
            # A save that changes only an item's words, or nothing, leaves the counts of lists
            # not filtered by words (content_version.changed_topics).
            if hasattr(model, "words_columns"):
                pre_save.connect(
                    remember_columns_before_save, sender=model, dispatch_uid=f"columns-before-{model._meta.label}"
                )
        m2m_changed.connect(invalidate_on_change, dispatch_uid="page-cache-links")
        restored.connect(render_restored_bodies, dispatch_uid="render-restored-bodies")
        loading_backup.connect(move_reported_in_to_stories, dispatch_uid="move-reported-in-to-stories")


def render_restored_bodies(**kwargs):
    """A backup made before the renderings, the listing times or the positions people held at
    the time were stored restores stories and quotes without them; one made before the Russian
    columns (issue 17), without the standard Russian names and the glossary."""
    from programmes.standard_names import add_standard_russian_names

    from .models import Story, record_positions_at_the_time
    from .reference_data import add_russian_names

    Story.objects.filter(body_html="").exclude(body="").rerender_bodies()
    Story.objects.filter(listed_at__isnull=True, published_at__isnull=False).relist()
    record_positions_at_the_time()
    add_standard_russian_names()
    add_russian_names()


def move_reported_in_to_stories(rows, **kwargs):
    """A backup made before stories named the funding they report (December 2026) holds the link
    as `reported_in` on each contribution and facility funding, by the story's slug."""
    stories = {row["fields"]["slug"]: row["fields"] for row in rows if row["model"] == "milestones.story"}
    links = {"programmes.contribution": "contributions", "programmes.facilityfunding": "facility_fundings"}
    for row in rows:
        if row["model"] in links and "reported_in" in row["fields"]:
            story = row["fields"].pop("reported_in")
            if story:
                stories[story[0]].setdefault(links[row["model"]], []).append(row["pk"])
