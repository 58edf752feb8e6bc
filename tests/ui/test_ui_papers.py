"""The Papers screen: each kind drawn to a PDF and shown as white pages with dark text,
printing to a PDF file, saving a copy, a cohort's certificates with a progress dialog,
and the register's numbers."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from desktop.services.demo import load_demo
from desktop.ui.context import UiContext
from desktop.ui.pdf_view import page_sizes
from desktop.ui.screens.papers import PAPER_KINDS, PapersScreen


@pytest.fixture
def screen(services, qtbot):
    load_demo(services)
    context = UiContext(services)
    widget = PapersScreen(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    context.tasks.wait(10_000)
    qtbot.wait(1)


def ink(image: QImage) -> tuple[float, float]:
    """(share of white pixels, share of dark pixels) over a grid of samples."""
    white = dark = total = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            color = image.pixelColor(x, y)
            total += 1
            level = (color.red() + color.green() + color.blue()) / 3
            white += level > 245
            dark += level < 110
    return white / total, dark / total


def draw(screen: PapersScreen, qtbot, kind: str) -> None:
    screen.choose_kind(kind)
    with qtbot.waitSignal(screen.preview.rendered, timeout=20_000):
        screen.render_preview()


@pytest.mark.parametrize("kind", [k.key for k in PAPER_KINDS])
def test_each_kind_is_drawn_and_its_pages_shown_white_with_dark_text(screen, qtbot, kind):
    draw(screen, qtbot, kind)
    done = screen.rendered
    assert done is not None and done.kind == kind and done.path.stat().st_size > 1000
    assert len(screen.preview.images) == len(page_sizes(done.path)) >= 1
    assert len(screen.preview.page_labels) == len(screen.preview.images)
    white, dark = ink(screen.preview.images[0])
    assert white > 0.6, f"{kind}: the page is not painted over white"
    assert dark > 0.002, f"{kind}: no text on the page"
    assert screen.print_button.isEnabled() and screen.save_button.isEnabled()


def issue(screen: PapersScreen, qtbot) -> None:
    assert screen.issue_button.isVisible() and screen.issue_button.isEnabled()
    with qtbot.waitSignal(screen.preview.rendered, timeout=20_000):
        screen.issue_number()


def pdf_text(path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_a_memo_is_previewed_as_a_draft_and_numbered_only_when_issued(screen, qtbot):
    from desktop.services import register

    draw(screen, qtbot, "memo")
    draft = screen.rendered
    assert draft.draft and draft.number is None
    assert register.entries(screen.services) == []           # a preview takes no number
    assert "ร่าง" in pdf_text(draft.path) and "ร่าง" in screen.status.text()
    assert screen.print_button.isEnabled()                   # a draft can be printed for checking
    assert screen.suggested_name() == "memo-draft.pdf"
    draw(screen, qtbot, "memo")                              # previewed again: still no number
    assert register.entries(screen.services) == []
    issue(screen, qtbot)
    first = screen.rendered.number
    assert first and first.endswith("/1") and not screen.rendered.draft
    assert first in screen.status.text() and not screen.issue_button.isEnabled()
    assert "ร่าง" not in pdf_text(screen.rendered.path)
    qtbot.waitUntil(lambda: screen.register.rowCount() == 1)
    assert screen.register.item(0, 0).text() == first
    assert register.entries(screen.services)[0]["file_sha256"] == register.sha256_of(screen.rendered.path)
    draw(screen, qtbot, "letter")
    issue(screen, qtbot)
    assert screen.rendered.number.endswith("/2")
    qtbot.waitUntil(lambda: screen.register.rowCount() == 2)
    assert screen.register.item(0, 0).text() == screen.rendered.number   # newest first


def test_the_number_goes_to_the_paper_that_was_previewed(screen, qtbot, type_text):
    screen.choose_kind("letter")
    type_text(screen.subject, "ขอเชิญประชุม")
    screen.urgency.setCurrentIndex(screen.urgency.findData("ด่วนที่สุด"))
    screen.enclosures.setPlainText("กำหนดการ\nแผนที่")
    screen.digits.setCurrentIndex(screen.digits.findData("arabic"))
    options = screen.options()
    assert options["subject"] == "ขอเชิญประชุม" and options["urgency"] == "ด่วนที่สุด"
    assert options["enclosures"] == ["กำหนดการ", "แผนที่"] and options["digits"] == "arabic"
    with qtbot.waitSignal(screen.preview.rendered, timeout=20_000):
        screen.render_preview()
    screen.subject.setText("เรื่องอื่นที่พิมพ์หลังดูตัวอย่าง")       # typed after the preview
    issue(screen, qtbot)
    from desktop.services import register
    entry = register.entries(screen.services)[-1]
    assert entry["subject"] == "ขอเชิญประชุม" and entry["report_kind"] == "letter"
    text = pdf_text(screen.rendered.path)
    assert "ขอเชิญประชุม" in text and entry["number_text"] in text   # Arabic digits as chosen


def test_zoom_changes_the_page_size_and_fit_width_fills_the_view(screen, qtbot):
    draw(screen, qtbot, "project")
    fitted = screen.preview.images[0].width()
    room = screen.preview.scroll.viewport().width()
    assert fitted <= room * screen.preview.devicePixelRatioF()
    with qtbot.waitSignal(screen.preview.rendered, timeout=10_000):
        screen.preview.zoom_in_button.click()
    assert screen.preview.images[0].width() > fitted and not screen.preview.fit_button.isChecked()
    with qtbot.waitSignal(screen.preview.rendered, timeout=10_000):
        screen.preview.fit_button.click()
    assert abs(screen.preview.images[0].width() - fitted) <= 2


def test_print_to_a_pdf_file_and_save_a_copy(screen, qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    draw(screen, qtbot, "signin")
    pages = len(screen.preview.images)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert screen.print_to(printer) == pages
    assert len(page_sizes(tmp_path / "printed.pdf")) == pages
    saved = screen.save_to(tmp_path / "copy")
    assert saved.name == "copy.pdf" and saved.read_bytes() == screen.rendered.path.read_bytes()


def test_a_printed_certificate_turns_the_page_to_landscape(screen, qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    screen.choose_kind("certificate")
    screen.person.setCurrentIndex(1)
    with qtbot.waitSignal(screen.preview.rendered, timeout=20_000):
        screen.render_preview()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "certificate.pdf"))
    assert screen.print_to(printer) == 1
    width, height = page_sizes(tmp_path / "certificate.pdf")[0]
    assert width > height


def test_the_certificates_of_a_cohort_are_drawn_with_progress(screen, qtbot):
    screen.choose_kind("certificate")
    screen.person.setCurrentIndex(0)            # nobody chosen: the whole cohort
    cohort = screen.about.chosen_id()
    expected = [e for e in screen.services.enrollments.list(filters={"cohort_id": cohort}).rows
                if e.get("completion") != "withdrawn"]
    with qtbot.waitSignal(screen.preview.rendered, timeout=30_000):
        screen.render_preview()
        dialog = screen.progress_dialog
        assert dialog is not None and dialog.isVisible()
    assert len(screen.preview.images) == len(expected) >= 2
    assert screen.progress_dialog is None
    assert screen.batch_progress == (len(expected), len(expected))
    white, dark = ink(screen.preview.images[-1])
    assert white > 0.5 and dark > 0.001


def test_cancelling_the_certificates_stops_them(screen, qtbot):
    screen.choose_kind("certificate")
    screen.person.setCurrentIndex(0)
    screen.render_preview()
    screen.progress_dialog.canceled.emit()   # what its Cancel button does
    qtbot.waitUntil(lambda: screen.progress_dialog is None, timeout=20_000)
    assert screen.rendered is None and screen.preview_button.isEnabled()


def test_the_screen_follows_a_language_switch(screen, qtbot):
    from desktop.i18n import translator
    from desktop.ui.language import switch_language

    switch_language("en")
    qtbot.waitUntil(lambda: screen.preview_button.text() == "Prev&iew")
    assert screen.kind.itemText(0) == "Memo (internal)"
    assert screen.preview.fit_button.text() == "Fit &width"
    switch_language("th")
    thai = translator("th")
    qtbot.waitUntil(lambda: screen.preview_button.text() == thai.gettext("Prev&iew"))
    assert screen.heading.text() == "เอกสาร"
    assert screen.kind.itemText(0) == thai.gettext("Memo (internal)")
