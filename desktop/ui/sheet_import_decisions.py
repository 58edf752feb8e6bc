"""The decisions step of the spreadsheet import wizard: for each possible duplicate,
merge, new or skip; for each agency that did not match exactly, which one it is."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.text import N_
from desktop.i18n import _
from desktop.sheets.headers import FIELDS
from desktop.ui.sheet_import_pages import ERROR_COLOR, LinesModel, MUTED_COLOR, OK_COLOR, SheetPage, notes_view, status_style


@dataclass
class Note:
    """A report line of the wizard's own: one problem of a row, with the field it is in."""

    row: int
    action: str
    message: str
    params: dict[str, Any] = dc_field(default_factory=dict)
    name: str = ""
    field: str | None = None       # a FIELDS label (msgid)


def problem_notes(plan: Any) -> list[Note]:
    """Every problem of every row (the services' notes give only each row's first)."""
    out = []
    for row in plan.invalid:
        for problem in row.problems:
            key = problem.field or ""
            label = FIELDS.get(key) or FIELDS.get(key.removesuffix("_th"))
            out.append(Note(row.number, "error", problem.message, dict(problem.params), row.name, label))
    return out


# -- 4. the decisions ---------------------------------------------------------------------
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 1   # [(value, text)] a cell can be set to
PERSISTENT_COMBOS = 300                       # more lines than this: a combo opens when the cell is edited


class ChoiceModel(LinesModel):
    """Lines whose last column is a choice; subclasses say what the lines and choices are."""

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == len(self.HEADERS) - 1 else flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        last = index.column() == len(self.HEADERS) - 1
        if last and role == CHOICES_ROLE:
            return self.choices(item)
        if last and role == Qt.ItemDataRole.EditRole:
            return item.decision
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if last:
                return dict(self.choices(item)).get(item.decision, _("— choose —"))
            return self.text(item, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and last and item.decision is None:
            return QBrush(QColor(ERROR_COLOR))
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != len(self.HEADERS) - 1:
            return False
        item = self.items[index.row()]
        if value == item.decision or value not in dict(self.choices(item)):
            return False
        item.decision = value
        self.dataChanged.emit(index, index)
        return True

    def set_all(self, value: str) -> None:
        for item in self.items:
            if value in dict(self.choices(item)):
                item.decision = value
        self.refresh()

    def text(self, item: Any, column: int) -> str:
        raise NotImplementedError

    def choices(self, item: Any) -> list[tuple[Any, str]]:
        raise NotImplementedError


class DuplicatesModel(ChoiceModel):
    HEADERS = (N_("Row"), N_("In the file"), N_("Possibly the same as"), N_("Why"), N_("Decision"))

    def text(self, case: Any, column: int) -> str:
        if column == 0:
            return str(case.row)
        if column == 1:
            return f"{case.name}\n{case.agency or '-'}"
        if column == 2:
            if case.existing:
                known = case.existing
                second = " · ".join(x for x in (known.get("agency") or "-", known.get("national_id_masked")) if x)
                return _("On file: {person}", person=known.get("name") or "") + "\n" + second
            return _("Row {row} of this file", row=case.other_row)
        if case.reason in ("national_id", "file_national_id"):
            return _("Same national ID")
        return _("Names {score}% alike", score=round(case.score * 100))

    def choices(self, case: Any) -> list[tuple[Any, str]]:
        texts = {"merge": _("Merge into the person on file") if case.existing else
                 _("Same person as row {row}", row=case.other_row),
                 "new": _("Add as a new person"), "skip": _("Skip this row")}
        return [(choice, texts[choice]) for choice in case.choices]


class AgenciesModel(ChoiceModel):
    HEADERS = (N_("Agency in the file"), N_("Rows"), N_("Use"))

    def text(self, choice: Any, column: int) -> str:
        if column == 0:
            return choice.text
        rows = ", ".join(str(n) for n in choice.rows[:6])
        return rows + ("…" if len(choice.rows) > 6 else "")

    def choices(self, choice: Any) -> list[tuple[Any, str]]:
        out = [(agency_id, f"{name} ({round(score * 100)}%)") for agency_id, name, score in choice.suggestions]
        return out + [("new", _("Add “{name}” as a new agency", name=choice.text)), ("none", _("No agency"))]


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of the cell's choices; the choice is kept as soon as it is made."""

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName(f"sheet-choice-{index.row()}")
        combo.currentIndexChanged.connect(lambda _i, c=combo: self._chosen(c))
        return combo

    def _chosen(self, combo: QComboBox) -> None:
        if combo.currentData() is not None:
            self.commitData.emit(combo)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        combo: QComboBox = editor  # type: ignore[assignment]
        combo.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal) or ""))
        combo.blockSignals(True)
        combo.clear()
        value = index.data(Qt.ItemDataRole.EditRole)
        if value is None:
            combo.addItem(_("— choose —"), None)
        for choice, text in index.data(CHOICES_ROLE) or []:
            combo.addItem(text, choice)
        combo.setCurrentIndex(max(combo.findData(value), 0))
        combo.blockSignals(False)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:
        value = editor.currentData()  # type: ignore[attr-defined]
        if value is not None:
            model.setData(index, value, Qt.ItemDataRole.EditRole)


