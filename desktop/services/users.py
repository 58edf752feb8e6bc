"""Accounts: argon2id password hashes, sign-in with a persisted, growing delay after
failures, disabled users refused, the first administrator, and user management.

The delay after ``n`` failed attempts for one user name (known or not, so that user
names cannot be probed) is ``2**(n-1)`` seconds, at most 15 minutes; it is kept in the
database, so restarting the app does not reset it. An attempt inside the delay is
refused without checking the password."""

from __future__ import annotations

import re
from functools import cache
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from desktop.core.errors import SignInFailed, UserError
from desktop.core.text import N_
from desktop.db import trust_store
from desktop.db.tracking import utcnow
from desktop.services.access import MANAGE_USERS, ROLES, Actor, require
from desktop.services.fields import collect
from desktop.core import validation as v

MIN_PASSWORD = 8
MAX_DELAY_S = 15 * 60
_NAME = re.compile(r"^[A-Za-z0-9._-]{2,64}$")
_hasher = PasswordHasher()      # argon2id, RFC 9106 low-memory defaults


@cache
def _dummy_hash() -> str:
    """A hash to verify against when the user name is unknown, so both cases take as long.
    Made on first sign-in, not at import (it costs ~0.1 s of start-up)."""
    return _hasher.hash("not a password of anyone")


def delay_after(failures: int) -> int:
    return 0 if failures <= 0 else min(2 ** (failures - 1), MAX_DELAY_S)


