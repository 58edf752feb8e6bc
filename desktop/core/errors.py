"""Errors a user can cause. Each carries an untranslated message and its parameters,
so whoever shows it can translate it into the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with some input: which field, and a message with parameters."""

    field: str | None
    message: str
    params: dict[str, Any] = field(default_factory=dict)


class UserError(Exception):
    """Base for errors that are the user's to fix; ``message`` is a msgid."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params


class ValidationFailed(UserError):
    """Input broke one or more rules; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(first.message, **first.params)
        self.problems = problems


class NotFound(UserError):
    pass


class Conflict(UserError):
    pass


class DatabaseTooNew(UserError):
    pass


class SetupRequired(UserError):
    pass


class PermissionDenied(UserError):
    """The signed-in user's role does not allow this action."""


class SignInFailed(UserError):
    pass
