"""Generated Thai civil servants: ``PeopleGenerator`` (the same people for the same seed
and reference data), national ID numbers with a correct check digit, phone numbers,
names, agencies' e-mail domains and weighted picks."""

from __future__ import annotations

import bisect
import random
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop.core.text import N_
from desktop.core.thai_order import person_sort_key
from desktop.core.validation import national_id_checksum_ok
from desktop.services.demo.refs import DemoDataError, Prefix, Refs
from desktop.services.demo.vocabulary import (
    ACADEMIC_LEVELS, ACADEMIC_TITLES, COMMON_ACADEMIC, COMMON_GENERAL, DOMAIN_SUFFIX, DOMAINS, FEMALE_NAMES,
    GENERAL_LEVELS, KIND_WEIGHTS, LOCAL_ACADEMIC, MALE_NAMES, MANAGERS, MILITARY_POSTS, POLICE_POSTS,
    SPECIAL_ACADEMIC, SPECIAL_GENERAL, SURNAMES, WHOLE_SURNAMES,
)


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


class Weighted:
    def __init__(self, items: Sequence[tuple[Any, float]]) -> None:
        self.values = [v for v, _ in items]
        self.cum = _cumulative([w for _, w in items])

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


def national_id(rng: random.Random) -> str:
    """A 13-digit number with a correct check digit, of the kinds most people hold
    (first digit 1 or 3; 2, 4, 5, 8 for late or special registrations)."""
    first = rng.choice("1111111333332458")
    body = first + "".join(str(rng.randrange(10)) for _ in range(11))
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    digits = body + str((11 - total % 11) % 10)
    assert national_id_checksum_ok(digits)
    return digits


def random_phone(rng: random.Random) -> str:
    head = rng.choice(("08", "08", "08", "08", "09", "06"))
    d = rng.randrange(1, 10) if head != "06" else rng.choice((1, 2, 3, 4, 5))
    return f"{head}{d}-{rng.randrange(1000):03d}-{rng.randrange(10000):04d}"


def agency_domain(agency: dict[str, Any]) -> str:
    key = agency.get("key") or ""
    if key in DOMAINS:
        return DOMAINS[key]
    suffix = DOMAIN_SUFFIX.get(agency.get("kind") or "", "go.th")
    stem = re.sub(r"[^a-z0-9]", "", key.lower())
    if not stem:
        words = re.findall(r"[A-Za-z]+", agency.get("name_en") or "")
        stem = "".join(w[0] for w in words).lower() or "office"
    return f"{stem}.{suffix}"


@dataclass
class _AgencyProfile:
    agency: dict[str, Any]
    id: uuid.UUID
    domain: str
    academic: Weighted
    general: Weighted
    mode: str  # "civil", "police", "military", "university", "partner", "district"


