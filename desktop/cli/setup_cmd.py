"""`init`, `demo`, `generate`, `doctor` and `reindex`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from desktop.cli.context import services_for
from desktop.core import validation as v
from desktop.core.enums import Role
from desktop.core.text import N_
from desktop.i18n import _
from desktop.services.fields import collect


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("init", help=_("set up the office profile of this data folder"))
    p.add_argument("--office-name", required=True, metavar="NAME")
    p.add_argument("--office-code", required=True, metavar="CODE")
    p.add_argument("--area", required=True, metavar="DOPA_CODE",
                   help=_("province, district or subdistrict code (2, 4 or 6 digits)"))
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--letter-prefix", default=None, metavar="PREFIX",
                   help=_("document number prefix, e.g. 'มท 0310.4'"))
    p.add_argument("--force", action="store_true", help=_("change an existing profile"))
    p.add_argument("--admin-user", default=None, metavar="NAME",
                   help=_("create the first administrator with this user name (asked for when run in a terminal)"))
    p.add_argument("--admin-name", default=None, metavar="TEXT", help=_("the administrator's full name"))
    p.add_argument("--admin-password-file", type=Path, default=None, metavar="FILE",
                   help=_("the administrator's password, from the first line of FILE (default: asked for)"))
    p.set_defaults(handler=run_init)

    p = commands.add_parser("demo", help=_("load realistic demo data"))
    p.add_argument("--persons", type=int, default=0, metavar="N", help=_("also generate N Thai people"))
    p.add_argument("--seed", type=int, default=2566, metavar="SEED")
    p.set_defaults(handler=run_demo)

    p = commands.add_parser("generate", help=_("fill the database fast with many generated Thai people "
                                               "(for benchmarks and trials)"))
    p.add_argument("--persons", type=int, required=True, metavar="N", help=_("how many people to generate"))
    p.add_argument("--seed", type=int, default=2566, metavar="SEED")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help=_("processes that make people while this one writes (default: as many as the CPUs, at most 3)"))
    p.add_argument("--no-change-log", dest="change_log", action="store_false",
                   help=_("leave the change log out: faster and smaller, but sync will never send these records"))
    p.set_defaults(handler=run_generate)

    p = commands.add_parser("doctor", help=_("check the installation and the data folder"))
    p.set_defaults(handler=run_doctor)
    p = commands.add_parser("reindex", help=_("put the search index back in list order after large imports "
                                              "(doctor says when)"))
    p.set_defaults(handler=run_reindex)


def _check_init_args(args: argparse.Namespace) -> None:
    """Everything that can be checked before a database exists, so a bad call creates nothing."""
    import geothai

    def area() -> None:
        code = (args.area or "").strip()
        if not (geothai.province(code) or geothai.district(code) or geothai.subdistrict(code)):
            raise v.fail("area", N_("There is no province, district or subdistrict with code {code}."), code=code)

    collect([lambda: v.require_text(args.office_name, "office_name", 300),
             lambda: v.require_text(args.office_code, "office_code", 40), area])


def run_init(args: argparse.Namespace) -> int:
    _check_init_args(args)
    services = services_for(args, create=True)
    try:
        profile = services.office.init(args.office_name, args.office_code, args.area, args.role,
                                       letter_prefix=args.letter_prefix, force=args.force)
        admin = _first_admin(args, services)
    finally:
        services.close()
    print(_("Office profile saved: {office} ({code}), role {role}, site {site}.", office=profile["office_name"],
            code=profile["office_code"], role=profile["role"], site=str(profile["site_id"])))
    print(_("Data folder: {folder}", folder=str(args.data_dir)))
    if admin:
        print(_("Administrator {name} created.", name=admin))
    elif admin is None:
        print(_("No user yet: the first sign-in in the app creates the administrator "
                "(or run 'govlab-desk user add NAME --role admin')."))
    return 0


def _first_admin(args: argparse.Namespace, services) -> str | None:  # noqa: ANN001
    """The first administrator, from the options or asked for in a terminal; '' when the
    folder already has users, None when there is nobody to ask."""
    from desktop.cli.context import read_secret

    if services.users.has_users():
        return ""
    name = args.admin_user
    if not name and args.admin_password_file is None and sys.stdin.isatty():
        try:
            name = input(_("User name of the administrator: ")).strip()
        except EOFError:  # a console that is not really interactive: ask nothing
            name = ""
    if not name:
        return None
    password = read_secret(args.admin_password_file, _("New password: "), _("The same password again: "))
    return services.users.create_first_admin(name, password, args.admin_name).username


def run_demo(args: argparse.Namespace) -> int:
    from desktop.services.demo import load_demo

    if args.persons < 0:
        raise v.fail("persons", N_("Must be at least {minimum}."), minimum=0)
    services = services_for(args)
    try:
        services.office.require()
        started = time.perf_counter()
        counts = load_demo(services, persons=args.persons, seed=args.seed)
        elapsed = time.perf_counter() - started
    finally:
        services.close()
    summary = ", ".join(f"{kind} {n}" for kind, n in counts.items() if n) or _("nothing new")
    print(_("Demo data loaded in {seconds} s: {summary}", seconds=f"{elapsed:.1f}", summary=summary))
    return 0


def run_generate(args: argparse.Namespace) -> int:
    from desktop.services.demo.generate_fast import generate_fast

    if args.persons < 0:
        raise v.fail("persons", N_("Must be at least {minimum}."), minimum=0)
    services = services_for(args)
    try:
        services.office.require()
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\r{done:,} / {total:,}")
            sys.stderr.flush()

        counts = generate_fast(services, args.persons, args.seed, change_log=args.change_log,
                               workers=args.workers, progress=progress if sys.stderr.isatty() else None)
        elapsed = time.perf_counter() - started
    finally:
        services.close()
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    summary = ", ".join(f"{kind} {n:,}" for kind, n in counts.items() if n) or _("nothing new")
    print(_("Generated in {seconds} s: {summary}", seconds=f"{elapsed:.1f}", summary=summary))
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    from desktop.services.doctor import run_checks

    checks = run_checks(args.data_dir, args.database_url)
    failed = 0
    for check in checks:
        mark = "OK  " if check.ok and not check.warning else ("WARN" if check.ok else "FAIL")
        failed += not check.ok
        print(f"[{mark}] {_(check.name)}: {check.detail}")
    if failed:
        sys.stderr.write(_("{count} problem(s) found.", count=failed) + "\n")
        return 1
    return 0


def run_reindex(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        started = time.perf_counter()
        services.search.reorder()
        elapsed = time.perf_counter() - started
    finally:
        services.close()
    print(_("The search index is in list order again ({seconds} s).", seconds=f"{elapsed:.1f}"))
    return 0
