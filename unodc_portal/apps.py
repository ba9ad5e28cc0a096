from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "unodc_portal"
    verbose_name = _("UNODC portal")

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