class ChoiceView(QTableView):
    """Decided by keyboard too: a key of ``keys`` sets the line's choice and moves down;
    Space, Enter or F2 opens the line's choices."""

    def __init__(self, keys: dict[str, str] | None = None) -> None:
        super().__init__()
        self.keys = keys or {}

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        model = self.model()
        plain = not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        if index.isValid() and plain:
            cell = model.index(index.row(), model.columnCount() - 1)
            value = self.keys.get(event.text().lower())
            if value is not None:
                role = Qt.ItemDataRole.EditRole
                taken = model.setData(cell, value, role) or cell.data(role) == value
                if taken and index.row() + 1 < model.rowCount():
                    self.setCurrentIndex(model.index(index.row() + 1, 0))
                return
            if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
                editor = self.indexWidget(cell)
                if isinstance(editor, QComboBox):
                    editor.setFocus()
                    editor.showPopup()
                else:
                    self.edit(cell)
                return
        super().keyPressEvent(event)


# The keys of the duplicates: 1 2 3 (also on a Thai keyboard: ๅ / -), or m n s.
DUPLICATE_KEYS = {"1": "merge", "ๅ": "merge", "m": "merge", "2": "new", "/": "new", "n": "new",
                  "3": "skip", "-": "skip", "s": "skip"}


def choice_view(model: ChoiceModel, name: str, chars: tuple[int | None, ...],
                keys: dict[str, str] | None = None) -> QTableView:
    """Column widths in average characters; the column given as None stretches."""
    view = notes_view(model, name, ChoiceView(keys))  # type: ignore[arg-type]
    view.setItemDelegateForColumn(len(model.HEADERS) - 1, ChoiceDelegate(view))
    view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.SelectedClicked)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 16)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    metrics = view.fontMetrics().averageCharWidth()
    for column, count in enumerate(chars):
        if count is None:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            view.setColumnWidth(column, metrics * count + 16)
    return view