class UserService:
    def __init__(self, db: Any, actor: Actor, now: Callable[[], datetime] = utcnow) -> None:
        self.db = db.raw if hasattr(db, "raw") else db   # account tables are not synced records
        self.actor = actor
        self.now = now

    # -- reading ------------------------------------------------------------------
    def has_users(self) -> bool:
        with self.db.read() as s:
            return trust_store.user_count(s) > 0

    def list(self) -> list[dict[str, Any]]:
        with self.db.read() as s:
            return [{"username": u.username, "display_name": u.display_name, "role": u.role,
                     "disabled": bool(u.disabled), "created_at": u.created_at} for u in trust_store.all_users(s)]

    # -- signing in ---------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> Actor:
        """The Actor for a correct user name and password; SignInFailed otherwise."""
        username = (username or "").strip()
        now = self.now()
        with self.db.write(f"login:{username}"[:64]) as s:
            tried = trust_store.attempt(s, username)
            if tried is not None and tried.last_failed_at is not None:
                wait = tried.last_failed_at + timedelta(seconds=delay_after(tried.failures)) - now
                if wait.total_seconds() > 0:
                    raise SignInFailed(N_("Too many wrong passwords. Try again in {seconds} seconds."),
                                       seconds=int(wait.total_seconds()) + 1)
            user = trust_store.find_user(s, username) if username else None
            ok = False
            try:
                ok = _hasher.verify(user.password_hash if user and user.password_hash else _dummy_hash(), password or "")
            except (VerificationError, InvalidHashError):
                ok = False
            if user is None or not user.password_hash:
                ok = False
            if not ok:
                trust_store.record_failure(s, username or "-", now)
                trust_store.add_event(s, username or "-", "login_failed", username or None)
                failed = True
            else:
                failed = False
                if user.disabled:
                    trust_store.add_event(s, user.username, "login_refused", user.username, {"reason": "disabled"})
                else:
                    trust_store.clear_failures(s, username)
                    if _hasher.check_needs_rehash(user.password_hash):
                        user.password_hash = _hasher.hash(password)
                    trust_store.add_event(s, user.username, "login", user.username)
                    return Actor(user.username, user.role, user.display_name)
        if failed:
            raise SignInFailed(N_("Wrong user name or password."))
        raise SignInFailed(N_("This account has been disabled. Ask an administrator."))

    def verify_password(self, actor: Actor, password: str) -> bool:
        """Unlocking the screen: the same user's password (with the same throttling)."""
        try:
            return self.authenticate(actor.username, password).username == actor.username
        except SignInFailed:
            raise

    # -- managing -----------------------------------------------------------------
    def create_first_admin(self, username: str, password: str, display_name: str | None = None) -> Actor:
        """The administrator of a data folder that has no users yet (first start, or a
        folder from before accounts existed). Refused once any user exists."""
        with self.db.write("setup") as s:
            if trust_store.user_count(s) > 0:
                raise UserError(N_("This data folder already has users; sign in as an administrator."))
            name, display = self._check(s, username, password, display_name, "admin")
            trust_store.add_user(s, name, display, "admin", _hasher.hash(password))
            trust_store.add_event(s, name, "user_add", name, {"role": "admin", "first": True})
        return Actor(name, "admin", display)

    def add(self, username: str, password: str, role: str, display_name: str | None = None) -> dict[str, Any]:
        require(self.actor, MANAGE_USERS)
        with self.db.write(self.actor.username) as s:
            name, display = self._check(s, username, password, display_name, role)
            trust_store.add_user(s, name, display, role, _hasher.hash(password))
            trust_store.add_event(s, self.actor.username, "user_add", name, {"role": role})
        return {"username": name, "display_name": display, "role": role}

    def set_password(self, username: str, password: str) -> None:
        """An administrator sets anyone's password; anyone may change their own."""
        if username.lower() != self.actor.username.lower():
            require(self.actor, MANAGE_USERS)
        elif not self.actor.signed_in:
            require(self.actor, MANAGE_USERS)
        _check_password(password)
        with self.db.write(self.actor.username) as s:
            user = self._existing(s, username)
            user.password_hash = _hasher.hash(password)
            trust_store.clear_failures(s, username)
            trust_store.add_event(s, self.actor.username, "user_password", user.username)

    def set_disabled(self, username: str, disabled: bool = True) -> None:
        require(self.actor, MANAGE_USERS)
        with self.db.write(self.actor.username) as s:
            user = self._existing(s, username)
            if disabled and user.role == "admin" and not user.disabled and trust_store.active_admins(s) <= 1:
                raise UserError(N_("{name} is the last administrator; add another one before disabling this one."),
                                name=user.username)
            user.disabled = disabled
            trust_store.add_event(s, self.actor.username, "user_disable" if disabled else "user_enable",
                                  user.username)

    def set_role(self, username: str, role: str) -> None:
        require(self.actor, MANAGE_USERS)
        if role not in ROLES:
            raise v.fail("role", N_("Choose one of: {choices}."), choices=", ".join(ROLES))
        with self.db.write(self.actor.username) as s:
            user = self._existing(s, username)
            if user.role == "admin" and role != "admin" and trust_store.active_admins(s) <= 1:
                raise UserError(N_("{name} is the last administrator; add another one before disabling this one."),
                                name=user.username)
            old, user.role = user.role, role
            trust_store.add_event(s, self.actor.username, "user_role", user.username, {"old": old, "new": role})

    # -- helpers ------------------------------------------------------------------
    @staticmethod
    def _existing(session: Any, username: str) -> Any:
        user = trust_store.find_user(session, username or "")
        if user is None:
            raise UserError(N_("There is no user called {name}."), name=username)
        return user

    @staticmethod
    def _check(session: Any, username: str, password: str, display_name: str | None,
               role: str) -> tuple[str, str]:
        name = (username or "").strip()
        out: dict[str, str] = {}

        def the_name() -> None:
            if not _NAME.match(name):
                raise v.fail("username", N_("A user name has 2 to 64 letters (a-z), digits, dots, dashes or "
                                            "underscores."))
            if trust_store.find_user(session, name) is not None:
                raise v.fail("username", N_("There is already a user called {name}."), name=name)

        def the_role() -> None:
            if role not in ROLES:
                raise v.fail("role", N_("Choose one of: {choices}."), choices=", ".join(ROLES))

        def the_password() -> None:
            _check_password(password)

        def the_display() -> None:
            out["display"] = (display_name or "").strip()[:200] or name

        collect([the_name, the_role, the_password, the_display])
        return name, out["display"]


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise v.fail("password", N_("A password needs at least {minimum} characters."), minimum=MIN_PASSWORD)
