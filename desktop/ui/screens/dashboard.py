"""The dashboard: this office's work at a glance, as simple bar charts drawn with
QPainter (QtCharts is not part of PySide6-Essentials). The figures are counted off the
GUI thread whenever the screen is shown or records change."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core.enums import Phase, ProjectStatus
from desktop.i18n import _
from desktop.ui.context import UiContext
from desktop.ui.forms.fields import enum_text
from desktop.ui.language import Retranslating
from desktop.ui.messages import error_text

TOP = 8   # bars shown per chart; the rest are summed as "others"


class BarChart(QWidget):
    """Horizontal bars with their labels and values: ``set_bars([(label, value), ...])``."""

    def __init__(self, parent: QWidget | None = None, percent: bool = False) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, float]] = []
        self.percent = percent
        self.colour = QColor("#1f5fa8")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(160)

    def set_bars(self, bars: list[tuple[str, float]]) -> None:
        self.bars = list(bars)
        names = "; ".join(f"{label} {self._value_text(value)}" for label, value in self.bars)
        self.setAccessibleDescription(names)
        self.setToolTip(names.replace("; ", "\n"))
        self.update()

    def _value_text(self, value: float) -> str:
        return f"{round(value * 100)}%" if self.percent else f"{int(value):,}"

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        if not self.bars:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No data yet"))
            return
        line = metrics.height() + 10     # Thai marks above and below need the room
        label_width = min(int(self.width() * 0.45), max(metrics.horizontalAdvance(b[0]) for b in self.bars) + 8)
        value_width = metrics.horizontalAdvance("100,000") + 8
        room = max(1, self.width() - label_width - value_width - 8)
        top = max(self.bars, key=lambda b: b[1])[1] or 1
        for row, (label, value) in enumerate(self.bars):
            y = row * line + 4
            if y + line > self.height():
                break
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(0, y, label_width - 8, line), Qt.AlignmentFlag.AlignVCenter
                             | Qt.AlignmentFlag.AlignRight, text)
            width = room * (value / top)
            painter.fillRect(QRectF(label_width, y + 4, max(width, 1), line - 8), self.colour)
            painter.drawText(QRectF(label_width + width + 6, y, value_width, line),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self._value_text(value))


def _top(counter: Counter, others: str) -> list[tuple[str, float]]:
    common = counter.most_common(TOP)
    rest = sum(counter.values()) - sum(v for _k, v in common)
    return [(k, v) for k, v in common] + ([(others, rest)] if rest else [])


def count_figures(services: Any) -> dict[str, Any]:
    """Everything the charts show (worker thread; plain data out)."""
    persons = services.persons.list(limit=None).rows
    projects = services.projects.list(limit=None).rows
    activities = services.activities.list(limit=None).rows
    rates = []
    for activity in activities:
        marks = [s for m in services.attendance.grid(activity["id"])["marks"].values() for s in m.values()]
        if marks:
            rates.append((activity["title_th"], sum(s in ("present", "late", "online") for s in marks) / len(marks)))
    return {
        "agency": Counter(p.get("agency_name") or "" for p in persons),
        "level": Counter(p.get("level") or "" for p in persons),
        "phase": Counter(p.get("phase") or "" for p in projects),
        "status": Counter(p.get("status") or "" for p in projects),
        "rates": rates,
        "totals": {"persons": len(persons), "projects": len(projects), "activities": len(activities)},
    }


class DashboardScreen(Retranslating, QWidget):
    CHARTS = ("agency", "level", "phase", "status", "rates")

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.figures = context, None
        self.setObjectName("screen-dashboard")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.totals = QLabel()
        self.totals.setObjectName("totals")
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.totals)
        layout.addLayout(top)
        grid = QGridLayout()
        self.titles: dict[str, QLabel] = {}
        self.charts: dict[str, BarChart] = {}
        for number, key in enumerate(self.CHARTS):
            title = QLabel()
            title.setStyleSheet("font-weight: bold;")
            chart = BarChart(percent=key == "rates")
            chart.setObjectName(f"chart-{key}")
            box = QVBoxLayout()
            box.addWidget(title)
            box.addWidget(chart, 1)
            grid.addLayout(box, number // 2, number % 2)
            self.titles[key], self.charts[key] = title, chart
        self.sync_note = QLabel()
        self.sync_note.setWordWrap(True)
        grid.addWidget(self.sync_note, 2, 1)
        layout.addLayout(grid, 1)
        context.records_changed.connect(lambda _kind: self.refresh())
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.heading.setText(_("Dashboard"))
        texts = {"agency": _("Participants by agency"), "level": _("Participants by level"),
                 "phase": _("Projects by phase"), "status": _("Projects by status"),
                 "rates": _("Attendance rate per activity")}
        for key, label in self.titles.items():
            label.setText(texts[key])
            self.charts[key].setAccessibleName(texts[key])
        self.sync_note.setText(_("Records waiting to sync will be shown here once the Sync screen is ready."))
        self._show()

    def activate(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        services = self.context.services
        self.context.tasks.run(lambda: count_figures(services), self._loaded, self._failed, key="dashboard")

    def _loaded(self, figures: dict[str, Any]) -> None:
        self.figures = figures
        self._show()

    def _failed(self, error: BaseException) -> None:
        self.totals.setText(error_text(error))

    def _show(self) -> None:
        f = self.figures
        if f is None:
            return
        none = _("(not recorded)")
        others = _("Others")
        agency = Counter({k or none: v for k, v in f["agency"].items()})
        level = Counter({k or none: v for k, v in f["level"].items()})
        self.charts["agency"].set_bars(_top(agency, others))
        self.charts["level"].set_bars(_top(level, others))
        self.charts["phase"].set_bars([(enum_text(Phase, p.value), f["phase"].get(p.value, 0)) for p in Phase]
                                      + ([(none, f["phase"][""])] if f["phase"].get("") else []))
        self.charts["status"].set_bars([(enum_text(ProjectStatus, s.value), f["status"].get(s.value, 0))
                                        for s in ProjectStatus])
        self.charts["rates"].set_bars(f["rates"])
        t = f["totals"]
        self.totals.setText(_("Participants {persons} · Projects {projects} · Activities {activities}",
                              persons=f"{t['persons']:,}", projects=f"{t['projects']:,}",
                              activities=f"{t['activities']:,}"))
