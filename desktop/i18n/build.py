"""Keep the message catalogs in step with the source, with Babel's Python API.

    python -m desktop.i18n.build extract   # desktop/**.py -> i18n/messages.pot
    python -m desktop.i18n.build update    # extract, then merge into i18n/{th,en}/LC_MESSAGES/messages.po
    python -m desktop.i18n.build compile   # i18n/*/LC_MESSAGES/messages.po -> resources/locale/*/LC_MESSAGES/messages.mo
    python -m desktop.i18n.build check     # list what is missing or wrong; exit status 1 if anything is

Several commands may be given in one call (``update check``). Files are rewritten only
when their messages change, so running a command twice leaves git with nothing to see.
Locations are written without line numbers for the same reason.
"""

from __future__ import annotations

import argparse
import io
import string
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from desktop import __version__
from desktop.i18n.catalog import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES, SOURCE_DIR
from desktop.paths import catalogs_dir

ROOT = SOURCE_DIR.parent
MAPPING_FILE = SOURCE_DIR / "babel.cfg"
TEMPLATE_FILE = SOURCE_DIR / f"{DOMAIN}.pot"
SOURCE_PACKAGE = "desktop"
PROJECT = "GovLab Desk"
COPYRIGHT = "GovLab Desk developers"
WIDTH = 76
_WRITE_OPTIONS = {"width": WIDTH, "include_lineno": False, "ignore_obsolete": True}
_TEMPLATE_HEADER = (
    "# Messages of GovLab Desk, extracted from desktop/ by Babel.\n"
    "# Generated file: refresh it with `python -m desktop.i18n.build update`."
)
_PO_HEADER = (
    "# {name} messages of GovLab Desk.\n"
    "# Refresh with `python -m desktop.i18n.build update`; see i18n/README.md."
)
_LANGUAGE_NAMES = {"th": "Thai", "en": "English"}
SOURCE_LANGUAGE = "en"   # the language of the msgids


def po_file(language: str, source_dir: Path = SOURCE_DIR) -> Path:
    return source_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_file(language: str, compiled_dir: Path | None = None) -> Path:
    return (compiled_dir or catalogs_dir()) / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


# ------------------------------------------------------------------------- extracting

def extract_catalog(root: Path = ROOT, mapping_file: Path = MAPPING_FILE) -> Catalog:
    """Every message marked in the source tree now, as a template catalog (nothing written).

    Keywords and comment tags come from the mapping file (``keywords = _ N_ _n:1,2``).
    """
    with mapping_file.open(encoding="utf-8") as fp:
        method_map, options_map = parse_mapping_cfg(fp, str(mapping_file))
    root = Path(root).resolve()
    package = root / SOURCE_PACKAGE

    def only_the_package(dirpath: str) -> bool:
        path = Path(dirpath)
        if path.name.startswith((".", "_")):
            return False
        return path == package or package in path.parents

    catalog = Catalog(project=PROJECT, version=__version__, copyright_holder=COPYRIGHT,
                      msgid_bugs_address=COPYRIGHT, charset="utf-8", fuzzy=False,
                      header_comment=_TEMPLATE_HEADER)
    for filename, lineno, message, comments, context in extract_from_dir(
        root, method_map, options_map, keywords={}, strip_comment_tags=True,
        directory_filter=only_the_package,
    ):
        catalog.add(message, None, [(filename.replace("\\", "/"), lineno)],
                    auto_comments=comments, context=context)
    return catalog


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as fp:
        return read_po(fp, locale=language, domain=DOMAIN)


def _render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, **_WRITE_OPTIONS)
    return buffer.getvalue()


def _without_dates(data: bytes) -> bytes:
    skip = (b'"POT-Creation-Date:', b'"PO-Revision-Date:', b'"Generated-By:', b'"Project-Id-Version:')
    return b"\n".join(line for line in data.splitlines() if not line.startswith(skip))


