"""Signals the site's machinery sends for the apps to act on, so that it never imports them."""

from django.dispatch import Signal

# Sent by `manage.py restore` inside its transaction, once every row is loaded: an app fills in
# what a backup made by an older release lacks (stored renderings, say).
restored = Signal()
