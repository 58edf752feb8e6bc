"""The reference data shipped in resources/reference: schema, integrity and content."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

REFERENCE_DIR = Path(__file__).parents[1] / "resources" / "reference"
VERSION_RE = re.compile(r"^\d{4}\.\d+\.\d+$")
KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
THAI_RE = re.compile(r"[\u0E00-\u0E7F]")
LETTER_CODE_RE = re.compile(r"^[\u0E01-\u0E2E]{2}(?: \d{2,})?$")

AGENCY_KINDS = {
    "ministry", "department", "provincial", "district", "local_government",
    "state_agency", "university", "international", "private", "community",
}
PREFIX_CATEGORIES = {"civil", "military", "police", "academic", "royal", "conferred", "other"}

AGENCY_FIELDS = {"key", "kind", "name_th", "name_en", "abbr_th", "letter_code", "parent"}
PREFIX_FIELDS = {"key", "category", "full_th", "abbr_th", "full_en", "abbr_en", "gender"}
PROGRAMME_FIELDS = {"code", "name_th", "name_en", "level"}

# Column widths of the tables the loader fills (desktop/db/models/reference.py).
AGENCY_WIDTHS = {"key": 64, "kind": 24, "name_th": 300, "name_en": 300, "abbr_th": 60, "letter_code": 16}
PREFIX_WIDTHS = {"category": 16, "full_th": 80, "abbr_th": 40, "full_en": 80, "abbr_en": 40}
PROGRAMME_WIDTHS = {"code": 24, "name_th": 200, "name_en": 200}

# The ministry-level bodies and their สารบรรณ letter codes.
MINISTRY_CODES = {
    "สำนักนายกรัฐมนตรี": "นร",
    "กระทรวงกลาโหม": "กห",
    "กระทรวงการคลัง": "กค",
    "กระทรวงการต่างประเทศ": "กต",
    "กระทรวงการท่องเที่ยวและกีฬา": "กก",
    "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์": "พม",
    "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม": "อว",
    "กระทรวงเกษตรและสหกรณ์": "กษ",
    "กระทรวงคมนาคม": "คค",
    "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม": "ทส",
    "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม": "ดศ",
    "กระทรวงพลังงาน": "พน",
    "กระทรวงพาณิชย์": "พณ",
    "กระทรวงมหาดไทย": "มท",
    "กระทรวงยุติธรรม": "ยธ",
    "กระทรวงแรงงาน": "รง",
    "กระทรวงวัฒนธรรม": "วธ",
    "กระทรวงศึกษาธิการ": "ศธ",
    "กระทรวงสาธารณสุข": "สธ",
    "กระทรวงอุตสาหกรรม": "อก",
    "กระทรวงวิทยาศาสตร์และเทคโนโลยี": "วท",  # historical, named in the 2017 seed
}

# Every agency the two seed news texts name in full (ทำเนียบรัฐบาล is a place, not an agency).
SEED_AGENCY_NAMES = [
    # 2023: ป.ย.ป. preparation workshop
    "กระทรวงศึกษาธิการ",
    "สำนักงานเลขาธิการสภาการศึกษา",
    "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
    "กระทรวงสาธารณสุข",
    "กระทรวงยุติธรรม",
    "สำนักงานตำรวจแห่งชาติ",
    "กระทรวงกลาโหม",
    "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตในภาครัฐ",
    "สำนักงานป้องกันและปราบปรามการฟอกเงิน",
    "กระทรวงมหาดไทย",
    "สถาบันส่งเสริมการบริหารกิจการบ้านเมืองที่ดี",
    "วิทยาลัยการจัดการ มหาวิทยาลัยมหิดล",
    "มหาวิทยาลัยมหิดล",
    # 2017: GovLab MOU
    "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
    "โครงการพัฒนาแห่งสหประชาชาติ ประจำประเทศไทย",
    "ศูนย์สร้างสรรค์งานออกแบบ",
    "มหาวิทยาลัยธรรมศาสตร์",
    "มหาวิทยาลัยเทคโนโลยีพระจอมเกล้าธนบุรี",
    "กระทรวงพาณิชย์",
    "กระทรวงวิทยาศาสตร์และเทคโนโลยี",
    "กลุ่มวิเทศสัมพันธ์และการประชาสัมพันธ์",
]
# Agencies the seeds name only by their abbreviation.
SEED_AGENCY_ABBRS = ["สำนักงาน ก.พ.ร.", "สำนักงาน ป.ย.ป."]

# Agencies the demo data and the pilots rely on.
DEMO_AGENCY_NAMES = [
    "ศาลากลางจังหวัดนครปฐม",
    "สำนักงานจังหวัดนครปฐม",
    "ที่ว่าการอำเภอเมืองนครปฐม",
    "องค์การบริหารส่วนจังหวัดนครปฐม",
    "เทศบาลนครนครปฐม",
    "องค์การบริหารส่วนตำบลสามควายเผือก",
    "กรมการปกครอง",
    "กรมส่งเสริมการปกครองท้องถิ่น",
    "กรมการแพทย์แผนไทยและการแพทย์ทางเลือก",
    "สำนักงานคณะกรรมการอาหารและยา",
    "กรมวิทยาศาสตร์การแพทย์",
    "กรมวิทยาศาสตร์บริการ",
    "กรมการค้าภายใน",
    "กรมพัฒนาธุรกิจการค้า",
    "โรงพยาบาลราชวิถี",
    "กรมการแพทย์",
    "กรมคุมประพฤติ",
    "สำนักงานคณะกรรมการป้องกันและปราบปรามยาเสพติด",
    "กรมพัฒนาฝีมือแรงงาน",
    "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",
    "กรมกิจการเด็กและเยาวชน",
]

# (full_th, abbr_th, category) that must be present, including the seeds' people.
REQUIRED_PREFIXES = [
    ("นาย", "นาย", "civil"),
    ("นาง", "นาง", "civil"),
    ("นางสาว", "น.ส.", "civil"),
    ("เด็กชาย", "ด.ช.", "civil"),
    ("เด็กหญิง", "ด.ญ.", "civil"),
    ("ว่าที่ร้อยตรี", "ว่าที่ ร.ต.", "military"),
    ("ว่าที่ร้อยตรีหญิง", "ว่าที่ ร.ต.หญิง", "military"),
    ("สิบตรี", "ส.ต.", "military"),
    ("ร้อยเอกหญิง", "ร.อ.หญิง", "military"),
    ("พลเอก", "พล.อ.", "military"),
    ("พลเรือเอก", "พล.ร.อ.", "military"),
    ("พลอากาศเอก", "พล.อ.อ.", "military"),
    ("เรืออากาศเอก", "ร.อ.อ.", "military"),
    ("สิบตำรวจตรี", "ส.ต.ต.", "police"),
    ("ร้อยตำรวจเอก", "ร.ต.อ.", "police"),
    ("ร้อยตำรวจเอกหญิง", "ร.ต.อ.หญิง", "police"),
    ("พันตำรวจเอก", "พ.ต.อ.", "police"),
    ("พันตำรวจเอกหญิง", "พ.ต.อ.หญิง", "police"),
    ("พลตำรวจตรี", "พล.ต.ต.", "police"),
    ("พลตำรวจเอก", "พล.ต.อ.", "police"),
    ("ศาสตราจารย์", "ศ.", "academic"),
    ("รองศาสตราจารย์", "รศ.", "academic"),
    ("ผู้ช่วยศาสตราจารย์", "ผศ.", "academic"),
    ("ดอกเตอร์", "ดร.", "academic"),
    ("ศาสตราจารย์ ดร.", "ศ.ดร.", "academic"),
    ("รองศาสตราจารย์ ดร.", "รศ.ดร.", "academic"),
    ("ผู้ช่วยศาสตราจารย์ ดร.", "ผศ.ดร.", "academic"),
    ("นายแพทย์", "นพ.", "academic"),
    ("แพทย์หญิง", "พญ.", "academic"),
    ("ทันตแพทย์", "ทพ.", "academic"),
    ("ทันตแพทย์หญิง", "ทพญ.", "academic"),
    ("เภสัชกร", "ภก.", "academic"),
    ("เภสัชกรหญิง", "ภญ.", "academic"),
    ("หม่อมเจ้า", "ม.จ.", "royal"),
    ("หม่อมราชวงศ์", "ม.ร.ว.", "royal"),
    ("หม่อมหลวง", "ม.ล.", "royal"),
    ("คุณหญิง", "คุณหญิง", "conferred"),
    ("ท่านผู้หญิง", "ท่านผู้หญิง", "conferred"),
    ("คุณ", "คุณ", "conferred"),
    ("พระ", "พระ", "other"),
    ("พระครู", "พระครู", "other"),
]

PROGRAMME_LEVELS = {
    "GOVLAB": None, "PYP1": 1, "PYP2": 2, "PYP3": 3, "PYP4": 4,
    "PIL": None, "ITEAM": None, "OTHER": None,
}


def _load(name: str) -> dict:
    with (REFERENCE_DIR / f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def agencies() -> list[dict]:
    return _load("agencies")["records"]


@pytest.fixture(scope="module")
def prefixes() -> list[dict]:
    return _load("prefixes")["records"]


@pytest.fixture(scope="module")
def programmes() -> list[dict]:
    return _load("programmes")["records"]


def _clean_text(value: str) -> bool:
    return value == value.strip() and "  " not in value and "\n" not in value and "\t" not in value


def _check_widths(records: list[dict], widths: dict[str, int]) -> None:
    for rec in records:
        for field, width in widths.items():
            value = rec.get(field)
            if value is not None:
                assert len(value) <= width, (field, value)


# ---------------------------------------------------------------- envelope


@pytest.mark.parametrize("name", ["agencies", "prefixes", "programmes"])
def test_envelope(name: str) -> None:
    data = _load(name)
    assert set(data) == {"dataset", "version", "records"}
    assert data["dataset"] == name
    assert VERSION_RE.match(data["version"]), data["version"]
    assert isinstance(data["records"], list) and data["records"]


# ---------------------------------------------------------------- agencies


def test_agency_schema(agencies: list[dict]) -> None:
    for rec in agencies:
        assert set(rec) == AGENCY_FIELDS, rec
        assert isinstance(rec["key"], str) and KEY_RE.match(rec["key"]), rec["key"]
        assert rec["kind"] in AGENCY_KINDS, rec
        assert isinstance(rec["name_th"], str) and rec["name_th"]
        assert isinstance(rec["name_en"], str) and rec["name_en"]
        for field in ("abbr_th", "letter_code", "parent"):
            assert rec[field] is None or (isinstance(rec[field], str) and rec[field]), rec
    _check_widths(agencies, AGENCY_WIDTHS)


def test_agency_keys_and_names_unique(agencies: list[dict]) -> None:
    for field in ("key", "name_th", "name_en"):
        dupes = [v for v, n in Counter(r[field] for r in agencies).items() if n > 1]
        assert not dupes, (field, dupes)


def test_agency_parents_resolve_without_cycles(agencies: list[dict]) -> None:
    by_key = {r["key"]: r for r in agencies}
    for rec in agencies:
        seen = {rec["key"]}
        parent = rec["parent"]
        while parent is not None:
            assert parent in by_key, (rec["key"], parent)
            assert parent not in seen, ("cycle", rec["key"])
            seen.add(parent)
            parent = by_key[parent]["parent"]


def test_agency_hierarchy_is_sensible(agencies: list[dict]) -> None:
    by_key = {r["key"]: r for r in agencies}
    for rec in agencies:
        if rec["kind"] == "ministry":
            assert rec["parent"] is None, rec
        if rec["kind"] in ("department", "provincial", "district") and rec["parent"]:
            assert by_key[rec["parent"]]["kind"] in ("ministry", "department", "provincial"), rec


def test_agency_thai_fields(agencies: list[dict]) -> None:
    for rec in agencies:
        for field in ("name_th", "abbr_th", "letter_code"):
            value = rec[field]
            if value is None:
                continue
            assert THAI_RE.search(value), (rec["key"], field, value)
            assert _clean_text(value), (rec["key"], field, value)
        assert _clean_text(rec["name_en"]), rec["key"]
        assert not THAI_RE.search(rec["name_en"]), rec["key"]


def test_agency_letter_codes(agencies: list[dict]) -> None:
    by_key = {r["key"]: r for r in agencies}
    for rec in agencies:
        code = rec["letter_code"]
        if code is None:
            continue
        assert LETTER_CODE_RE.match(code), (rec["key"], code)
        # A department's code starts with its ministry's letters.
        if " " in code and rec["parent"] and by_key[rec["parent"]]["letter_code"]:
            assert code.split()[0] == by_key[rec["parent"]]["letter_code"].split()[0], rec["key"]


def test_ministries_and_their_letter_codes(agencies: list[dict]) -> None:
    ministries = {r["name_th"]: r for r in agencies if r["kind"] == "ministry"}
    assert set(ministries) == set(MINISTRY_CODES)
    for name, code in MINISTRY_CODES.items():
        assert ministries[name]["letter_code"] == code, name
    codes = [r["letter_code"] for r in ministries.values()]
    assert len(codes) == len(set(codes))


def test_known_department_codes(agencies: list[dict]) -> None:
    by_name = {r["name_th"]: r for r in agencies}
    opdc = by_name["สำนักงานคณะกรรมการพัฒนาระบบราชการ"]
    assert opdc["abbr_th"] == "สำนักงาน ก.พ.ร."
    assert opdc["letter_code"] == "นร 12"
    assert by_name["สำนักนายกรัฐมนตรี"]["key"] == opdc["parent"]
    assert by_name["กรมการปกครอง"]["letter_code"] == "มท 03"
    assert by_name["กรมส่งเสริมการปกครองท้องถิ่น"]["letter_code"] == "มท 08"


@pytest.mark.parametrize("name_th", SEED_AGENCY_NAMES + DEMO_AGENCY_NAMES)
def test_named_agency_present(agencies: list[dict], name_th: str) -> None:
    assert name_th in {r["name_th"] for r in agencies}


@pytest.mark.parametrize("abbr_th", SEED_AGENCY_ABBRS)
def test_seed_abbreviation_present(agencies: list[dict], abbr_th: str) -> None:
    assert abbr_th in {r["abbr_th"] for r in agencies}


def test_seed_parents(agencies: list[dict]) -> None:
    by_name = {r["name_th"]: r for r in agencies}
    by_key = {r["key"]: r for r in agencies}

    def parent_name(name: str) -> str:
        return by_key[by_name[name]["parent"]]["name_th"]

    assert parent_name("สถาบันส่งเสริมการบริหารกิจการบ้านเมืองที่ดี") == "สำนักงานคณะกรรมการพัฒนาระบบราชการ"
    assert parent_name("กลุ่มวิเทศสัมพันธ์และการประชาสัมพันธ์") == "สำนักงานคณะกรรมการพัฒนาระบบราชการ"
    assert parent_name("วิทยาลัยการจัดการ มหาวิทยาลัยมหิดล") == "มหาวิทยาลัยมหิดล"
    assert parent_name("โรงพยาบาลราชวิถี") == "กรมการแพทย์"
    assert parent_name("ศาลากลางจังหวัดนครปฐม") == "กระทรวงมหาดไทย"
    assert by_name["โครงการพัฒนาแห่งสหประชาชาติ ประจำประเทศไทย"]["kind"] == "international"
    assert by_name["ศูนย์สร้างสรรค์งานออกแบบ"]["kind"] == "state_agency"
    assert by_name["องค์การบริหารส่วนตำบลสามควายเผือก"]["kind"] == "local_government"


# ---------------------------------------------------------------- prefixes


def test_prefix_schema(prefixes: list[dict]) -> None:
    for rec in prefixes:
        assert set(rec) == PREFIX_FIELDS, rec
        assert isinstance(rec["key"], str) and KEY_RE.match(rec["key"]), rec["key"]
        assert rec["category"] in PREFIX_CATEGORIES, rec
        assert rec["gender"] in ("m", "f", None), rec
        for field in ("full_th", "abbr_th", "full_en", "abbr_en"):
            assert isinstance(rec[field], str) and rec[field], (rec["key"], field)
            assert _clean_text(rec[field]), (rec["key"], field)
        for field in ("full_th", "abbr_th"):
            assert THAI_RE.search(rec[field]), (rec["key"], field)
        for field in ("full_en", "abbr_en"):
            assert not THAI_RE.search(rec[field]), (rec["key"], field)
    _check_widths(prefixes, PREFIX_WIDTHS)


def test_prefix_keys_unique(prefixes: list[dict]) -> None:
    dupes = [k for k, n in Counter(r["key"] for r in prefixes).items() if n > 1]
    assert not dupes


def test_prefix_thai_forms_unique_within_category(prefixes: list[dict]) -> None:
    for field in ("abbr_th", "full_th"):
        counts = Counter((r["category"], r[field]) for r in prefixes)
        dupes = [k for k, n in counts.items() if n > 1]
        assert not dupes, (field, dupes)


def test_prefix_full_forms_unique(prefixes: list[dict]) -> None:
    dupes = [k for k, n in Counter(r["full_th"] for r in prefixes).items() if n > 1]
    assert not dupes


@pytest.mark.parametrize(("full_th", "abbr_th", "category"), REQUIRED_PREFIXES)
def test_required_prefix_present(prefixes: list[dict], full_th: str, abbr_th: str, category: str) -> None:
    matches = [r for r in prefixes if r["full_th"] == full_th]
    assert len(matches) == 1, full_th
    assert matches[0]["abbr_th"] == abbr_th
    assert matches[0]["category"] == category


def test_womens_rank_forms(prefixes: list[dict]) -> None:
    ranks = [r for r in prefixes if r["category"] in ("military", "police")]
    full = {r["full_th"] for r in ranks}
    for rec in ranks:
        if rec["full_th"].endswith("หญิง"):
            assert rec["gender"] == "f", rec["key"]
            assert "หญิง" in rec["abbr_th"], rec["key"]
            assert rec["full_th"].removesuffix("หญิง") in full, rec["key"]
        else:
            assert rec["full_th"] + "หญิง" in full, f"no women's form for {rec['full_th']}"


# ---------------------------------------------------------------- programmes


def test_programme_schema(programmes: list[dict]) -> None:
    for rec in programmes:
        assert set(rec) == PROGRAMME_FIELDS, rec
        assert re.match(r"^[A-Z0-9]+$", rec["code"]), rec["code"]
        assert THAI_RE.search(rec["name_th"]) and _clean_text(rec["name_th"]), rec["code"]
        assert rec["name_en"] and _clean_text(rec["name_en"]), rec["code"]
        assert not THAI_RE.search(rec["name_en"]), rec["code"]
        assert rec["level"] is None or isinstance(rec["level"], int)
    _check_widths(programmes, PROGRAMME_WIDTHS)


def test_programme_codes_and_levels(programmes: list[dict]) -> None:
    codes = [r["code"] for r in programmes]
    assert len(codes) == len(set(codes))
    assert {r["code"]: r["level"] for r in programmes} == PROGRAMME_LEVELS
    for rec in programmes:
        if rec["level"] is not None:
            assert f"(ป.ย.ป. {rec['level']})" in rec["name_th"], rec["code"]


# ---------------------------------------------------------------- vocabularies


def test_vocabularies_match_the_core_enums() -> None:
    enums = pytest.importorskip("desktop.core.enums")
    assert {m.value for m in enums.AgencyKind} == AGENCY_KINDS
    assert {m.value for m in enums.PrefixCategory} == PREFIX_CATEGORIES
