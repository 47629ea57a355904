"""Random and hostile input never crashes the extension: every refusal is a
SigV4Error, TypeError or ValueError (a Rust panic would surface as
pyo3's PanicException, a BaseException these tests would not catch)."""

import random

import pytest

import sigv4kit
from sigv4kit import Credentials, Signer, Verifier

# One fixed time for signing and verifying: nothing here depends on the clock.
WHEN = "2024-06-01T00:00:00Z"
SAFE = "aZ09-_.~%"
HOSTILE = "aZ09 -_.~/?#&=%+:@!$'()*,;[]\\\"\t\r\n\x00\x7f\u00e9\u2603\U0001f600\ud800"


def noise(rng: random.Random, low: int = 0, high: int = 12) -> str:
    """Mostly harmless text, and one time in three anything at all."""
    alphabet = HOSTILE if rng.random() < 0.33 else SAFE
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))


@pytest.mark.parametrize("seed", range(40))
def test_random_requests_are_signed_or_refused_cleanly(seed: int) -> None:
    rng = random.Random(seed)
    signer = Signer("us-east-1", "execute-api", Credentials("AKIDEXAMPLE", "secret", "tok"))
    verifier = Verifier(Credentials("AKIDEXAMPLE", "secret", "tok"))
    signed_count = 0
    for _ in range(50):
        method = rng.choice(["GET", "POST", noise(rng, 0, 4)])
        url = rng.choice(
            [
                "https://example.com/" + noise(rng),
                "/" + noise(rng),
                noise(rng),
                "http://[" + noise(rng, 0, 3) + "]/",
            ]
        )
        headers = [(noise(rng, 0, 5), noise(rng)) for _ in range(rng.randint(0, 3))]
        body = rng.choice([None, noise(rng), noise(rng).encode("utf-8", "replace")])
        try:
            if rng.random() < 0.5:
                signed = signer.sign(method, url, headers, body, timestamp=WHEN)
            else:
                expires = rng.choice([1, 3600, 0, -5, 604801])
                body = None  # a presigned URL is fetched without one
                signed = signer.presign(method, url, expires, headers, timestamp=WHEN)
        except (sigv4kit.SigV4Error, TypeError, ValueError):
            continue
        signed_count += 1
        assert len(signed.signature) == 64
        if url.startswith("https://"):
            # What was signed verifies (the core's verifier, same request).
            verifier.verify(method, signed.url, signed.header_list, body, now=WHEN)
    assert signed_count > 0


def test_extreme_values_are_refused_cleanly() -> None:
    signer = Signer("us-east-1", "s", Credentials("AKID", "secret"))
    for timestamp in (-1, 10**20, float("inf"), float("nan"), "9999-99-99T00:00:00Z"):
        with pytest.raises((sigv4kit.SigV4Error, OverflowError, ValueError)):
            signer.sign("GET", "https://h/", timestamp=timestamp)
    with pytest.raises((OverflowError, sigv4kit.InvalidExpiryError)):
        signer.presign("GET", "https://h/", 2**70)
    with pytest.raises(ValueError):
        signer.sign("GET", "https://h/\ud800")
    with pytest.raises(sigv4kit.InvalidHeaderError):
        signer.sign("GET", "https://h/", {"X-Long": "v" * 1_000_000 + "\n"})
    # Large but valid input signs.
    many = [(f"X-H{i}", "v" * 100) for i in range(2000)]
    assert signer.sign("GET", "https://h/" + "a/" * 10_000, many).signature
