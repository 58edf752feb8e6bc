"""The font family an office prints its papers with.

By default the OFL Sarabun that comes with the app. An office may choose its own TH
SarabunIT๙ or TH SarabunPSK (or any Thai TrueType family that passes the checks in
desktop.reports.fonts) by picking one of its .ttf files: the regular, bold, italic and
bold italic files are found beside it by the names inside them, checked, and copied into
the data folder (``fonts/``), so the choice travels with the folder and does not depend
on where Windows keeps the originals.

``fonts/paper-font.json`` records the choice; it is replaced in one step after the files
are in place, so a failed or interrupted choice leaves the previous one as it was. The
copies are named by their SHA-256, which the manifest also records: a damaged or missing
copy is found before anything is printed with it."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.paths import DataPaths
from desktop.reports.fonts import (
    BUNDLED_FAMILY,
    STYLES,
    FontInfo,
    FontRefused,
    bundled_font_files,
    check_font_file,
    read_font_info,
    use_font_files,
)
from desktop.services.access import OFFICE, require

if TYPE_CHECKING:
    from desktop.services.app_services import Services

MANIFEST = "paper-font.json"
FORMAT = 1
# A style the family lacks is printed with another: italic with the regular, bold italic
# with the bold (papers use weight, not slant, to stand out). Bold and regular are needed.
SUBSTITUTES = {"italic": "regular", "bold_italic": "bold"}
STYLE_NAMES = {"regular": N_("regular"), "bold": N_("bold"), "italic": N_("italic"), "bold_italic": N_("bold italic")}


@dataclass(frozen=True)
class PaperFont:
    """What papers print with: the family, its file for each style, and for a chosen
    family the original file names and the styles printed with another style's file."""

    family: str
    bundled: bool
    files: dict[str, Path]
    sources: dict[str, str] = field(default_factory=dict)        # style -> original file name
    substituted: dict[str, str] = field(default_factory=dict)    # style -> the style printed in its place


def bundled() -> PaperFont:
    return PaperFont(BUNDLED_FAMILY, True, bundled_font_files())


def _damaged(paths: DataPaths, family: str) -> UserError:
    return UserError(N_("The paper font chosen for this office ({family}) is missing or damaged in {folder}. "
                        "Choose it again in Settings, or go back to the bundled Sarabun "
                        "(govlab-desk font reset)."), family=family, folder=str(paths.paper_fonts))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def current(paths: DataPaths) -> PaperFont:
    """The family this data folder prints with; a UserError when the chosen one's files
    are missing or damaged (nothing falls back silently to another font)."""
    manifest = paths.paper_fonts / MANIFEST
    try:
        text = manifest.read_text(encoding="utf-8")
    except FileNotFoundError:
        return bundled()
    except OSError:
        raise _damaged(paths, "?") from None
    try:
        record = json.loads(text)
        family = str(record["family"])
        entries = {style: record["files"][style] for style in STYLES}
    except (ValueError, KeyError, TypeError):
        raise _damaged(paths, "?") from None
    files: dict[str, Path] = {}
    checked: dict[str, bool] = {}
    for style, entry in entries.items():
        try:
            path = paths.paper_fonts / Path(entry["file"]).name
            if path.name not in checked:
                checked[path.name] = _sha256(path) == entry["sha256"]
        except (OSError, KeyError, TypeError):
            raise _damaged(paths, family) from None
        if not checked[path.name]:
            raise _damaged(paths, family)
        files[style] = path
    return PaperFont(family, False, files, {s: str(e.get("source") or "") for s, e in entries.items()},
                     {s: str(e["substitute"]) for s, e in entries.items() if e.get("substitute")})


def apply(paths: DataPaths) -> PaperFont:
    """Make the next paper print with this data folder's family (cheap when it already does)."""
    font = current(paths)
    use_font_files(None if font.bundled else font.files, font.family)
    return font


# ---------------------------------------------------------------------------------------
# Choosing a family.
# ---------------------------------------------------------------------------------------

