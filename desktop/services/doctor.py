"""Health checks of an installation and a data folder, one line each."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from desktop import __version__
from desktop.core.text import N_
from desktop.paths import DataPaths

REQUIRED_PACKAGES = ("PySide6-Essentials", "SQLAlchemy", "alembic", "reportlab", "uharfbuzz", "babel",
                     "platformdirs", "geothai", "pythainlp", "cryptography")
EXPECTED_AREAS = {"province": 77, "district": 928, "subdistrict": 7436}


@dataclass(frozen=True)
class Check:
    name: str       # msgid
    ok: bool
    detail: str
    warning: bool = False


def _python() -> Check:
    ok = (3, 11) <= sys.version_info[:2] <= (3, 13)
    return Check(N_("Python"), ok, sys.version.split()[0])


def _packages() -> Check:
    found, missing = [], []
    for name in REQUIRED_PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            missing.append(name)
    if missing:
        return Check(N_("Packages"), False, "missing: " + ", ".join(missing))
    return Check(N_("Packages"), True, f"GovLab Desk {__version__}; " + ", ".join(found))


def _writable(paths: DataPaths) -> Check:
    try:
        paths.root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=paths.root, prefix=".doctor-") as f:
            f.write(b"ok")
            f.flush()
            os.fsync(f.fileno())
    except OSError as error:
        return Check(N_("Data folder"), False, f"{paths.root}: {error.strerror or error}")
    return Check(N_("Data folder"), True, f"{paths.root} (writable)")


def _database(paths: DataPaths, database_url: str | None) -> list[Check]:
    from desktop.db import snapshot
    from desktop.db.engine import make_engine, sqlite_url
    from desktop.db.migrate import schema_state

    checks = []
    if database_url is None:
        if not paths.database.exists():
            return [Check(N_("Database"), False, f"{paths.database}: not created yet (run 'govlab-desk init')")]
        result = snapshot.integrity(paths.database)
        size = paths.database.stat().st_size / (1024 * 1024)
        checks.append(Check(N_("Database"), result == "ok", f"{paths.database} ({size:.1f} MB): {result}"))
        if result != "ok":
            return checks
    engine = make_engine(database_url or sqlite_url(paths.database))
    try:
        state = schema_state(engine)
        if state.is_current:
            checks.append(Check(N_("Migrations"), True, f"schema {state.current} (latest)"))
        elif state.is_newer:
            checks.append(Check(N_("Migrations"), False, f"schema {state.current} is newer than this build ({state.head})"))
        else:
            checks.append(Check(N_("Migrations"), False, f"schema {state.current}, this build expects {state.head}; "
                                                         "start the app once to upgrade"))
        checks += _reference(engine)
        if state.is_current:
            checks.append(_chain(engine))
    finally:
        engine.dispose()
    return checks


def _chain(engine) -> Check:  # noqa: ANN001
    from desktop.db.chain import verify

    with engine.connect() as conn:
        result = verify(conn)
    logs, events = result["change_log"], result["audit_event"]
    broken = [f"{name}: broken at seq {info['broken_seq']}" for name, info in
              (("change log", logs), ("audit events", events)) if info["broken_seq"] is not None]
    if broken:
        return Check(N_("Audit log"), False, "; ".join(broken) + " (an entry was changed or removed)")
    return Check(N_("Audit log"), True, f"{logs['entries']} changes, {events['entries']} events, chain intact")


# More records than this outside the search index's list order (and a fifth of them all)
# make searches noticeably slower: time to run `reindex`.
SEARCH_TAIL_WARN = 10_000


def _search_order(engine) -> Check:  # noqa: ANN001
    from desktop.db.health import search_index_tail

    tail, indexed = search_index_tail(engine)
    slow = tail > max(SEARCH_TAIL_WARN, indexed // 5)
    detail = f"{tail} of {indexed} records added or renamed since the index was put in list order"
    if slow:
        detail += "; searches read them apart from the rest: run 'govlab-desk reindex' (a few minutes at a million)"
    return Check(N_("Search order"), True, detail, warning=slow)


def _reference(engine) -> list[Check]:  # noqa: ANN001
    from desktop.db.health import area_counts, office_profile_name, reference_versions, search_index_ok

    counts = area_counts(engine)
    ok = all(counts.get(level, 0) >= n for level, n in EXPECTED_AREAS.items())
    versions = reference_versions(engine)
    detail = ", ".join(f"{k} {counts.get(k, 0)}" for k in EXPECTED_AREAS) + "; " + \
        ", ".join(f"{k} {v}" for k, v in sorted(versions.items()))
    checks = [Check(N_("Reference data"), ok and len(versions) >= 4, detail)]
    search = search_index_ok(engine)
    if search is not None:
        checks.append(Check(N_("Search index"), search[0], search[1]))
        checks.append(_search_order(engine))
    office = office_profile_name(engine)
    checks.append(Check(N_("Office profile"), office is not None,
                        office or "none yet (run 'govlab-desk init')", warning=office is None))
    return checks


def _fonts() -> list[Check]:
    from desktop.reports.fonts import BUNDLED, bundled_font_files, check_reportlab_font, check_thai_shaping

    missing = [p.name for p in bundled_font_files().values() if not p.exists()]
    if missing:
        return [Check(N_("Fonts"), False, "missing: " + ", ".join(missing))]
    try:
        face = check_reportlab_font()
    except Exception as error:  # a damaged font file shows up here, whatever ReportLab raises
        return [Check(N_("Fonts"), False, f"ReportLab cannot load the Thai font: {error}")]
    shaping = check_thai_shaping()
    return [Check(N_("Fonts"), True, f"{face} ({len(BUNDLED)} styles)"),
            Check(N_("Thai shaping"), shaping.ok, shaping.detail)]


def _paper_font(paths: DataPaths) -> Check:
    """The family papers print with (the office's choice, or the bundled Sarabun) and
    whether HarfBuzz places Thai marks with it."""
    from desktop.core.errors import UserError
    from desktop.reports.fonts import check_thai_shaping
    from desktop.services.paper_fonts import current

    try:
        font = current(paths)
    except UserError as error:
        return Check(N_("Paper font"), False, str(error))
    shaping = check_thai_shaping(font.files["regular"])
    where = "bundled" if font.bundled else f"chosen, in {paths.paper_fonts}"
    missing = [style.replace("_", " ") for style in font.substituted]
    lacks = f"; no {', '.join(missing)} style" if missing else ""
    return Check(N_("Paper font"), shaping.ok, f"{font.family} ({where}{lacks}); Thai shaping: {shaping.detail}")


def _field_key(paths: DataPaths) -> Check:
    if not paths.field_key.exists():
        return Check(N_("Protection key"), True, "not created yet", warning=True)
    try:
        from desktop.db.protect import FieldProtector

        protector = FieldProtector(paths.field_key)
        assert protector.unseal(protector.seal("1101700230708").sealed) == "1101700230708"
    except Exception as error:
        return Check(N_("Protection key"), False, f"{paths.field_key}: unusable ({type(error).__name__})")
    return Check(N_("Protection key"), True, str(paths.field_key))


def run_checks(data_dir: Path, database_url: str | None = None) -> list[Check]:
    paths = DataPaths(data_dir)
    steps: list[Callable[[], list[Check] | Check]] = [
        _python, _packages, lambda: _writable(paths), lambda: _database(paths, database_url),
        _fonts, lambda: _paper_font(paths), lambda: _field_key(paths),
    ]
    checks: list[Check] = []
    for step in steps:
        try:
            result = step()
        except Exception as error:  # a check that crashes is a failed check, not a crash
            result = Check(N_("Check"), False, f"{type(error).__name__}: {error}")
        checks += result if isinstance(result, list) else [result]
    return checks
