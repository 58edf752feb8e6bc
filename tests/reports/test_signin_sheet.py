"""The sign-in sheet: header on every page, page x / y, the people, no national ID."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import uuid
from datetime import date

import pytest

from desktop.core.digits import to_thai_digits
from desktop.reports.signin_sheet import HEADERS, TITLE
from desktop.services.papers import signin_sheet as render_signin_sheet
from desktop.services.demo import national_id

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")

FIRST = ["สมชาย", "กนกวรรณ", "เกษม", "ญาณี", "ปิ่นมณี", "ผู้กล้า", "ฟ้าใส", "น้ำฝน", "ธีรศักดิ์", "ไพโรจน์"]
LAST = ["ใจดี", "ปั้นทอง", "ศรีสุข", "ผู้ไพบูลย์", "ฝั่งน้ำ", "ญี่ปุ่นวงศ์", "ประเสริฐสุวรรณวงศ์", "ทองคำ"]
NATIONAL_IDS = [national_id(random.Random(seed)) for seed in range(3)]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page_texts(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def _activity(services, people: int, with_ids: bool = False):
    activity = services.activities.create({
        "title_th": "การประชุมเชิงปฏิบัติการห้องปฏิบัติการนวัตกรรมภาครัฐ เรื่องการออกแบบบริการเพื่อผู้สูงอายุ",
        "venue": "ห้องประชุมศาลากลางจังหวัดนครปฐม ชั้น 2", "start_date": date(2023, 5, 19)})
    session = services.sessions.create({"activity_id": activity["id"], "day": date(2023, 5, 19), "part": "morning"})
    marks = {}
    for n in range(people):
        values = {"prefix_th": "นาง" if n % 2 else "นาย", "first_name_th": FIRST[n % len(FIRST)] + ("" if n < 10 else str(n)),
                  "last_name_th": LAST[n % len(LAST)], "position": "นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ"}
        if with_ids and n < len(NATIONAL_IDS):
            values["national_id"] = NATIONAL_IDS[n]
        person = services.persons.create(values)
        marks[person["id"]] = "present"
    services.attendance.mark(session["id"], marks)
    return activity, session


def test_sheet_lists_people_in_thai_order_without_national_id(services, tmp_path):
    activity, session = _activity(services, 10, with_ids=True)
    pdf = render_signin_sheet(services, activity["id"], session["id"], tmp_path / "sheet.pdf", digits="arabic")
    pages = _page_texts(pdf)
    text = _squash("".join(pages))
    assert _squash(TITLE) in text
    assert "19พฤษภาคม2566" in text and "ช่วงเช้า" in text
    assert _squash("ณ ห้องประชุมศาลากลางจังหวัดนครปฐม ชั้น 2") in text
    for nid in NATIONAL_IDS:
        assert nid not in text and nid[-4:] + "ผู้" not in text
    # Dictionary order of first names: เกษม sorts under ก, before ญาณี; ไพโรจน์ under พ.
    order = [text.index(name) for name in ("กนกวรรณ", "เกษม", "ญาณี", "ธีรศักดิ์", "ปิ่นมณี", "ผู้กล้า",
                                           "ไพโรจน์", "ฟ้าใส", "สมชาย")]
    assert order == sorted(order)
    assert "ลงชื่อ" in text and "ผู้รับรอง" in text
    assert pages[-1].strip().endswith(f"หน้า {len(pages)} / {len(pages)}")


def test_thousand_rows_header_on_every_page(services, tmp_path):
    activity, session = _activity(services, 1000)
    pdf = render_signin_sheet(services, activity["id"], session["id"], tmp_path / "big.pdf", digits="thai")
    pages = _page_texts(pdf)
    assert len(pages) > 20
    total = to_thai_digits(str(len(pages)))
    for number, page in enumerate(pages, 1):
        flat = _squash(page)
        if number < len(pages) or "๑๐๐๐" in flat:  # the last page may hold only the signature
            assert _squash("".join(HEADERS)) in flat, number
        assert _squash(f"หน้า {to_thai_digits(str(number))} / {total}") in flat, number
        assert "\ufffd" not in page and not any(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in page)
    everything = _squash("".join(pages))
    assert to_thai_digits("1000") in everything and "ผู้รับรอง" in _squash(pages[-1])


def test_unknown_activity_is_a_user_error(services, tmp_path):
    from desktop.core.errors import UserError

    with pytest.raises(UserError):
        render_signin_sheet(services, uuid.uuid4(), None, tmp_path / "x.pdf")


def test_cli_report_signin(data_dir, services, tmp_path):
    import argparse

    from desktop.cli import report_cmd

    activity, session = _activity(services, 3)
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir")
    parser.add_argument("--database-url", default=None)
    report_cmd.register(parser.add_subparsers())
    out = tmp_path / "cli.pdf"
    args = parser.parse_args(["--data-dir", str(data_dir), "report", "signin", "--id", str(activity["id"]),
                              "--session", str(session["id"]), "--out", str(out), "--digits", "arabic"])
    assert args.handler(args) == 0
    assert "หน้า1/1" in _squash(_page_texts(out)[0])
    args = parser.parse_args(["--data-dir", str(data_dir), "report", "signin", "--id", str(uuid.uuid4()),
                              "--out", str(out)])
    from desktop.core.errors import UserError
    with pytest.raises(UserError):
        args.handler(args)
