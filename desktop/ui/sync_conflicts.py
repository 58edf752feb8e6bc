"""The conflict inbox: records edited on both sides, each field's common base, this
office's value and theirs side by side, and the decision: keep mine, take theirs,
choose per field, or (for participants) "these are different people".

A decision is a normal change to the record made by the sync service; it travels with
the next package and closes the other side's copy of the conflict.

"Different people": the service has no call for it, so the interface creates a new
participant from this record with their values in the conflicting fields (through
services.persons.create) and keeps this office's values on the existing record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.kinds import PERSON
from desktop.ui.context import UiContext
from desktop.ui.language import Retranslating
from desktop.ui.messages import confirm, show_error
from desktop.ui.sync_text import (
    field_name,
    kind_name,
    record_title,
    stamp_text,
    value_text,
)

DELETED = "(deleted)"


@dataclass
class ConflictGroup:
    """The open conflicts of one record."""

    kind: str
    record_id: str
    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)   # the service's conflict rows
    their_office: str = ""


def load_groups(services: Any) -> list[ConflictGroup]:
    """Open conflicts grouped by record, with titles and the other office's name (worker thread)."""
    offices = {p["site_id"]: p["office_name"] for p in services.sync.status()["peers"]}
    groups: dict[tuple[str, str], ConflictGroup] = {}
    for row in services.sync.conflicts():
        key = (row["kind"], row["record_id"])
        if key not in groups:
            groups[key] = ConflictGroup(row["kind"], row["record_id"],
                                        record_title(services, row["kind"], row["record_id"]),
                                        their_office=offices.get(row["their_site"], row["their_site"][:8]))
        groups[key].rows.append(row)
    return list(groups.values())


def split_person(services: Any, group: ConflictGroup) -> dict[str, Any]:
    """'These are different people': a new participant with their values in the
    conflicting fields, and this office's values kept on the existing record."""
    record = services.persons.get(group.record_id)
    values = {name: record.get(name) for name in PERSON.fields if record.get(name) is not None}
    for row in group.rows:
        if row["field"] in PERSON.fields:
            values[row["field"]] = row["theirs"]
    created = services.persons.create(values)
    services.sync.resolve({row["id"]: "mine" for row in group.rows})
    return created


