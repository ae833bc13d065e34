"""Password hashing with argon2id (argon2-cffi): hashes only, never the password, are stored."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from coach.errors import InputError

MIN_LENGTH = 10
MAX_LENGTH = 512
_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters


def check_strength(password: str) -> None:
    """Long enough, not absurdly long, not only one repeated character."""
    if len(password) < MIN_LENGTH:
        raise InputError(f"The password is {len(password)} characters; use at least {MIN_LENGTH} "
                         "(a few unrelated words work well).")
    if len(password) > MAX_LENGTH:
        raise InputError(f"The password is longer than {MAX_LENGTH} characters; use a shorter one.")
    if len(set(password)) < 4:
        raise InputError("The password repeats too few characters; choose something harder to guess.")


def hash_password(password: str) -> str:
    check_strength(password)
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)
