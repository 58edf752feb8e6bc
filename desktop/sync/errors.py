"""Why a package or an identity file was refused: a msgid and its parameters."""

from __future__ import annotations

from desktop.core.errors import UserError


class SyncError(UserError):
    """A sync action that cannot go ahead; nothing was changed."""


class PackageRefused(SyncError):
    """A package that is not genuine, not for us, damaged or hostile; nothing was applied."""
