"""Entry point: the desktop app without a command, the command-line interface with one."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    wants_gui = not any(not a.startswith("-") for a in _strip_option_values(args)) and not (
        {"-h", "--help", "--version"} & set(args))
    if wants_gui:
        from desktop.app import run_gui

        return run_gui(args)
    from desktop.cli.main import main_cli

    return main_cli(args)


def _strip_option_values(args: list[str]) -> list[str]:
    """The arguments without the values of the global options that take one."""
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in ("--data-dir", "--database-url", "--lang"):
            skip = True
            continue
        out.append(arg)
    return out


if __name__ == "__main__":
    sys.exit(main())
