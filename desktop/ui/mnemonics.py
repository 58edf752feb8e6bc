"""Keyboard mnemonics (Alt+letter) written the same way in Thai and English.

A mnemonic is always a Latin letter or digit, so Alt+letter works whatever keyboard
layout is active. English marks the letter in a word ("&Title"); Thai has no Latin
letter to mark, so the letter follows the text in brackets ("ชื่อเรื่อง (&T)"), as in
the catalog ("ไฟล์ (&F)") and in Qt's CJK translations.

A text may carry its mnemonic in its msgid (``_("Save &as")``, translated "บันทึกเป็น (&A)").
A title that is shown without one elsewhere too (a field's name is also a column
heading) gets it here instead, so it stays one msgid; labels made from a list of titles
(the record forms, the filters) are given keys that no other control of the window uses::

    keys = assign_keys([title_msgid, ...], taken=MENU_KEYS | mnemonic_keys(dialog))
    label.setText(mnemonic(_(title_msgid), keys[0]))   # "&Title" / "ชื่อเรื่อง (&T)"
    editor.setAccessibleName(plain(label.text()))       # "Title" / "ชื่อเรื่อง"
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

#: The main window's menus (&File, &Edit, &View, &Help): its screens leave these keys free.
MENU_KEYS = frozenset("FEVH")

_THAI = re.compile("[\u0e00-\u0e7f]")
_WORD = re.compile(r"[A-Za-z0-9]+")
_BRACKETED = re.compile(r"\s*\(&[A-Za-z0-9]\)")
_MARK = re.compile(r"&(.)")


def mnemonic(text: str, key: str) -> str:
    """``text`` (already translated) with Alt+``key`` as its mnemonic: the letter marked
    in place when the text is Latin script and has it, else " (&K)" after the text."""
    text = text.replace("&", "&&")
    if key and not _THAI.search(text):
        found = (re.search(rf"\b{re.escape(key)}", text, re.IGNORECASE)
                 or re.search(re.escape(key), text, re.IGNORECASE))
        if found:
            return f"{text[:found.start()]}&{text[found.start():]}"
    return f"{text} (&{key.upper()})" if key else text


def mnemonic_key(text: str) -> str:
    """The mnemonic letter of a widget text, upper case ('' when it has none)."""
    for found in _MARK.finditer(text or ""):
        if found.group(1) != "&":
            return found.group(1).upper()
    return ""


def plain(text: str) -> str:
    """A text without its mnemonic, for an accessible name: "ชื่อเรื่อง (&T) *" -> "ชื่อเรื่อง *"."""
    return _MARK.sub(r"\1", _BRACKETED.sub("", text or ""))


def assign_keys(titles: Sequence[str], taken: Iterable[str] = ()) -> list[str]:
    """A key for each of ``titles`` (English msgids), none twice nor one of ``taken``: the
    first free initial of a word, else any free letter of the title, else any free letter."""
    used = {key.upper() for key in taken if key}
    keys = []
    for title in titles:
        words = _WORD.findall(title.replace("&", ""))
        candidates = [w[0] for w in words] + [c for w in words for c in w[1:]] + list(string.ascii_uppercase)
        key = next((c.upper() for c in candidates if c.upper() not in used), "")
        used.add(key)
        keys.append(key)
    return keys


def mnemonic_keys(window: QWidget) -> set[str]:
    """The mnemonics the buttons and labels of ``window`` already use."""
    texts = [button.text() for button in window.findChildren(QAbstractButton)]
    texts += [label.text() for label in window.findChildren(QLabel) if label.buddy() is not None]
    return {key for key in map(mnemonic_key, texts) if key}
