"""`font show|set|reset`: the font family official papers are printed with.

The bundled OFL Sarabun by default; ``font set FILE`` takes the office's own TH
SarabunIT๙ / TH SarabunPSK (any file of the family: the others are found beside it),
checks every file and copies them into the data folder; ``font reset`` goes back."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.context import services_for
from desktop.i18n import _


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("font", help=_("the font family official papers are printed with"))
    fonts = p.add_subparsers(dest="font", metavar="ACTION", required=True)
    q = fonts.add_parser("show", help=_("which family papers are printed with, and its files"))
    q.set_defaults(handler=run_show)
    q = fonts.add_parser("set", help=_("print papers with the family of this TrueType file "
                                       "(such as THSarabunIT๙.ttf; its bold and italic files are found beside it)"))
    q.add_argument("file", type=Path, metavar="FILE", help=_("a .ttf file of the family"))
    q.set_defaults(handler=run_set)
    q = fonts.add_parser("reset", help=_("print papers with the bundled Sarabun again"))
    q.set_defaults(handler=run_reset)


def describe(font) -> list[str]:  # noqa: ANN001 - a PaperFont
    """Lines saying what papers print with, in the current language."""
    from desktop.reports.fonts import BUNDLED_LICENCE, fonts_dir
    from desktop.services.paper_fonts import STYLE_NAMES

    if font.bundled:
        lines = [_("Papers are printed with {family}, bundled with GovLab Desk (SIL Open Font License 1.1: {licence}).",
                   family=font.family, licence=str(fonts_dir() / BUNDLED_LICENCE))]
    else:
        lines = [_("Papers are printed with {family}, chosen for this office.", family=font.family)]
    for style, path in font.files.items():
        if style in font.substituted:
            lines.append("  " + _("{style}: none in the family; printed with the {instead} style",
                                  style=_(STYLE_NAMES[style]), instead=_(STYLE_NAMES[font.substituted[style]])))
        elif font.sources.get(style):
            lines.append("  " + _("{style}: {file} (copied from {source})", style=_(STYLE_NAMES[style]),
                                  file=str(path), source=font.sources[style]))
        else:
            lines.append("  " + _("{style}: {file}", style=_(STYLE_NAMES[style]), file=str(path)))
    return lines


def run_show(args: argparse.Namespace) -> int:
    from desktop.paths import DataPaths
    from desktop.services.paper_fonts import current

    print("\n".join(describe(current(DataPaths(args.data_dir)))))
    return 0


def run_set(args: argparse.Namespace) -> int:
    from desktop.services.paper_fonts import choose

    services = services_for(args)
    try:
        font = choose(services, args.file)
    finally:
        services.close()
    print("\n".join(describe(font)))
    return 0


def run_reset(args: argparse.Namespace) -> int:
    from desktop.services.paper_fonts import reset

    services = services_for(args)
    try:
        font = reset(services)
    finally:
        services.close()
    print("\n".join(describe(font)))
    return 0
