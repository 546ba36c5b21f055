"""One exception hierarchy: the CLI prints ``Error: <message>``, the web app an error page."""

from __future__ import annotations


class TTGraphError(Exception):
    """Base of every error ttgraph raises on purpose; its message is meant for a person."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NoHome(TTGraphError):
    """The home directory has no store yet."""


class NotFound(TTGraphError):
    """A node, plugin or file that was asked for does not exist."""


class ValidationError(TTGraphError):
    """A node or edge does not fit the model."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class UsageError(TTGraphError):
    """The command was called the wrong way."""

    exit_code = 2


class PluginError(TTGraphError):
    """A plugin could not be loaded or is inconsistent with the others."""


class StoreLocked(TTGraphError):
    """Another process holds the store's write lock for too long."""
