"""Signals the site's machinery sends for the apps to act on, so that it never imports them."""

from django.dispatch import Signal

# Sent by `manage.py restore` with the backup's rows (`rows`, a list of dicts as dumpdata writes
# them) before they are loaded: an app rewrites, in place, rows a backup made by an older release
# wrote in a form its models no longer read.
loading_backup = Signal()

# Sent by `manage.py restore` inside its transaction, once every row is loaded: an app fills in
# what a backup made by an older release lacks (stored renderings, say).
restored = Signal()
