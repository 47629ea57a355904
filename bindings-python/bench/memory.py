"""Memory a Python user pays for a ``sigv4kit.Signer``, a ``Credentials`` and
each signing key a ``Credentials`` caches, measured in this process.

    make bench-python        (or: .venv/bin/python bindings-python/bench/memory.py)

Prints a Markdown section. Each figure is the growth over N objects made and
kept (in a list allocated before the first reading), divided by N. Python
objects are counted by ``tracemalloc`` (the bytes asked for); the
extension's Rust code allocates with the system malloc, whose bytes in use
glibc's ``mallinfo2()`` reports (``uordblks``: malloc's chunk headers and
rounding included, where the core's memory example counts the bytes asked
for). The two are read in separate passes, since tracemalloc keeps its
records with malloc. CPython takes blocks over 512 bytes from malloc too, so
a pass that traces such blocks per object stops here rather than count them
twice. The request and times are core/examples/memory.rs's.
"""

import ctypes
import gc
import tracemalloc
from typing import Any, Callable, List, Tuple

import sigv4kit

N = 20000
AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
URL = "https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets?type=dog"
REGION, SERVICE = "us-east-1", "execute-api"
T0 = 1_440_938_160
DAY = 86_400
# CPython's small-object allocator serves requests up to this size; larger
# ones go to malloc.
SMALL_REQUEST_THRESHOLD = 512


class MallInfo2(ctypes.Structure):
    """glibc's ``struct mallinfo2``."""

    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


_mallinfo2 = ctypes.CDLL(None).mallinfo2
_mallinfo2.restype = MallInfo2


def native_in_use() -> int:
    """Bytes malloc has handed out and not had back."""
    gc.collect()
    return int(_mallinfo2().uordblks)


def traced() -> Tuple[int, int]:
    """Bytes tracemalloc traces, and those in blocks malloc serves."""
    gc.collect()
    large = sum(
        t.size for t in tracemalloc.take_snapshot().traces if t.size > SMALL_REQUEST_THRESHOLD
    )
    return tracemalloc.get_traced_memory()[0], large


def measure(
    prepare: Callable[[], List[Any]], grow: Callable[[List[Any]], None], count: int
) -> Tuple[float, float]:
    """Python bytes and native bytes that ``grow`` adds to what ``prepare``
    made, over ``count``: each pass on a ``prepare`` of its own."""
    items = prepare()
    before = native_in_use()
    grow(items)
    native = native_in_use() - before
    del items
    items = prepare()
    tracemalloc.start()
    before, large_before = traced()
    grow(items)
    after, large_after = traced()
    tracemalloc.stop()
    del items
    if large_after - large_before >= count:
        raise SystemExit("Python took blocks over 512 bytes from malloc per object: counted twice")
    return (after - before) / count, native / count


def fill(make: Callable[[], object]) -> Callable[[List[Any]], None]:
    """Puts a new object from ``make`` in each slot."""

    def grow(items: List[Any]) -> None:
        for i in range(len(items)):
            items[i] = make()

    return grow


def sign_on(signer: sigv4kit.Signer, days: range) -> Callable[[List[Any]], None]:
    """Signs the GET with each ``Credentials`` on each of ``days``."""

    def grow(items: List[Any]) -> None:
        for day in days:
            for credentials in items:
                signer.sign("GET", URL, timestamp=T0 + day * DAY, credentials=credentials)

    return grow


def main() -> None:
    shared = sigv4kit.Credentials(AKID, SECRET)
    signer = sigv4kit.Signer(REGION, SERVICE, shared)
    # This thread's scratch buffers, made before any reading.
    signer.sign("GET", URL, timestamp=T0)

    def slots() -> List[Any]:
        return [None] * N

    def fresh() -> List[Any]:
        return [sigv4kit.Credentials(AKID, SECRET) for _ in range(N)]

    signer_py, signer_native = measure(
        slots, fill(lambda: sigv4kit.Signer(REGION, SERVICE, shared)), N
    )
    creds_py, creds_native = measure(slots, fill(lambda: sigv4kit.Credentials(AKID, SECRET)), N)
    # Four days fill each cache from empty, counted over four as the core's
    # example counts them (the first key makes the four-entry table).
    key_py, key_native = measure(fresh, sign_on(signer, range(4)), 4 * N)

    print("## Python wheel: memory per signer and per cached key\n")
    print(f"Command: `make bench-python` (`bindings-python/bench/memory.py`). N = {N} of each")
    print("made and kept, the growth over N: Python objects by `tracemalloc` (bytes asked for),")
    print("the native heap by glibc's `mallinfo2().uordblks` in a second pass (malloc's chunk")
    print("headers and rounding included, where the Rust core's figures count the bytes asked")
    print("for). The GET and the days are the core's memory example's; each signature's result")
    print("is dropped.\n")
    print(
        f"- `Signer` (us-east-1, execute-api, static `Credentials` shared by all N): "
        f"{signer_py:.0f} bytes of Python objects + {signer_native:.0f} bytes of native heap"
    )
    print(
        f"- `Credentials` (no session token): {creds_py:.0f} bytes of Python objects + "
        f"{creds_native:.0f} bytes of native heap, its key cache empty"
    )
    print(
        f"- each signing key a `Credentials` caches: {key_py:.0f} bytes of Python objects + "
        f"{key_native:.0f} bytes of native heap (after signing on four days, over four; "
        f"at most four keys per `Credentials`)"
    )


if __name__ == "__main__":
    main()
