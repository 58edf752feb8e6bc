from datetime import date

import pytest

from desktop.core import validation as v
from desktop.core.errors import ValidationFailed

# Real-format IDs with valid check digits (made up, not real people).
VALID_IDS = ["1101700230708", "3100600045671", "1100400059541"]


def _make_valid(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


@pytest.mark.parametrize("digits", [_make_valid("110170023070"), _make_valid("310060004567"), _make_valid("500020000001")])
def test_national_id_accepts_valid_with_separators_and_thai_digits(digits):
    from desktop.core.digits import to_thai_digits

    dashed = f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"
    assert v.clean_national_id(dashed) == digits
    assert v.clean_national_id(to_thai_digits(digits)) == digits
    assert v.clean_national_id(f" {digits[:6]} {digits[6:]} ") == digits


def test_national_id_rejects_bad_check_digit():
    good = _make_valid("110170023070")
    bad = good[:12] + str((int(good[12]) + 1) % 10)
    with pytest.raises(ValidationFailed) as e:
        v.clean_national_id(bad)
    assert e.value.problems[0].field == "national_id"
    assert "check digit" in e.value.problems[0].message


@pytest.mark.parametrize("value,fragment", [
    ("123", "13 digits"), ("11017002307081", "13 digits"), ("1101700a30708", "only digits"),
    ("0101700230708", "cannot start"),
])
def test_national_id_rejects_wrong_shapes(value, fragment):
    with pytest.raises(ValidationFailed) as e:
        v.clean_national_id(value)
    assert fragment in e.value.problems[0].message


def test_mask_shows_only_last_four():
    assert v.mask_national_id("0708") == "x-xxxx-xxxx0-70-8"


@pytest.mark.parametrize("raw,expected", [
    ("0812345678", "081-234-5678"), ("081 234 5678", "081-234-5678"), ("+66 81 234 5678", "081-234-5678"),
    ("๐๘๑-๒๓๔-๕๖๗๘", "081-234-5678"), ("021234567", "02-123-4567"), ("02-123-4567 ต่อ 12", "02-123-4567 ต่อ 12"),
    ("053 123 456", "053-123-456"), ("66953334444", "095-333-4444"),
])
def test_phone_normalised(raw, expected):
    assert v.clean_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "0112345678", "08123456789", "call me", "0212345678"])
def test_phone_rejected(raw):
    with pytest.raises(ValidationFailed):
        v.clean_phone(raw)


def test_email():
    assert v.clean_email(" Somchai.J@OPDC.go.th ") == "somchai.j@opdc.go.th"
    for bad in ["somchai", "a@b", "a b@c.th", "@opdc.go.th"]:
        with pytest.raises(ValidationFailed):
            v.clean_email(bad)


def test_required_and_length():
    with pytest.raises(ValidationFailed):
        v.require_text("   ", "title_th")
    with pytest.raises(ValidationFailed):
        v.require_text("ก" * 11, "title_th", max_length=10)
    assert v.require_text(" โครงการ ", "title_th") == "โครงการ"


def test_date_range():
    v.check_date_range(date(2023, 5, 19), date(2023, 5, 19))
    with pytest.raises(ValidationFailed) as e:
        v.check_date_range(date(2023, 5, 19), date(2023, 5, 18))
    assert e.value.problems[0].params == {"start": "2023-05-19", "end": "2023-05-18"}


def test_buddhist_year():
    assert v.clean_buddhist_year("๒๕๖๖") == 2566
    for bad in ("2023", "abc", 3000):
        with pytest.raises(ValidationFailed):
            v.clean_buddhist_year(bad)
