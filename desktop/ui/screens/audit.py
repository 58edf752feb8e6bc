"""The audit log: every change with who, when and old -> new (national IDs masked),
filtered by user, kind, dates and record; exported as CSV; the chain checked."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.i18n import _
from desktop.ui.context import UiContext
from desktop.ui.language import Retranslating
from desktop.ui.messages import show_error
from desktop.ui.mnemonics import MENU_KEYS, assign_keys, mnemonic

FILTER_TITLES = {"user": N_("User"), "kind": N_("Kind"), "since": N_("From"), "until": N_("To")}
FILTER_KEYS = dict(zip(FILTER_TITLES, assign_keys(list(FILTER_TITLES.values()), taken=MENU_KEYS), strict=True))

KINDS = ("person", "consent", "agency", "course", "cohort", "enrollment", "project", "activity",
         "activity_session", "attendance", "attachment", "signatory", "outgoing_document")


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def describe(changes: dict[str, Any], op: str) -> str:
    parts = []
    for field, value in changes.items():
        if op == "update" and isinstance(value, list) and len(value) == 2:
            parts.append(f"{field}: {_text(value[0])} → {_text(value[1])}")
        elif value not in (None, ""):
            parts.append(f"{field}: {_text(value)}")
    return "; ".join(parts)


class AuditScreen(Retranslating, QWidget):
    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("screen-audit")
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        filters = QHBoxLayout()
        self.user, self.kind = QComboBox(), QComboBox()
        self.since, self.until = QDateEdit(), QDateEdit()
        for edit, days in ((self.since, -30), (self.until, 0)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate.currentDate().addDays(days))
        self.record = QLineEdit()
        self.record.setObjectName("record")
        self.labels = {k: QLabel() for k in ("user", "kind", "since", "until")}
        for key, widget in (("user", self.user), ("kind", self.kind), ("since", self.since), ("until", self.until)):
            widget.setObjectName(key)
            self.labels[key].setBuddy(widget)
            filters.addWidget(self.labels[key])
            filters.addWidget(widget)
        filters.addWidget(self.record, 1)
        self.show_button = QPushButton()
        self.show_button.clicked.connect(self.reload)
        filters.addWidget(self.show_button)
        layout.addLayout(filters)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("changes")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.chain = QLabel()
        self.chain.setObjectName("chain")
        self.chain.setWordWrap(True)
        bottom.addWidget(self.chain, 1)
        self.verify_button, self.export_button = QPushButton(), QPushButton()
        self.verify_button.clicked.connect(self.verify)
        self.export_button.clicked.connect(self.export)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Audit log"))
        self.note.setText(_("Every change to the records: who made it, when, and the old and new values. "
                            "National IDs are masked. Entries are chained, so a changed or removed entry shows."))
        for key, label in self.labels.items():
            label.setText(mnemonic(_(FILTER_TITLES[key]), FILTER_KEYS[key]))
        self.record.setPlaceholderText(_("Record id (optional)"))
        self.record.setAccessibleName(_("Record id (optional)"))
        self.table.setAccessibleName(_("Audit log"))
        self.show_button.setText(_("Show"))
        self.verify_button.setText(_("Check integrity"))
        self.export_button.setText(_("Export CSV…"))
        self.table.setHorizontalHeaderLabels([_("No."), _("When"), _("User"), _("Kind"), _("Change"), _("Details")])
        current_user, current_kind = self.user.currentData(), self.kind.currentData()
        self.user.clear()
        self.user.addItem(_("Everyone"), None)
        try:
            for name in self.context.services.audit.users():
                self.user.addItem(name, name)
        except UserError:
            pass
        self.kind.clear()
        self.kind.addItem(_("Every kind"), None)
        for kind in KINDS:
            self.kind.addItem(kind, kind)
        self.user.setCurrentIndex(max(0, self.user.findData(current_user)))
        self.kind.setCurrentIndex(max(0, self.kind.findData(current_kind)))

    def activate(self) -> None:
        self.reload()

    def filters(self) -> dict[str, Any]:
        return {"user": self.user.currentData(), "kind": self.kind.currentData(),
                "since": self.since.date().toPython(), "until": self.until.date().toPython(),
                "record_id": self.record.text().strip() or None}

    def reload(self) -> None:
        try:
            rows = self.context.services.audit.changes(limit=2000, **self.filters())
        except UserError as error:
            self.table.setRowCount(0)
            self.chain.setText(str(_(error.message)))
            return
        self.table.setRowCount(len(rows))
        ops = {"create": _("created"), "update": _("changed"), "delete": _("deleted"), "restore": _("restored")}
        for r, row in enumerate(rows):
            values = [str(row["seq"]), row["changed_at"].strftime("%Y-%m-%d %H:%M"), row["changed_by"], row["kind"],
                      ops.get(row["op"], row["op"]), describe(row["changes"], row["op"])]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 5:
                    item.setToolTip(value)
                self.table.setItem(r, c, item)

    def verify(self) -> None:
        result = self.context.services.audit.verify()
        broken = [(name, info["broken_seq"]) for name, info in result.items() if info["broken_seq"] is not None]
        if broken:
            self.chain.setProperty("role", "error")
            self.chain.setText(_("The audit log was tampered with: entry {seq} or one before it was changed or "
                                 "removed.", seq=broken[0][1]))
        else:
            self.chain.setProperty("role", "")
            self.chain.setText(_("The audit log is intact: {count} entries checked.",
                                 count=result["change_log"]["entries"] + result["audit_event"]["entries"]))

    def export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Export CSV…"), "audit.csv", "CSV (*.csv)")
        if not path:
            return
        try:
            count = self.context.services.audit.export_csv(path, **self.filters())
        except (UserError, OSError) as error:
            show_error(self, error)
            return
        self.chain.setText(_("{count} changes written to {file}.", count=count, file=path))
