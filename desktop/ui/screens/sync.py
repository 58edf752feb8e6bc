"""The Sync screen: what is waiting for each enrolled office or headquarters, the last
exchanges, gaps and open conflicts; this installation's identity and enrolment; and the
doors to export to a USB stick, import a package and the conflict inbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import UserError
from desktop.i18n import _
from desktop.ui.context import UiContext
from desktop.ui.icons import icon
from desktop.ui.language import Retranslating
from desktop.ui.messages import confirm, show_error
from desktop.ui.sync_conflicts import ConflictInbox
from desktop.ui.sync_export import ExportDialog
from desktop.ui.sync_import import SYNCED_KINDS, ImportDialog
from desktop.ui.sync_text import moment_text

IDENTITY_SUFFIX = ".govlab-id"


class SyncScreen(Retranslating, QWidget):
    refreshed = Signal(object)     # the status shown

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.services = context.services
        self.setObjectName("screen-sync")
        self.state: dict[str, Any] | None = None
        self.profile: dict[str, Any] = {}
        self.dialogs: list[QWidget] = []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        scroll.setWidget(body)
        outer.addWidget(scroll)

        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)

        actions = QHBoxLayout()
        self.export_button = QPushButton()
        self.export_button.setObjectName("sync-export-button")
        self.export_button.setIcon(icon("sync"))
        self.import_button = QPushButton()
        self.import_button.setObjectName("sync-import-button")
        for button in (self.export_button, self.import_button):
            button.setMinimumHeight(44)
            button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.conflict_box = QGroupBox()
        conflict_row = QHBoxLayout(self.conflict_box)
        self.conflict_count = QLabel()
        self.conflict_count.setObjectName("sync-conflict-count")
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("sync-conflicts-button")
        conflict_row.addWidget(self.conflict_count, 1)
        conflict_row.addWidget(self.conflicts_button)
        layout.addWidget(self.conflict_box)

        self.peers_box = QGroupBox()
        peers_layout = QVBoxLayout(self.peers_box)
        self.peers_empty = QLabel()
        self.peers_empty.setWordWrap(True)
        self.peers = QTableWidget(0, 7)
        self.peers.setObjectName("sync-peers")
        self.peers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.peers.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.peers.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.peers.verticalHeader().setVisible(False)
        self.peers.setMinimumHeight(150)
        header = self.peers.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        peers_layout.addWidget(self.peers_empty)
        peers_layout.addWidget(self.peers)
        peer_buttons = QHBoxLayout()
        self.enrol_button = QPushButton()
        self.enrol_button.setObjectName("sync-enrol")
        self.revoke_button = QPushButton()
        self.revoke_button.setObjectName("sync-revoke")
        peer_buttons.addWidget(self.enrol_button)
        peer_buttons.addWidget(self.revoke_button)
        peer_buttons.addStretch(1)
        peers_layout.addLayout(peer_buttons)
        layout.addWidget(self.peers_box, 1)

        self.identity_box = QGroupBox()
        grid = QGridLayout(self.identity_box)
        self.identity_labels = [QLabel() for _i in range(3)]
        self.identity_values = [QLabel() for _i in range(3)]
        for row, (label, value) in enumerate(zip(self.identity_labels, self.identity_values)):
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        self.identity_button = QPushButton()
        self.identity_button.setObjectName("sync-save-identity")
        grid.addWidget(self.identity_button, 3, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.identity_box)
        self.message = QLabel()
        self.message.setObjectName("sync-message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.export_button.clicked.connect(lambda: self.open_export())
        self.import_button.clicked.connect(lambda: self.open_import())
        self.conflicts_button.clicked.connect(lambda: self.open_conflicts())
        self.identity_button.clicked.connect(lambda: self.save_identity())
        self.enrol_button.clicked.connect(lambda: self.enrol())
        self.revoke_button.clicked.connect(lambda: self.revoke_selected())
        self.peers.itemSelectionChanged.connect(self._update_buttons)
        context.records_changed.connect(self._records_changed)
        self.retranslate()
        self.refresh()

    # -- state ----------------------------------------------------------------------
    def refresh(self) -> None:
        services = self.services

        def load() -> tuple[dict[str, Any], dict[str, Any]]:
            return services.office.get() or {}, services.sync.status()
        self.context.tasks.run(load, self._show_state, lambda error: show_error(self, error), key="sync-status")

    def activate(self) -> None:
        self.refresh()

    def _records_changed(self, kind: str) -> None:
        if self.isVisible():
            self.refresh()

    def _show_state(self, loaded: tuple[dict[str, Any], dict[str, Any]]) -> None:
        self.profile, self.state = loaded
        self._show_identity()
        self._show_peers()
        self._show_conflicts()
        self._update_buttons()
        self.refreshed.emit(self.state)

    def is_hq(self) -> bool:
        return self.profile.get("role") == "hq"

    def open_conflict_count(self) -> int:
        return int((self.state or {}).get("open_conflicts") or 0)

    # -- texts ----------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(_("Sync"))
        self.note.setText(_("Data travels between this office and headquarters as an encrypted file on a USB "
                            "stick. Each package carries everything the other side has not confirmed, so a lost "
                            "or skipped stick is made good by the next one."))
        self.export_button.setText(_("Export to USB…"))
        self.import_button.setText(_("Import a package…"))
        self.conflicts_button.setText(_("Open the conflict inbox…"))
        self.identity_box.setTitle(_("This installation"))
        for label, text in zip(self.identity_labels, (_("Office"), _("Role"), _("Site id"))):
            label.setText(text)
        self.identity_button.setText(_("Save identity file…"))
        self.revoke_button.setText(_("Revoke…"))
        self.peers.setHorizontalHeaderLabels([_("Office"), _("Code"), _("Waiting to send"), _("Last sent"),
                                              _("Last received"), _("Missing (gaps)"), _("State")])
        self._show_identity()
        self._show_peers()
        self._show_conflicts()
        self._update_buttons()

    def _show_identity(self) -> None:
        p = self.profile
        hq = self.is_hq()
        self.peers_box.setTitle(_("Enrolled offices") if hq else _("Headquarters"))
        self.peers.setAccessibleName(self.peers_box.title())
        self.enrol_button.setText(_("Enrol an office from a file…") if hq else
                                  _("Enrol headquarters from a file…"))
        self.revoke_button.setVisible(hq)
        if not p:
            for value in self.identity_values:
                value.setText("-")
            return
        self.identity_values[0].setText(f"{p.get('office_name', '')} ({p.get('office_code', '')})")
        self.identity_values[1].setText(_("Headquarters") if hq else _("Office"))
        self.identity_values[2].setText(str(p.get("site_id", "")))

    def _show_peers(self) -> None:
        peers = (self.state or {}).get("peers", [])
        self.peers.setRowCount(len(peers))
        for row, peer in enumerate(peers):
            gaps = ", ".join(_("{first}–{last}", first=a, last=b) for a, b in peer["gaps"]) or "-"
            state = _("Revoked") if peer["revoked"] else _("Exchanging")
            cells = [peer["office_name"], peer["office_code"], f"{peer['waiting']:,}",
                     moment_text(peer["last_sent_at"]), moment_text(peer["last_received_at"]), gaps, state]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, peer["site_id"])
                if col == 2 or col == 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if peer["revoked"]:
                    item.setForeground(Qt.GlobalColor.gray)
                if col == 5 and peer["gaps"]:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.peers.setItem(row, col, item)
        self.peers.setVisible(bool(peers))
        self.peers_empty.setVisible(not peers)
        self.peers_empty.setText(_("No office or headquarters is enrolled yet. Ask the other side for its "
                                   "identity file and enrol it here.") if self.state is not None else "")

    def _show_conflicts(self) -> None:
        count = self.open_conflict_count()
        self.conflict_box.setTitle(_("Conflicts"))
        self.conflict_count.setText(_("Open conflicts: {count}", count=f"{count:,}") if count else
                                    _("No open conflicts: nothing waits for a decision."))
        self.conflict_count.setStyleSheet("color: #b00020; font-weight: bold;" if count else "color: #1b7a3a;")

    def _update_buttons(self) -> None:
        peer = self.selected_peer()
        self.revoke_button.setEnabled(peer is not None and not peer["revoked"])
        self.conflicts_button.setEnabled(self.open_conflict_count() > 0)

    def selected_peer(self) -> dict[str, Any] | None:
        rows = self.peers.selectionModel().selectedRows() if self.peers.selectionModel() else []
        peers = (self.state or {}).get("peers", [])
        return peers[rows[0].row()] if rows and rows[0].row() < len(peers) else None

    def select_peer(self, code: str) -> None:
        for row, peer in enumerate((self.state or {}).get("peers", [])):
            if peer["office_code"] == code:
                self.peers.selectRow(row)

    def _say(self, text: str, ok: bool = True) -> None:
        self.message.setStyleSheet("color: #1b7a3a;" if ok else "color: #b00020;")
        self.message.setText(text)

    # -- identity and enrolment ---------------------------------------------------
    def save_identity(self, out: Path | str | None = None) -> Path | None:
        if out is None:
            code = str(self.profile.get("office_code") or "site")
            start = Path(str(self.context.settings.value("sync/identity-folder") or Path.home()))
            name, _filter = QFileDialog.getSaveFileName(self, _("Save identity file"),
                                                        str(start / f"{code}{IDENTITY_SUFFIX}"),
                                                        _("Identity files (*.govlab-id)"))
            if not name:
                return None
            out = name
        out = Path(out)
        try:
            self.services.sync.identity(out)
        except (UserError, OSError) as error:
            show_error(self, error)
            return None
        self.context.settings.setValue("sync/identity-folder", str(out.parent))
        self._say(_("Identity saved to {file}. Give this file to the other side so they can enrol this "
                    "installation.", file=str(out)))
        return out

    def enrol(self, file: Path | str | None = None, ask: bool = True) -> dict[str, Any] | None:
        if file is None:
            start = str(self.context.settings.value("sync/identity-folder") or Path.home())
            name, _filter = QFileDialog.getOpenFileName(self, _("Enrol from an identity file"), start,
                                                        _("Identity files (*.govlab-id)"))
            if not name:
                return None
            file = name
        try:
            body = self.services.sync.enroll(Path(file))
        except UserError as error:
            if "already enrolled with other keys" in error.message and ask and confirm(
                    self, _("New keys"), _("{reason}\n\nAccept the new keys from this file?",
                                           reason=_(error.message, **error.params)), yes=_("Accept the new keys")):
                try:
                    body = self.services.sync.enroll(Path(file), replace=True)
                except (UserError, OSError) as again:
                    show_error(self, again)
                    return None
            else:
                show_error(self, error)
                return None
        except OSError as error:
            show_error(self, error)
            return None
        self._say(_("Enrolled {office} ({code}). Packages can now be exchanged with them.",
                    office=body["office_name"], code=body["office_code"]))
        self.refresh()
        return body

    def revoke_selected(self, ask: bool = True) -> bool:
        peer = self.selected_peer()
        if peer is None or peer["revoked"]:
            return False
        if ask and not confirm(self, _("Revoke {office}?", office=peer["office_name"]),
                               _("Packages from {office} will no longer be accepted, and none will be written "
                                 "for them. To exchange again they must be enrolled anew.",
                                 office=peer["office_name"]), yes=_("Revoke")):
            return False
        try:
            name = self.services.sync.revoke(peer["site_id"])
        except UserError as error:
            show_error(self, error)
            return False
        self._say(_("{office} is revoked: its packages are no longer accepted.", office=name))
        self.refresh()
        return True

    # -- dialogs --------------------------------------------------------------------
    def _open(self, dialog: QWidget) -> QWidget:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialogs.append(dialog)
        dialog.destroyed.connect(lambda *_a, d=dialog: self.dialogs.remove(d) if d in self.dialogs else None)
        dialog.open()
        return dialog

    def open_export(self, drives: list | None = None) -> ExportDialog:
        dialog = ExportDialog(self.context, drives, self)
        dialog.exported.connect(lambda _result: self.refresh())
        return self._open(dialog)

    def open_import(self, path: Path | str | None = None) -> ImportDialog:
        dialog = ImportDialog(self.context, path, self)
        dialog.imported.connect(self._imported)
        self._open(dialog)
        if path is None:
            dialog.choose_file()
        return dialog

    def _imported(self, report: Any) -> None:
        self.refresh()
        for kind in sorted(set(SYNCED_KINDS) | {c.kind for c in report.conflicts}):
            self.context.changed(kind)

    def open_conflicts(self) -> ConflictInbox:
        dialog = ConflictInbox(self.context, self)
        dialog.resolved.connect(self._resolved)
        return self._open(dialog)

    def _resolved(self, kind: str) -> None:
        self.context.changed(kind)
        self.refresh()
