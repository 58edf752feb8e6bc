"""Validation rules for user input. Each rule returns a cleaned value or raises
``ValidationFailed`` naming the field and an untranslated message."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from desktop.core.digits import to_arabic_digits
from desktop.core.errors import Problem, ValidationFailed
from desktop.core.text import N_

_SEPARATORS = re.compile(r"[\s\-().]")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
_EXTENSION = re.compile(r"\s*(?:ต่อ|ext\.?|x|#)\s*(\d{1,5})\s*$", re.IGNORECASE)


def fail(field: str | None, message: str, **params: Any) -> ValidationFailed:
    return ValidationFailed([Problem(field, message, params)])


def national_id_checksum_ok(digits: str) -> bool:
    """The 13th digit of a Thai national ID is a check digit over the first twelve."""
    if len(digits) != 13 or not digits.isdigit():
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


def clean_national_id(value: str, field: str = "national_id") -> str:
    """Return the 13 digits of a Thai national ID typed with any separators or Thai digits."""
    digits = _SEPARATORS.sub("", to_arabic_digits(value or ""))
    if not digits.isdigit():
        raise fail(field, N_("A national ID may contain only digits."))
    if len(digits) != 13:
        raise fail(field, N_("A national ID has 13 digits; this one has {count}."), count=len(digits))
    if digits[0] in "09":
        raise fail(field, N_("A national ID cannot start with {digit}."), digit=digits[0])
    if not national_id_checksum_ok(digits):
        raise fail(field, N_("This national ID fails its check digit: please check each digit."))
    return digits


def mask_national_id(tail: str) -> str:
    """Show a national ID by its last four digits only, in its 1-4-5-2-1 grouping:
    x-xxxx-xxxx5-67-8."""
    tail = (tail or "")[-4:].rjust(4, "x")
    return f"x-xxxx-xxxx{tail[0]}-{tail[1:3]}-{tail[3]}"


def format_national_id(digits: str) -> str:
    d = digits
    return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}"


def clean_phone(value: str, field: str = "phone") -> str:
    """Normalise a Thai phone number: 081-234-5678, 02-123-4567, 053-123-456 [ต่อ 12]."""
    text = to_arabic_digits((value or "").strip())
    extension = ""
    m = _EXTENSION.search(text)
    if m:
        extension, text = m.group(1), text[: m.start()]
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    elif digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    if not digits.isdigit():
        raise fail(field, N_("A phone number may contain only digits, spaces and dashes."))
    if len(digits) == 10 and digits[:2] in ("06", "08", "09"):
        out = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    elif len(digits) == 9 and digits.startswith("02"):
        out = f"{digits[:2]}-{digits[2:5]}-{digits[5:]}"
    elif len(digits) == 9 and digits[:2] in ("03", "04", "05", "07"):
        out = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    else:
        raise fail(field, N_("Not a Thai phone number: use 10 digits for a mobile (08x-xxx-xxxx) "
                             "or 9 digits for a landline (02-xxx-xxxx)."))
    return f"{out} ต่อ {extension}" if extension else out


def clean_email(value: str, field: str = "email") -> str:
    text = (value or "").strip()
    if not _EMAIL.match(text) or len(text) > 254:
        raise fail(field, N_("Not an e-mail address: it should look like name@example.go.th."))
    return text.lower()


def require_text(value: Any, field: str, max_length: int = 500) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if not text:
        raise fail(field, N_("This field is required."))
    if len(text) > max_length:
        raise fail(field, N_("Too long: at most {limit} characters."), limit=max_length)
    return text


def optional_text(value: Any, field: str, max_length: int = 10_000) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if len(text) > max_length:
        raise fail(field, N_("Too long: at most {limit} characters."), limit=max_length)
    return text or None


def check_date_range(start: date | None, end: date | None, field: str = "end_date") -> None:
    if start and end and end < start:
        raise fail(field, N_("The end date ({end}) is before the start date ({start})."),
                   start=start.isoformat(), end=end.isoformat())


def clean_choice(value: Any, enum: type, field: str, required: bool = True) -> str | None:
    if value in (None, ""):
        if required:
            raise fail(field, N_("This field is required."))
        return None
    try:
        return enum(value).value
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise fail(field, N_("'{value}' is not one of: {allowed}."), value=value, allowed=allowed) from None


def clean_buddhist_year(value: Any, field: str = "year_be") -> int:
    try:
        year = int(to_arabic_digits(str(value)))
    except (TypeError, ValueError):
        raise fail(field, N_("The year must be a Buddhist-Era year such as 2566.")) from None
    if not 2400 <= year <= 2700:
        raise fail(field, N_("The year must be a Buddhist-Era year such as 2566."))
    return year


def clean_non_negative(value: Any, field: str) -> Any:
    if value is None or value == "":
        return None
    try:
        number = type(value)(value) if not isinstance(value, str) else float(to_arabic_digits(value).replace(",", ""))
    except (TypeError, ValueError):
        raise fail(field, N_("Must be a number.")) from None
    if number < 0:
        raise fail(field, N_("Must not be negative."))
    return value if not isinstance(value, str) else number
