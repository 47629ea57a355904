"""Benchmarks of the Python wheel, every signer in the same process.

    make bench-python        (or: .venv/bin/python bindings-python/bench/bench.py)

Prints a Markdown section: time per GET signature for sigv4kit, botocore's
SigV4Auth.add_auth, requests-aws4auth and awscrt (with ratios to sigv4kit),
the same through the requests auth classes, import times, and hashing a
64 MiB file with and without the GIL held.
"""

import datetime
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from typing import Callable, List, Tuple

import sigv4kit

AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
HOST = "abc123.execute-api.us-east-1.amazonaws.com"
URL = f"https://{HOST}/prod/pets?type=dog&page=2"
REGION, SERVICE = "us-east-1", "execute-api"


def per_call(fn: Callable[[], object], seconds: float = 0.4, repeat: int = 5) -> float:
    """Best-of-`repeat` seconds per call, each round lasting about `seconds`."""
    fn()
    count = 1
    while True:
        start = time.perf_counter()
        for _ in range(count):
            fn()
        if time.perf_counter() - start > 0.05:
            break
        count *= 2
    count = max(1, int(count * seconds / 0.05 / 2))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(count):
            fn()
        best = min(best, (time.perf_counter() - start) / count)
    return best


def ours() -> Callable[[], object]:
    signer = sigv4kit.Signer(REGION, SERVICE, sigv4kit.Credentials(AKID, SECRET))
    headers = {"Accept": "application/json"}
    return lambda: signer.sign("GET", URL, headers)


def botocore_add_auth() -> Callable[[], object]:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    auth = SigV4Auth(Credentials(AKID, SECRET), SERVICE, REGION)
    request = AWSRequest(method="GET", url=URL, headers={"Accept": "application/json"})
    return lambda: auth.add_auth(request)


def awscrt_sign() -> Callable[[], object]:
    from awscrt import auth, http

    config = auth.AwsSigningConfig(
        algorithm=auth.AwsSigningAlgorithm.V4,
        signature_type=auth.AwsSignatureType.HTTP_REQUEST_HEADERS,
        credentials_provider=auth.AwsCredentialsProvider.new_static(AKID, SECRET),
        region=REGION,
        service=SERVICE,
        date=datetime.datetime.now(datetime.timezone.utc),
    )

    def sign() -> object:
        request = http.HttpRequest(
            "GET",
            "/prod/pets?type=dog&page=2",
            http.HttpHeaders([("Host", HOST), ("Accept", "application/json")]),
        )
        return auth.aws_sign_request(request, config).result()

    return sign


def prepared_get() -> object:
    import requests

    return requests.Request("GET", URL, headers={"Accept": "application/json"}).prepare()


def requests_aws4auth() -> Callable[[], object]:
    from requests_aws4auth import AWS4Auth

    auth = AWS4Auth(AKID, SECRET, REGION, SERVICE)
    request = prepared_get()
    return lambda: auth(request)


def ours_requests_auth() -> Callable[[], object]:
    from sigv4kit.requests import SigV4Auth

    auth = SigV4Auth(REGION, SERVICE, sigv4kit.Credentials(AKID, SECRET))
    request = prepared_get()
    return lambda: auth(request)


def import_time(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(7)
    ]
    return statistics.median(runs)


def hash_file(path: str, hasher: Callable[[object], str]) -> Tuple[float, int]:
    """Seconds to hash the file, and how many steps a pure-Python loop in
    another thread made meanwhile (zero if the GIL was held throughout)."""
    done = threading.Event()
    steps = [0]

    def count() -> None:
        while not done.is_set():
            steps[0] += 1

    counter = threading.Thread(target=count)
    with open(path, "rb") as file:
        counter.start()
        start = time.perf_counter()
        hasher(file)
        elapsed = time.perf_counter() - start
        done.set()
    counter.join()
    return elapsed, steps[0]


def python_hash(file: object) -> str:
    digest = hashlib.sha256()
    while chunk := file.read(1 << 20):  # type: ignore[attr-defined]
        digest.update(chunk)
    return digest.hexdigest()


def main() -> None:
    rows: List[Tuple[str, float]] = []
    base = per_call(ours())
    rows.append(("sigv4kit `Signer.sign`", base))
    for label, make in [
        ("botocore `SigV4Auth.add_auth`", botocore_add_auth),
        ("requests-aws4auth `AWS4Auth(request)`", requests_aws4auth),
        ("awscrt `aws_sign_request`", awscrt_sign),
    ]:
        rows.append((label, per_call(make())))
    ours_auth = per_call(ours_requests_auth())

    print(f"## Python wheel (CPython {sys.version.split()[0]}, same process)\n")
    print("Signing one GET with an Authorization header (best of 5 rounds):\n")
    print("| signer | µs per call | time relative to sigv4kit |")
    print("| --- | ---: | ---: |")
    for label, seconds in rows:
        print(f"| {label} | {seconds * 1e6:.2f} | {seconds / base:.1f}x |")
    print(
        f"| sigv4kit `sigv4kit.requests.SigV4Auth(request)` | {ours_auth * 1e6:.2f} | "
        f"{ours_auth / base:.1f}x |"
    )
    aws4auth = dict(rows)["requests-aws4auth `AWS4Auth(request)`"]
    print(
        f"\nThrough the requests auth interface: requests-aws4auth takes "
        f"{aws4auth / ours_auth:.1f}x the time of sigv4kit's SigV4Auth.\n"
    )

    print("Import time (median of 7 fresh interpreters):\n")
    print("| import | ms |")
    print("| --- | ---: |")
    for module in ("sigv4kit", "botocore.auth", "requests_aws4auth", "awscrt.auth"):
        print(f"| `import {module}` | {import_time(module) * 1e3:.1f} |")

    with tempfile.NamedTemporaryFile(delete=False) as tmp:
        tmp.write(os.urandom(64 << 20))
        path = tmp.name
    try:
        signer = sigv4kit.Signer(REGION, SERVICE, sigv4kit.Credentials(AKID, SECRET))
        ours_time, ours_steps = min(
            hash_file(path, lambda f: signer.sign("PUT", URL, body=f).signature) for _ in range(3)
        )
        py_time, py_steps = min(hash_file(path, python_hash) for _ in range(3))
    finally:
        os.unlink(path)
    mib = 64
    print("\nSigning a PUT whose body is a 64 MiB file (read in 1 MiB chunks, best of 3):\n")
    print("| hasher | MiB/s | steps another Python thread made meanwhile |")
    print("| --- | ---: | ---: |")
    print(f"| sigv4kit `Signer.sign(body=file)` | {mib / ours_time:.0f} | {ours_steps} |")
    print(f"| hashlib.sha256 over the same chunks | {mib / py_time:.0f} | {py_steps} |")


if __name__ == "__main__":
    main()
