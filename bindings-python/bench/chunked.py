"""aws-chunked framing beside botocore's, in the same process.

    make bench-python-chunked   (or: .venv/bin/python bindings-python/bench/chunked.py)

Prints a Markdown section: MiB/s framing a 32 MiB body in 64 KiB chunks
with a trailing CRC32 (the unsigned-trailer form, what botocore's flexible
checksums send: `botocore.httpchecksum.AwsChunkedWrapper` with awscrt's
CRC32), sigv4kit's `Signer.sign_chunked` in the same form, and sigv4kit's
signed forms (which botocore does not send), as interleaved rounds with
the median of per-round ratios to botocore.
"""

import io
import statistics
import time
from typing import Callable, List, Tuple

import sigv4kit

MIB = 1024 * 1024
BODY = bytes(range(256)) * (32 * MIB // 256)
CHUNK = 64 * 1024


def botocore_unsigned() -> int:
    from botocore import httpchecksum

    wrapper = httpchecksum.AwsChunkedWrapper(
        io.BytesIO(BODY),
        checksum_cls=httpchecksum.CrtCrc32Checksum,
        checksum_name="x-amz-checksum-crc32",
        chunk_size=CHUNK,
    )
    return sum(len(part) for part in wrapper)


SIGNER = sigv4kit.Signer("us-east-1", "s3", sigv4kit.Credentials("AKIDEXAMPLE", "secret"))


def ours(mode: str, checksum: "str | None") -> Callable[[], int]:
    def run() -> int:
        upload = SIGNER.sign_chunked(
            "PUT", "https://b.s3.amazonaws.com/k", io.BytesIO(BODY), mode=mode, checksum=checksum
        )
        return sum(len(part) for part in upload.body)

    return run


def main() -> None:
    candidates: List[Tuple[str, Callable[[], int]]] = [
        ("botocore `AwsChunkedWrapper` (unsigned, CRC32 trailer)", botocore_unsigned),
        ("sigv4kit `sign_chunked` unsigned-trailer, CRC32", ours("unsigned-trailer", "crc32")),
        ("sigv4kit `sign_chunked` signed (every chunk signed)", ours("signed", None)),
        ("sigv4kit `sign_chunked` signed-trailer, CRC32C", ours("signed-trailer", "crc32c")),
    ]
    times: List[List[float]] = [[] for _ in candidates]
    for _ in range(5):
        for index, (_, fn) in enumerate(candidates):
            start = time.perf_counter()
            fn()
            times[index].append(time.perf_counter() - start)
    base = times[0]
    print("## Python: aws-chunked uploads beside botocore")
    print()
    print("Command: `.venv/bin/python bindings-python/bench/chunked.py` (32 MiB body,")
    print("64 KiB chunks, 5 interleaved rounds; median throughput and median of")
    print("per-round time ratios to botocore).")
    print()
    print("| framing | MiB/s | time vs botocore |")
    print("| --- | ---: | ---: |")
    for (label, _), t in zip(candidates, times):
        ratio = statistics.median(x / b for x, b in zip(t, base))
        print(f"| {label} | {32 / statistics.median(t):.0f} | {ratio:.2f}x |")


if __name__ == "__main__":
    main()
