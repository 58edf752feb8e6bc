"""Participants end to end: create through the form, search, delete, restore."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop.ui.forms.person_form import PersonForm


def _valid_id(first12: str = "110170023070") -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def _fill_and_save(form: PersonForm, type_text) -> str:
    form.prefix.setCurrentIndex(form.prefix.findText("นางสาว"))
    type_text(form.editors["first_name_th"], "ปิ่นมณี")
    type_text(form.editors["last_name_th"], "ศรีสุข")
    type_text(form.editors["position"], "นักวิเคราะห์นโยบายและแผน")
    form.level.setCurrentText("ชำนาญการ")
    form.agency.setCurrentIndex(1)
    type_text(form.editors["phone"], "0812345678")
    type_text(form.national_id, _valid_id())
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    return "done"


def test_create_a_person_through_the_form_opened_with_ctrl_n(window, qtbot, when_modal, type_text):
    screen = window.screen("participants")
    qtbot.waitUntil(lambda: not screen.model.is_loading())
    result = when_modal(lambda form: _fill_and_save(form, type_text))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert result == ["done"]
    qtbot.waitUntil(lambda: screen.model.total == 1)
    record = screen.model.record(0)
    assert record["full_name_th"] == "นางสาวปิ่นมณี ศรีสุข"
    assert record["position"] == "นักวิเคราะห์นโยบายและแผน" and record["level"] == "ชำนาญการ"
    assert record["phone"] == "081-234-5678" and record["agency_name"]
    assert screen.model.data(screen.model.index(0, 4)) == record["national_id_masked"]
    assert screen.count.text() == "1 คน"
    qtbot.waitUntil(lambda: "1" in window.counts_label.text())


def test_search_as_you_type_finds_a_person(window, services, qtbot, type_text):
    for first, last in (("สมชาย", "ใจดี"), ("ปิ่นมณี", "ศรีสุข"), ("ฐิติพร", "ญาณวุฒิ")):
        services.persons.create({"first_name_th": first, "last_name_th": last})
    screen = window.screen("participants")
    screen.model.reload()
    qtbot.waitUntil(lambda: screen.model.total == 3)
    type_text(screen.search, "ปิ่น")
    qtbot.waitUntil(lambda: screen.model.total == 1, timeout=3000)
    assert screen.model.record(0)["full_name_th"] == "ปิ่นมณี ศรีสุข"
    type_text(screen.search, "xyz")
    qtbot.waitUntil(lambda: screen.model.total == 0, timeout=3000)
    assert screen.empty.isVisible() and "ปิ่นxyz" in screen.empty.text()


def test_a_search_shows_a_quick_count_then_the_exact_one(window, services, qtbot, type_text, monkeypatch):
    from desktop.db import repository

    for first in ("สมชาย", "สมศักดิ์", "สมหญิง"):
        services.persons.create({"first_name_th": first})
    monkeypatch.setattr(repository, "SEARCH_COUNT_CAP", 1)
    screen = window.screen("participants")
    screen.model.reload()
    qtbot.waitUntil(lambda: screen.model.total == 3 and screen.model.total_exact)
    screen.model._count_timer.setInterval(60_000)   # the pause in typing: ended below, by hand
    screen.model.page_size = 2                       # a first page shorter than the matches
    type_text(screen.search, "สม")
    qtbot.waitUntil(lambda: screen.model.query.search == "สม" and not screen.model.is_loading(), timeout=3000)
    assert not screen.model.total_exact   # counted up to the cap: said so, until the exact count comes
    assert screen.model.rowCount() == 2 and "2" in screen.count.text() and screen.count.text() != "2 คน"
    screen.model._count_timer.stop()
    screen.model._count_exactly()
    qtbot.waitUntil(lambda: screen.model.total_exact, timeout=3000)
    assert screen.count.text() == "3 คน" and screen.model.rowCount() == 3


def test_delete_moves_to_trash_and_restore_brings_back(window, services, qtbot, when_modal):
    services.persons.create({"first_name_th": "สมชาย", "last_name_th": "ใจดี"})
    screen = window.screen("participants")
    screen.model.reload()
    qtbot.waitUntil(lambda: screen.model.total == 1)
    screen.table.selectRow(0)
    answered = when_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    screen.delete_button.click()
    assert answered == [None]
    qtbot.waitUntil(lambda: screen.model.total == 0)
    assert services.persons.list(deleted=True).total == 1

    window.show_screen("trash")
    trash = window.screen("trash")
    qtbot.waitUntil(lambda: trash.model.total == 1)
    assert trash.model.record(0)["full_name_th"] == "สมชาย ใจดี"
    assert "2" in trash.model.data(trash.model.index(0, 2))  # a Buddhist-Era date, 25xx
    trash.table.selectRow(0)
    trash.restore_button.click()
    qtbot.waitUntil(lambda: trash.model.total == 0)
    window.show_screen("participants")
    qtbot.waitUntil(lambda: screen.model.total == 1)


def test_cancelling_the_delete_keeps_the_person(window, services, qtbot, when_modal):
    services.persons.create({"first_name_th": "สมชาย"})
    screen = window.screen("participants")
    screen.model.reload()
    qtbot.waitUntil(lambda: screen.model.total == 1)
    screen.table.selectRow(0)
    when_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    screen.delete_button.click()
    assert services.persons.list().total == 1


def test_filters_by_level_and_agency_and_sorts_names_in_thai_order(window, services, qtbot):
    agency = services.agencies.list(limit=1).rows[0]
    for first, level, agency_id in (("เกษม", "ชำนาญการ", agency["id"]), ("กมล", "ชำนาญการ", None),
                                    ("ขวัญ", "ปฏิบัติการ", agency["id"]), ("ใจดี", None, None)):
        services.persons.create({"first_name_th": first, "level": level, "agency_id": agency_id})
    screen = window.screen("participants")
    screen.model.reload()
    qtbot.waitUntil(lambda: screen.model.total == 4 and not screen.model.is_loading())

    def names() -> list[str]:
        return [screen.model.record(row)["first_name_th"] for row in range(screen.model.total)]
    assert names() == ["กมล", "เกษม", "ขวัญ", "ใจดี"]          # dictionary order: เกษม under ก
    screen.sort_by(0)                                            # the name heading: reverse
    qtbot.waitUntil(lambda: names() == ["ใจดี", "ขวัญ", "เกษม", "กมล"])
    assert screen.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    screen.sort_by(0)
    qtbot.waitUntil(lambda: names() == ["กมล", "เกษม", "ขวัญ", "ใจดี"])
    screen.sort_by(1)                                            # position: not indexed, no change
    assert screen.model.query.order == ("sort_name",)
    screen.level_filter.setCurrentIndex(screen.level_filter.findData("ชำนาญการ"))
    qtbot.waitUntil(lambda: names() == ["กมล", "เกษม"])
    screen.agency_filter.setCurrentIndex(screen.agency_filter.findData(agency["id"]))
    qtbot.waitUntil(lambda: names() == ["เกษม"])
    screen.level_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: names() == ["เกษม", "ขวัญ"])
    screen.level_filter.setCurrentIndex(screen.level_filter.findData("ทรงคุณวุฒิ"))
    qtbot.waitUntil(lambda: screen.model.total == 0)
    assert screen.empty.isVisibleTo(screen) and screen.empty.text()