class DecisionsPage(SheetPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheet-page-decisions")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.duplicates_heading = QLabel()
        self.duplicates_heading.setStyleSheet("font-weight: bold;")
        top.addWidget(self.duplicates_heading, 1)
        self.all_buttons: dict[str, QPushButton] = {}
        for choice in ("merge", "new", "skip"):
            button = QPushButton()
            button.setObjectName(f"sheet-all-{choice}")
            button.clicked.connect(lambda _c=False, value=choice: self.decide_all(value))
            self.all_buttons[choice] = button
            top.addWidget(button)
        layout.addLayout(top)
        self.keys_hint = QLabel()
        self.keys_hint.setStyleSheet(f"color: {MUTED_COLOR};")
        self.keys_hint.setWordWrap(True)
        layout.addWidget(self.keys_hint)
        self.duplicates = DuplicatesModel(self)
        self.duplicates_view = choice_view(self.duplicates, "sheet-duplicates", (6, 28, None, 18, 30), DUPLICATE_KEYS)
        self.duplicates_view.setWordWrap(True)   # the name above, the agency below
        self.duplicates_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2 + 14)
        layout.addWidget(self.duplicates_view, 3)
        self.agencies_heading = QLabel()
        self.agencies_heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.agencies_heading)
        self.agencies = AgenciesModel(self)
        self.agencies_view = choice_view(self.agencies, "sheet-agencies", (None, 12, 56))
        layout.addWidget(self.agencies_view, 2)
        self.skip_invalid = QCheckBox()
        self.skip_invalid.setObjectName("sheet-skip-invalid")
        layout.addWidget(self.skip_invalid)
        self.status = QLabel()
        self.status.setObjectName("sheet-decisions-status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.skip_invalid.toggled.connect(self._skip_toggled)
        for model in (self.duplicates, self.agencies):
            model.dataChanged.connect(self._decided)
            model.modelReset.connect(self._decided)

    def initializePage(self) -> None:
        plan = self.state.plan
        self.duplicates.set_items(plan.duplicates)
        self.agencies.set_items([a for a in plan.agencies if a.agency_id is None])
        for view, model in ((self.duplicates_view, self.duplicates), (self.agencies_view, self.agencies)):
            if model.rowCount() <= PERSISTENT_COMBOS:
                for row in range(model.rowCount()):
                    view.openPersistentEditor(model.index(row, len(model.HEADERS) - 1))
        for widget in (self.duplicates_heading, self.keys_hint, self.duplicates_view, *self.all_buttons.values()):
            widget.setVisible(bool(plan.duplicates))
        for widget in (self.agencies_heading, self.agencies_view):
            widget.setVisible(bool(self.agencies.items))
        self.all_buttons["new"].setVisible(any("new" in c.choices for c in plan.duplicates))
        self.skip_invalid.setVisible(bool(plan.invalid))
        self.skip_invalid.setChecked(self.state.skip_invalid)
        self.retranslate()
        first = self.duplicates_view if plan.duplicates else self.agencies_view
        if first.model().rowCount():
            first.setCurrentIndex(first.model().index(0, 0))
        QTimer.singleShot(0, first.setFocus)   # after the wizard has put the focus on the page

    def retranslate(self) -> None:
        self.setTitle(_("Decide what is unsure"))
        self.setSubTitle(_("Choose for each line below; nothing is saved yet."))
        self.all_buttons["merge"].setText(_("All: &merge"))
        self.all_buttons["new"].setText(_("All: ne&w"))
        self.all_buttons["skip"].setText(_("All: s&kip"))
        self.keys_hint.setText(_("Keyboard: 1 merge, 2 new, 3 skip (then the next line); Space opens the choices."))
        self.duplicates_view.setAccessibleName(_("Possible duplicates"))
        self.agencies_view.setAccessibleName(_("Agencies not matched exactly"))
        self.duplicates.retranslate()
        self.agencies.retranslate()
        if self.wizard() is None or not hasattr(self.wizard(), "state") or self.state.plan is None:
            return
        plan = self.state.plan
        self.duplicates_heading.setText(_("People who may already be on file, or twice in the file: {count}",
                                          count=f"{len(plan.duplicates):,}"))
        self.agencies_heading.setText(_("Agencies not matched exactly: {count}", count=f"{len(self.agencies.items):,}"))
        self.skip_invalid.setText(_("&Skip the {count} rows with problems and import the rest",
                                    count=f"{len(plan.invalid):,}"))
        self._decided()

    def decide_all(self, value: str) -> None:
        self.duplicates.set_all(value)

    def _skip_toggled(self, checked: bool) -> None:
        self.state.skip_invalid = checked
        self._decided()

    def _decided(self, *_args: Any) -> None:
        plan = self.state.plan if self.wizard() is not None and hasattr(self.wizard(), "state") else None
        if plan is None:
            return
        left = len(plan.undecided)
        if left:
            status_style(self.status, _("Still to decide: {count} rows.", count=f"{left:,}"), ERROR_COLOR)
        elif plan.invalid and not self.state.skip_invalid:
            status_style(self.status, _("{count} rows have problems: the import will refuse the file unless "
                                        "they are skipped.", count=f"{len(plan.invalid):,}"), ERROR_COLOR)
        else:
            status_style(self.status, _("Everything is decided."), OK_COLOR)
        self.completeChanged.emit()

    def ready(self) -> bool:
        plan = self.state.plan
        return plan is not None and not plan.undecided
