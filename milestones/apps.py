from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class MilestonesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "milestones"
    verbose_name = "Milestones"

    def ready(self):
        from .page_cache import invalidate_on_change

        # Cached pages must follow every change of what they show, whoever makes it.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(invalidate_on_change, dispatch_uid=f"page-cache-{signal}")
