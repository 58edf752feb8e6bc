"""Papers: choose a kind of official paper and the record it is about, fill in its
fields, then preview it, print it or save it as a PDF.

Papers are drawn off the GUI thread (``desktop.ui.paper_kinds``) into a temporary folder;
the preview shows the very file that is printed or saved. A memo or letter is first
previewed as a draft (ร่าง on every page, no number): it can be printed for checking, and
"Issue number" then takes the next number from the outgoing register and draws the same
paper again with it; the register is listed under the form. A cohort's certificates are
drawn one by one with a progress dialog that can cancel.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.i18n.thai_dates import format_date_short
from desktop.ui.context import UiContext
from desktop.ui.forms.widgets import RecordPicker
from desktop.ui.language import Retranslating
from desktop.ui.messages import show_error
from desktop.ui.mnemonics import plain
from desktop.ui.paper_kinds import (ABOUT_LABELS, KINDS, PAPER_KINDS, ROWS, URGENCIES, PaperKind, Rendered,
                                    render_cohort_certificates, render_paper)
from desktop.ui.pdf_view import PdfPreview, print_pdf
from desktop.ui.tasks import Cancelled, TaskProgress

class PapersScreen(Retranslating, QWidget):
    shown = Signal(object)      # the Rendered paper now in the preview
    register_loaded = Signal()

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.services = context, context.services
        self.rendered: Rendered | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="govlab-papers-")
        self.progress_dialog: QProgressDialog | None = None
        self._batch: TaskProgress | None = None
        self.batch_progress: tuple[int, int] = (0, 0)
        self.setObjectName("screen-papers")
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        outer.addWidget(self.heading)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)

        left = QWidget()
        left.setObjectName("paper-form")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        left_layout.addLayout(self.form)
        self.labels: dict[str, QLabel] = {}
        self.editors: dict[str, QWidget] = {}
        self.kind = self._row("kind", QComboBox())
        for kind in PAPER_KINDS:
            self.kind.addItem("", kind.key)
        self.about = self._row("about", RecordPicker())
        self.session = self._row("session", QComboBox())
        self.group = self._row("group", QComboBox())
        self.person = self._row("person", RecordPicker())
        self.subject = self._row("subject", QLineEdit())
        self.to = self._row("to", QLineEdit())
        self.urgency = self._row("urgency", QComboBox())
        self.urgency.addItem("", None)
        for value in URGENCIES:
            self.urgency.addItem(value, value)
        self.reference = self._row("reference", QLineEdit())
        self.enclosures = self._row("enclosures", QPlainTextEdit())
        self.enclosures.setTabChangesFocus(True)
        self.enclosures.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.signer = self._row("signer", QComboBox())
        self.digits = self._row("digits", QComboBox())
        for value in (None, "thai", "arabic"):
            self.digits.addItem("", value)
        for combo in (self.session, self.group, self.signer, self.kind, self.urgency, self.digits):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        for picker in (self.about, self.person):
            picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            picker.setMinimumContentsLength(16)

        self.note = QLabel()
        self.note.setObjectName("paper-note")
        self.note.setWordWrap(True)
        self.note.setProperty("role", "hint")
        left_layout.addWidget(self.note)
        buttons = QHBoxLayout()
        self.preview_button, self.print_button, self.save_button = QPushButton(), QPushButton(), QPushButton()
        self.issue_button = QPushButton()
        for name, button in (("preview", self.preview_button), ("issue-number", self.issue_button),
                             ("print", self.print_button), ("save-pdf", self.save_button)):
            button.setObjectName(name)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.preview_button.setDefault(True)
        left_layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setObjectName("paper-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left_layout.addWidget(self.status)
        self.register_heading = QLabel()
        self.register_heading.setProperty("role", "subheading")
        self.register_heading.setStyleSheet("font-weight: bold;")
        left_layout.addWidget(self.register_heading)
        self.register = QTableWidget(0, 4)
        self.register.setObjectName("register")
        self.register.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.register.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.register.verticalHeader().setVisible(False)
        self.register.setAlternatingRowColors(True)
        self.register.setWordWrap(False)
        header = self.register.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        left_layout.addWidget(self.register, 1)
        splitter.addWidget(left)

        self.preview = PdfPreview(context.tasks)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 640])

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.about.currentIndexChanged.connect(self._about_changed)
        self.preview_button.clicked.connect(self.render_preview)
        self.issue_button.clicked.connect(self.confirm_issue_number)
        self.print_button.clicked.connect(self.print_paper)
        self.save_button.clicked.connect(self.save_pdf)
        self.preview.rendered.connect(self._pages_shown)
        self.preview.failed.connect(self._failed)
        context.records_changed.connect(self._records_changed)
        self.setTabOrder(self.kind, self.about)
        self.reload_choices()
        self.retranslate()
        self._kind_changed()
        self.reload_register()

    def _row(self, name: str, editor: QWidget) -> Any:
        editor.setObjectName(f"paper-{name}")
        label = QLabel()
        label.setBuddy(editor)
        self.form.addRow(label, editor)
        self.labels[name], self.editors[name] = label, editor
        return editor

    def retranslate(self) -> None:
        self.heading.setText(_("Papers"))
        for row, kind in enumerate(PAPER_KINDS):
            self.kind.setItemText(row, _(kind.title))
        titles = {"kind": _("&Paper"), "about": _("&About"), "session": _("Sessio&n"), "group": _("&Group"),
                  "person": _("&Certificate for"), "subject": _("S&ubject"), "to": _("&To (เรียน)"),
                  "urgency": _("Urgenc&y"), "reference": _("Referen&ce (อ้างถึง)"),
                  "enclosures": _("Enc&losures"), "signer": _("Si&gned by"), "digits": _("&Digits")}
        for name, label in self.labels.items():
            label.setText(titles[name])
            self.editors[name].setAccessibleName(plain(titles[name]))
        self.urgency.setItemText(0, _("Normal"))
        for row, text in enumerate((_("As the office sets"), _("Thai digits (๑๒๓)"), _("Arabic digits (123)"))):
            self.digits.setItemText(row, text)
        if self.signer.count():
            self.signer.setItemText(0, _("The office's signatory"))
        if self.session.count():
            self.session.setItemText(0, _("The first session"))
        if self.group.count():
            self.group.setItemText(0, _("The whole cohort"))
        self.subject.setPlaceholderText(_("Leave empty to take it from the record"))
        self.to.setPlaceholderText("หัวหน้าส่วนราชการ")
        self.enclosures.setPlaceholderText(_("One per line"))
        self.about.lineEdit().setPlaceholderText(_("Type part of the name to find it"))
        self.person.lineEdit().setPlaceholderText(_("Everyone in the cohort, or type a name"))
        self.preview_button.setText(_("Prev&iew"))
        self.print_button.setText(_("P&rint…"))
        self.save_button.setText(_("&Save as PDF…"))
        self.preview_button.setToolTip(_("Draw the paper and show it on the right"))
        self.issue_button.setText(_("Issue &number"))
        self.issue_button.setToolTip(_("Take the next number from the outgoing register for the paper in the "
                                       "preview and draw it again with the number"))
        self.register_heading.setText(_("Outgoing register (ทะเบียนหนังสือส่ง)"))
        self.register.setAccessibleName(_("Outgoing register"))
        self.register.setHorizontalHeaderLabels([_("Number"), _("Date"), _("Subject"), _("Paper")])
        self._show_note()
        self._show_status()

    # -- choices -----------------------------------------------------------------
    def current_kind(self) -> PaperKind:
        return KINDS[self.kind.currentData() or "memo"]

    def choose_kind(self, key: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(key))

    def reload_choices(self) -> None:
        """Read the records papers can be about, and the signatories (small lists)."""
        services = self.services
        self._choices: dict[str, list[tuple[str, str]]] = {
            "activity": [(r["id"], r["title_th"]) for r in services.activities.list(limit=2000).rows],
            "project": [(r["id"], f"{r['code']} {r['title_th']}" if r.get("code") else r["title_th"])
                        for r in services.projects.list(limit=2000).rows],
            "cohort": [(r["id"], r.get("display_name_th") or r.get("title_th") or "")
                       for r in services.cohorts.list(limit=2000).rows],
        }
        chosen = self.signer.currentData()
        self.signer.blockSignals(True)
        self.signer.clear()
        self.signer.addItem(_("The office's signatory"), None)
        for row in services.signatories.list(limit=None).rows:
            self.signer.addItem(row["full_name"], row["id"])
        index = self.signer.findData(chosen) if chosen else 0
        self.signer.setCurrentIndex(max(index, 0))
        self.signer.blockSignals(False)
        self._fill_about()

    def _fill_about(self) -> None:
        kind = self.current_kind()
        chosen = self.about.chosen_id()
        choices: list[tuple[str, str]] = []
        for about in kind.about:
            label = ABOUT_LABELS[about] if len(kind.about) > 1 else "{title}"
            choices += [(rid, _(label, title=text) if label != "{title}" else text)
                        for rid, text in self._choices.get(about, [])]
        self.about.blockSignals(True)
        self.about.set_choices(choices)
        if chosen and self.about.findData(chosen) > 0:
            self.about.setCurrentIndex(self.about.findData(chosen))
        elif len(choices) >= 1:
            self.about.setCurrentIndex(1)
        self.about.blockSignals(False)
        self.about.lineEdit().setCursorPosition(0)   # the start of a long title, not its end
        self._about_changed()

    def about_kind(self, record_id: str | None) -> str | None:
        for kind, rows in self._choices.items():
            if any(rid == record_id for rid, _text in rows):
                return kind
        return None

    def _kind_changed(self, *_args: Any) -> None:
        kind = self.current_kind()
        for row in ROWS:
            self.form.setRowVisible(self.editors[row], row in kind.fields or (row == "about" and bool(kind.about)))
        self._fill_about()
        self._show_note()
        self._show_status()

    def _about_changed(self, *_args: Any) -> None:
        """Fill the pickers that depend on the record: sessions, groups, people."""
        kind, about = self.current_kind(), self.about.chosen_id()
        about_kind = self.about_kind(about)
        self.session.clear()
        self.session.addItem(_("The first session"), None)
        self.group.clear()
        self.group.addItem(_("The whole cohort"), None)
        people: list[tuple[str, str]] = []
        try:
            if kind.key == "signin" and about_kind == "activity":
                for s in self.services.sessions.list(filters={"activity_id": about}).rows:
                    day = format_date_short(date.fromisoformat(str(s["day"])[:10])) if s.get("day") else ""
                    text = " ".join(x for x in (day, s.get("title") or "") if x)
                    self.session.addItem(text, s["id"])
            if about_kind == "cohort" and kind.key in ("roster", "certificate"):
                rows = self.services.enrollments.list(filters={"cohort_id": about}).rows
                for group in sorted({r["group_name"] for r in rows if r.get("group_name")}):
                    self.group.addItem(group, group)
                if kind.key == "certificate":
                    for r in rows:
                        if r.get("completion") == "withdrawn":
                            continue
                        person = self.services.persons.get(r["person_id"])
                        if not person.get("deleted"):
                            people.append((r["id"], person.get("full_name_th") or ""))
        except Exception as error:  # noqa: BLE001 - a list that cannot be read is left empty
            self.status.setText(str(error))
        self.person.set_choices(people)
        self.form.setRowVisible(self.group, "group" in kind.fields and about_kind == "cohort")

    # -- values ------------------------------------------------------------------
    def options(self) -> dict[str, Any]:
        enclosures = [line.strip() for line in self.enclosures.toPlainText().splitlines() if line.strip()]
        return {"subject": self.subject.text().strip() or None, "to": self.to.text().strip() or None,
                "urgency": self.urgency.currentData(), "reference": self.reference.text().strip() or None,
                "enclosures": enclosures, "signatory_id": self.signer.currentData(),
                "digits": self.digits.currentData(), "session_id": self.session.currentData(),
                "group": self.group.currentData(), "enrollment_id": self.person.chosen_id()}

    def _show_note(self) -> None:
        kind = self.current_kind()
        if kind.numbered:
            self.note.setText(_("A memo or letter is previewed as a draft marked ร่าง, without a number; it can be "
                                "printed for checking. “Issue number” takes the next number from the outgoing "
                                "register and draws the paper again with it."))
        elif kind.key == "certificate":
            self.note.setText(_("Leave “Certificate for” empty to draw the certificates of the whole cohort, "
                                "one page each."))
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))

    def _show_status(self) -> None:
        done = self.rendered
        has = done is not None
        busy = getattr(self, "_busy", False)
        self.print_button.setEnabled(has)
        self.save_button.setEnabled(has)
        self.issue_button.setVisible(self.current_kind().numbered)
        self.issue_button.setEnabled(bool(has and done.draft and not busy))
        if busy:
            self.status.setText(_("Drawing the paper…"))
        elif done is None:
            self.status.setText("")
        elif done.number:
            self.status.setText(_("Number {number} was taken from the register for this paper.", number=done.number))
        elif done.draft:
            self.status.setText(_("Draft without a number (ร่าง). Issue the number when the paper is ready to sign."))
        else:
            self.status.setText(_("Pages in the preview: {count}", count=done.pages) if done.pages else "")

    # -- drawing -----------------------------------------------------------------
    def render_preview(self) -> None:
        kind, about, options = self.current_kind(), self.about.chosen_id(), self.options()
        if kind.about and about is None:
            self.status.setText(_("Choose what the paper is about first."))
            self.about.setFocus()
            return
        if kind.key == "certificate" and options["enrollment_id"] is None:
            self._render_batch(about, options, Path(self._folder.name) / f"certificates-{uuid.uuid4().hex[:8]}.pdf")
            return
        self._draw(kind.key, about, options, draft=kind.numbered)

    def _draw(self, kind: str, about: str | None, options: dict[str, Any], draft: bool) -> None:
        services = self.services
        out = Path(self._folder.name) / f"{kind}-{uuid.uuid4().hex[:8]}.pdf"
        self._busy = True
        self.preview_button.setEnabled(False)
        self.preview.show_busy(_("Drawing the paper…"))
        self._show_status()
        self.context.tasks.run(lambda: render_paper(services, kind, about, options, out, draft=draft),
                               self._rendered, self._failed, key="paper-render")

    def issue_number(self) -> None:
        """Number the draft in the preview: the same record and fields, drawn again with
        the next number of the register."""
        done = self.rendered
        if done is None or not done.draft:
            return
        self._draw(done.kind, done.about, done.options or {}, draft=False)

    def confirm_issue_number(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self, _("Issue number"),
            _("Take the next number from the outgoing register for this paper? A number once taken is never "
              "given to another paper."))
        if answer == QMessageBox.StandardButton.Yes:
            self.issue_number()

    def _render_batch(self, cohort_id: str, options: dict[str, Any], out: Path) -> None:
        services, folder = self.services, Path(self._folder.name)
        dialog = QProgressDialog(_("Drawing the certificates…"), _("Cancel"), 0, 0, self)
        dialog.setObjectName("certificate-progress")
        dialog.setWindowTitle(_("Certificates"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.progress_dialog = dialog
        self._busy = True
        self.preview_button.setEnabled(False)
        self._show_status()

        def step(done: int, total: int) -> None:
            if self.progress_dialog is not dialog or not shiboken6.isValid(dialog):
                return   # finished, or the screen is gone; a late report is dropped
            self.batch_progress = (done, total)
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(_("Drawing certificate {done} of {total}…", done=min(done + 1, total), total=total))

        def finished(result: Rendered) -> None:
            self.progress_dialog = None
            dialog.hide()        # not close(): closing a progress dialog means Cancel
            dialog.deleteLater()
            self._rendered(result)

        def failed(error: BaseException) -> None:
            self.progress_dialog = None
            dialog.hide()
            dialog.deleteLater()
            if isinstance(error, Cancelled):
                self._busy = False
                self.preview_button.setEnabled(True)
                self.status.setText(_("Cancelled."))
                return
            self._failed(error)

        self._batch = self.context.tasks.start(
            lambda progress: render_cohort_certificates(services, cohort_id, options, folder, out, progress),
            finished, failed, step, owner=self)
        dialog.canceled.connect(self._batch.cancel)
        dialog.show()

    def _rendered(self, result: Rendered) -> None:
        self._busy = False
        self.preview_button.setEnabled(True)
        self.rendered = result
        self.preview.show_pdf(result.path)
        result.pages = len(self.preview.sizes)
        self._show_status()
        if result.number:
            self.reload_register()
        self.shown.emit(result)

    def _pages_shown(self, count: int) -> None:
        if self.rendered is not None:
            self.rendered.pages = count
        self._show_status()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.preview_button.setEnabled(True)
        self.preview.clear()
        self._show_status()
        show_error(self, error)

    # -- printing and saving -----------------------------------------------------
    def print_to(self, printer: Any) -> int:
        """Print the paper in the preview on ``printer``; the number of pages printed."""
        if self.rendered is None:
            return 0
        return print_pdf(self.rendered.path, printer)

    def print_paper(self) -> None:
        if self.rendered is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the paper"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            self.print_to(printer)
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
        finally:
            self.unsetCursor()

    def suggested_name(self) -> str:
        done = self.rendered
        name = done.kind if done else "paper"
        if done and done.draft:
            name += "-draft"
        if done and done.number:
            name += "-" + "".join(ch if ch.isalnum() else "-" for ch in done.number)
        return name + ".pdf"

    def save_to(self, target: str | Path) -> Path:
        if self.rendered is None:
            raise ValueError("nothing to save")
        target = Path(target)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        shutil.copyfile(self.rendered.path, target)
        return target

    def save_pdf(self) -> None:
        if self.rendered is None:
            return
        last = self.context.settings.value("papers/folder") or str(Path.home())
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the paper as PDF"),
                                                    str(Path(str(last)) / self.suggested_name()),
                                                    _("PDF files (*.pdf)"))
        if not name:
            return
        try:
            saved = self.save_to(name)
        except OSError as error:
            show_error(self, error)
            return
        self.context.settings.setValue("papers/folder", str(saved.parent))
        self.status.setText(_("Saved to {file}.", file=str(saved)))

    # -- the register ------------------------------------------------------------
    def reload_register(self) -> None:
        from desktop.services import register

        services = self.services
        self.context.tasks.run(lambda: list(reversed(register.entries(services)))[:500], self._show_register,
                               lambda error: None, key="paper-register")

    def _show_register(self, rows: list[dict[str, Any]]) -> None:
        kinds = {"memo": _("Memo (internal)"), "letter": _("External letter")}
        self.register.setRowCount(len(rows))
        for row, entry in enumerate(rows):
            issued = entry.get("issued_on")
            values = (entry.get("number_text") or "",
                      format_date_short(date.fromisoformat(str(issued)[:10])) if issued else "", entry.get("subject") or "",
                      kinds.get(entry.get("report_kind") or "", entry.get("report_kind") or ""))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.register.setItem(row, column, item)
        self.register_loaded.emit()

    # -- hooks -------------------------------------------------------------------
    def activate(self) -> None:
        self.kind.setFocus()

    def _records_changed(self, kind: str) -> None:
        if kind in ("activity", "project", "cohort", "enrollment", "signatory", "activity_session"):
            self.reload_choices()
