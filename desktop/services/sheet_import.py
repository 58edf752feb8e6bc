"""Importing participant lists from .xlsx and .csv: read, map columns, check every row,
find possible duplicates, then write everything in one transaction or nothing.

    importer = SheetImportService(services)
    plan = importer.plan(path, "enrollments", cohort_id=...)    # mapping, rows, problems, cases
    plan.duplicates[0].decision = "merge"                       # a person decides each case
    report = importer.apply(plan, dry_run=True)                 # what would happen, nothing written
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import ValidationFailed
from desktop.core.ids import new_id, parse_id
from desktop.core.text import N_
from desktop.db import bulk, person_lookup, repository
from desktop.i18n.catalog import _, translate_problem
from desktop.services import sheet_mapping
from desktop.services.sheet_duplicates import MERGE, NEW, SKIP, DuplicateCase, find_duplicates
from desktop.services.sheet_rows import ParsedRow, Prefixes, parse_row
from desktop.services.sheet_targets import (AgencyChoice, ImportRefused, Target, guess_agency_kind,
                                           match_agencies)
from desktop.sheets.reader import read_table
from desktop.sheets.table import SheetTable

KINDS = ("persons", "enrollments", "attendance")
POLICIES = (MERGE, NEW, SKIP)


@dataclass
class RowResult:
    row: int
    action: str                   # "created" | "updated" | "skipped" | "error"
    message: str                  # msgid
    params: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    record_id: str | None = None


@dataclass
class ImportPlan:
    path: Path
    kind: str
    table: SheetTable
    mapping: dict[int, str]
    rows: list[ParsedRow]
    target: Target
    agencies: list[AgencyChoice]
    duplicates: list[DuplicateCase]

    @property
    def invalid(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.problems]

    @property
    def undecided(self) -> list[DuplicateCase]:
        return [c for c in self.duplicates if c.decision is None]


@dataclass
class ImportReport:
    file: str
    kind: str
    applied: bool
    dry_run: bool
    results: list[RowResult]

    def count(self, action: str) -> int:
        return sum(1 for r in self.results if r.action == action)


class _DryRun(Exception):
    """Raised inside the write transaction to roll a dry run back."""


class SheetImportService:
    def __init__(self, services: Any) -> None:
        self.services = services
        self.db = services.db

    # -- planning ---------------------------------------------------------------
    def read(self, path: Path, sheet: str | None = None,
             progress: Callable[[int], None] | None = None) -> SheetTable:
        return read_table(Path(path), sheet=sheet, progress=progress)

    def suggest_mapping(self, table: SheetTable) -> dict[int, str]:
        return sheet_mapping.suggest(self.services.paths.sheet_mappings, table.headers, table.hidden)

    def plan(self, path: Path, kind: str, *, cohort_id: str | None = None, session_id: str | None = None,
             mapping: dict[int, str] | None = None, sheet: str | None = None, table: SheetTable | None = None,
             progress: Callable[[int], None] | None = None) -> ImportPlan:
        if kind not in KINDS:
            raise ImportRefused(N_("Unknown list kind '{kind}': use persons, enrollments or attendance."), kind=kind)
        target = Target.load(self.services, kind, cohort_id, session_id)
        table = table or self.read(path, sheet, progress)
        mapping = dict(mapping) if mapping is not None else self.suggest_mapping(table)
        if not {"full_name", "first_name"} & set(mapping.values()):
            raise ImportRefused(N_("No column holds the names: choose which column is the name "
                                   "(ชื่อ-สกุล or ชื่อ) in the column step."))
        prefixes = Prefixes.from_reference(self.services.search.prefixes())
        rows = [parse_row(r, mapping, prefixes) for r in table.rows]
        target.check_rows(rows)
        with self.db.read() as s:
            known_agencies = person_lookup.agencies(s)
            agencies = match_agencies(rows, known_agencies)
            agency_ids = {n: a.agency_id for a in agencies for n in a.rows if a.agency_id is not None}
            names = {a[0]: a[1] for a in known_agencies}
            valid = [r for r in rows if not r.problems]
            # No field key yet means no sealed national IDs on file: compare the file's own
            # digits, and do not create a key just to look (a refused import changes nothing).
            digest = self.db.protector.digest if self.services.paths.field_key.exists() else None
            duplicates = find_duplicates(s, valid, agency_ids, digest, names)
        return ImportPlan(Path(path), kind, table, mapping, rows, target, agencies, duplicates)

    # -- writing ----------------------------------------------------------------
    def apply(self, plan: ImportPlan, *, dry_run: bool = False, skip_invalid: bool = False,
              on_duplicate: str | None = None, user: str | None = None,
              progress: Callable[[int, int], None] | None = None) -> ImportReport:
        """Write the plan in one transaction; any failure leaves the database as it was."""
        if on_duplicate is not None and on_duplicate not in POLICIES:
            raise ImportRefused(N_("Unknown choice '{value}' for duplicates: use merge, new or skip."),
                                value=on_duplicate)
        decisions = {c.row: _decide(c, on_duplicate) for c in plan.duplicates}
        if plan.invalid and not skip_invalid:
            raise ImportRefused(N_("{count} rows have problems, so nothing was imported. Fix them in the file "
                                   "(the report lists each one), or choose to skip those rows."),
                                count=len(plan.invalid))
        undecided = [n for n, d in decisions.items() if d is None]
        if undecided:
            raise ImportRefused(N_("{count} rows may be people already on file, so nothing was imported. "
                                   "Decide merge, new or skip for each (in the import wizard, or with "
                                   "--on-duplicate)."), count=len(undecided))
        writer = _Writer(self.services, plan, decisions, progress, skip_invalid)
        # A dry run must not leave a new field key behind: with none yet, the IDs (checked
        # already) are not sealed in the transaction that is rolled back anyway.
        writer.seal_ids = not dry_run or self.services.paths.field_key.exists()
        try:
            with self.db.write(user, note=f"sheet import: {plan.path.name}") as session:
                writer.write(session)
                if dry_run:
                    raise _DryRun()
        except _DryRun:
            pass
        if not dry_run:
            sheet_mapping.remember(self.services.paths.sheet_mappings, plan.table.headers, plan.mapping)
        return ImportReport(plan.path.name, plan.kind, not dry_run, dry_run, writer.results)


def _decide(case: DuplicateCase, policy: str | None) -> str | None:
    decision = case.decision or policy
    if decision == NEW and NEW not in case.choices:
        return SKIP  # the same national ID is never a second person
    return decision


class _Writer:
    """Applies a plan inside one open write session, collecting a result per row. New
    records are checked one by one like any other and inserted in batches (stamped and
    logged by desktop.db.bulk); merges go through the record services one at a time."""

    BATCH = 2000

    def __init__(self, services: Any, plan: ImportPlan, decisions: dict[int, str | None],
                 progress: Callable[[int, int], None] | None, skip_invalid: bool) -> None:
        self.s, self.plan, self.decisions, self.progress = services, plan, decisions, progress
        self.skip_invalid = skip_invalid
        self.cases = {c.row: c for c in plan.duplicates}
        self.results: list[RowResult] = []
        self.person_of_row: dict[int, Any] = {}
        self.pending: dict[str, list[Any]] = {"person": [], "enrollment": [], "attendance": []}
        self.pending_people: set[Any] = set()
        self.seal_ids = True

    def write(self, session: Any) -> None:
        pinned = person_lookup.pin_references(session)  # noqa: F841 - held for the identity map
        agency_of_row = self._agencies(session)
        self.plan.target.prepare(session)
        total = len(self.plan.rows)
        with session.no_autoflush:
            for done, row in enumerate(self.plan.rows, 1):
                if row.problems:
                    first = row.problems[0]
                    self.results.append(RowResult(row.number, "error", first.message, dict(first.params), row.name))
                else:
                    self._row(session, row, agency_of_row.get(row.number))
                if done % self.BATCH == 0:
                    self._insert_pending(session)
                    if self.progress:
                        self.progress(done, total)
            self._insert_pending(session)
        if self.progress:
            self.progress(total, total)

    def _queue(self, kind: str, obj: Any) -> None:
        self.pending[kind].append(obj)

    def _insert_pending(self, session: Any) -> None:
        session.flush()
        for kind, objects in self.pending.items():
            bulk.insert_objects(session, kind, objects)
            objects.clear()
        self.pending_people.clear()

    def _agencies(self, session: Any) -> dict[int, Any]:
        out: dict[int, Any] = {}
        for choice in self.plan.agencies:
            agency_id = choice.agency_id
            if choice.decision == "new":
                agency_id = new_id()
                self.s.agencies.create_in(session, {"name_th": choice.text, "kind": guess_agency_kind(choice.text)},
                                          record_id=agency_id)
            elif choice.decision not in (None, "none"):
                agency_id = parse_id(choice.decision)
                if repository.get(session, "agency", agency_id, include_deleted=False) is None:
                    raise ImportRefused(N_("The agency chosen for '{text}' is no longer on file: check again."),
                                        text=choice.text)
            for n in choice.rows:
                out[n] = agency_id
        session.flush()
        return out

    def _row(self, session: Any, row: ParsedRow, agency_id: Any) -> None:
        values = dict(row.person)
        if agency_id is not None:
            values["agency_id"] = agency_id
        if row.national_id and self.seal_ids:
            values["national_id"] = row.national_id
        case = self.cases.get(row.number)
        decision = self.decisions.get(row.number)
        if decision == SKIP:
            self.results.append(RowResult(row.number, "skipped", _skip_reason(case), {}, row.name))
            return
        target_id = None
        if decision == MERGE:
            target_id = parse_id(case.existing["id"]) if case.existing else self.person_of_row.get(case.other_row)
        try:
            if target_id is not None:
                if target_id in self.pending_people:
                    self._insert_pending(session)
                    self.plan.target.prepare(session)  # what was just inserted, as session objects
                person = self.s.persons.update_in(session, session.get(_person_model(), target_id),
                                                  {k: v for k, v in values.items() if v not in (None, "")})
                session.flush()
                action, message = "updated", N_("Merged into the person already on file.")
                extra = self.plan.target.record(session, self.s, person.id, row, None)
            else:
                # agency and prefix ids were read from this database for this import
                person = self.s.persons.build(session, values, record_id=new_id(), trusted=_RESOLVED)
                action, message = "created", N_("New person.")
                extra = self.plan.target.record(session, self.s, person.id, row, self._queue)
                self._queue("person", person)
                self.pending_people.add(person.id)
        except ValidationFailed as error:
            first = error.problems[0]
            self.results.append(RowResult(row.number, "error", first.message, dict(first.params), row.name))
            if self.skip_invalid:
                return
            raise ImportRefused(N_("Row {row} could not be saved, so nothing was imported: {problem}"),
                                row=row.number, problem=translate_problem(first)) from error
        self.person_of_row[row.number] = person.id
        self.results.append(RowResult(row.number, action, extra or message, {}, row.name, str(person.id)))


_RESOLVED = frozenset({"agency_id", "prefix_id"})


def _skip_reason(case: DuplicateCase | None) -> str:
    if case is not None and case.reason in ("national_id", "file_national_id"):
        return N_("Skipped: the same national ID is already on file.")
    return N_("Skipped: possibly a person already on file.")


def _person_model() -> type:
    return repository.model_for("person")


def plan_notes(plan: ImportPlan) -> list[RowResult]:
    """What a person should look at before importing: each row's problem, each possible
    duplicate and each agency that did not match exactly."""
    notes = [RowResult(r.number, "error", r.problems[0].message, dict(r.problems[0].params), r.name)
             for r in plan.invalid]
    for case in plan.duplicates:
        params = {"other": case.other_row, "score": round(case.score * 100), **(case.existing or {})}
        params["agency"] = params.get("agency") or "-"
        notes.append(RowResult(case.row, "duplicate", _DUPLICATE_TEXT[case.reason], params, case.name))
    for choice in plan.agencies:
        if choice.agency_id is not None:
            continue
        closest = ", ".join(f"{name} ({round(score * 100)}%)" for _id, name, score in choice.suggestions) or "-"
        chosen = next((name for i, name, _s in choice.suggestions if i == choice.decision), None)
        message = (N_("Agency '{text}' taken as '{name}' ({score}% alike): check it.") if chosen else
                   N_("Agency '{text}' is not on file: a new agency will be added. Closest: {closest}."))
        score = next((round(s * 100) for i, _n, s in choice.suggestions if i == choice.decision), 0)
        notes.append(RowResult(choice.rows[0], "agency", message,
                               {"text": choice.text, "name": chosen, "score": score, "closest": closest}))
    return sorted(notes, key=lambda n: n.row)


_DUPLICATE_TEXT = {
    "national_id": N_("Same national ID as {name} ({agency}), already on file."),
    "file_national_id": N_("Same national ID as row {other} of this file."),
    "name": N_("Possibly {name} ({agency}), already on file: the names are {score}% alike."),
    "file_name": N_("Possibly the same person as row {other} of this file."),
}


def write_report(path: Path, results: list[Any]) -> None:
    """An import's report as a spreadsheet (.xlsx or .csv by the name): row, outcome, name, detail."""
    from desktop.sheets.writer import Column, write_csv, write_xlsx

    columns = [Column(_("Row"), "int", 7), Column(_("Outcome")), Column(_("Name")), Column(_("Detail"), width=70)]
    outcome = {"created": _("Created"), "updated": _("Updated"), "skipped": _("Skipped"), "error": _("Error"),
               "duplicate": _("Possible duplicate"), "agency": _("Agency")}
    rows = ([r.row, outcome.get(r.action, r.action), r.name, _(r.message, **r.params)] for r in results)
    if Path(path).suffix.lower() == ".xlsx":
        write_xlsx(Path(path), [(_("Import report")[:31], columns, rows)])
    else:
        write_csv(Path(path), columns, rows)
