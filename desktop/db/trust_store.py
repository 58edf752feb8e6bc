"""Queries behind accounts, sign-in throttling, audit events and the audit view."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.chain import event_link, tail
from desktop.db.models import AppUser, AuditEvent, ChangeLog, LoginAttempt, RetentionRule
from desktop.db.tracking import utcnow


# -- users ----------------------------------------------------------------------------

def user_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AppUser)) or 0


def find_user(session: Session, username: str) -> AppUser | None:
    return session.scalar(select(AppUser).where(func.lower(AppUser.username) == username.lower()))


def all_users(session: Session) -> list[AppUser]:
    return list(session.scalars(select(AppUser).order_by(AppUser.username)))


def add_user(session: Session, username: str, display_name: str, role: str, password_hash: str) -> AppUser:
    user = AppUser(id=uuid.uuid4(), username=username, display_name=display_name, role=role,
                   password_hash=password_hash, disabled=False, created_at=utcnow())
    session.add(user)
    return user


def active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AppUser)
                          .where(AppUser.role == "admin", AppUser.disabled.is_(False))) or 0


# -- throttling -----------------------------------------------------------------------

def attempt(session: Session, username: str) -> LoginAttempt | None:
    return session.get(LoginAttempt, username.lower())


def record_failure(session: Session, username: str, when: datetime) -> int:
    row = session.get(LoginAttempt, username.lower())
    if row is None:
        row = LoginAttempt(username=username.lower(), failures=0)
        session.add(row)
    row.failures += 1
    row.last_failed_at = when
    return row.failures


def clear_failures(session: Session, username: str) -> None:
    row = session.get(LoginAttempt, username.lower())
    if row is not None:
        session.delete(row)


# -- audit events ---------------------------------------------------------------------

def add_event(session: Session, actor: str, action: str, target: str | None = None,
              detail: dict[str, Any] | None = None) -> None:
    session.flush()
    seq, prev = tail(session, "audit_event")
    at = utcnow()
    detail = detail or {}
    seq += 1
    session.add(AuditEvent(seq=seq, at=at, actor=actor[:64], action=action[:32], target=target, detail=detail,
                           entry_hash=event_link(prev, seq, at, actor[:64], action[:32], target, detail)))
    session.flush()


def events(session: Session, actor: str | None = None, action: str | None = None,
           since: datetime | None = None, until: datetime | None = None, limit: int = 5000) -> list[AuditEvent]:
    stmt = select(AuditEvent)
    if actor:
        stmt = stmt.where(AuditEvent.actor == actor)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if since:
        stmt = stmt.where(AuditEvent.at >= since)
    if until:
        stmt = stmt.where(AuditEvent.at < until)
    return list(session.scalars(stmt.order_by(AuditEvent.seq.desc()).limit(limit)))


def changes(session: Session, user: str | None = None, kind: str | None = None,
            since: datetime | None = None, until: datetime | None = None,
            record_id: uuid.UUID | None = None, limit: int | None = 5000) -> Iterator[ChangeLog]:
    stmt = select(ChangeLog)
    if user:
        stmt = stmt.where(ChangeLog.changed_by == user)
    if kind:
        stmt = stmt.where(ChangeLog.kind == kind)
    if since:
        stmt = stmt.where(ChangeLog.changed_at >= since)
    if until:
        stmt = stmt.where(ChangeLog.changed_at < until)
    if record_id:
        stmt = stmt.where(ChangeLog.record_id == record_id)
    stmt = stmt.order_by(ChangeLog.seq.desc())
    if limit:
        stmt = stmt.limit(limit)
    yield from session.scalars(stmt.execution_options(yield_per=2000))


def change_users(session: Session) -> list[str]:
    return list(session.scalars(select(ChangeLog.changed_by).distinct().order_by(ChangeLog.changed_by)))


# -- retention ------------------------------------------------------------------------

def retention_rules(session: Session) -> dict[str, int]:
    return {r.kind: r.months for r in session.scalars(select(RetentionRule))}


def set_retention(session: Session, kind: str, months: int | None) -> None:
    row = session.get(RetentionRule, kind)
    if months is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(RetentionRule(kind=kind, months=months))
    else:
        row.months = months
