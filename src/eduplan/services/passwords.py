"""Passwords: argon2id hashing through a gate, and the policy a new password must meet.

- Hashing: argon2id, RFC 9106's second recommended profile (t=3, 64 MiB, p=4). At most
  `MAX_VERIFICATIONS` hashes are computed at once per process; when more than `MAX_WAITING`
  wait, or a wait exceeds `WAIT_SECONDS`, `VerifierBusy` is raised at once (the web answers 429),
  so a burst of anonymous logins cannot take a gigabyte of memory.
- Policy (`check_password`): ≥ 12 characters with 3 of the 4 classes (lower case, upper case,
  digits, other), or a passphrase (≥ 16 characters, ≥ 3 distinct words); not the user name;
  not a common password.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from eduplan.core.errors import EduplanError, InputError

__all__ = ["VerifierBusy", "check_password", "hash_password", "verify_password"]

# argon2id, RFC 9106 second recommended option (also argon2-cffi's defaults): t=3, 64 MiB, p=4.
_HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4)
MIN_PASSWORD_LENGTH = 12
MIN_PASSPHRASE_LENGTH = 16
#: Password hashes computed at once per process, how many may wait, and for how long.
MAX_VERIFICATIONS = 4
MAX_WAITING = 16
WAIT_SECONDS = 5.0
#: Passwords refused whatever their length (compared without case, and with digits and signs stripped).
COMMON_PASSWORDS = frozenset({
    "password", "passw0rd", "p@ssw0rd", "qwerty", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx", "qazwsx",
    "admin", "administrator", "root", "welcome", "letmein", "iloveyou", "monkey", "dragon", "master", "sunshine",
    "abc", "abcdef", "abcdefg", "abcdefgh", "changeme", "default", "test", "guest", "user", "login", "secret",
    "woaini", "woaiwojia", "zhongguo", "beijing", "chongqing", "jiaoyu", "jiaowei", "eduplan", "guihua",
    "aaaaaa", "qwe", "asd", "zxc", "superman", "football", "baseball", "princess", "trustno", "shadow",
})



class VerifierBusy(EduplanError):
    """Too many password checks are running or waiting; the caller should retry in a moment."""

    code = "too-many-attempts"


class _Verifications:
    """A counting gate for password hashing: a few at a time, a short queue, a quick refusal."""

    def __init__(self, slots: int, waiting: int, wait: float) -> None:
        self.slots = threading.BoundedSemaphore(slots)
        self.max_waiting = waiting
        self.wait = wait
        self.waiting = 0
        self.lock = threading.Lock()

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self.lock:
            if self.waiting >= self.max_waiting:
                raise VerifierBusy("当前同时登录的请求过多，请稍后再试")
            self.waiting += 1
        try:
            acquired = self.slots.acquire(timeout=self.wait)
        finally:
            with self.lock:
                self.waiting -= 1
        if not acquired:
            raise VerifierBusy("当前同时登录的请求过多，请稍后再试")
        try:
            yield
        finally:
            self.slots.release()


_VERIFICATIONS = _Verifications(MAX_VERIFICATIONS, MAX_WAITING, WAIT_SECONDS)


_DUMMY_HASHES: dict[int, str] = {}
_DUMMY_LOCK = threading.Lock()


def dummy_hash() -> str:
    """A hash to verify against for an unknown user name (as slow as a known one); take it before a
    `verification_slot`.

    Made on first use, once (a burst of first logins waits for it instead of each hashing),
    and through the gate like every hash."""
    with _DUMMY_LOCK:
        key = id(_HASHER)
        if key not in _DUMMY_HASHES:
            _DUMMY_HASHES[key] = hash_password("eduplan-no-such-user")
        return _DUMMY_HASHES[key]


def hash_password(password: str) -> str:
    """The argon2id hash of a password (through the gate: a few at a time)."""
    with _VERIFICATIONS.slot():
        return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the stored argon2 hash (through the gate); `VerifierBusy` when full."""
    with _VERIFICATIONS.slot():
        return _verify(password_hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(password: str, *, username: str) -> None:
    """Refuse, with a Chinese reason, a password a bureau's IT policy would not accept."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符")
    classes = sum(1 for test in (str.islower, str.isupper, str.isdigit) if any(test(c) for c in password))
    classes += any(not (c.isascii() and c.isalnum()) for c in password)
    words = {w.casefold() for w in re.split(r"[\s\-_.,，。·]+", password) if len(w) >= 2}
    passphrase = len(password) >= MIN_PASSPHRASE_LENGTH and len(words) >= 3
    if classes < 3 and not passphrase:
        raise InputError("密码须包含大写字母、小写字母、数字、其他符号中的至少三类，"
                         f"或为不少于 {MIN_PASSPHRASE_LENGTH} 个字符、至少三个词的口令短语（词之间用空格或连字符分隔）")
    letters = _letters(password)
    name = _letters(username)
    if name and letters in (name, name[::-1]):
        raise InputError("密码不能与用户名相同（或仅多出数字和符号）")
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", password.casefold())  # Password2024! → password
    if {letters, _letters(core.translate(_LEET)), password.casefold()} & COMMON_PASSWORDS:
        raise InputError("密码过于常见，容易被猜中，请换一个")
    if len(set(password)) < MIN_DISTINCT_CHARACTERS:
        raise InputError("密码由过少的不同字符组成，容易被猜中，请换一个")


#: Digits and signs read as letters (p@ssw0rd → password) when comparing with the common passwords.
_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "3": "e", "$": "s", "5": "s", "7": "t"})
MIN_DISTINCT_CHARACTERS = 6


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalpha())


@contextmanager
def verification_slot() -> Iterator[None]:
    """Hold one of the gate's slots (`VerifierBusy` when it is full), to verify with `matches`."""
    with _VERIFICATIONS.slot():
        yield


def matches(password_hash: str, password: str) -> bool:
    """Whether the password matches the hash; the caller holds a `verification_slot`."""
    return _verify(password_hash, password)


def rehashed(password_hash: str, password: str) -> str | None:
    """A new hash of the (verified) password when the stored one uses outdated parameters; the
    caller holds a `verification_slot`."""
    return _HASHER.hash(password) if _HASHER.check_needs_rehash(password_hash) else None
