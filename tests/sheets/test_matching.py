"""Thai-aware name comparison and ranking the agencies a cell may name."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from desktop.sheets.matching import NameMatcher, name_key, rank_matches, similarity

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def agencies() -> list[tuple[str, list[str]]]:
    records = json.loads((ROOT / "resources/reference/agencies.json").read_text(encoding="utf-8"))["records"]
    return [(a["key"], [n for n in (a["name_th"], a["abbr_th"], a["name_en"]) if n]) for a in records]


def test_name_key():
    assert name_key(" สำนักงาน  ก.พ.ร. ") == "สำนักงานกพร"
    assert name_key("ผู้อํานวยการ") == name_key("ผู้อำนวยการ")          # ํ + า as in the news text
    assert name_key("ที\u0e48\u0e35") == name_key("ที\u0e35\u0e48")        # tone typed before the vowel
    assert name_key("สม\u200bชาย") == name_key("สมชาย")
    assert name_key("รุ่นที่ ๑") == "รุ่นที่1"
    assert name_key("UNDP Thailand") == "undpthailand"


def test_similarity():
    assert similarity("สมชาย ใจดี", "สมชาย  ใจดี") == 1.0
    assert 0.85 < similarity("หาญเผชิญ", "หาญเผชิน") < 1.0      # one letter mistyped
    assert similarity("น้ำใจ", "นำใจ") >= 0.95                    # a tone mark missing
    assert similarity("สมชาย", "กมลวรรณ") < 0.3
    assert similarity("", "สมชาย") == 0.0


def test_exact_names_and_abbreviations(agencies):
    assert rank_matches("สำนักงาน ก.พ.ร.", agencies)[0] == ("opdc", 1.0)
    assert rank_matches("สำนักงานคณะกรรมการพัฒนาระบบราชการ", agencies)[0] == ("opdc", 1.0)
    assert rank_matches("ก.พ.ร.", agencies)[0] == ("opdc", 1.0)
    assert rank_matches("สนง. ก.พ.ร.", agencies)[0] == ("opdc", 1.0)
    # กพร. is the Department of Skill Development; ก.พ.ร. with its dots is the OPDC
    assert rank_matches("กพร.", agencies)[:2] == [("dsd", 1.0), ("opdc", 0.98)]
    assert rank_matches("สำนักงาน ป.ย.ป.", agencies)[0] == ("pmdu", 1.0)
    assert rank_matches("UNDP", agencies)[0][1] == 1.0
    assert rank_matches("Ministry of Interior", agencies)[0] == ("moi", 1.0)


def test_typos_rank_the_right_agency_first(agencies):
    for text, key in [("กระทรวงมหาดไท", "moi"), ("มหาวิทยาลัยมหิดน", "mahidol"), ("กรมการปกครอ", "dopa"),
                      ("สนง.จังหวัดนครปฐม", "nakhonpathom-pvo"), ("สำนักงานตำรวจแห่งชาต", "rtp")]:
        ranked = rank_matches(text, agencies)
        assert ranked[0][0] == key and 0.85 <= ranked[0][1] <= 1.0, (text, ranked)
        assert len(ranked) <= 3 and ranked == sorted(ranked, key=lambda r: -r[1])


def test_floor_and_limit(agencies):
    assert rank_matches("ร้านกาแฟริมทาง", agencies) == []
    assert len(rank_matches("กระทรวงการคลัง", agencies, limit=5, floor=0.3)) == 5
    assert rank_matches("", agencies) == []


def test_fast_enough_for_100000_rows():
    """100,000 rows naming 2,000 different texts, against 1,000 agencies."""
    provinces = ["นครปฐม", "เชียงใหม่", "ขอนแก่น", "สงขลา", "ภูเก็ต", "นครราชสีมา", "อุดรธานี", "พิษณุโลก", "ชลบุรี",
                 "สุราษฎร์ธานี"]
    kinds = ["สำนักงานจังหวัด", "ที่ทำการปกครองจังหวัด", "สำนักงานสาธารณสุขจังหวัด", "สำนักงานพัฒนาสังคมและความมั่นคง"
             "ของมนุษย์จังหวัด", "สำนักงานศึกษาธิการจังหวัด"]
    names = [f"{k}{p}{'' if n == 0 else ' แห่งที่ ' + str(n)}" for n in range(20) for k in kinds for p in provinces]
    candidates = [(i, [name]) for i, name in enumerate(names[:1000])]
    texts = [names[i % 1000][:3] + names[i % 1000][4:] if i % 2 else names[i % 1000] for i in range(2000)]
    matcher = NameMatcher(candidates)
    started = time.perf_counter()
    for i in range(100_000):
        ranked = rank_matches(texts[i % 2000], candidates)
    elapsed = time.perf_counter() - started
    assert ranked[0][0] == 999 and 0.9 < ranked[0][1] < 1.0  # one letter missing
    assert matcher.rank(texts[1])[0][0] == 1 and matcher.rank(texts[2])[0] == (2, 1.0)
    assert elapsed < 30, elapsed  # a few seconds here