def _write_if_changed(path: Path, catalog: Catalog) -> bool:
    data = _render(catalog)
    if path.is_file() and _without_dates(path.read_bytes()) == _without_dates(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def extract(root: Path = ROOT, template_file: Path = TEMPLATE_FILE) -> bool:
    """Write the template from the source; True if it changed."""
    return _write_if_changed(template_file, extract_catalog(root))


def update(root: Path = ROOT, source_dir: Path = SOURCE_DIR, languages: Iterable[str] = LANGUAGES) -> list[Path]:
    """Extract, then merge the template into each language's .po; returns the files written.

    Existing translations are kept; a changed source text keeps its old translation marked
    fuzzy (``check`` lists it until a translator confirms it); removed messages are dropped.
    """
    template_file = source_dir / TEMPLATE_FILE.name
    written = [template_file] if extract(root, template_file) else []
    template = read_catalog(template_file)
    for language in languages:
        path = po_file(language, source_dir)
        if path.is_file():
            catalog = read_catalog(path, language)
        else:
            name = _LANGUAGE_NAMES.get(language, language)
            catalog = Catalog(locale=language, domain=DOMAIN, project=PROJECT, version=__version__,
                              copyright_holder=COPYRIGHT, msgid_bugs_address=COPYRIGHT,
                              last_translator=COPYRIGHT, language_team=f"{name} <{COPYRIGHT}>",
                              charset="utf-8", fuzzy=False, header_comment=_PO_HEADER.format(name=name))
        # English msgids are the English text: guessing English from similar msgids helps nobody.
        catalog.update(template, no_fuzzy_matching=language == SOURCE_LANGUAGE, update_creation_date=True)
        for message in catalog:
            strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
            if message.id and message.fuzzy and not any(strings):
                message.flags.discard("fuzzy")      # a guess of nothing is just untranslated
        if _write_if_changed(path, catalog):
            written.append(path)
    return written


def compile_catalogs(source_dir: Path = SOURCE_DIR, compiled_dir: Path | None = None,
                     languages: Iterable[str] = LANGUAGES) -> list[Path]:
    """Compile each .po into its .mo (fuzzy translations left out); returns the files written."""
    written = []
    for language in languages:
        catalog = read_catalog(po_file(language, source_dir), language)
        target = mo_file(language, compiled_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as fp:
            write_mo(fp, catalog, use_fuzzy=False)
        written.append(target)
    return written


# --------------------------------------------------------------------------- checking

def placeholders(text: str) -> set[str]:
    """The ``{names}`` in a str.format string (``{n:,}`` and ``{a.b}`` count as n and a).

    Raises ValueError for unbalanced braces.
    """
    names = set()
    for _literal, name, _spec, _conversion in string.Formatter().parse(text):
        if name is not None:
            names.add(name.split(".")[0].split("[")[0])
    return names


def _key(message) -> tuple[str, str | None]:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return msgid, message.context


def _label(message) -> str:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    where = ", ".join(sorted({filename for filename, _line in message.locations}))
    return f"{msgid!r}" + (f" ({where})" if where else "")


def source_problems(template: Catalog) -> list[str]:
    """Messages in the source that cannot work with ``_(msgid, **params)``."""
    problems = []
    for message in template:
        if not message.id:
            continue
        for text in message.id if isinstance(message.id, (list, tuple)) else [message.id]:
            try:
                names = placeholders(text)
            except ValueError as exc:
                problems.append(f"source: {_label(message)}: bad braces ({exc})")
                continue
            if any(name == "" or name.isdigit() for name in names):
                problems.append(f"source: {_label(message)}: use named placeholders such as {{count}}")
    return problems


def translation_problems(template: Catalog, catalog: Catalog, language: str,
                         require_all: bool = True) -> list[str]:
    """What is wrong with ``catalog`` against the source messages in ``template``.

    Every message must be present (run ``update``) and carry no stale extras; with
    ``require_all`` every one must be translated and not fuzzy; any translation present
    must use exactly the placeholders of its source text.
    """
    problems = []
    wanted = {_key(m): m for m in template if m.id}
    have = {_key(m): m for m in catalog if m.id}
    for key in sorted(have.keys() - wanted.keys(), key=str):
        problems.append(f"{language}: no longer in the source (run update): {_label(have[key])}")
    for key, source in wanted.items():
        message = have.get(key)
        if message is None:
            problems.append(f"{language}: missing (run update): {_label(source)}")
            continue
        plural = isinstance(message.id, (list, tuple))
        strings = list(message.string) if plural else [message.string]
        if message.fuzzy:
            problems.append(f"{language}: fuzzy, needs review: {_label(message)}")
        if require_all and not all(strings):
            problems.append(f"{language}: untranslated: {_label(message)}")
        for index, translated in enumerate(strings):
            if not translated:
                continue
            if plural:
                # One plural form (Thai) serves every n, so it follows the plural source.
                source_text = message.id[0] if index == 0 and len(strings) > 1 else message.id[1]
            else:
                source_text = message.id
            try:
                expected, found = placeholders(source_text), placeholders(translated)
            except ValueError as exc:
                problems.append(f"{language}: bad braces ({exc}) in the translation of {_label(message)}")
                continue
            if expected != found:
                problems.append(
                    f"{language}: placeholders differ in {_label(message)}: "
                    f"source {sorted(expected)}, translation {sorted(found)}"
                )
    return problems


def template_problems(template: Catalog, template_file: Path = TEMPLATE_FILE) -> list[str]:
    """Differences between the source tree and the committed messages.pot."""
    if not template_file.is_file():
        return [f"{template_file.name} is missing (run update)"]
    committed = read_catalog(template_file)
    if _without_dates(_render(committed)) == _without_dates(_render(template)):
        return []
    wanted = {_key(m) for m in template if m.id}
    have = {_key(m) for m in committed if m.id}
    problems = [f"{template_file.name}: new in the source (run update): {key[0]!r}" for key in sorted(wanted - have, key=str)]
    problems += [f"{template_file.name}: gone from the source (run update): {key[0]!r}"
                 for key in sorted(have - wanted, key=str)]
    return problems or [f"{template_file.name} is out of date with the source (run update)"]


def find_problems(root: Path = ROOT, source_dir: Path = SOURCE_DIR) -> list[str]:
    template = extract_catalog(root)
    problems = source_problems(template)
    problems += template_problems(template, source_dir / TEMPLATE_FILE.name)
    for language in LANGUAGES:
        path = po_file(language, source_dir)
        if not path.is_file():
            problems.append(f"{language}: {path.name} is missing (run update)")
            continue
        problems += translation_problems(template, read_catalog(path, language), language,
                                         require_all=language == DEFAULT_LANGUAGE)
    return problems


# ------------------------------------------------------------------------ command line

def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m desktop.i18n.build",
        description="Extract, update, compile and check the GovLab Desk message catalogs.",
    )
    parser.add_argument("commands", nargs="+", choices=["extract", "update", "compile", "check"],
                        help="run in the order given, e.g. 'update check'")
    args = parser.parse_args(argv)
    status = 0
    for command in args.commands:
        if command == "extract":
            changed = extract()
            print(f"{_relative(TEMPLATE_FILE)}: {'written' if changed else 'unchanged'}")
        elif command == "update":
            written = update()
            for path in written:
                print(f"written {_relative(path)}")
            if not written:
                print("catalogs unchanged")
        elif command == "compile":
            for path in compile_catalogs():
                print(f"compiled {_relative(path)}")
        elif command == "check":
            problems = find_problems()
            for problem in problems:
                print(problem)
            if problems:
                print(f"{len(problems)} problem(s). Run 'python -m desktop.i18n.build update', "
                      f"translate the Thai entries in {_relative(po_file(DEFAULT_LANGUAGE))}, then check again.")
                status = 1
            else:
                print("catalogs OK")
    return status


if __name__ == "__main__":
    sys.exit(main())
