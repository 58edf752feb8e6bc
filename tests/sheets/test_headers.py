"""Recognising headers as offices write them."""

from __future__ import annotations

import pytest

from desktop.sheets.headers import FIELDS, best_field, guess_mapping, header_key


def test_header_key_folds_spelling():
    assert header_key(" ชื่อ - นามสกุล ") == header_key("ชื่อ-นามสกุล") == "ชื่อนามสกุล"
    assert header_key("E-mail") == header_key("e mail") == "email"
    assert header_key("เลขประจำตัว\nประชาชน") == "เลขประจำตัวประชาชน"
    assert header_key("โทร.") == "โทร"
    assert header_key("วันที่ ๑") == "วันที่1"
    assert header_key("ผู้อํานวยการ") == header_key("ผู้อำนวยการ")  # ํ + า typed for ำ


@pytest.mark.parametrize(("text", "field"), [
    ("ลำดับ", "sequence"), ("ที่", "sequence"), ("No.", "sequence"),
    ("ชื่อ-สกุล", "full_name"), ("ชื่อ - นามสกุล", "full_name"), ("ชื่อ-นามสกุล", "full_name"), ("Name", "full_name"),
    ("ชื่อ-สกุล ผู้เข้าร่วม", "full_name"),
    ("คำนำหน้า", "prefix"), ("คำนำหน้านาม", "prefix"), ("ยศ", "prefix"), ("Title", "prefix"),
    ("ชื่อ", "first_name"), ("First name", "first_name"), ("นามสกุล", "last_name"), ("สกุล", "last_name"),
    ("Surname", "last_name"), ("ชื่อ (ภาษาอังกฤษ)", "first_name_en"), ("นามสกุล ภาษาอังกฤษ", "last_name_en"),
    ("ตำแหน่ง", "position"), ("ระดับ", "level"),
    ("หน่วยงาน", "agency"), ("สังกัด", "agency"), ("ส่วนราชการ", "agency"), ("Organization", "agency"),
    ("ชื่อหน่วยงาน", "agency"), ("โทรศัพท์", "phone"), ("เบอร์โทร", "phone"), ("มือถือ", "phone"), ("โทร.", "phone"),
    ("เบอร์โทรศัพท์มือถือ", "phone"), ("อีเมล", "email"), ("อีเมล์", "email"), ("E-mail", "email"),
    ("เลขประจำตัวประชาชน", "national_id"), ("เลขบัตรประชาชน", "national_id"),
    ("เลขที่บัตรประจำตัวประชาชน", "national_id"), ("เลขประจำตัวประชาชน ๑๓ หลัก", "national_id"),
    ("ID card", "national_id"), ("หมายเหตุ", "notes"), ("บทบาท", "role"), ("ประเภท", "role"), ("กลุ่ม", "group_name"),
    ("ผลการอบรม", "completion"), ("สถานะ", "completion"), ("เลขที่วุฒิบัตร", "certificate_number"),
    ("การเข้าร่วม", "status"), ("มา/ไม่มา", "status"), ("ลงชื่อ", "status"), ("สถานะการเข้าร่วม", "status"),
    ("วันที่", "date"), ("ลายมือชื่อ", "signature"),
])
def test_best_field(text, field):
    assert field in FIELDS
    assert best_field(text)[0] == field


@pytest.mark.parametrize("text", ["", "ที่อยู่", "รายชื่อผู้เข้าร่วมอบรม หลักสูตร ป.ย.ป. ประจำปี ๒๕๖๖", "หมายเลข",
                                  "ชื่อ-สกุล (ภาษาอังกฤษ)"])
def test_not_recognised(text):
    assert best_field(text) is None


def test_each_field_once_best_column_wins():
    headers = ["ที่", "ชื่อ", "สกุล", "First name", "Last name", "ตำแหน่ง", "สังกัด", "หน่วยงาน", "โทร.", "อีเมล์", "ที่อยู่"]
    assert guess_mapping(headers) == {0: "sequence", 1: "first_name", 2: "last_name", 3: "first_name_en",
                                      4: "last_name_en", 5: "position", 6: "agency", 8: "phone", 9: "email"}


def test_thai_header_wins_over_its_english_twin():
    assert guess_mapping(["Name", "ชื่อ-สกุล", "Agency", "หน่วยงาน"]) == {1: "full_name", 3: "agency"}


def test_english_only_headers_are_the_names():
    assert guess_mapping(["No.", "Title", "First name", "Last name", "Agency"]) == {
        0: "sequence", 1: "prefix", 2: "first_name", 3: "last_name", 4: "agency"}


def test_a_lone_first_name_column_holds_whole_names():
    assert guess_mapping(["ลำดับ", "ชื่อ", "หน่วยงาน"]) == {0: "sequence", 1: "full_name", 2: "agency"}


def test_two_languages_under_group_titles():
    headers = ["ชื่อ-สกุล (ภาษาไทย) / ชื่อ", "ชื่อ-สกุล (ภาษาไทย) / นามสกุล",
               "ชื่อ-สกุล (ภาษาอังกฤษ) / ชื่อ", "ชื่อ-สกุล (ภาษาอังกฤษ) / นามสกุล"]
    assert guess_mapping(headers) == {0: "first_name", 1: "last_name", 2: "first_name_en", 3: "last_name_en"}
