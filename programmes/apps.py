from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from unodc_portal.revisions import keep_history

        from . import models

        # Revision history (unodc_portal/revisions.py). Contributions and facilities' funding
        # have versions of their own, not as parts: stories link to them, so a programme's or a
        # facility's restore must not delete them.
        for model in [
            models.Country,
            models.Organisation,
            models.Programme,
            models.Contribution,
            models.ExchangeRate,
            models.Facility,
            models.FacilityFunding,
            models.Theme,
            models.GlossaryTerm,
        ]:
            keep_history(model)
