"""Many threads signing at once with one Signer and one Credentials value,
and hashing without the GIL."""

import hashlib
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import List, Tuple

import sigv4kit
from conftest import AKID, SECRET
from sigv4kit import Credentials, Signer
from sigv4kit.credentials import RefreshingProvider

WHEN = "2024-05-01T10:00:00Z"


def requests_to_sign(count: int) -> List[Tuple[str, str, bytes]]:
    return [
        ("POST" if i % 2 else "GET", f"https://h{i % 7}.example.com/p/{i}?n={i}", b"x" * (i % 50))
        for i in range(count)
    ]


def test_concurrent_signing_gives_the_sequential_answers() -> None:
    # Several regions and services through one Credentials value exercise its
    # shared cache of signing keys.
    signers = [
        Signer(r, s, Credentials(AKID, SECRET, "tok"))
        for r, s in [
            ("us-east-1", "execute-api"),
            ("eu-west-1", "execute-api"),
            ("us-east-1", "s3"),
            ("ap-south-1", "lambda"),
            ("us-west-2", "sts"),
            ("eu-north-1", "sqs"),
        ]
    ]
    shared = Credentials(AKID, SECRET, "tok")
    work = [
        (signers[i % len(signers)], m, u, b) for i, (m, u, b) in enumerate(requests_to_sign(3000))
    ]

    def sign(item: Tuple[Signer, str, str, bytes]) -> str:
        signer, method, url, body = item
        return signer.sign(method, url, None, body, timestamp=WHEN, credentials=shared).signature

    expected = [sign(item) for item in work]
    with ThreadPoolExecutor(max_workers=16) as pool:
        for _ in range(3):
            assert list(pool.map(sign, work)) == expected


def test_provider_refreshes_once_under_contention() -> None:
    calls = []
    gate = threading.Barrier(12)

    def fetch() -> Credentials:
        calls.append(1)
        return Credentials(AKID, SECRET, expiration=4_000_000_000)

    signer = Signer("us-east-1", "execute-api", RefreshingProvider(fetch))

    def sign(_: int) -> str:
        gate.wait()
        return signer.sign("GET", "https://example.com/", timestamp=WHEN).signature

    with ThreadPoolExecutor(max_workers=12) as pool:
        signatures = set(pool.map(sign, range(12)))
    assert len(signatures) == 1
    assert len(calls) == 1


def test_large_bodies_hash_without_holding_the_gil() -> None:
    body = bytes(range(256)) * (64 * 4096)  # 64 MiB
    started, done = threading.Event(), threading.Event()
    steps = [0]
    seen_by_worker: List[int] = []
    result: List[str] = []

    def hash_it() -> None:
        started.set()
        result.append(sigv4kit.hash_payload(body))
        # Read before this thread can be switched out: with a huge switch
        # interval nothing preempts it, so this is what the other thread
        # managed while the hash ran.
        seen_by_worker.append(steps[0])
        done.set()

    interval = sys.getswitchinterval()
    # No preemption: the main thread can only run while the worker lets go
    # of the GIL itself. If hashing held the GIL, the worker would see 0.
    sys.setswitchinterval(60.0)
    try:
        worker = threading.Thread(target=hash_it)
        worker.start()
        started.wait()
        while not done.is_set():
            steps[0] += 1
            time.sleep(0)  # hands the GIL back whenever the worker wants it
        worker.join()
    finally:
        sys.setswitchinterval(interval)
    assert result == [hashlib.sha256(body).hexdigest()]
    assert seen_by_worker[0] > 0
