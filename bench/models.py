from django.db import models


class PlainEvent(models.Model):
    """The portal's events table read as a bare model: the plain list's rows (bench/minimal_app.py)."""

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=250)
    start_date = models.DateField()

    class Meta:
        managed = False
        db_table = "milestones_event"

    def __str__(self):
        return self.title
