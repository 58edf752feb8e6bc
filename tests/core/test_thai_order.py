import random

from pythainlp.util import collate

from desktop.core.thai_order import sort_key

WORDS = ["ใจดี", "ไก่", "โกวิท", "แก้ว", "เกษม", "กา", "กมล", "ขวัญ", "เกิด", "กาล", "เป็ด", "หมู", "วัว",
         "วันที่", "สมชาย", "สมหญิง", "เสาวลักษณ์", "ไพโรจน์", "ปิยะ", "ฐิติมา", "ญาดา", "ธนพล", "ชุติมา"]


def test_dictionary_order_skips_leading_vowels():
    expected = ["กมล", "กา", "เกษม", "แก้ว", "โกวิท", "ไก่", "ขวัญ", "ใจดี"]
    shuffled = expected[:]
    random.Random(1).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == expected


def test_agrees_with_pythainlp_on_seed_words():
    assert sorted(WORDS, key=sort_key) == collate(WORDS)


def test_code_point_order_would_be_wrong():
    assert sorted(["เกษม", "ขวัญ"]) == ["ขวัญ", "เกษม"]
    assert sorted(["เกษม", "ขวัญ"], key=sort_key) == ["เกษม", "ขวัญ"]


def test_tone_marks_only_break_ties():
    assert sorted(["ก่า", "กา", "ก้า"], key=sort_key)[0] == "กา"
    assert sort_key("") == ""
