"""The site-wide machinery's own table: no content lives here (see unodc_portal/revisions.py)."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingRestore(models.Model):
    """An earlier version of a public item, restored by an editor and waiting for a publisher.

    Restoring never publishes: an item the public sees (a published story, a country's name)
    keeps its row as it is until someone allowed to publish it applies this; an unpublished item
    is restored in its own row, as a draft, and needs none. One per item: a later restore
    replaces it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=191)
    version = models.ForeignKey(
        "reversion.Version", verbose_name=_("version"), on_delete=models.CASCADE, related_name="+"
    )
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("restored by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    restored_at = models.DateTimeField(_("restored at"), default=timezone.now)

    class Meta:
        verbose_name = _("restored draft")
        verbose_name_plural = _("restored drafts")
        ordering = ["-restored_at"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_pending_restore_per_item"),
        ]

    def __str__(self):
        return str(self.version)

    @property
    def restored_at_stamp(self):
        """When it was made, as the forms acting on it send it back: with its version, which
        restored draft the page showed (a later restore replaces it)."""
        return self.restored_at.astimezone(datetime.UTC).isoformat()
