"""Courses and cohorts: the courses on top; below, the cohorts of the chosen course, each
opened with its enrolments."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from desktop.core.text import N_
from desktop.i18n import _
from desktop.ui.context import UiContext
from desktop.ui.forms.choices import programme_choices
from desktop.ui.forms.course_forms import CohortForm, CourseForm
from desktop.ui.forms.fields import date_text
from desktop.ui.messages import confirm, show_error
from desktop.ui.models.record_table import Column, RecordTableModel
from desktop.ui.screens.participants import record_table, size_columns
from desktop.ui.screens.record_list import FilterSpec, RecordListScreen

COURSE_COLUMNS = [Column("title_th", N_("Course"), tooltip_key="title_en"),
                  Column("organiser_name", N_("Organiser"))]
COHORT_COLUMNS = [Column("display_name_th", N_("Cohort")), Column("year_be", N_("Year (B.E.)")),
                  Column("number", N_("Cohort number")), Column("start_date", N_("Start date"), format=date_text),
                  Column("end_date", N_("End date"), format=date_text)]


class CoursesScreen(RecordListScreen):
    KEY = "courses"
    SERVICE = "courses"
    COLUMNS = COURSE_COLUMNS
    COLUMN_CHARS = (None, 40)
    FILTERS = (FilterSpec("programme_id", N_("Programme"), choices=programme_choices),)
    HEADING = N_("Courses and cohorts")
    NEW = N_("&New course")
    SEARCH = N_("Search courses by title")
    DELETE_TITLE = N_("Delete course")
    DELETE_QUESTION = N_("Move {name} to the trash? You can restore it from the Trash screen.")
    EMPTY = N_("No courses yet. Add the first one with “New course” (Ctrl+N).")
    NO_MATCH = N_("No course matches the search or filters.")
    KINDS = ("course", "agency")
    FORM = CourseForm

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        layout = self.layout()
        bar = QHBoxLayout()
        self.cohort_heading = QLabel()
        self.cohort_heading.setStyleSheet("font-weight: bold;")
        self.cohort_heading.setWordWrap(True)   # a long course title must not widen the window
        self.new_cohort, self.edit_cohort, self.delete_cohort = QPushButton(), QPushButton(), QPushButton()
        bar.addWidget(self.cohort_heading, 1)
        self.import_button, self.export_button = QPushButton(), QPushButton()
        for name, button in (("new-cohort", self.new_cohort), ("edit-cohort", self.edit_cohort),
                             ("delete-cohort", self.delete_cohort), ("import-sheet", self.import_button),
                             ("export-sheet", self.export_button)):
            button.setObjectName(name)
            bar.addWidget(button)
        layout.addLayout(bar)
        self.cohorts = RecordTableModel(self.services.cohorts, COHORT_COLUMNS, self, tasks=context.tasks)
        self.cohort_table = record_table(self.cohorts, "cohorts")
        size_columns(self.cohort_table, (None, 12, 12, 16, 16))
        layout.addWidget(self.cohort_table, 1)
        self.table.selectionModel().selectionChanged.connect(self._course_chosen)
        self.model.modelReset.connect(self._course_chosen)
        self.cohort_table.selectionModel().selectionChanged.connect(self._cohort_selection)
        self.cohorts.modelReset.connect(self._cohort_selection)
        self.cohort_table.activated.connect(lambda _i: self.edit_selected_cohort())
        self.new_cohort.clicked.connect(self.new_cohort_record)
        self.edit_cohort.clicked.connect(self.edit_selected_cohort)
        self.delete_cohort.clicked.connect(self.delete_selected_cohort)
        self.import_button.clicked.connect(self.import_sheet)
        self.export_button.clicked.connect(self.export_sheet)
        self.retranslate()
        self._course_chosen()

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "cohorts"):
            return
        course = self.selected()
        self.cohort_heading.setText(_("Cohorts of {course}", course=course["title_th"]) if course
                                    else _("Choose a course to see its cohorts."))
        self.new_cohort.setText(_("New c&ohort"))
        self.edit_cohort.setText(_("Edit cohort"))
        self.delete_cohort.setText(_("Delete cohort"))
        self.import_button.setText(_("Import from Excel…"))
        self.import_button.setToolTip(_("Enrol the people of an Excel or CSV list in the chosen cohort (Ctrl+I)"))
        self.export_button.setText(_("Export to Excel…"))
        self.export_button.setToolTip(_("Save the chosen cohort's enrolments as an Excel or CSV list (Ctrl+E)"))
        self.cohort_table.setAccessibleName(_("Cohorts"))
        self.cohorts.retranslate()

    def _records_changed(self, kind: str) -> None:
        super()._records_changed(kind)
        if kind in ("cohort", "enrollment", "course"):
            self.cohorts.reload()

    def _course_chosen(self, *_args: Any) -> None:
        course = self.selected()
        self.cohorts.set_filters({"course_id": course["id"]} if course else {"course_id": "00000000-0000-0000-0000-000000000000"})
        self.new_cohort.setEnabled(course is not None)
        self.retranslate()

    def _cohort_selection(self, *_args: Any) -> None:
        has = bool(self.cohort_table.selectionModel().selectedRows())
        self.edit_cohort.setEnabled(has)
        self.delete_cohort.setEnabled(has)
        self.import_button.setEnabled(has)
        self.export_button.setEnabled(has)

    def selected_cohort(self) -> dict[str, Any] | None:
        rows = self.cohort_table.selectionModel().selectedRows()
        return self.cohorts.record(rows[0].row()) if rows else None

    def _open_cohort(self, record: dict[str, Any] | None) -> CohortForm:
        course = self.selected()
        form = CohortForm(self.services, record, self, self.context.tasks,
                          course_id=course["id"] if course else None)
        form.exec()
        for kind in sorted(form.changed_kinds):
            self.context.changed(kind)
        return form

    def import_sheet(self) -> None:
        cohort = self.selected_cohort()
        if cohort is None:
            QMessageBox.information(self, _("GovLab Desk"),
                                    _("Choose a cohort first: the list is enrolled in the chosen cohort."))
            return
        from desktop.ui.sheet_import_wizard import import_sheet
        import_sheet(self.context, "enrollments", self, cohort_id=cohort["id"])

    def export_sheet(self) -> None:
        cohort = self.selected_cohort()
        if cohort is None:
            QMessageBox.information(self, _("GovLab Desk"), _("Choose a cohort first: its enrolments are exported."))
            return
        from desktop.ui.sheet_export import export_sheet
        export_sheet(self.context, "enrollments", self, cohort_id=cohort["id"])

    def new_cohort_record(self) -> None:
        self._open_cohort(None)

    def edit_selected_cohort(self) -> None:
        record = self.selected_cohort()
        if record is not None:
            self._open_cohort(self.services.cohorts.get(record["id"]))

    def delete_selected_cohort(self) -> None:
        record = self.selected_cohort()
        if record is None or not confirm(self, _("Delete cohort"), _(self.DELETE_QUESTION, name=record["display_name_th"]),
                                         yes=_("Move to trash")):
            return
        try:
            self.services.cohorts.delete(record["id"])
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        self.context.changed("cohort")
