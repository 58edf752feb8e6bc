"""The screens of the main window, in navigation order.

A screen is a QWidget built from a ``UiContext``. Optional methods the main window
calls: ``retranslate()`` (every widget has it), ``activate()`` when it is shown,
``new_record()`` for Ctrl+N and ``focus_search()`` for Ctrl+F.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from desktop.core.text import N_
from desktop.ui.context import UiContext


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title: str                 # msgid
    about: str                 # msgid: what the screen is (or will be) for
    # The icon is resources/icons/<key>.svg.
    factory: Callable[[UiContext, ScreenSpec], QWidget] | None = None  # None: not built yet


def _participants(context: UiContext, _spec: ScreenSpec) -> QWidget:
    from desktop.ui.screens.participants import ParticipantsScreen
    return ParticipantsScreen(context)


def _activities(context: UiContext, _spec: ScreenSpec) -> QWidget:
    from desktop.ui.screens.activities import ActivitiesScreen
    return ActivitiesScreen(context)


def _projects(context: UiContext, _spec: ScreenSpec) -> QWidget:
    from desktop.ui.screens.projects import ProjectsScreen
    return ProjectsScreen(context)


def _courses(context: UiContext, _spec: ScreenSpec) -> QWidget:
    from desktop.ui.screens.courses import CoursesScreen
    return CoursesScreen(context)


def _agencies(context: UiContext, _spec: ScreenSpec) -> QWidget:
    from desktop.ui.screens.agencies import AgenciesScreen
    return AgenciesScreen(context)


def _dashboard(context: UiContext, _spec: ScreenSpec) -> QWidget:
    from desktop.ui.screens.dashboard import DashboardScreen
    return DashboardScreen(context)


def _papers(context: UiContext, _spec: ScreenSpec) -> QWidget:
    from desktop.ui.screens.papers import PapersScreen
    return PapersScreen(context)


def _settings(context: UiContext, _spec: ScreenSpec) -> QWidget:
    from desktop.ui.screens.settings import SettingsScreen
    return SettingsScreen(context)


def _sync(context: UiContext, _spec: ScreenSpec) -> QWidget:
    from desktop.ui.screens.sync import SyncScreen
    return SyncScreen(context)


def _audit(context: UiContext, _spec: ScreenSpec) -> QWidget:
    from desktop.ui.screens.audit import AuditScreen
    return AuditScreen(context)


def _trash(context: UiContext, _spec: ScreenSpec) -> QWidget:
    from desktop.ui.screens.trash import TrashScreen
    return TrashScreen(context)


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("dashboard", N_("Dashboard"), N_(
        "The dashboard will show this office's work at a glance: projects by phase, the "
        "activities coming up, and how many people took part in each course."), _dashboard),
    ScreenSpec("projects", N_("Projects"), N_(
        "Projects and their challenges will be kept here: phase (understand, reach, develop), "
        "the i Team, stakeholders, the action plan, and artefacts such as interviews, personas "
        "and prototypes."), _projects),
    ScreenSpec("participants", N_("Participants"), N_(
        "Everyone who takes part: officials, partners and community members."), _participants),
    ScreenSpec("activities", N_("Activities"), N_(
        "Workshops, meetings, site visits and training will be recorded here, with their "
        "sessions and who attended each one."), _activities),
    ScreenSpec("courses", N_("Courses and cohorts"), N_(
        "Courses such as the PMDU (ป.ย.ป.) levels 1-4 and their cohorts by Buddhist-Era year "
        "will be managed here: enrolments, completion and certificate numbers."), _courses),
    ScreenSpec("agencies", N_("Agencies"), N_(
        "The list of agencies will be shown and extended here: ministries, departments, "
        "provincial and district offices, local government and partners."), _agencies),
    ScreenSpec("papers", N_("Papers"), N_(
        "Official papers will be printed from here: sign-in sheets, certificates and letters "
        "with their document numbers, as PDF files in correct Thai."), _papers),
    ScreenSpec("sync", N_("Sync"), N_(
        "Data will be carried to headquarters and back from here, as a file on a USB stick, "
        "with any conflicting changes shown for a decision."), _sync),
    ScreenSpec("trash", N_("Trash"), N_("Deleted records, which can be restored."), _trash),
    ScreenSpec("audit", N_("Audit log"), N_(
        "Who changed what and when, with the old and new values; national IDs are masked."), _audit),
    ScreenSpec("settings", N_("Settings"), N_(
        "The office profile, signatories, Thai or Arabic digits on papers, and backups will "
        "be set here."), _settings),
)


def build_screen(context: UiContext, spec: ScreenSpec) -> QWidget:
    if spec.factory is not None:
        return spec.factory(context, spec)
    from desktop.ui.screens.placeholder import PlaceholderScreen
    return PlaceholderScreen(spec)
