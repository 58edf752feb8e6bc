"""Dialogs that create and edit records."""
