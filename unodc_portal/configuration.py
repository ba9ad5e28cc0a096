import sys

from django.core.exceptions import ImproperlyConfigured


def exit_on_configuration_error():
    """Load the settings now, and stop with one readable line if the environment is wrong.

    Without this, a bad variable surfaces as a long traceback from deep inside Django,
    or (for manage.py) as a misleading "Unknown command".
    """
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - touching a setting loads the module
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc}")
