"""Field cleaners: turn what a user typed into the value stored, or raise
``ValidationFailed`` with a message for that field."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.core import validation as v
from desktop.core.digits import to_arabic_digits
from desktop.core.errors import ValidationFailed
from desktop.core.ids import parse_id
from desktop.core.text import N_
from desktop.db import repository
from desktop.db.models import Area, NamePrefix, Programme
from desktop.i18n.thai_dates import parse_thai_date

Cleaner = Callable[[Any, str, Any], Any]  # (value, field, session) -> cleaned


def text(max_length: int = 10_000) -> Cleaner:
    return lambda value, field, _s: v.optional_text(value, field, max_length)


def required_text(max_length: int = 500) -> Cleaner:
    return lambda value, field, _s: v.require_text(value, field, max_length)


def choice(enum: type, required: bool = False) -> Cleaner:
    return lambda value, field, _s: v.clean_choice(value, enum, field, required)


def phone(value: Any, field: str, _s: Any) -> str | None:
    return v.clean_phone(value, field) if value not in (None, "") else None


def email(value: Any, field: str, _s: Any) -> str | None:
    return v.clean_email(value, field) if value not in (None, "") else None


def a_date(value: Any, field: str, _s: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_thai_date(str(value), field)


def a_time(value: Any, field: str, _s: Any) -> time | None:
    if value in (None, ""):
        return None
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(to_arabic_digits(str(value).strip()).replace(".", ":"))
    except ValueError:
        raise v.fail(field, N_("Not a time: write it as 09:30.")) from None


def integer(minimum: int | None = 0, maximum: int | None = None) -> Cleaner:
    def clean(value: Any, field: str, _s: Any) -> int | None:
        if value in (None, ""):
            return None
        try:
            number = int(to_arabic_digits(str(value)).replace(",", "").strip())
        except ValueError:
            raise v.fail(field, N_("Must be a whole number.")) from None
        if minimum is not None and number < minimum:
            raise v.fail(field, N_("Must be at least {minimum}."), minimum=minimum)
        if maximum is not None and number > maximum:
            raise v.fail(field, N_("Must be at most {maximum}."), maximum=maximum)
        return number
    return clean


def money(value: Any, field: str, _s: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(to_arabic_digits(str(value)).replace(",", "").strip())
    except InvalidOperation:
        raise v.fail(field, N_("Must be an amount in baht, such as 150000 or 150,000.50.")) from None
    if amount < 0 or not amount.is_finite():
        raise v.fail(field, N_("Must not be negative."))
    return amount.quantize(Decimal("0.01"))


def buddhist_year(value: Any, field: str, _s: Any) -> int:
    return v.clean_buddhist_year(value, field)


def record(kind: str) -> Cleaner:
    """A reference to a live record of ``kind``."""
    def clean(value: Any, field: str, session: Any) -> uuid.UUID | None:
        if value in (None, ""):
            return None
        try:
            record_id = parse_id(value)
        except Exception:
            raise v.fail(field, N_("Not a record id.")) from None
        if repository.get(session, kind, record_id, include_deleted=False) is None:
            raise v.fail(field, N_("The chosen record does not exist or is in the trash."))
        return record_id
    return clean


def area(value: Any, field: str, session: Any) -> str | None:
    if value in (None, ""):
        return None
    code = to_arabic_digits(str(value).strip())
    if not repository.exists_reference(session, Area, code):
        raise v.fail(field, N_("There is no province, district or subdistrict with code {code}."), code=code)
    return code


def prefix(value: Any, field: str, session: Any) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    try:
        prefix_id = parse_id(value)
    except Exception:
        raise v.fail(field, N_("Not a record id.")) from None
    if not repository.exists_reference(session, NamePrefix, prefix_id):
        raise v.fail(field, N_("Unknown name prefix."))
    return prefix_id


def programme(value: Any, field: str, session: Any) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    try:
        programme_id = parse_id(value)
    except Exception:
        raise v.fail(field, N_("Not a record id.")) from None
    if not repository.exists_reference(session, Programme, programme_id):
        raise v.fail(field, N_("Unknown programme."))
    return programme_id


def collect(checks: list[Callable[[], None]]) -> None:
    """Run every check and raise one ValidationFailed listing every problem found."""
    problems = []
    for check in checks:
        try:
            check()
        except ValidationFailed as error:
            problems.extend(error.problems)
    if problems:
        raise ValidationFailed(problems)
