"""Importing a participant list from Excel (.xlsx) or CSV, step by step: the file, which
column holds what, a check of every row, decisions on possible duplicates and unsure
agencies, then a dry run and the import itself, all or nothing, with a report that can
be saved. Reading, checking and importing run off the GUI thread.

    wizard = SheetImportWizard(context, "enrollments", cohort_id=cohort["id"], parent=screen)
    wizard.exec()

The pages are in ``desktop.ui.sheet_import_pages``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from desktop.core.enums import SessionPart
from desktop.i18n import _
from desktop.services.sheet_import import SheetImportService, plan_notes, write_report
from desktop.sheets.reader import sheet_names
from desktop.ui.context import UiContext
from desktop.ui.forms.fields import date_text, enum_text
from desktop.ui.language import Retranslating
from desktop.ui.messages import error_text
from desktop.ui.sheet_import_decisions import DecisionsPage, problem_notes
from desktop.ui.sheet_import_pages import (
    ERROR_COLOR,
    MUTED_COLOR,
    OK_COLOR,
    BusyBar,
    CheckPage,
    ColumnsPage,
    FilePage,
    NotesModel,
    SheetPage,
    notes_view,
    status_style,
)
from desktop.ui.tasks import Cancelled

KINDS = ("persons", "enrollments", "attendance")
# Qt's texts of the wizard's buttons in the classic style (translated in qt_thai).
QT_BUTTON_TEXTS = {QWizard.WizardButton.BackButton: "< &Back", QWizard.WizardButton.NextButton: "&Next >",
                   QWizard.WizardButton.FinishButton: "&Finish", QWizard.WizardButton.CancelButton: "Cancel"}
CHANGED_KINDS = {"persons": ("person", "agency"), "enrollments": ("person", "agency", "enrollment"),
                 "attendance": ("person", "agency", "attendance")}


@dataclass
class ImportState:
    kind: str
    cohort_id: str | None = None
    session_id: str | None = None
    sessions: list[tuple[str, str]] = field(default_factory=list)   # (id, text) of the activity's sessions
    path: Path | None = None
    sheet: str | None = None
    sheet_names: list[str] = field(default_factory=list)
    table: Any = None                  # SheetTable
    mapping: dict[int, str] = field(default_factory=dict)
    plan: Any = None                   # ImportPlan
    skip_invalid: bool = False
    preview: Any = None                # the dry run's ImportReport
    report: Any = None                 # the import's ImportReport
    error: BaseException | None = None


def session_text(row: dict[str, Any]) -> str:
    """19/05/2567 เช้า Topic: how a session is named in the session picker."""
    parts = (date_text(row.get("day")), enum_text(SessionPart, row.get("part")), row.get("title") or "")
    return " ".join(x for x in parts if x)


def count_text(report: Any) -> str:
    return _("Created {created} · updated {updated} · skipped {skipped} · problems {errors}",
             created=f"{report.count('created'):,}", updated=f"{report.count('updated'):,}",
             skipped=f"{report.count('skipped'):,}", errors=f"{report.count('error'):,}")


class SheetImportWizard(Retranslating, QWizard):
    PAGE_FILE, PAGE_COLUMNS, PAGE_CHECK, PAGE_DECIDE, PAGE_RUN, PAGE_RESULT = range(6)
    imported = Signal(object)          # the ImportReport, once the rows are in the database

    def __init__(self, context: UiContext, kind: str, *, cohort_id: str | None = None,
                 session_id: str | None = None, activity_id: str | None = None,
                 path: Path | str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if kind not in KINDS:
            raise ValueError(f"unknown list kind {kind!r}")
        self.context = context
        self.services = context.services
        self.importer = SheetImportService(self.services)
        self.state = ImportState(kind, cohort_id, session_id)
        self.busy = False
        self._job = 0
        self.setObjectName("sheet-import")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOptions(QWizard.WizardOption.NoBackButtonOnStartPage | QWizard.WizardOption.NoCancelButtonOnLastPage
                        | QWizard.WizardOption.NoDefaultButton)
        self.target = self._target(activity_id)
        self.file_page, self.columns_page, self.check_page = FilePage(), ColumnsPage(), CheckPage()
        self.decisions_page, self.run_page, self.result_page = DecisionsPage(), RunPage(), ResultPage()
        for number, page in enumerate((self.file_page, self.columns_page, self.check_page, self.decisions_page,
                                       self.run_page, self.result_page)):
            self.setPage(number, page)
        self.setMinimumSize(860, 560)
        self.resize(1120, 680)
        self.retranslate()
        if path is not None:
            self.file_page.load(Path(path))

    def _target(self, activity_id: str | None) -> dict[str, str]:
        """What the list goes into, read once: the cohort, or the activity and its sessions."""
        state, services = self.state, self.services
        if state.kind == "enrollments" and state.cohort_id:
            return {"cohort": services.cohorts.get(state.cohort_id)["display_name_th"]}
        if state.kind == "attendance":
            if activity_id is None and state.session_id:
                activity_id = services.sessions.get(state.session_id)["activity_id"]
            if activity_id is None:
                return {}
            rows = services.sessions.list(filters={"activity_id": activity_id}, limit=None).rows
            state.sessions = [(r["id"], session_text(r)) for r in rows]
            if state.session_id is None and state.sessions:
                state.session_id = state.sessions[0][0]
            return {"activity": services.activities.get(activity_id)["title_th"]}
        return {}

    def target_text(self) -> str:
        kind = self.state.kind
        if kind == "enrollments":
            return _("The people in the file are enrolled in the cohort “{cohort}”.",
                     cohort=self.target.get("cohort", "-"))
        if kind == "attendance":
            if not self.state.sessions:
                return _("The activity “{activity}” has no sessions yet: add a session to it first.",
                         activity=self.target.get("activity", "-"))
            return _("The file's attendance is recorded for a session of “{activity}”.",
                     activity=self.target.get("activity", "-"))
        return _("The people in the file are added to the participants; people already on file are found "
                 "and can be merged.")

    def retranslate(self) -> None:
        titles = {"persons": _("Import participants from Excel"),
                  "enrollments": _("Import a cohort's enrolments from Excel"),
                  "attendance": _("Import attendance from Excel")}
        self.setWindowTitle(titles[self.state.kind])
        # QWizard keeps the texts of its buttons from when it was made: give them Qt's own
        # strings again in the language now in use.
        for which, source in QT_BUTTON_TEXTS.items():
            self.setButtonText(which, QCoreApplication.translate("QWizard", source))

    # -- background work (called by the pages) -------------------------------------------
    def _start(self, bar: BusyBar, text: str, fn: Any, done: Any, failed: Any, stoppable: bool) -> None:
        if bar.task is not None:
            bar.task.cancel()          # another file chosen while one is read: only the newest counts
        self._job += 1
        job = self._job

        def finished(result: Any) -> None:
            if job == self._job:
                self.busy = False
                bar.end()
                done(result)
                self._set_busy(False)     # after done(): the page is complete only with the result

        def broke(error: BaseException) -> None:
            if job == self._job:
                self.busy = False
                bar.end()
                failed(error)
                self._set_busy(False)

        task = self.context.tasks.start(fn, finished, broke, lambda d, t: job == self._job and bar.advance(d, t),
                                        owner=self)
        bar.begin(text, task if stoppable else None)
        self._set_busy(True)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button = self.button(which)
            if busy:
                button.setEnabled(False)
            elif which == QWizard.WizardButton.CancelButton:
                button.setEnabled(True)
            else:
                button.setEnabled(len(self.visitedIds()) > 1 and self.currentId() != self.PAGE_RESULT)

    def read_file(self, page: FilePage) -> None:
        state, importer = self.state, self.importer
        path, sheet = state.path, state.sheet

        def work(task: Any) -> tuple[list[str], Any, dict[int, str]]:
            names = sheet_names(path)      # [] for a CSV file

            def progress(rows: int) -> None:
                task.check()
                task.report(rows, 0)
            table = importer.read(path, sheet, progress=progress)
            return names, table, importer.suggest_mapping(table)

        def done(result: tuple[list[str], Any, dict[int, str]]) -> None:
            state.sheet_names, state.table, state.mapping = result[0] or state.sheet_names, result[1], dict(result[2])
            state.sheet = state.table.sheet_name
            page._show()

        def failed(error: BaseException) -> None:
            state.error = error
            page._show()

        page._show()
        self._start(page.busy_bar, _("Reading {name}…", name=path.name), work, done, failed, stoppable=True)

    def make_plan(self, page: CheckPage) -> None:
        state, importer = self.state, self.importer
        args = dict(cohort_id=state.cohort_id, session_id=state.session_id, mapping=dict(state.mapping),
                    table=state.table)
        path, kind = state.path, state.kind

        def work(_task: Any) -> tuple[Any, list[Any]]:
            plan = importer.plan(path, kind, **args)
            notes = problem_notes(plan) + [n for n in plan_notes(plan) if n.action != "error"]
            return plan, sorted(notes, key=lambda n: n.row)

        def done(result: tuple[Any, list[Any]]) -> None:
            state.plan, notes = result
            page.planned(notes)

        def failed(error: BaseException) -> None:
            state.error = error
            page._show()

        self._start(page.busy_bar, _("Checking {count} rows…", count=f"{len(state.table.rows):,}"), work, done,
                    failed, stoppable=False)

    def apply(self, page: RunPage, dry_run: bool) -> None:
        state, importer = self.state, self.importer
        plan, skip_invalid = state.plan, state.skip_invalid

        def work(task: Any) -> Any:
            def progress(done: int, total: int) -> None:
                task.check()
                task.report(done, total)
            return importer.apply(plan, dry_run=dry_run, skip_invalid=skip_invalid, progress=progress)

        text = _("Trying the import (nothing is saved)…") if dry_run else _("Importing… Do not close the program.")
        self._start(page.busy_bar, text, work, lambda report: page.applied(report, dry_run),
                    lambda error: page.refused(error, dry_run), stoppable=True)

    def finish_import(self, report: Any) -> None:
        self.state.report = report
        for kind in CHANGED_KINDS[self.state.kind]:
            self.context.changed(kind)
        self.imported.emit(report)

    def reject(self) -> None:
        if self.busy:
            return
        super().reject()


# -- 5. the import ----------------------------------------------------------------------
class RunPage(SheetPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheet-page-run")
        self.setCommitPage(True)        # once imported, there is no going back
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("sheet-run-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        self.dry_button = QPushButton()
        self.dry_button.setObjectName("sheet-dry-run")
        row.addWidget(self.dry_button)
        self.counts = QLabel()
        self.counts.setObjectName("sheet-run-counts")
        row.addWidget(self.counts, 1)
        layout.addLayout(row)
        self.busy_bar = BusyBar()
        layout.addWidget(self.busy_bar)
        self.model = NotesModel(self)
        self.view = notes_view(self.model, "sheet-preview")
        layout.addWidget(self.view, 1)
        self.status = QLabel()
        self.status.setObjectName("sheet-run-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        self.dry_button.clicked.connect(lambda: self.wizard().apply(self, dry_run=True))
        self.imported = False

    def initializePage(self) -> None:
        self.state.preview = None
        self.state.error = None
        self.imported = False
        self.model.set_items([])
        self.retranslate()
        status_style(self.status, _("Try the import first to see what it would do, or press “Import”."))

    def retranslate(self) -> None:
        self.setTitle(_("Import"))
        self.setSubTitle(_("All rows go in together or none do: if anything is refused, nothing is saved."))
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Import"))
        self.dry_button.setText(_("&Try first (nothing is saved)"))
        self.view.setAccessibleName(_("What the import does with each row"))
        self.model.retranslate()
        wizard = self.wizard()
        if wizard is None or not hasattr(wizard, "state") or self.state.plan is None:
            return
        plan, state = self.state.plan, self.state
        take = len(plan.rows) - (len(plan.invalid) if state.skip_invalid else 0)
        text = _("{count} rows of {file} will be imported.", count=f"{take:,}", file=plan.path.name)
        if state.skip_invalid and plan.invalid:
            text += " " + _("{count} rows with problems are skipped.", count=f"{len(plan.invalid):,}")
        elif plan.invalid:
            text += " " + _("{count} rows have problems: the import will refuse the file unless they are skipped.",
                            count=f"{len(plan.invalid):,}")
        self.summary.setText(text + " " + wizard.target_text())
        self.counts.setText(count_text(state.preview) if state.preview is not None else "")

    def cleanupPage(self) -> None:
        self.state.error = None

    def validatePage(self) -> bool:
        """The Import button: starts the import and stays here until it is done."""
        if self.imported:
            return True
        if not self.wizard().busy:
            self.wizard().apply(self, dry_run=False)
        return False

    def applied(self, report: Any, dry_run: bool) -> None:
        self.model.set_items(report.results)
        if dry_run:
            self.state.preview = report
            self.counts.setText(count_text(report))
            status_style(self.status, _("Dry run done: nothing has been saved. Press “Import” to import the rows."))
            return
        self.imported = True
        self.wizard().finish_import(report)
        self.wizard().next()

    def refused(self, error: BaseException, dry_run: bool) -> None:
        self.state.error = error
        if isinstance(error, Cancelled):
            text = _("Stopped. Nothing was saved.")
        else:
            text = error_text(error) + "\n" + _("Nothing was imported. The database is unchanged.")
            self.model.set_items(self.wizard().check_page.model.items)   # what to fix, row by row
        status_style(self.status, text, ERROR_COLOR)


# -- 6. the result ----------------------------------------------------------------------
class ResultPage(SheetPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheet-page-result")
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        self.headline = QLabel()
        self.headline.setObjectName("sheet-result")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.counts = QLabel()
        self.counts.setObjectName("sheet-result-counts")
        layout.addWidget(self.counts)
        self.model = NotesModel(self)
        self.view = notes_view(self.model, "sheet-report")
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.save_button = QPushButton()
        self.save_button.setObjectName("sheet-save-report")
        row.addWidget(self.save_button)
        self.saved = QLabel()
        self.saved.setObjectName("sheet-saved")
        self.saved.setWordWrap(True)
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.saved, 1)
        layout.addLayout(row)
        self.busy_bar = BusyBar()
        layout.addWidget(self.busy_bar)
        self.save_button.clicked.connect(self.choose_report_file)

    def initializePage(self) -> None:
        self.model.set_items(self.state.report.results)
        self.saved.setText("")
        self.retranslate()
        self.save_button.setFocus()

    def retranslate(self) -> None:
        self.setTitle(_("Done"))
        self.setSubTitle(_("The rows are in the database. The report below says what happened to each row."))
        self.save_button.setText(_("&Save the report…"))
        self.view.setAccessibleName(_("The report, row by row"))
        self.model.retranslate()
        wizard = self.wizard()
        if wizard is None or not hasattr(wizard, "state") or self.state.report is None:
            return
        report = self.state.report
        status_style(self.headline, _("{file} is imported.", file=report.file), OK_COLOR)
        self.counts.setText(count_text(report))

    def choose_report_file(self) -> None:
        report = self.state.report
        settings = self.wizard().context.settings
        folder = Path(str(settings.value("sheets/report-folder") or self.state.path.parent))
        start = folder / _("Import report {name}.xlsx", name=Path(report.file).stem)
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the report"), str(start),
                                                    _("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"))
        if name:
            path = Path(name)
            if path.suffix.lower() not in (".xlsx", ".csv"):
                path = path.with_suffix(".csv" if "csv" in _filter.lower() else ".xlsx")
            settings.setValue("sheets/report-folder", str(path.parent))
            self.save_report(path)

    def save_report(self, path: Path) -> None:
        results = list(self.state.report.results)

        def done(_result: Any) -> None:
            status_style(self.saved, _("Saved: {path}", path=str(path)))

        def failed(error: BaseException) -> None:
            status_style(self.saved, error_text(error), ERROR_COLOR)

        status_style(self.saved, "", MUTED_COLOR)
        self.wizard()._start(self.busy_bar, _("Saving the report…"), lambda _task: write_report(path, results),
                             done, failed, stoppable=False)


def import_sheet(context: UiContext, kind: str, parent: QWidget | None = None, **target: Any) -> Any:
    """Open the import wizard for ``kind`` (modal); the ImportReport once imported, else None."""
    wizard = SheetImportWizard(context, kind, parent=parent, **target)
    wizard.exec()
    return wizard.state.report
