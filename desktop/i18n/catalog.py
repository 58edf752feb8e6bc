"""Translated messages: gettext catalogs read with Babel, looked up at call time.

Source strings (msgids) are English with ``{name}`` placeholders filled by
``str.format``. Nothing here translates at import time: ``_()`` looks the message up in
the current language every time it is called, so switching language reaches every
string that is shown afterwards. Code that must not depend on the user's choice (an
official paper is always Thai) asks for a ``Translator`` of its own language.

Catalogs: a compiled ``<catalogs_dir>/<lang>/LC_MESSAGES/messages.mo`` when there is one
that is not older than its ``.po`` source; otherwise the ``.po`` file in the top-level
``i18n/`` folder, read with Babel and compiled in memory, so a fresh checkout runs
without a build step. Fuzzy and empty translations are never used: the English msgid
is shown instead.
"""

from __future__ import annotations

import gettext
import io
import logging
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop.core.errors import Problem, UserError
from desktop.paths import catalogs_dir

log = logging.getLogger(__name__)

DOMAIN = "messages"
DEFAULT_LANGUAGE = "th"
LANGUAGES: tuple[str, ...] = ("th", "en")
LANGUAGE_NAMES: Mapping[str, str] = {"th": "ไทย", "en": "English"}

#: The translators' sources (messages.pot and <lang>/LC_MESSAGES/messages.po).
SOURCE_DIR = Path(__file__).resolve().parents[2] / "i18n"

_ENV_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def normalize_language(code: str | None) -> str | None:
    """``"th"``, ``"th_TH.UTF-8"``, ``"en-US"`` ... -> ``"th"`` / ``"en"``; None if unsupported."""
    if not code:
        return None
    base = code.strip().lower().split(".")[0].split("@")[0].replace("-", "_").split("_")[0]
    return base if base in LANGUAGES else None


def _translations_from_po(path: Path, language: str) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo   # only without a compiled catalog
    from babel.messages.pofile import read_po

    with path.open("rb") as fp:
        catalog = read_po(fp, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def load_translations(
    language: str,
    compiled_dir: Path | None = None,
    source_dir: Path | None = None,
) -> gettext.NullTranslations:
    """Read the catalog of ``language``: the compiled .mo if present and current, else the .po.

    Never fails: a missing or unreadable catalog gives untranslated (English) messages.
    """
    compiled_dir = catalogs_dir() if compiled_dir is None else Path(compiled_dir)
    source_dir = SOURCE_DIR if source_dir is None else Path(source_dir)
    mo = compiled_dir / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    po = source_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo_is_stale = mo.is_file() and po.is_file() and po.stat().st_mtime > mo.stat().st_mtime
    if mo.is_file() and not mo_is_stale:
        try:
            with mo.open("rb") as fp:
                return gettext.GNUTranslations(fp)
        except (OSError, gettext.error) as exc:  # pragma: no cover - a damaged install
            log.warning("Cannot read %s (%s); trying the .po source", mo, exc)
    if po.is_file():
        try:
            return _translations_from_po(po, language)
        except Exception as exc:  # pragma: no cover - a broken .po must not stop the app
            log.warning("Cannot read %s (%s); showing untranslated messages", po, exc)
    elif language != "en":
        log.warning("No %s catalog in %s or %s; showing untranslated messages", language, compiled_dir, source_dir)
    return gettext.NullTranslations()


def _format(text: str, fallback: str, params: dict[str, Any]) -> str:
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        # A broken translation must not hide the message: show the English one instead.
        log.warning("Translation %r does not format (%s); using the source text", text, exc)
        return fallback.format(**params)


class Translator:
    """The messages of one language."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self._translations = translations

    def gettext(self, msgid: str, /, **params: Any) -> str:
        if not msgid:
            return msgid
        text = self._translations.gettext(msgid)
        return _format(text, msgid, params) if params else text

    def ngettext(self, singular: str, plural: str, n: int, /, **params: Any) -> str:
        text = self._translations.ngettext(singular, plural, n)
        params.setdefault("n", n)
        return _format(text, singular if n == 1 else plural, params)

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"


_lock = threading.Lock()
_translators: dict[str, Translator] = {}
_current = DEFAULT_LANGUAGE


def translator(language: str | None = None) -> Translator:
    """The translator of ``language`` (default: the current language), loaded once."""
    code = normalize_language(language) if language is not None else _current
    if code is None:
        raise ValueError(f"Unsupported language {language!r}; choose one of {', '.join(LANGUAGES)}")
    found = _translators.get(code)
    if found is None:
        with _lock:
            found = _translators.get(code)
            if found is None:
                found = _translators[code] = Translator(code, load_translations(code))
    return found


def reload_catalogs() -> None:
    """Forget loaded catalogs, so the next message reads the files again."""
    with _lock:
        _translators.clear()


def available_languages() -> tuple[str, ...]:
    """The language codes the interface can use, the default first."""
    return LANGUAGES


def language_name(code: str) -> str:
    """A language's own name, for a language menu: ``"ไทย"``, ``"English"``."""
    return LANGUAGE_NAMES[normalize_language(code) or code]


def current_language() -> str:
    return _current


def set_language(code: str) -> str:
    """Switch the interface language; returns the normalised code (``"th"`` or ``"en"``)."""
    global _current
    normalized = normalize_language(code)
    if normalized is None:
        raise ValueError(f"Unsupported language {code!r}; choose one of {', '.join(LANGUAGES)}")
    _current = normalized
    return normalized


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The first supported language named by LANGUAGE, LC_ALL, LC_MESSAGES or LANG; else Thai.

    LANGUAGE may list several (``en_GB:th``); ``C`` and ``POSIX`` name no language.
    """
    env = os.environ if environ is None else environ
    for variable in _ENV_VARIABLES:
        for part in (env.get(variable) or "").split(":"):
            code = normalize_language(part)
            if code:
                return code
    return DEFAULT_LANGUAGE


def _(msgid: str, /, **params: Any) -> str:
    """``msgid`` in the current language, with ``{placeholders}`` filled from ``params``."""
    return translator().gettext(msgid, **params)


def _n(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """The form for ``n`` in the current language; ``{n}`` is always available."""
    return translator().ngettext(singular, plural, n, **params)


def translate_error(err: UserError) -> str:
    """A user error's message in the current language, with its parameters filled in."""
    return _(err.message, **err.params)


def translate_problem(problem: Problem) -> str:
    """One problem of a ``ValidationFailed``, in the current language."""
    return _(problem.message, **problem.params)


def translate_label(member: Any) -> str:
    """The label of a ``LabelledEnum`` member in the current language."""
    return _(member.label)
