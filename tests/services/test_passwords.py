"""The password policy, the lazily computed dummy hash and the cap on concurrent hashing."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from eduplan.core.errors import InputError
from eduplan.services import accounts, passwords
from eduplan.services.passwords import VerifierBusy, check_password


@pytest.mark.parametrize("password", ["Jiaowei-2026-规划", "Tr0ub4dor&3xyz", "correct horse battery staple",
                                      "春眠不觉晓 处处闻啼鸟 夜来风雨声", "9876-qwer-ZXCV"])
def test_passwords_a_bureau_accepts(password: str) -> None:
    check_password(password, username="zhangsan")


@pytest.mark.parametrize(("password", "reason"), [
    ("Ab1-short", "至少需要 12 个字符"),
    ("abcdefghijklmn", "至少三类"),
    ("ABCDEFGH12345", "至少三类"),
    ("two words only", "至少三类"),
    ("Zhangsan2026!", "不能与用户名相同"),
    ("Nasgnahz-2026!", "不能与用户名相同"),
    ("P@ssw0rd-2026!", "过于常见"),
    ("Qwerty123456!", "过于常见"),
    ("aA1!aA1!aA1!aA1!", "过少的不同字符"),
])
def test_passwords_a_bureau_refuses_with_the_reason(password: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        check_password(password, username="zhangsan")


def test_importing_the_accounts_module_computes_no_hash() -> None:
    code = ("import argon2, time\n"
            "calls = []\n"
            "original = argon2.PasswordHasher.hash\n"
            "argon2.PasswordHasher.hash = lambda self, *a, **k: calls.append(1) or original(self, *a, **k)\n"
            "import eduplan.services.accounts, eduplan.web.app\n"
            "print(len(calls))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "0", result.stderr


def test_the_hashing_parameters_resist_guessing() -> None:
    params = passwords._HASHER
    assert (params.time_cost, params.memory_cost, params.parallelism) == (3, 64 * 1024, 4)


def _until(condition, seconds: float = 10.0) -> None:
    """Wait for the threads to reach a state (not a fixed sleep: a loaded machine is slow to start them)."""
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the threads never reached the state"
        time.sleep(0.005)


def test_at_most_the_slots_hash_at_once_and_a_long_queue_is_refused_at_once() -> None:
    gate = passwords._Verifications(slots=2, waiting=1, wait=2.0)
    inside, peak, lock = [0], [0], threading.Lock()
    release = threading.Event()
    results: list[str] = []

    def work() -> None:
        try:
            with gate.slot():
                with lock:
                    inside[0] += 1
                    peak[0] = max(peak[0], inside[0])
                release.wait(2)
                with lock:
                    inside[0] -= 1
            results.append("ok")
        except VerifierBusy:
            results.append("busy")

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    _until(lambda: inside[0] == 2)
    waiter = threading.Thread(target=work)  # the one allowed to wait
    waiter.start()
    _until(lambda: gate.waiting == 1)
    started = time.perf_counter()
    with pytest.raises(VerifierBusy, match="请稍后再试"), gate.slot():
        pass
    assert time.perf_counter() - started < 0.5
    release.set()
    for t in [*threads, waiter]:
        t.join(5)
    assert peak[0] == 2 and sorted(results) == ["ok", "ok", "ok"]


def test_a_wait_longer_than_the_limit_is_refused() -> None:
    gate = passwords._Verifications(slots=1, waiting=4, wait=0.2)
    with gate.slots, pytest.raises(VerifierBusy), gate.slot():
        pass


def test_a_burst_of_first_logins_computes_the_dummy_hash_once_and_within_the_cap(sqlite_url, monkeypatch) -> None:
    from argon2 import PasswordHasher

    from eduplan.uow import unit_of_work

    class Counting(PasswordHasher):
        calls = 0
        active = peak = 0
        lock = threading.Lock()

        def hash(self, password, **kwargs):  # type: ignore[override]
            with Counting.lock:
                Counting.calls += 1
            return super().hash(password, **kwargs)

        def verify(self, hash, password):  # type: ignore[override]
            with Counting.lock:
                Counting.active += 1
                Counting.peak = max(Counting.peak, Counting.active)
            try:
                time.sleep(0.02)
                return super().verify(hash, password)
            finally:
                with Counting.lock:
                    Counting.active -= 1

    monkeypatch.setattr(passwords, "_HASHER", Counting(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(passwords, "_DUMMY_HASHES", {})
    monkeypatch.setattr(passwords, "_VERIFICATIONS", passwords._Verifications(slots=2, waiting=32, wait=10))
    results = []
    with unit_of_work(sqlite_url):
        pass  # migrated once, before the burst

    def login() -> None:
        with unit_of_work(sqlite_url) as session:
            results.append(accounts.authenticate(session=session, username="nobody", password="x" * 12))

    threads = [threading.Thread(target=login) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert results == [None] * 12
    assert Counting.calls == 1 and Counting.peak <= 2
