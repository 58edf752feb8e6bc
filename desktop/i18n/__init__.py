"""Localisation: Thai first, English second.

    from desktop.i18n import _, _n
    _("Saved {count} records.", count=3)     # looked up in the current language at each call
    _n("{n} participant", "{n} participants", n)

Messages in desktop/core are marked with ``desktop.core.text.N_`` and translated by
whoever shows them (``_(msgid, **params)``, ``translate_error``). Thai dates,
Buddhist-Era years and Thai digits come from ``desktop.i18n.thai_dates`` (re-exported
here). The catalog workflow (``python -m desktop.i18n.build update check``) is described
in i18n/README.md.
"""

from desktop.i18n.catalog import (
    DEFAULT_LANGUAGE,
    Translator,
    _,
    _n,
    available_languages,
    current_language,
    language_from_env,
    language_name,
    reload_catalogs,
    set_language,
    translate_error,
    translate_label,
    translate_problem,
    translator,
)
from desktop.i18n.thai_dates import (
    fiscal_year_be,
    format_date,
    format_date_full,
    format_date_numeric,
    format_date_short,
    format_datetime,
    format_fiscal_year,
    format_number,
    parse_thai_date,
    year_be,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "_",
    "_n",
    "available_languages",
    "current_language",
    "fiscal_year_be",
    "format_date",
    "format_date_full",
    "format_date_numeric",
    "format_date_short",
    "format_datetime",
    "format_fiscal_year",
    "format_number",
    "language_from_env",
    "language_name",
    "parse_thai_date",
    "reload_catalogs",
    "set_language",
    "translate_error",
    "translate_label",
    "translate_problem",
    "translator",
    "Translator",
    "year_be",
]