def find_family(chosen: Path) -> tuple[str, dict[str, FontInfo]]:
    """The family of ``chosen`` and the file of each style found for it among the .ttf
    files in its folder (by the family and style names inside the files, so any file of
    the family may be picked). Raises FontRefused when ``chosen`` is not a TrueType file
    or the family has no regular or no bold file there."""
    chosen = Path(chosen)
    picked = read_font_info(chosen)
    found: dict[str, FontInfo] = {picked.style: picked}
    try:
        neighbours = sorted(p for p in chosen.parent.iterdir() if p.suffix.lower() == ".ttf" and p != chosen)
    except OSError:
        neighbours = []
    for path in neighbours:
        try:
            info = read_font_info(path)
        except (FontRefused, OSError):
            continue        # a damaged neighbour of another family is none of our business
        if info.family == picked.family and info.style not in found:
            found[info.style] = info
    for style, message in (("regular", N_("No regular style of {family} was found beside {file}. Put the regular "
                                          "file of the font in the same folder and choose again.")),
                           ("bold", N_("No bold style of {family} was found beside {file}. Papers print headings "
                                       "in bold: put the bold file of the font (such as “{family} Bold”) in the "
                                       "same folder and choose again."))):
        if style not in found:
            raise FontRefused(message, family=picked.family, file=chosen.name)
    return picked.family, found


def choose(services: Services, chosen: Path) -> PaperFont:
    """Print this office's papers with the family of ``chosen`` (a .ttf file) from now on.

    Every file of the family is checked first; on any problem a FontRefused says what,
    and the current choice is left untouched."""
    require(services.actor, OFFICE)
    paths = services.paths
    picked = check_font_file(Path(chosen))        # what is wrong with the file itself comes first
    family, found = find_family(Path(chosen))
    checked = {style: picked if info.path == picked.path else check_font_file(info.path)
               for style, info in found.items()}
    # The family name from the full check (the quick read saw the same file, but be exact).
    family = checked["regular"].family or family
    folder = paths.paper_fonts
    folder.mkdir(parents=True, exist_ok=True)
    entries: dict[str, dict[str, Any]] = {}
    keep = {MANIFEST}
    for style in STYLES:
        source_style = style if style in checked else SUBSTITUTES[style]
        source = checked[source_style].path
        data = source.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        name = f"{source_style}-{digest[:16]}.ttf"
        target = folder / name
        if not (target.exists() and _sha256(target) == digest):
            partial = folder / (name + ".partial")
            partial.write_bytes(data)
            os.replace(partial, target)
        keep.add(name)
        entries[style] = {"file": name, "sha256": digest, "source": source.name}
        if source_style != style:
            entries[style]["substitute"] = source_style
    record = {"format": FORMAT, "family": family, "files": entries,
              "chosen_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "chosen_by": services.actor.username}
    _commit(services, record, keep, "paper_font",
            {"family": family, "sources": {s: e["source"] for s, e in entries.items()}})
    return apply(paths)


def reset(services: Services) -> PaperFont:
    """Go back to the bundled Sarabun."""
    require(services.actor, OFFICE)
    _commit(services, None, set(), "paper_font", {"family": BUNDLED_FAMILY, "bundled": True})
    return apply(services.paths)


def _commit(services: Services, record: dict[str, Any] | None, keep: set[str], action: str,
            detail: dict[str, Any]) -> None:
    """Replace the manifest (or remove it) in one step, audited; then tidy the folder."""
    from desktop.db import trust_store

    folder = services.paths.paper_fonts
    manifest = folder / MANIFEST
    raw = services.db.raw
    with raw.write(services.actor.username) as session:
        trust_store.add_event(session, services.actor.username, action, detail.get("family"), detail)
        if record is None:
            manifest.unlink(missing_ok=True)
        else:
            partial = folder / (MANIFEST + ".partial")
            partial.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
            os.replace(partial, manifest)
    tidy_folder(folder, keep, remove_empty=record is None)


def tidy_folder(folder: Path, keep: set[str] | dict[str, Any], remove_empty: bool) -> None:
    """Remove the files of the fonts folder not named in ``keep`` (once the manifest no
    longer names them), and the folder itself with ``remove_empty``."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.name not in keep:
            try:
                path.unlink()
            except OSError:
                pass        # a file Windows still holds open goes next time
    if remove_empty:
        try:
            folder.rmdir()
        except OSError:
            pass
