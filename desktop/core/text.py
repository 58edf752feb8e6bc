"""Marking strings for translation without importing the translation machinery.

The core layer sits below ``desktop.i18n``; it marks its messages with ``N_`` so the
extractor finds them, and the layers above translate them when they are shown.
"""


def N_(message: str) -> str:
    """Mark ``message`` for extraction; return it untranslated."""
    return message