class ConflictInbox(Retranslating, QDialog):
    loaded = Signal(int)          # the number of records with open conflicts
    resolved = Signal(str)        # the kind of record decided

    COLUMNS = 5

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.services = context.services
        self.setObjectName("sync-conflicts")
        self.resize(1000, 600)
        self.groups: list[ConflictGroup] = []
        self.working = False

        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        splitter = QSplitter()
        self.list = QListWidget()
        self.list.setObjectName("conflict-records")
        self.list.setMinimumWidth(260)
        splitter.addWidget(self.list)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.record_heading = QLabel()
        self.record_heading.setObjectName("conflict-heading")
        self.record_heading.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.record_heading.setWordWrap(True)
        self.origin = QLabel()
        self.origin.setObjectName("conflict-origin")
        self.origin.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("conflict-fields")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        right_layout.addWidget(self.record_heading)
        right_layout.addWidget(self.origin)
        right_layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.mine_button = QPushButton()
        self.mine_button.setObjectName("conflict-keep-mine")
        self.theirs_button = QPushButton()
        self.theirs_button.setObjectName("conflict-take-theirs")
        self.per_field_button = QPushButton()
        self.per_field_button.setObjectName("conflict-per-field")
        self.split_button = QPushButton()
        self.split_button.setObjectName("conflict-different-people")
        for button in (self.mine_button, self.theirs_button, self.per_field_button, self.split_button):
            actions.addWidget(button)
        actions.addStretch(1)
        right_layout.addLayout(actions)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 700])
        layout.addWidget(splitter, 1)
        self.status = QLabel()
        self.status.setObjectName("conflict-status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.close_button = QPushButton()
        self.close_button.setObjectName("conflict-close")
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)

        self.list.currentRowChanged.connect(lambda _row: self._show_group())
        self.mine_button.clicked.connect(lambda: self.decide_all("mine"))
        self.theirs_button.clicked.connect(lambda: self.decide_all("theirs"))
        self.per_field_button.clicked.connect(self.decide_per_field)
        self.split_button.clicked.connect(self.different_people)
        self.close_button.clicked.connect(self.accept)
        self.retranslate()
        self.reload()

    # -- loading ------------------------------------------------------------------
    def reload(self) -> None:
        services = self.services
        self.context.tasks.run(lambda: load_groups(services), self._loaded,
                               lambda error: show_error(self, error), key="sync-conflicts")

    def _loaded(self, groups: list[ConflictGroup]) -> None:
        keep = self.current_group()
        self.groups = groups
        self.list.blockSignals(True)
        self.list.clear()
        for group in groups:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, (group.kind, group.record_id))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._texts_of_list()
        row = next((i for i, g in enumerate(groups) if keep and (g.kind, g.record_id) == (keep.kind, keep.record_id)), 0)
        self.list.setCurrentRow(row if groups else -1)
        self._show_group()
        self.loaded.emit(len(groups))

    def current_group(self) -> ConflictGroup | None:
        row = self.list.currentRow() if hasattr(self, "list") else -1
        return self.groups[row] if 0 <= row < len(self.groups) else None

    def select(self, kind: str, record_id: str) -> None:
        for row, group in enumerate(self.groups):
            if (group.kind, group.record_id) == (kind, str(record_id)):
                self.list.setCurrentRow(row)
                return

    # -- showing --------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(_("Conflict inbox"))
        self.intro.setText(_("The same field was changed here and at the other site before the two knew of "
                             "each other. Both values are kept until you decide; the decision is sent with the "
                             "next package."))
        self.table.setHorizontalHeaderLabels([_("Field"), _("Before both edits"), _("Here (mine)"), _("Theirs"),
                                              _("Keep")])
        self.list.setAccessibleName(_("Records with conflicts"))
        self.table.setAccessibleName(_("Conflicting fields"))
        self.mine_button.setText(_("Keep mine"))
        self.theirs_button.setText(_("Take theirs"))
        self.per_field_button.setText(_("Apply the choice per field"))
        self.split_button.setText(_("These are different people"))
        self.close_button.setText(_("Close"))
        self._texts_of_list()
        self._show_group()

    def _texts_of_list(self) -> None:
        for row, group in enumerate(self.groups):
            item = self.list.item(row)
            if item is not None:
                item.setText(_("{kind}: {title}\n{count} fields · from {office}", kind=kind_name(group.kind),
                               title=group.title, count=len(group.rows), office=group.their_office))

    def _show_group(self) -> None:
        group = self.current_group()
        self.table.setRowCount(0)
        has = group is not None and not self.working
        for button in (self.mine_button, self.theirs_button, self.per_field_button):
            button.setEnabled(has)
        self.split_button.setVisible(group is not None and group.kind == "person")
        self.split_button.setEnabled(has and group.kind == "person" and all(r["field"] != DELETED for r in group.rows))
        if group is None:
            self.record_heading.setText(_("No open conflicts."))
            self.origin.setText("")
            return
        self.record_heading.setText(f"{kind_name(group.kind)}: {group.title}")
        last = group.rows[-1]
        self.origin.setText(_("Their change: {office}, by {user}, {when}", office=group.their_office,
                              user=last["their_user"] or "-", when=stamp_text(last["their_stamp"])))
        self.table.setRowCount(len(group.rows))
        for r, row in enumerate(group.rows):
            cells = [field_name(row["field"]), value_text(row["field"], row["base"]),
                     value_text(row["field"], row["mine"]), value_text(row["field"], row["theirs"])]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
            choice = QComboBox()
            choice.setObjectName(f"choice-{row['field']}")
            choice.setAccessibleName(_("Keep which value of {field}", field=field_name(row["field"])))
            choice.addItem(_("Mine"), "mine")
            choice.addItem(_("Theirs"), "theirs")
            self.table.setCellWidget(r, 4, choice)
        self.table.resizeRowsToContents()

    def choices(self) -> dict[str, str]:
        """The per-field choice of the record shown: conflict id -> mine or theirs."""
        group = self.current_group()
        if group is None:
            return {}
        return {row["id"]: self.table.cellWidget(r, 4).currentData() for r, row in enumerate(group.rows)}

    def set_choice(self, field: str, choice: str) -> None:
        group = self.current_group()
        for r, row in enumerate(group.rows if group else []):
            if row["field"] == field:
                box = self.table.cellWidget(r, 4)
                box.setCurrentIndex(box.findData(choice))

    # -- deciding --------------------------------------------------------------------
    def decide_all(self, choice: str) -> None:
        group = self.current_group()
        if group is not None:
            self._resolve(group, {row["id"]: choice for row in group.rows})

    def decide_per_field(self) -> None:
        group = self.current_group()
        if group is not None:
            self._resolve(group, self.choices())

    def _resolve(self, group: ConflictGroup, choices: dict[str, str]) -> None:
        sync = self.services.sync
        self._work(lambda: sync.resolve(choices), group, _("Decided: {title}. The decision travels with the next "
                                                            "package.", title=group.title))

    def different_people(self, checked: bool = False, ask: bool = True) -> None:
        group = self.current_group()
        if group is None or group.kind != "person":
            return
        if ask and not confirm(self, _("These are different people"),
                               _("A new participant will be created with their values ({fields}); this record "
                                 "keeps this office's values. Go ahead?",
                                 fields=", ".join(field_name(r["field"]) for r in group.rows)),
                               yes=_("Create a new participant")):
            return
        services = self.services
        self._work(lambda: split_person(services, group), group,
                   _("A new participant was created from their values; {title} keeps this office's values.",
                     title=group.title))

    def _work(self, fn: Any, group: ConflictGroup, done_text: str) -> None:
        self.working = True
        self._show_group()

        def done(_result: Any) -> None:
            self.working = False
            self.status.setStyleSheet("color: #1b7a3a;")
            self.status.setText(done_text)
            self.resolved.emit(group.kind)
            self.reload()

        def failed(error: BaseException) -> None:
            self.working = False
            self._show_group()
            show_error(self, error)

        self.context.tasks.run(fn, done, failed, owner=self)
