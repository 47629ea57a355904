"""Benchmarks of the Python wheel, every signer in the same process.

    make bench-python        (or: .venv/bin/python bindings-python/bench/bench.py)

Prints a Markdown section: time per GET signature for sigv4kit, botocore's
SigV4Auth.add_auth, requests-aws4auth and awscrt (with ratios to sigv4kit),
`Signer.sign` beside the core signing the same request in this process
(from the request already split, and from the URL), the requests and
httpx auth classes beside `Signer.sign`, two threads sharing one signer
(a GET, and a PUT with a 64 KiB body), import times, and hashing a 64 MiB file with and
without the GIL held.
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
from typing import Any, Callable, Dict, List, Tuple, Union

import sigv4kit

AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
HOST = "abc123.execute-api.us-east-1.amazonaws.com"
URL = f"https://{HOST}/prod/pets?type=dog&page=2"
REGION, SERVICE = "us-east-1", "execute-api"


class Fresh:
    """A call on a new request each time, as an HTTP client's auth is called
    once per request it sends: the requests are built in batches of `BATCH`
    outside the timing (building one costs more than signing it), then
    signed one after the other, each for the first time. A batch is small,
    so that the requests are as warm in the cache as a request just built."""

    BATCH = 200

    def __init__(self, build: Callable[[], Any], sign: Callable[[Any], object]) -> None:
        self.build, self.sign = build, sign

    def timed(self, count: int) -> float:
        """Seconds `count` signatures take, building excluded."""
        total, left = 0.0, count
        while left:
            requests = [self.build() for _ in range(min(self.BATCH, left))]
            left -= len(requests)
            sign = self.sign
            start = time.perf_counter()
            for request in requests:
                sign(request)
            total += time.perf_counter() - start
        return total


Candidate = Union[Callable[[], object], Fresh]


def timed(fn: Candidate, count: int) -> float:
    """Seconds `count` calls take."""
    if isinstance(fn, Fresh):
        return fn.timed(count)
    start = time.perf_counter()
    for _ in range(count):
        fn()
    return time.perf_counter() - start


def calibrate(fn: Candidate, seconds: float) -> int:
    """How many calls take about `seconds`."""
    timed(fn, 1)
    count = 1
    while True:
        elapsed = timed(fn, count)
        if elapsed > 0.02:
            return max(1, int(count * seconds / elapsed))
        count *= 2


def interleaved(
    candidates: List[Tuple[str, Candidate]], rounds: int = 9, seconds: float = 0.1
) -> List[Tuple[str, float, float]]:
    """Seconds per call (median over rounds) and the median of per-round
    ratios to the first candidate. Every round runs every candidate once, so
    a load spike on the shared machine hits all of them alike."""
    counts = [calibrate(fn, seconds) for _, fn in candidates]
    times: List[List[float]] = [[] for _ in candidates]
    for _ in range(rounds):
        for index, (_, fn) in enumerate(candidates):
            times[index].append(timed(fn, counts[index]) / counts[index])
    base = times[0]
    return [
        (label, statistics.median(t), statistics.median(x / b for x, b in zip(t, base)))
        for (label, _), t in zip(candidates, times)
    ]


def ours() -> Callable[[], object]:
    signer = sigv4kit.Signer(REGION, SERVICE, sigv4kit.Credentials(AKID, SECRET))
    headers = {"Accept": "application/json"}
    return lambda: signer.sign("GET", URL, headers)


CORE_BATCH = 2000


def core_ratio(rounds: int = 15) -> Dict[str, float]:
    """`Signer.sign` beside the core signing the same request in a loop
    inside the extension (`Signer._time_core`), in alternating batches:
    seconds per call of `Signer.sign`, of the core given the request
    already split (`core`), of the core also splitting the URL each time
    (`url`), and of an extension call that converts the request as `sign`
    does and signs nothing (`convert`: `_time_core` with `calls=0`, timed
    from here), with the medians of the per-round ratios of `Signer.sign`
    to the first two."""
    signer = sigv4kit.Signer(REGION, SERVICE, sigv4kit.Credentials(AKID, SECRET))
    headers = {"Accept": "application/json"}
    sign, time_core = signer.sign, signer._time_core
    times: Dict[str, List[float]] = {"py": [], "core": [], "url": [], "convert": []}
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(CORE_BATCH):
            sign("GET", URL, headers)
        times["py"].append((time.perf_counter() - start) / CORE_BATCH)
        times["core"].append(time_core("GET", URL, headers, CORE_BATCH))
        times["url"].append(time_core("GET", URL, headers, CORE_BATCH, with_url=True))
        start = time.perf_counter()
        for _ in range(CORE_BATCH):
            time_core("GET", URL, headers, 0)
        times["convert"].append((time.perf_counter() - start) / CORE_BATCH)
    out = {key: statistics.median(values) for key, values in times.items()}
    for key in ("core", "url"):
        out[f"{key}_x"] = statistics.median(p / c for p, c in zip(times["py"], times[key]))
    return out


THREAD_CALLS = 20000


def two_threads(work: Callable[[], object], rounds: int = 7) -> Tuple[float, float]:
    """Throughput of two threads sharing one signer against one thread, and
    the process CPU time per call of two threads against one (medians of
    alternating rounds), each thread calling `work` THREAD_CALLS times. The
    CPU ratio does not need a free core: above 1.00 it is work spent handing
    the GIL between the threads."""

    def loop() -> None:
        for _ in range(THREAD_CALLS):
            work()

    scales, cpu = [], []
    for _ in range(rounds):
        start, cpu_start = time.perf_counter(), time.process_time()
        loop()
        one, one_cpu = time.perf_counter() - start, time.process_time() - cpu_start
        threads = [threading.Thread(target=loop) for _ in range(2)]
        start, cpu_start = time.perf_counter(), time.process_time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        two, two_cpu = time.perf_counter() - start, time.process_time() - cpu_start
        scales.append(2 * one / two)
        cpu.append(two_cpu / (2 * one_cpu))
    return statistics.median(scales), statistics.median(cpu)


BIG_BODY = 64 * 1024


def thread_rows() -> List[Tuple[str, Tuple[float, float]]]:
    """Two threads against one: a GET (about a microsecond of core work,
    signed with the GIL held) and a PUT of a 64 KiB body (hashed with the
    GIL released)."""
    signer = sigv4kit.Signer(REGION, SERVICE, sigv4kit.Credentials(AKID, SECRET))
    headers = {"Accept": "application/json"}
    body = os.urandom(BIG_BODY)
    sign = signer.sign
    return [
        ("GET (GIL held while the core signs)", two_threads(lambda: sign("GET", URL, headers))),
        (
            "PUT, 64 KiB body (GIL released while it is hashed)",
            two_threads(lambda: sign("PUT", URL, headers, body)),
        ),
    ]


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


def fresh_requests_aws4auth() -> Fresh:
    from requests_aws4auth import AWS4Auth

    return Fresh(prepared_get, AWS4Auth(AKID, SECRET, REGION, SERVICE))


def ours_requests_auth() -> Fresh:
    from sigv4kit.requests import SigV4Auth

    return Fresh(prepared_get, SigV4Auth(REGION, SERVICE, sigv4kit.Credentials(AKID, SECRET)))


def ours_httpx_auth() -> Fresh:
    """What `httpx.Client` does with an auth before it sends a request: its
    `sync_auth_flow(request)`, stepped to the signed request."""
    import httpx

    from sigv4kit.httpx import SigV4Auth

    auth = SigV4Auth(REGION, SERVICE, sigv4kit.Credentials(AKID, SECRET))
    flow = auth.sync_auth_flow

    def build() -> httpx.Request:
        return httpx.Request("GET", URL, headers={"Accept": "application/json"})

    return Fresh(build, lambda request: next(flow(request)))


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
    """Seconds to hash the file in a worker thread, and how many steps this
    thread's pure-Python loop made meanwhile. Preemption is switched off, so
    the loop only runs when the hasher lets go of the GIL itself: 0 steps
    means the GIL was held throughout."""
    started, done = threading.Event(), threading.Event()
    steps = [0]
    outcome: List[Tuple[float, int]] = []

    def work() -> None:
        with open(path, "rb") as file:
            started.set()
            start = time.perf_counter()
            hasher(file)
            outcome.append((time.perf_counter() - start, steps[0]))
        done.set()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(60.0)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        started.wait()
        while not done.is_set():
            steps[0] += 1
            time.sleep(0)
        worker.join()
    finally:
        sys.setswitchinterval(interval)
    return outcome[0]


def python_hash(file: object) -> str:
    digest = hashlib.sha256()
    while chunk := file.read(1 << 20):  # type: ignore[attr-defined]
        digest.update(chunk)
    return digest.hexdigest()


def print_core_table(t: Dict[str, float]) -> None:
    print("\n`Signer.sign` beside the Rust core signing the same request in this process")
    print("(`Signer._time_core`: the headers converted once, then signed in a loop inside the")
    print("extension, from the request already split or from the URL each time; alternating")
    print(f"batches of {CORE_BATCH}, median of per-round ratios). The last row is the floor the")
    print("binding adds before signing: one call into the extension with the same arguments,")
    print("converting them (headers, URL split, clock) and signing nothing:\n")
    print("| signer | µs per call | `Signer.sign` relative to it |")
    print("| --- | ---: | ---: |")
    print(
        "| Rust core `Signer::sign` (request already split) "
        f"| {t['core'] * 1e6:.2f} | {t['core_x']:.2f}x |"
    )
    print(
        "| Rust core `split_url` + `wire_target` + `Signer::sign` (from the URL) "
        f"| {t['url'] * 1e6:.2f} | {t['url_x']:.2f}x |"
    )
    print(f"| sigv4kit `Signer.sign` | {t['py'] * 1e6:.2f} | 1.00x |")
    print(
        "| floor: `_time_core(..., calls=0)` (call and convert, no signing, no result) "
        f"| {t['convert'] * 1e6:.2f} | - |"
    )


def print_thread_table(scales: List[Tuple[str, Tuple[float, float]]]) -> None:
    load, cores = os.getloadavg()[0], os.cpu_count()
    print(f"Two threads sharing one `Signer` ({THREAD_CALLS} signatures per thread per round,")
    print("median of 7 rounds) against one thread. The GIL is released only around long core")
    print("work (a body of 8 KiB or more hashed in `sign`, a 64 KiB one hashed before it, a SigV4a")
    print("signature); a GET is about a microsecond, less than handing the GIL to the other")
    print(f"thread and back costs (load average {load:.2f} on {cores} cores; 2.00 would be perfect")
    print("scaling on 2 free cores):\n")
    print("| request | throughput of two threads / one | CPU time per call, two threads / one |")
    print("| --- | ---: | ---: |")
    for label, (scale, cpu) in scales:
        print(f"| {label} | {scale:.2f}x | {cpu:.2f}x |")
    print()


def main() -> None:
    rows = interleaved(
        [
            ("sigv4kit `Signer.sign`", ours()),
            ("botocore `SigV4Auth.add_auth`", botocore_add_auth()),
            ("requests-aws4auth `AWS4Auth(request)`", requests_aws4auth()),
            ("awscrt `aws_sign_request`", awscrt_sign()),
        ]
    )
    auth_rows = interleaved(
        [
            ("sigv4kit `Signer.sign` (the same GET, no HTTP client)", ours()),
            ("sigv4kit `sigv4kit.requests.SigV4Auth(request)`", ours_requests_auth()),
            (
                "sigv4kit `sigv4kit.httpx.SigV4Auth` (`sync_auth_flow`'s first step)",
                ours_httpx_auth(),
            ),
            ("requests-aws4auth `AWS4Auth(request)`", fresh_requests_aws4auth()),
        ]
    )
    core_times = core_ratio()
    scales = thread_rows()

    print(f"## Python wheel (CPython {sys.version.split()[0]}, same process)\n")
    print("Command: `make bench-python`. Signing one GET with an Authorization header; every")
    print("round runs each signer in turn, and the ratio is the median of per-round ratios.\n")
    print("| signer | µs per call | time relative to sigv4kit |")
    print("| --- | ---: | ---: |")
    for label, seconds, ratio in rows:
        print(f"| {label} | {seconds * 1e6:.2f} | {ratio:.1f}x |")
    print_core_table(core_times)
    print("\nThrough the HTTP client auth interfaces (a request in, headers set), each call")
    print("signing a request for the first time, as a client does once per request it sends")
    print("(requests built the same way each time, in batches of")
    print(f"{Fresh.BATCH} outside the timing; httpx through `sync_auth_flow`, what")
    print("`httpx.Client` calls):\n")
    print("| auth | µs per call | time relative to `Signer.sign` |")
    print("| --- | ---: | ---: |")
    for label, seconds, ratio in auth_rows:
        # Two decimals: the aims for these rows (2x) are close to the figures.
        print(f"| {label} | {seconds * 1e6:.2f} | {ratio:.2f}x |")
    print()
    print_thread_table(scales)
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
    print("| hasher | MiB/s | steps another Python thread made meanwhile (0: GIL held) |")
    print("| --- | ---: | ---: |")
    print(f"| sigv4kit `Signer.sign(body=file)` | {mib / ours_time:.0f} | {ours_steps} |")
    print(f"| hashlib.sha256 over the same chunks | {mib / py_time:.0f} | {py_steps} |")


if __name__ == "__main__":
    main()
