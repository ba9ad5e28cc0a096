from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "unodc_portal"
    verbose_name = "UNODC portal"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