def _agency_profile(agency: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> _AgencyProfile:
    key, kind = agency.get("key") or "", agency.get("kind") or ""
    lineage = [key]
    parent = by_id.get(str(agency.get("parent_id")))
    while parent is not None and len(lineage) < 6:
        lineage.append(parent.get("key") or "")
        parent = by_id.get(str(parent.get("parent_id")))
    academic = list(COMMON_ACADEMIC)
    general = list(COMMON_GENERAL)
    if kind == "local_government":
        academic = list(LOCAL_ACADEMIC)
    for k in lineage:
        academic += SPECIAL_ACADEMIC.get(k, ())
        general += SPECIAL_GENERAL.get(k, ())
    if kind in ("provincial", "district") or "moi" in lineage:
        general += SPECIAL_GENERAL["moi"]
    mode = "civil"
    if key == "rtp":
        mode = "police"
    elif key == "mod":
        mode = "military"
    elif kind == "university":
        mode = "university"
    elif kind in ("international", "private", "community", "state_agency"):
        mode = "partner"
    elif kind == "district" or key == "dopa":
        mode = "district"
    return _AgencyProfile(agency, uuid.UUID(str(agency["id"])), agency_domain(agency),
                          Weighted(academic), Weighted(general), mode)


class PeopleGenerator:
    """Thai civil servants, the same ones for the same seed and reference data."""

    def __init__(self, refs: Refs, seed: int | str) -> None:
        self.rng = random.Random(seed)
        self.refs = refs
        civil = {name: refs.prefix(name) for name in ("นาย", "นาง", "นางสาว")}
        self.mr, self.mrs, self.miss = civil["นาย"], civil["นาง"], civil["นางสาว"]
        self.acting_m = refs.prefix("ว่าที่ร้อยตรี", required=False)
        self.acting_f = refs.prefix("ว่าที่ร้อยตรีหญิง", required=False)
        self.police = [(refs.prefix(r, required=False), g, p) for r, g, p in POLICE_POSTS]
        self.police = [x for x in self.police if x[0] is not None]
        self.military = [(refs.prefix(r, required=False), g, p) for r, g, p in MILITARY_POSTS]
        self.military = [x for x in self.military if x[0] is not None]
        titles = [(refs.prefix(t, required=False), w) for t, w in ACADEMIC_TITLES]
        titles = [(p, w) for p, w in titles if p is not None]
        self.titles = Weighted(titles) if titles else None
        self.doctor = refs.prefix("ดร.", required=False)
        by_id = {str(a["id"]): a for a in refs.agency_list}
        if not refs.agency_list:
            raise DemoDataError(N_("The demo data needs at least one agency in the agency list."))
        self.agencies = Weighted([(_agency_profile(a, by_id), KIND_WEIGHTS.get(a.get("kind"), 1.0))
                                  for a in refs.agency_list])
        self.academic_levels = Weighted(ACADEMIC_LEVELS)
        self.general_levels = Weighted(GENERAL_LEVELS)
        self.emails: set[str] = set()
        self._by_gender: dict[tuple[int, str], list[tuple[Prefix, str, str]]] = {}

    # The parts of one person -----------------------------------------------------------
    def civil_prefix(self, gender: str) -> Prefix:
        r = self.rng.random()
        if gender == "m":
            return self.acting_m if (r < 0.04 and self.acting_m) else self.mr
        if r < 0.02 and self.acting_f:
            return self.acting_f
        return self.mrs if r < 0.52 else self.miss

    def post(self, profile: _AgencyProfile, gender: str,
             keep_gender: bool = False) -> tuple[Prefix, str, str | None, str]:
        """(prefix, position, level, gender) typical of the agency. A police or military
        rank comes with its own gender, unless ``keep_gender`` (the name is chosen
        already): then only ranks of ``gender`` are drawn."""
        rng = self.rng
        if profile.mode == "police" and self.police and rng.random() < 0.85:
            ranks = self._ranks(self.police, gender) if keep_gender else self.police
            if ranks:
                prefix, g, position = rng.choice(ranks)
                return prefix, position, None, g
        if profile.mode == "military" and self.military and rng.random() < 0.7:
            ranks = self._ranks(self.military, gender) if keep_gender else self.military
            if ranks:
                prefix, g, position = rng.choice(ranks)
                return prefix, position, None, g
        prefix = self.civil_prefix(gender)
        if profile.mode == "university" and rng.random() < 0.6:
            if self.titles is not None:
                prefix = self.titles.pick(rng)
            return prefix, rng.choice(("อาจารย์", "อาจารย์", "อาจารย์", "รองคณบดีฝ่ายวิจัยและนวัตกรรม",
                                       "ผู้อำนวยการหลักสูตร")), None, gender
        if profile.mode == "partner" and rng.random() < 0.7:
            return prefix, rng.choice(("เจ้าหน้าที่โครงการ", "ผู้จัดการโครงการ", "ผู้เชี่ยวชาญด้านนวัตกรรม",
                                       "นักวิชาการ", "ผู้ประสานงานเครือข่าย")), None, gender
        if profile.mode == "district" and rng.random() < 0.45:
            level = rng.choice(("ปฏิบัติการ", "ชำนาญการ", "ชำนาญการ", "ชำนาญการพิเศษ"))
            return prefix, "ปลัดอำเภอ", level, gender
        r = rng.random()
        if r < 0.05:
            position, level = rng.choice(MANAGERS)
            if profile.mode == "district" and rng.random() < 0.3:
                position, level = "นายอำเภอ", "อำนวยการระดับสูง"
        elif r < 0.27:
            base, level = profile.general.pick(rng), self.general_levels.pick(rng)
            position = base + level
        else:
            base, level = profile.academic.pick(rng), self.academic_levels.pick(rng)
            position = base + level
        if self.doctor is not None and prefix in (self.mr, self.mrs, self.miss) and rng.random() < 0.03:
            prefix = self.doctor
        return prefix, position, level, gender

    def _ranks(self, ranks: list[tuple[Prefix, str, str]], gender: str) -> list[tuple[Prefix, str, str]]:
        key = (id(ranks), gender)
        found = self._by_gender.get(key)
        if found is None:
            found = self._by_gender[key] = [r for r in ranks if r[1] == gender]
        return found

    def email(self, first_en: str, last_en: str, domain: str) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            local = f"{first_en}.{last_en[0]}"
        elif r < 0.75:
            local = f"{first_en}.{last_en}"
        else:
            local = f"{first_en}{last_en[:2]}"
        address = f"{local}@{domain}"
        spread = 100
        while address in self.emails:   # a wider range each time, so it never runs out
            address = f"{local}{rng.randrange(1, spread)}@{domain}"
            spread *= 2
        self.emails.add(address)
        return address

    def person(self, record_id: uuid.UUID, protector: Any, id_share: float = 0.3) -> dict[str, Any]:
        """One person as a row of the person table (derived columns included)."""
        rng = self.rng
        profile = self.agencies.pick(rng)
        gender = "m" if rng.random() < 0.48 else "f"
        prefix, position, level, gender = self.post(profile, gender)
        first, last, first_en, last_en = random_name(rng, gender)
        phone = random_phone(rng) if rng.random() < 0.85 else None
        email = self.email(first_en, last_en, profile.domain) if rng.random() < 0.8 else None
        sealed = protector.seal(national_id(rng)) if rng.random() < id_share else None
        return {
            "id": record_id, "prefix_id": prefix.id, "prefix_th": prefix.th,
            "first_name_th": first, "last_name_th": last, "prefix_en": prefix.en,
            "first_name_en": first_en.capitalize(), "last_name_en": last_en.capitalize(),
            "position": position, "level": level, "agency_id": profile.id, "phone": phone,
            "email": email, "national_id_sealed": sealed.sealed if sealed else None,
            "national_id_digest": sealed.digest if sealed else None,
            "national_id_tail": sealed.tail if sealed else None, "photo_id": None, "notes": None,
            "sort_name": person_sort_key(first, last),
        }


def random_name(rng: random.Random, gender: str) -> tuple[str, str, str, str]:
    first, first_en = rng.choice(MALE_NAMES if gender == "m" else FEMALE_NAMES)
    last, last_en = random_surname(rng)
    return first, last, first_en, last_en


def random_surname(rng: random.Random) -> tuple[str, str]:
    """(Thai, romanised) family name."""
    return rng.choice(WHOLE_SURNAMES) if rng.random() < 0.3 else rng.choice(SURNAMES)
