"""The error catalogue: one class per kind of failure.

Every message says what went wrong, where (which file, row or field) and what to do. The CLI
prints ``str(error)`` and exits with ``error.exit_code``; the app shows it in an error box.
"""

from __future__ import annotations


class CoachError(Exception):
    """Base class: a failure the user can act on."""

    code = "E000"
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.message}"


class ModelMissingError(CoachError):
    code = "E001"


class ModelVerificationError(CoachError):
    code = "E002"


class ModelMismatchError(CoachError):
    """A shipped head was trained on another embedding model than the one configured."""

    code = "E003"


class InputError(CoachError):
    """Bad input from the user: an empty query, an out-of-range option, a malformed row."""

    code = "E010"
    exit_code = 2


class DocumentError(InputError):
    """A document that cannot be added: empty, binary, too big, unknown type, bad encoding."""

    code = "E011"


class NotFoundError(CoachError):
    code = "E020"
    exit_code = 3


class AccessDeniedError(CoachError):
    """The acting person may not read or change this."""

    code = "E030"
    exit_code = 4


class ConflictError(CoachError):
    """Someone else changed this since it was loaded (no lost update)."""

    code = "E040"
    exit_code = 5


class UnsupportedLanguageError(InputError):
    code = "E012"


class StoreError(CoachError):
    code = "E050"


class SignInError(AccessDeniedError):
    """Wrong username or password, an expired session, or a person without an account."""

    code = "E031"


class RateLimitedError(AccessDeniedError):
    """Too many failed sign-ins for an account or from one client: wait, then try again."""

    code = "E032"
