"""Gives a musllinux wheel's extension module musl's PEP 656 soname.

zig links musl as `libc.so`; a wheel built on a musl system (and what
auditwheel's musllinux policy allows) names it `libc.musl-<arch>.so.1`.
Either loads on every musl system (musl's loader takes any `libc.*` as
itself), but only the second is auditwheel-consistent, so this rewrites the
NEEDED entry with patchelf and the wheel's RECORD to match, in place.

    python musl-soname.py WHEEL
"""

from __future__ import annotations

import base64
import hashlib
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile


def main() -> int:
    wheel = pathlib.Path(sys.argv[1])
    arch = re.search(r"musllinux_\d+_\d+_(\w+)\.whl$", wheel.name).group(1)  # type: ignore[union-attr]
    patchelf = pathlib.Path(sys.executable).parent / "patchelf"
    with zipfile.ZipFile(wheel) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    record_name = next(i.filename for i, _ in entries if i.filename.endswith(".dist-info/RECORD"))
    out = []
    changed = 0
    for info, original in entries:
        data = original
        if re.search(r"\.so$", info.filename):
            with tempfile.TemporaryDirectory() as tmp:
                so = pathlib.Path(tmp) / "x.so"
                so.write_bytes(data)
                needed = subprocess.run(
                    [str(patchelf), "--print-needed", str(so)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()
                if "libc.so" in needed:
                    subprocess.run(
                        [
                            str(patchelf),
                            "--replace-needed",
                            "libc.so",
                            f"libc.musl-{arch}.so.1",
                            str(so),
                        ],
                        check=True,
                    )
                    data = so.read_bytes()
                    changed += 1
        out.append((info, data))
    if not changed:
        print(f"musl-soname: {wheel.name}: nothing names libc.so")
        return 0
    lines = []
    for info, data in out:
        if info.filename == record_name:
            continue
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        lines.append(f"{info.filename},sha256={digest},{len(data)}")
    lines.append(f"{record_name},,")
    tmp_wheel = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(tmp_wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in out:
            record = ("\n".join(lines) + "\n").encode()
            zf.writestr(info, record if info.filename == record_name else data)
    tmp_wheel.replace(wheel)
    print(f"musl-soname: {wheel.name}: libc.so -> libc.musl-{arch}.so.1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
