"""Who is acting, and what each role may do: checked in the services, whatever the
front end (GUI, command line, scripts).

Every service is built around an ``Actor``. The database a service writes through is an
``ActorDatabase``: its ``write()`` refuses an actor without the ``write`` permission, so
no write path (records, attendance, attachments, register numbers, sync, conflicts,
demo data) can forget the check, and it stamps the actor's user name on the change log.
Admin-only actions check their own permission on top."""

from __future__ import annotations

import getpass
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from desktop.core.errors import PermissionDenied
from desktop.core.text import N_

# Permissions
WRITE = "write"                  # create/change/delete records, attendance, attachments, numbered papers
SYNC = "sync"                    # export and import sync packages, resolve conflicts
BACKUP = "backup"                # write a backup
RESTORE = "restore"              # replace the database with a backup, undo a restore
MANAGE_USERS = "manage_users"    # add, disable users, set anyone's password
PEERS = "peers"                  # enroll and revoke offices
OFFICE = "office"                # change the office profile, backup and lock settings, retention rules
REVEAL = "reveal"                # see a full national ID (audited)
AUDIT = "audit"                  # read and export the audit log
PERSONAL_DATA = "personal_data"  # subject-access export, erasure

ROLES = ("admin", "officer", "viewer")
GRANTS: dict[str, frozenset[str]] = {
    "admin": frozenset({WRITE, SYNC, BACKUP, RESTORE, MANAGE_USERS, PEERS, OFFICE, REVEAL, AUDIT, PERSONAL_DATA}),
    "officer": frozenset({WRITE, SYNC, BACKUP}),
    "viewer": frozenset(),
}


@dataclass(frozen=True)
class Actor:
    username: str
    role: str                 # admin | officer | viewer | none
    display_name: str = ""

    def can(self, permission: str) -> bool:
        return permission in GRANTS.get(self.role, frozenset())

    @property
    def signed_in(self) -> bool:
        return self.role in GRANTS


# Whoever opens a data folder in-process without naming a user (scripts, tests, the
# command line trusted by the operating system): the machine's administrator.
SYSTEM = Actor("system", "admin", "System")
# The GUI before anyone signs in: may not write anything (the GUI shows no data until sign-in).
NOBODY = Actor("", "none")


def os_actor() -> Actor:
    """The command line without --user: the operating-system account that runs it."""
    try:
        name = getpass.getuser()
    except Exception:  # no login name (a service account without one)
        name = "unknown"
    return Actor(f"os:{name}"[:64], "admin", name)


def require(actor: Actor, permission: str) -> None:
    if actor.can(permission):
        return
    if not actor.signed_in:
        raise PermissionDenied(N_("Sign in first."))
    raise PermissionDenied(N_("Your role ({role}) does not allow this. Ask an administrator."), role=actor.role)


class ActorDatabase:
    """A Database seen by one actor: reads as usual; writes only with permission, in the
    actor's name."""

    def __init__(self, db: Any, actor: Actor) -> None:
        self.raw = db
        self.actor = actor

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)

    def write(self, user: str | None = None, note: str | None = None) -> AbstractContextManager[Any]:
        require(self.actor, WRITE)
        return self.raw.write(user or self.actor.username, note)
