"""The lazy record table: opens a million rows by reading one page."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QTableView

from desktop.i18n import set_language
from desktop.services.records import Page
from desktop.ui.models.record_table import ID_ROLE, Column, RecordTableModel
from desktop.ui.screens.participants import PERSON_COLUMNS
from desktop.ui.tasks import TaskRunner


class MillionPeople:
    """A stand-in service with 1,000,000 rows that counts the pages asked for."""

    kind = "person"

    def __init__(self, total: int = 1_000_000) -> None:
        self.total, self.calls = total, []

    def list(self, *, search=None, filters=None, limit=None, offset=0, deleted=False):
        self.calls.append((search, offset, limit))
        total = 7 if search else self.total
        stop = min(total, offset + (limit or total))
        rows = [{"id": f"id-{i}", "full_name_th": f"คนที่ {i}", "position": None, "agency_name": "ก.พ.ร.",
                 "phone": "081-234-5678", "national_id_masked": "x-xxxx-xxxxx-12-3"}
                for i in range(offset, stop)]
        return Page(rows, total)


def test_a_million_rows_open_with_one_page_read(qtbot):
    service = MillionPeople()
    model = RecordTableModel(service, PERSON_COLUMNS, page_size=100)
    model.reload()
    assert model.rowCount() == 1_000_000
    assert service.calls == [(None, 0, 100)]
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    assert len(service.calls) == 1, "showing the first screenful needs no further reads"
    view.scrollToBottom()
    qtbot.wait(10)
    assert model.data(model.index(999_999, 0)) == "คนที่ 999999"
    assert {offset for _s, offset, _l in service.calls} <= {0, 999_900}
    assert model.data(model.index(5, 0), ID_ROLE) == "id-5"


def test_pages_are_bounded(qtbot):
    service = MillionPeople()
    model = RecordTableModel(service, PERSON_COLUMNS, page_size=10)
    model.reload()
    for page in range(100):
        model.record(page * 10)
    assert len(model._pages) <= RecordTableModel.MAX_PAGES


def test_search_runs_off_the_gui_thread_and_resets_the_model(qtbot):
    service = MillionPeople()
    model = RecordTableModel(service, PERSON_COLUMNS, tasks=TaskRunner(), page_size=50)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.reload()
    with qtbot.waitSignal(model.loaded, timeout=5000) as blocker:
        model.set_search("สม")
    assert blocker.args == [7] and model.rowCount() == 7 and model.query.search == "สม"


def test_headers_follow_the_language(th):
    model = RecordTableModel(MillionPeople(3), PERSON_COLUMNS)
    set_language("en")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Full name"
    set_language("th")
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(5)]
    assert headers == [th("Full name"), "ตำแหน่ง", "หน่วยงาน", "โทรศัพท์", "เลขประจำตัวประชาชน"]


def test_model_passes_the_qt_model_tester_on_real_people(qtmodeltester, services):
    for first, last in (("สมชาย", "ใจดี"), ("ปิ่นมณี", "ศรีสุข"), ("ฐิติพร", "ญาณวุฒิ")):
        services.persons.create({"first_name_th": first, "last_name_th": last})
    model = RecordTableModel(services.persons, PERSON_COLUMNS, page_size=2)
    model.reload()
    assert model.rowCount() == 3
    qtmodeltester.check(model, force_py=True)
    model.set_search("ปิ่น")
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "ปิ่นมณี ศรีสุข"


def test_a_column_may_format_its_value():
    model = RecordTableModel(MillionPeople(2), [Column("phone", "Phone", format=lambda v: f"โทร {v}")])
    model.reload()
    assert model.data(model.index(0, 0)) == "โทร 081-234-5678"


def test_with_a_task_runner_deep_pages_are_read_in_the_background(qtbot):
    service = MillionPeople()
    runner = TaskRunner()
    model = RecordTableModel(service, PERSON_COLUMNS, tasks=runner, page_size=100)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.reload()
    deep = model.index(654_321, 0)
    assert model.data(deep) == "…", "the GUI thread does not wait for the page"
    assert model.data(model.index(654_321, 1)) is None
    with qtbot.waitSignal(model.dataChanged, timeout=5000) as changed:
        pass
    first, last = changed.args[0], changed.args[1]
    assert first.row() == 654_300 and last.row() == 654_399
    assert model.data(deep) == "คนที่ 654321"


def test_pages_scrolled_past_are_not_read(qtbot):
    service = MillionPeople()
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    runner = TaskRunner(pool=pool)
    model = RecordTableModel(service, PERSON_COLUMNS, tasks=runner, page_size=100)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.reload()
    service.calls.clear()
    gate = threading.Event()
    runner.run(lambda: gate.wait(5), lambda _ok: None)   # keeps the one worker busy
    for page in range(1, 40):                            # a fast drag of the scroll bar
        model.data(model.index(page * 100, 0))
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy(), timeout=5000)
    offsets = sorted(offset for _s, offset, _l in service.calls)
    assert offsets == [3600, 3700, 3800, 3900], "only the pages still in view are read"
    assert model.data(model.index(3950, 0)) == "คนที่ 3950"


class QuickCountingPeople(MillionPeople):
    """A service whose searches count quickly up to 5 (``exact=False``), the rest later."""

    quick_counts = True
    lean_lists = True

    def __init__(self, total: int = 1_000_000) -> None:
        super().__init__(total)
        self.asked, self.counted = [], []

    def list(self, *, search=None, filters=None, limit=None, offset=0, deleted=False, lean=False,
             count=True, exact=True, **_order):
        self.asked.append(exact)
        page = super().list(search=search, filters=filters, limit=limit, offset=offset, deleted=deleted)
        if search and not exact:
            return Page(page.rows[:5], 5, exact=False)
        return page

    def count(self, *, search=None, filters=None, deleted=False):
        self.counted.append(search)
        return 7 if search else self.total


def test_a_quick_count_is_followed_by_the_exact_one_in_the_background(qtbot):
    service = QuickCountingPeople()
    model = RecordTableModel(service, PERSON_COLUMNS, tasks=TaskRunner(), page_size=50, quick_count=True)
    model.COUNT_DELAY_MS = 0
    model._count_timer.setInterval(0)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.reload()
    assert model.total_exact and service.asked == [True]   # no search: the exact count as before
    with qtbot.waitSignal(model.counted, timeout=5000) as counted:
        with qtbot.waitSignal(model.loaded, timeout=5000) as loaded:
            model.set_search("สม")
        assert loaded.args == [5] and not model.total_exact and model.rowCount() == 5
    assert counted.args == [7] and model.total_exact and model.rowCount() == 7
    assert service.asked[-1] is False and service.counted == ["สม"]


def test_a_newer_search_drops_the_count_of_the_older_one(qtbot):
    service = QuickCountingPeople()
    model = RecordTableModel(service, PERSON_COLUMNS, tasks=TaskRunner(), page_size=50, quick_count=True)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_search("สม")
    assert model._count_timer.isActive()
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_search(None)     # before the pause ends: no count of "สม" is read
    assert not model._count_timer.isActive() and model.total_exact and service.counted == []
    assert model.rowCount() == 1_000_000


def test_without_a_task_runner_counts_stay_exact():
    service = QuickCountingPeople()
    model = RecordTableModel(service, PERSON_COLUMNS, quick_count=True)
    model.set_search("สม")
    assert service.asked == [True] and model.total_exact and model.rowCount() == 7


def test_one_search_is_read_at_a_time_and_only_the_newest_waits(qtbot):
    service = MillionPeople()
    model = RecordTableModel(service, PERSON_COLUMNS, tasks=TaskRunner(), page_size=50)
    shown: list[str | None] = []
    model.loaded.connect(lambda _total: shown.append(model.query.search))
    model.set_search("ส")
    model.set_search("สม")     # typed while "ส" is read: waits
    model.set_search("สมศ")    # replaces "สม"
    qtbot.waitUntil(lambda: shown == ["สมศ"], timeout=5000)
    assert [search for search, _o, _l in service.calls] == ["ส", "สมศ"]
    assert not model.is_loading() and model.rowCount() == 7
